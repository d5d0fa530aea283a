//! The main navigation. `A` marks the current screen with `aria-current="page"`.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::when::When;
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
        <nav class="main-nav" aria-label=locale.word(|l| l.texts().nav_label)>
            <ul>
                <When when=move || is_prefecture.get()>
                    <li>
                        <A href="/prefecture">{locale.word(|l| prefecture_texts(l).nav_dashboard)}</A>
                    </li>
                    <li>
                        <A href="/areas">{locale.word(|l| prefecture_texts(l).areas_nav)}</A>
                    </li>
                </When>
                <li>
                    <A href="/plan">{locale.word(|l| l.texts().nav_plan)}</A>
                </li>
                <li>
                    <A href="/surveys">{locale.word(|l| survey_texts(l).nav_surveys)}</A>
                </li>
                <li>
                    <A href="/standardisation">{locale.word(|l| standardisation_texts(l).nav)}</A>
                </li>
                <li>
                    <A href="/checklist">{locale.word(|l| l.texts().nav_checklist)}</A>
                </li>
                <li>
                    <A href="/activity">{locale.word(|l| activity_texts(l).nav)}</A>
                </li>
                <li>
                    <A href="/conflicts">
                        <When when=move || { own_conflicts.get() > 0 }>
                            <span aria-hidden="true">"⚠ "</span>
                        </When>
                        {conflicts_label}
                    </A>
                </li>
                <When when=move || is_admin.get()>
                    <li>
                        <A href="/members">{locale.word(|l| members_texts(l).nav)}</A>
                    </li>
                </When>
                <li>
                    <A href="/connect">{locale.word(|l| l.texts().nav_connect)}</A>
                </li>
            </ul>
        </nav>
    }
}
