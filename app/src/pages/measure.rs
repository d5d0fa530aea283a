//! `/measures/:id`: the measure editor, or a way back to the plan when there is no such measure.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;
use tsunagu_core::domain::{is_valid_record_id, RecordKind};
use tsunagu_core::merge::RecordKey;
use tsunagu_core::org::OrgCode;

use crate::components::measure_editor::MeasureEditor;
use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::measure::measure_texts;
use crate::state::{Locale, Workspace};
use crate::ui::page_title::use_page_title;

/// What the page shows; a change of anything else (a field) does not rebuild the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Found {
    Measure { id: String, org: OrgCode },
    Missing,
}

#[component]
pub fn MeasurePage() -> impl IntoView {
    let params = use_params_map();
    let workspace = Workspace::expect();
    let locale = Locale::expect();
    let t = move || measure_texts(locale.get());
    let found = Memo::new(move |_| {
        let id = params.read().get("id").unwrap_or_default();
        if !is_valid_record_id(&id) {
            return Found::Missing;
        }
        match workspace.view(&RecordKey::new(RecordKind::Measure, id.clone())) {
            Some(view) => Found::Measure { id, org: view.org },
            None => Found::Missing,
        }
    });
    use_page_title(move || {
        let title = match found.get() {
            Found::Measure { id, .. } => workspace
                .view(&RecordKey::new(RecordKind::Measure, id))
                .and_then(|view| {
                    view.values
                        .get("title")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                }),
            Found::Missing => None,
        };
        title.unwrap_or_else(|| t().not_found_heading.to_owned())
    });

    view! {
        <WorkspaceGate>
            {move || match found.get() {
                Found::Measure { id, org } => view! {
                    <MeasureEditor id=id.clone() org=org.clone()/>
                    <div inner_html=case_links(workspace, locale, id, org)></div>
                }
                .into_any(),
                Found::Missing => view! {
                    <h1>{locale.word(|l| measure_texts(l).not_found_heading)}</h1>
                    <p>{locale.word(|l| measure_texts(l).not_found_body)}</p>
                    <p><a href="/plan">{locale.word(|l| measure_texts(l).back_to_plan)}</a></p>
                }
                .into_any(),
            }}
        </WorkspaceGate>
    }
}

/// The links between the measure and the casebook (`core::casebook::links`): the case it was
/// adopted from, and 事例として提案 for a town's own measure.
fn case_links(
    workspace: Workspace,
    locale: Locale,
    id: String,
    org: OrgCode,
) -> impl Fn() -> String + Send + Sync + 'static {
    move || {
        let source = workspace
            .view(&RecordKey::new(RecordKind::Measure, id.clone()))
            .and_then(|view| view.values.get("source_case")?.as_str().map(str::to_owned));
        let own = !org.is_prefecture() && workspace.own_org().as_ref() == Some(&org);
        tsunagu_core::casebook::links::measure_case_links(
            &id,
            source.as_deref(),
            own,
            locale.get().into(),
        )
    }
}
