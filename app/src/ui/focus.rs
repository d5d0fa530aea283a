//! Moving focus after the view has changed (a moved list item, a closed form).

use std::time::Duration;

use leptos::prelude::set_timeout;
use wasm_bindgen::JsCast;

/// Focuses the element with `id` once the current update has reached the page.
pub fn focus_later(id: String) {
    set_timeout(
        move || {
            let element = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&id));
            if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                // Failing to focus leaves focus where it was; nothing to report.
                let _ = element.focus();
            }
        },
        Duration::ZERO,
    );
}
