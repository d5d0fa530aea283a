//! The root component: header, language switch and main content inside an
//! `ErrorBoundary`.

use leptos::prelude::*;

use crate::components::connection_status::ConnectionStatus;
use crate::components::language_switch::LanguageSwitch;
use crate::state::{ErrorSlot, Locale};

/// The whole app. Provides the app-wide context handles.
#[component]
pub fn App() -> impl IntoView {
    let locale = Locale::provide();
    let errors = ErrorSlot::provide();

    view! {
        <header class="app-header">
            <div class="app-title">
                <h1>
                    <span lang="ja">"つなぐ"</span>
                    " "
                    <span lang="en" class="app-title__latin">"Tsunagu"</span>
                </h1>
                <p class="app-tagline">{move || locale.texts().app_tagline}</p>
            </div>
            <LanguageSwitch/>
        </header>
        <main id="main" class="app-main">
            <ErrorBoundary fallback=move |_| view! { <ErrorPanel/> }>
                {move || errors.current()}
                <ConnectionStatus/>
            </ErrorBoundary>
        </main>
    }
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
            <h2 id="error-heading">
                <span aria-hidden="true">"⚠ "</span>
                {move || locale.texts().error_heading}
            </h2>
            <p>{message}</p>
            <button type="button" on:click=move |_| errors.clear()>
                {move || locale.texts().dismiss}
            </button>
        </section>
    }
}
