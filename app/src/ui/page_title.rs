//! The document title follows the screen, so tabs, history and screen readers name it.

use leptos::prelude::*;

/// Keeps `document.title` as "`page` | つなぐ Tsunagu" while the calling component lives.
pub fn use_page_title(page: impl Fn() -> String + 'static) {
    Effect::new(move |_| {
        let title = format!("{} | つなぐ Tsunagu", page());
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&title);
        }
    });
}
