//! Which screen a path shows. The router has one route per path *shape* (`/`, `/<screen>`,
//! `/<screen>/<id>`) and the screen is chosen here by name: each `Route` of Leptos's router
//! is monomorphised into matching and view-choosing code of its own (about 4 KB of wasm a
//! route), so a route per screen cost the first load more than many screens themselves.
//! Unknown names show the not-found screen, as the router's fallback does.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::pages::activity::ActivityPage;
use crate::pages::areas::AreasPage;
use crate::pages::casebook::CasebookPage;
use crate::pages::checklist::ChecklistPage;
use crate::pages::conflicts::ConflictsPage;
use crate::pages::connect::ConnectPage;
use crate::pages::dashboard::DashboardPage;
use crate::pages::measure::MeasurePage;
use crate::pages::measure_search::MeasureSearchPage;
use crate::pages::members::MembersPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::org_plan::OrgPlanPage;
use crate::pages::plan::PlanPage;
use crate::pages::refused::RefusedPage;
use crate::pages::standardisation::StandardisationPage;
use crate::pages::surveys::{SurveyListPage, SurveyPage};
use crate::pages::trash::TrashPage;

/// The route parameter naming the screen.
pub const SCREEN: &str = "screen";

/// The screen named by the path's first segment, with a second segment (`/<screen>/<id>`)
/// when `with_id`. Shown again only when the name changes (not on a query's change).
#[component]
pub fn NamedScreen(with_id: bool) -> impl IntoView {
    let params = use_params_map();
    // The id only where it picks the screen (`/prefecture/measures`); the pages read theirs.
    let name = Memo::new(move |_| {
        params.with(|p| {
            let name = p.get(SCREEN).unwrap_or_default();
            let id = p.get("id").filter(|_| name == "prefecture");
            (name, id)
        })
    });
    move || {
        let (name, id) = name.get();
        if with_id {
            screen_with_id(&name, id.as_deref())
        } else {
            screen(&name)
        }
    }
}

fn screen(name: &str) -> AnyView {
    match name {
        "connect" | "join" => view! { <ConnectPage/> }.into_any(),
        "members" => view! { <MembersPage/> }.into_any(),
        "plan" => view! { <PlanPage/> }.into_any(),
        "checklist" => view! { <ChecklistPage/> }.into_any(),
        "conflicts" => view! { <ConflictsPage/> }.into_any(),
        "activity" => view! { <ActivityPage/> }.into_any(),
        "casebook" => view! { <CasebookPage/> }.into_any(),
        "refused" => view! { <RefusedPage/> }.into_any(),
        "trash" => view! { <TrashPage/> }.into_any(),
        "prefecture" => view! { <DashboardPage/> }.into_any(),
        "areas" => view! { <AreasPage/> }.into_any(),
        "standardisation" => view! { <StandardisationPage/> }.into_any(),
        "surveys" => view! { <SurveyListPage/> }.into_any(),
        _ => view! { <NotFoundPage/> }.into_any(),
    }
}

/// `/<screen>/<id>`: the pages read `id` themselves (`use_params_map`).
fn screen_with_id(name: &str, id: Option<&str>) -> AnyView {
    match (name, id) {
        ("measures", _) => view! { <MeasurePage/> }.into_any(),
        ("orgs", _) => view! { <OrgPlanPage/> }.into_any(),
        ("surveys", _) => view! { <SurveyPage/> }.into_any(),
        ("prefecture", Some("measures")) => view! { <MeasureSearchPage/> }.into_any(),
        _ => view! { <NotFoundPage/> }.into_any(),
    }
}
