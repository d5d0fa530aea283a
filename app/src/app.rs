//! The root component: contexts, the router and the layout (skip link, header, sync bar, and
//! the screens inside the `ErrorBoundary`).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::components::app_header::AppHeader;
use crate::components::skip_link::{focus_main, SkipLink, MAIN_ID};
use crate::components::sync_status::SyncStatusBar;
use crate::pages::activity::ActivityPage;
use crate::pages::areas::AreasPage;
use crate::pages::checklist::ChecklistPage;
use crate::pages::conflicts::ConflictsPage;
use crate::pages::connect::ConnectPage;
use crate::pages::dashboard::DashboardPage;
use crate::pages::home::HomePage;
use crate::pages::measure::MeasurePage;
use crate::pages::members::MembersPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::org_plan::OrgPlanPage;
use crate::pages::plan::PlanPage;
use crate::pages::refused::RefusedPage;
use crate::pages::standardisation::StandardisationPage;
use crate::pages::surveys::{SurveyListPage, SurveyPage};
use crate::pages::trash::TrashPage;
use crate::state::{Activity, ErrorSlot, Locale, Summaries, Workspace};
use crate::sync::SyncEngine;

/// The whole app. Provides the app-wide context handles.
#[component]
pub fn App() -> impl IntoView {
    Locale::provide();
    let errors = ErrorSlot::provide();
    let workspace = Workspace::provide();
    let activity = Activity::provide();
    Summaries::provide(workspace);
    SyncEngine::provide(workspace, activity);

    view! {
        <Router>
            <SkipLink/>
            <AppHeader/>
            <SyncStatusBar/>
            <FocusOnNavigate/>
            <main id=MAIN_ID class="app-main" tabindex="-1">
                <ErrorBoundary fallback=move |_| view! { <ErrorPanel/> }>
                    {move || errors.current()}
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage/>
                        <Route path=path!("/connect") view=ConnectPage/>
                        <Route path=path!("/join") view=ConnectPage/>
                        <Route path=path!("/members") view=MembersPage/>
                        <Route path=path!("/plan") view=PlanPage/>
                        <Route path=path!("/measures/:id") view=MeasurePage/>
                        <Route path=path!("/checklist") view=ChecklistPage/>
                        <Route path=path!("/conflicts") view=ConflictsPage/>
                        <Route path=path!("/activity") view=ActivityPage/>
                        <Route path=path!("/refused") view=RefusedPage/>
                        <Route path=path!("/trash") view=TrashPage/>
                        <Route path=path!("/prefecture") view=DashboardPage/>
                        <Route path=path!("/areas") view=AreasPage/>
                        <Route path=path!("/orgs/:code") view=OrgPlanPage/>
                        <Route path=path!("/standardisation") view=StandardisationPage/>
                        <Route path=path!("/surveys") view=SurveyListPage/>
                        <Route path=path!("/surveys/:id") view=SurveyPage/>
                    </Routes>
                </ErrorBoundary>
            </main>
        </Router>
    }
}

/// After a navigation inside the app, focus moves to the main content, so keyboard and screen
/// reader users start on the new screen (not on the link they followed).
#[component]
fn FocusOnNavigate() -> impl IntoView {
    let pathname = use_location().pathname;
    Effect::new(move |previous: Option<String>| {
        let current = pathname.get();
        // Not after the redirect from `/`: that is the app starting, not the user moving.
        if previous.is_some_and(|previous| previous != current && previous != "/") {
            focus_main();
        }
        current
    });
}

/// Shown by the `ErrorBoundary` instead of the main content.
#[component]
fn ErrorPanel() -> impl IntoView {
    let locale = Locale::expect();
    let errors = ErrorSlot::expect();
    let message = move || {
        let t = locale.texts();
        errors
            .current()
            .err()
            .map_or(t.error_unexpected, |e| e.user_message(t))
    };

    view! {
        <section class="card error-panel" role="alert" aria-labelledby="error-heading">
            <h1 id="error-heading">
                <span aria-hidden="true">"⚠ "</span>
                {locale.word(|l| l.texts().error_heading)}
            </h1>
            <p>{message}</p>
            <button type="button" on:click=move |_| errors.clear()>
                {locale.word(|l| l.texts().dismiss)}
            </button>
        </section>
    }
}
