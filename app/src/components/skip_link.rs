//! "Skip to main content": the first thing the keyboard reaches. It moves focus itself
//! (`rel="external"` keeps the router from treating it as a navigation).

use leptos::prelude::*;

use crate::state::Locale;

/// The id of the `<main>` element the link jumps to.
pub const MAIN_ID: &str = "main";

/// Focuses `<main>` (it has `tabindex="-1"`), for the skip link and after a navigation.
pub fn focus_main() {
    if let Some(main) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(MAIN_ID))
    {
        if let Some(main) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&main) {
            // Failing to focus leaves the focus where it was; nothing to report.
            let _ = main.focus();
        }
    }
}

#[component]
pub fn SkipLink() -> impl IntoView {
    let locale = Locale::expect();
    view! {
        <a
            class="skip-link"
            href=format!("#{MAIN_ID}")
            rel="external"
            on:click=move |ev| {
                ev.prevent_default();
                focus_main();
            }
        >
            {locale.word(|l| l.texts().skip_to_main)}
        </a>
    }
}
