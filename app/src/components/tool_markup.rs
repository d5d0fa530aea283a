//! A screen whose markup the tools module writes over the device's replica (活動, 施策検索):
//! the markup last written and what went wrong, and the view that shows them (the failure in
//! words, "loading" until the first markup, then the markup in an `HtmlBlock`).

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::html_block::{Action, HtmlBlock};
use crate::state::Locale;

#[derive(Clone, Copy)]
pub struct ToolMarkup {
    pub markup: RwSignal<String>,
    /// What went wrong last, in words.
    pub failure: RwSignal<Option<String>>,
}

impl ToolMarkup {
    pub fn new() -> ToolMarkup {
        ToolMarkup {
            markup: RwSignal::new(String::new()),
            failure: RwSignal::new(None),
        }
    }

    /// Shows `bytes` as the markup (written into the page again only when it changed). The
    /// control that had the focus, if its id starts with `prefix` (a filter, さらに表示), is in
    /// the markup written again: it gets the focus back once the page shows it.
    pub fn show(self, bytes: &[u8], prefix: &str) {
        let markup = String::from_utf8_lossy(bytes).into_owned();
        let document = web_sys::window().and_then(|w| w.document());
        let focused = document
            .as_ref()
            .and_then(|d| d.active_element())
            .map(|e| e.id())
            .filter(|id| id.starts_with(prefix));
        // The person may have left the screen before the answer came: nothing to show.
        match self.markup.try_with_untracked(|old| *old != markup) {
            Some(true) => self.markup.set(markup),
            Some(false) => {}
            None => return,
        }
        self.failure.set(None);
        if let (Some(document), Some(id)) = (document, focused) {
            Timeout::new(0, move || {
                let control = document
                    .get_element_by_id(&id)
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(control) = control {
                    let _ = control.focus();
                }
            })
            .forget();
        }
    }
}

impl Default for ToolMarkup {
    fn default() -> Self {
        ToolMarkup::new()
    }
}

#[component]
pub fn ToolMarkupView(part: ToolMarkup, on_action: Callback<Action>) -> impl IntoView {
    let locale = Locale::expect();
    let status = move || match part.failure.get() {
        Some(words) => {
            view! { <p class="notice notice--error" role="alert">{format!("⚠ {words}")}</p> }
                .into_any()
        }
        None => {
            let busy = part.markup.with(String::is_empty);
            let words = if busy {
                locale.get().texts().loading
            } else {
                ""
            };
            view! { <p aria-busy=busy.to_string()>{words}</p> }.into_any()
        }
    };
    view! {
        <div aria-live="polite">{status}</div>
        <HtmlBlock html=part.markup on_action/>
    }
}
