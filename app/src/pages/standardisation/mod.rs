//! `/standardisation`: the 20 core business systems × migration steps. A municipality fills in
//! its own grid; the prefecture sees completion per system, per step and per municipality.

mod grid;
mod progress;

use leptos::prelude::*;
use tsunagu_core::domain::standardisation::{steps, SystemMigration};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::org::OrgCode;
use tsunagu_core::trust::trusted_migrations;

use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::standardisation::standardisation_texts;
use crate::state::{Locale, Workspace};
use crate::ui::page_title::use_page_title;
use grid::MigrationGrid;
use progress::TrackerProgress;

/// Every trusted migration record, with its town (reactive).
pub fn migrations(workspace: Workspace) -> Vec<(OrgCode, SystemMigration)> {
    trusted_migrations(&workspace.views(RecordKind::SystemMigration))
}

/// One `<th>` per migration step, in the current language.
#[component]
fn StepHeaders() -> impl IntoView {
    let locale = Locale::expect();
    steps()
        .iter()
        .map(|step| {
            let (ja, en) = (step.label_ja.clone(), step.label_en.clone());
            view! { <th scope="col">{move || locale.get().pick(&ja, &en).to_owned()}</th> }
        })
        .collect_view()
}

#[component]
pub fn StandardisationPage() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || standardisation_texts(locale.get());
    use_page_title(move || t().heading.to_owned());
    let own = Memo::new(move |_| workspace.own_org());

    view! {
        <WorkspaceGate>
            <h1>{locale.word(|l| standardisation_texts(l).heading)}</h1>
            {move || match own.get() {
                Some(org) if org.is_prefecture() => view! {
                    <p class="lead">{locale.word(|l| standardisation_texts(l).lead_prefecture)}</p>
                    <TrackerProgress/>
                }
                .into_any(),
                Some(org) => view! {
                    <p class="lead">{locale.word(|l| standardisation_texts(l).lead_municipality)}</p>
                    <MigrationGrid org/>
                }
                .into_any(),
                None => ().into_any(),
            }}
        </WorkspaceGate>
    }
}
