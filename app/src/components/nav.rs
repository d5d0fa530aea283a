//! The main navigation. `A` marks the current screen with `aria-current="page"`.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::activity::activity_texts;
use crate::i18n::members::members_texts;
use crate::i18n::prefecture::prefecture_texts;
use crate::i18n::standardisation::standardisation_texts;
use crate::i18n::survey::survey_texts;
use crate::state::{Locale, Workspace};
use tsunagu_core::access::Role;

#[component]
pub fn MainNav() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || locale.texts();
    let is_prefecture =
        Memo::new(move |_| workspace.own_org().is_some_and(|org| org.is_prefecture()));
    let own_conflicts = Memo::new(move |_| {
        workspace
            .own_org()
            .map_or(0, |own| workspace.conflict_count(&own))
    });
    let is_admin = Memo::new(move |_| {
        workspace
            .connection()
            .and_then(|c| c.who)
            .is_some_and(|who| who.role == Role::PrefectureAdmin)
    });
    let conflicts_label = move || match own_conflicts.get() {
        0 => t().nav_conflicts.to_owned(),
        n => format!("{} ({n})", t().nav_conflicts),
    };

    view! {
        <nav class="main-nav" aria-label=move || t().nav_label>
            <ul>
                <Show when=move || is_prefecture.get()>
                    <li>
                        <A href="/prefecture">{move || prefecture_texts(locale.get()).nav_dashboard}</A>
                    </li>
                    <li>
                        <A href="/areas">{move || prefecture_texts(locale.get()).areas_nav}</A>
                    </li>
                </Show>
                <li>
                    <A href="/plan">{move || t().nav_plan}</A>
                </li>
                <li>
                    <A href="/surveys">{move || survey_texts(locale.get()).nav_surveys}</A>
                </li>
                <li>
                    <A href="/standardisation">{move || standardisation_texts(locale.get()).nav}</A>
                </li>
                <li>
                    <A href="/checklist">{move || t().nav_checklist}</A>
                </li>
                <li>
                    <A href="/activity">{move || activity_texts(locale.get()).nav}</A>
                </li>
                <li>
                    <A href="/conflicts">
                        <Show when=move || { own_conflicts.get() > 0 }>
                            <span aria-hidden="true">"⚠ "</span>
                        </Show>
                        {conflicts_label}
                    </A>
                </li>
                <Show when=move || is_admin.get()>
                    <li>
                        <A href="/members">{move || members_texts(locale.get()).nav}</A>
                    </li>
                </Show>
                <li>
                    <A href="/connect">{move || t().nav_connect}</A>
                </li>
            </ul>
        </nav>
    }
}
