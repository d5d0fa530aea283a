//! Shows its children once the local data is loaded and a connection is set up; until then,
//! what is happening (loading, a storage failure) or the way to the connect screen.

use leptos::prelude::*;

use crate::state::{LoadState, Locale, Workspace};

#[component]
pub fn WorkspaceGate(children: ChildrenFn) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || locale.texts();
    let state = Memo::new(move |_| match workspace.load_state() {
        LoadState::Loading => Gate::Loading,
        LoadState::Failed(_) => Gate::Failed,
        LoadState::Ready if workspace.own_org().is_none() => Gate::NotConnected,
        LoadState::Ready => Gate::Open,
    });

    move || match state.get() {
        Gate::Loading => view! { <p class="notice" aria-busy="true">{t().loading}</p> }.into_any(),
        Gate::Failed => view! {
            <p class="notice notice--error" role="alert">
                <span aria-hidden="true">"⚠ "</span>
                {t().load_failed}
            </p>
        }
        .into_any(),
        Gate::NotConnected => view! {
            <p class="notice">
                {t().not_connected_yet}
                " "
                <a href="/connect">{t().go_connect}</a>
            </p>
        }
        .into_any(),
        Gate::Open => children().into_any(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gate {
    Loading,
    Failed,
    NotConnected,
    Open,
}
