//! `/orgs/:code`: one municipality's plan as the prefecture sees it (read-only unless the user
//! may write it), with when that municipality last synced, so stale figures are visible.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use tsunagu_core::org::OrgCode;

use crate::components::last_sync::LastSyncOf;
use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::prefecture::prefecture_texts;
use crate::pages::plan::PlanScreen;
use crate::state::{Locale, Workspace};
use crate::ui::org_name::org_name;
use crate::ui::page_title::use_page_title;

#[component]
pub fn OrgPlanPage() -> impl IntoView {
    let params = use_params_map();
    let workspace = Workspace::expect();
    let locale = Locale::expect();
    let t = move || prefecture_texts(locale.get());
    let org = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|code| OrgCode::parse(&code).ok())
    });
    let name = move || {
        org.get()
            .map(|org| org_name(workspace, &org))
            .unwrap_or_default()
    };
    use_page_title(move || match org.get() {
        Some(_) => name(),
        None => t().org_not_found.to_owned(),
    });

    view! {
        <WorkspaceGate>
            <p class="breadcrumb">
                <a href="/prefecture">{locale.word(|l| prefecture_texts(l).back_to_dashboard)}</a>
            </p>
            {move || match org.get() {
                Some(code) => view! {
                    <p class="org-banner">
                        <strong>{name}</strong>
                        " "
                        <span class="org-banner__code">{code.to_string()}</span>
                        " · "
                        <LastSyncOf org=code.clone()/>
                    </p>
                    <PlanScreen org=Signal::derive(move || org.get())/>
                }
                .into_any(),
                None => view! {
                    <h1>{locale.word(|l| prefecture_texts(l).org_not_found)}</h1>
                    <p>{locale.word(|l| prefecture_texts(l).org_not_found_body)}</p>
                }
                .into_any(),
            }}
        </WorkspaceGate>
    }
}
