//! Markup built as text, every value escaped (`tsunagu_core::text::escaped`), with one
//! delegated handler for what the markup asks for: a `<button data-action>` clicked, a
//! `<select data-action>` or `<input data-action>` changed, a `<form data-action>` sent.
//! For screens of lists, forms and printable pages: Leptos's typed views make each row, cell
//! and reactive text code of its own (the members screen written that way weighed 46 KB gzip
//! of the first load), while text is one view whatever it holds.

use leptos::ev::Event;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

/// What the markup asked for: its `data-action`, on `element`.
#[derive(Clone)]
pub struct Action {
    pub name: String,
    pub element: Element,
}

impl Action {
    /// The element's `data-id`.
    pub fn id(&self) -> String {
        self.element.get_attribute("data-id").unwrap_or_default()
    }

    /// The value of the select or input that changed.
    pub fn value(&self) -> String {
        if let Some(select) = self.element.dyn_ref::<HtmlSelectElement>() {
            return select.value();
        }
        self.element
            .dyn_ref::<HtmlInputElement>()
            .map(|input| input.value())
            .unwrap_or_default()
    }

    pub fn checked(&self) -> bool {
        self.element
            .dyn_ref::<HtmlInputElement>()
            .is_some_and(HtmlInputElement::checked)
    }
}

/// The values of the form controls matching `selector` inside `root` (checked boxes only,
/// for check boxes).
pub fn form_values(root: &Element, selector: &str) -> Vec<String> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .filter_map(|element| {
            let action = Action {
                name: String::new(),
                element,
            };
            let is_box = action.element.get_attribute("type").as_deref() == Some("checkbox");
            (!is_box || action.checked()).then(|| action.value())
        })
        .collect()
}

fn action_of(event: &Event, selector: &str) -> Option<Action> {
    let element = event
        .target()?
        .dyn_into::<Element>()
        .ok()?
        .closest(selector)
        .ok()??;
    Some(Action {
        name: element.get_attribute("data-action")?,
        element,
    })
}

#[component]
pub fn HtmlBlock(
    #[prop(into)] html: Signal<String>,
    #[prop(optional)] on_action: Option<Callback<Action>>,
    #[prop(optional)] id: Option<&'static str>,
) -> impl IntoView {
    let handle = move |event: Event, selector: &str| {
        let (Some(callback), Some(action)) = (on_action, action_of(&event, selector)) else {
            return;
        };
        if selector.starts_with("form") {
            event.prevent_default();
        }
        callback.run(action);
    };
    view! {
        <div
            id=id
            inner_html=move || html.get()
            on:click=move |ev| handle(ev.into(), "button[data-action]")
            on:change=move |ev| handle(ev, "select[data-action],input[data-action]")
            on:submit=move |ev| handle(ev.into(), "form[data-action]")
        ></div>
    }
}
