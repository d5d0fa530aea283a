//! `/plan`: the own organisation's DX plan (and, through [`PlanScreen`], any municipality's plan
//! read-only for the prefecture): its header (title, period, vision), its basic
//! policies, and its measures with filters, sorting and grouping. Without a plan, a form to
//! create one (for those who may write).

mod add_measure;
mod controls;
mod export;
mod filter_bar;
mod header;
mod measure_list;
mod measure_row;
mod plan_form;
mod policies;
mod record;

use leptos::prelude::*;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::org::OrgCode;
use tsunagu_core::plan_list::{plan_rows, policy_counts};

use crate::components::import_panel::ImportPanel;
use crate::components::when::When;
use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::trash::trash_texts;
use crate::state::{Locale, Workspace};
use crate::ui::access::may_write;
use crate::ui::dates::today;
use crate::ui::page_title::use_page_title;
use export::PlanExport;
use header::PlanHeader;
use measure_list::MeasureSection;
use plan_form::PlanForm;
use policies::PolicySection;
use record::plan_of;

#[component]
pub fn PlanPage() -> impl IntoView {
    let workspace = Workspace::expect();
    let org = Signal::derive(move || workspace.own_org());
    view! {
        <WorkspaceGate>
            <PlanScreen org/>
        </WorkspaceGate>
    }
}

/// The plan of `org`, editable when the user may write it.
#[component]
pub fn PlanScreen(org: Signal<Option<OrgCode>>) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || locale.texts();
    let plan =
        Memo::new(move |_| org.with(|org| org.as_ref().and_then(|org| plan_of(workspace, org))));
    let plan_key = Memo::new(move |_| plan.with(|p| p.as_ref().map(|p| p.key.clone())));
    let plan_owner = Memo::new(move |_| plan.with(|p| p.as_ref().map(|p| p.org.clone())));
    let today = today();
    let rows = Memo::new(move |_| {
        let (Some(key), Some(owner)) = (plan_key.get(), plan_owner.get()) else {
            return Vec::new();
        };
        plan_rows(
            &workspace.views(RecordKind::Measure),
            &key.id,
            &owner,
            today,
        )
    });
    let counts = Memo::new(move |_| rows.with(|rows| policy_counts(rows)));
    let editable = Memo::new(move |_| {
        let who = workspace.connection().and_then(|c| c.who);
        org.with(|org| {
            org.as_ref()
                .is_some_and(|org| may_write(who.as_ref(), RecordKind::Plan, org))
        })
    });
    use_page_title(move || {
        plan.with(|p| p.as_ref().map(|p| p.plan.title.clone()))
            .unwrap_or_else(|| t().plan_heading.to_owned())
    });

    move || {
        match plan_key.get() {
        Some(_) => view! {
            <PlanHeader plan editable/>
            <PlanExport plan rows/>
            {move || editable.get().then(|| view! { <ImportPanel plan=plan_key owner=plan_owner/> })}
            <PolicySection plan editable counts/>
            <MeasureSection plan editable rows/>
            <p class="no-print">
                <a href="/trash">{locale.word(|l| trash_texts(l).heading)}</a>
            </p>
        }
        .into_any(),
        None => view! {
            <h1>{locale.word(|l| l.texts().plan_heading)}</h1>
            <When
                when=move || editable.get()
                fallback=move || view! { <p class="notice">{locale.word(|l| l.texts().plan_none_read_only)}</p> }
            >
                <p class="lead">{locale.word(|l| l.texts().plan_none)}</p>
                <PlanForm existing=None on_done=Callback::new(|()| {})/>
            </When>
        }
        .into_any(),
    }
    }
}
