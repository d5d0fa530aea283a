//! The header: the app's name, who is connected, the language switch and the navigation.

use leptos::prelude::*;

use crate::components::language_switch::LanguageSwitch;
use crate::components::nav::MainNav;
use crate::i18n::role_label;
use crate::state::{Locale, Workspace};
use crate::ui::org_name::org_name;

#[component]
pub fn AppHeader() -> impl IntoView {
    let locale = Locale::expect();

    view! {
        <header class="app-header">
            <div class="app-header__top">
                <div class="app-title">
                    <a class="app-title__link" href="/">
                        <span lang="ja">"つなぐ"</span>
                        " "
                        <span lang="en" class="app-title__latin">"Tsunagu"</span>
                    </a>
                    <p class="app-tagline">{locale.word(|l| l.texts().app_tagline)}</p>
                </div>
                <Identity/>
                <LanguageSwitch/>
            </div>
            <MainNav/>
        </header>
    }
}

/// 遠野市 · 編集者, once connected.
#[component]
fn Identity() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    // Re-renders only when the name or role changes, not on every sync.
    let shown = Memo::new(move |_| {
        let who = workspace.connection().and_then(|c| c.who)?;
        Some((org_name(workspace, &who.org), who.role))
    });

    move || {
        shown.get().map(|(name, role)| {
            view! {
                <p class="identity">
                    <span class="visually-hidden">{locale.texts().identity_label}</span>
                    <span class="identity__org">{name}</span>
                    <span class="identity__role">{role_label(role, locale.texts())}</span>
                </p>
            }
        })
    }
}
