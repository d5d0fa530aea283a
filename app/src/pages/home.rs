//! `/`: the connect screen until a connection is set up, the plan after.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::state::{LoadState, Locale, Workspace};

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if workspace.load_state() != LoadState::Ready {
            return;
        }
        let target = match workspace.own_org() {
            Some(org) if org.is_prefecture() => "/prefecture",
            Some(_) => "/plan",
            None if workspace.connection().is_some() => "/plan",
            None => "/connect",
        };
        navigate(
            target,
            NavigateOptions {
                replace: true,
                ..NavigateOptions::default()
            },
        );
    });

    move || match workspace.load_state() {
        LoadState::Failed(_) => view! {
            <p class="notice notice--error" role="alert">
                <span aria-hidden="true">"⚠ "</span>
                {locale.texts().load_failed}
            </p>
        }
        .into_any(),
        LoadState::Loading | LoadState::Ready => {
            view! { <p class="notice" aria-busy="true">{locale.texts().loading}</p> }.into_any()
        }
    }
}
