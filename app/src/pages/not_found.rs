//! Any address the app does not know.

use leptos::prelude::*;

use crate::state::Locale;
use crate::ui::page_title::use_page_title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let locale = Locale::expect();
    let t = move || locale.texts();
    use_page_title(move || t().not_found_heading.to_owned());
    view! {
        <h1>{locale.word(|l| l.texts().not_found_heading)}</h1>
        <p>{locale.word(|l| l.texts().not_found_body)}</p>
        <p>
            <a href="/">{locale.word(|l| l.texts().not_found_home)}</a>
        </p>
    }
}
