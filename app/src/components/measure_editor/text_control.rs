//! A text input (or text area) that saves on `change`, never per keystroke, and that the
//! model only rewrites while the user has no unsaved typing in it: a sync arriving while
//! someone types (or converts with a Japanese IME) never replaces their text.

use leptos::html;
use leptos::prelude::*;

use super::context::Editor;
use super::input_error::InputError;

/// What a text control needs from its element.
trait TextElement {
    fn text(&self) -> String;
    fn show(&self, text: &str);
}

impl TextElement for web_sys::HtmlInputElement {
    fn text(&self) -> String {
        self.value()
    }
    fn show(&self, text: &str) {
        self.set_value(text);
    }
}

impl TextElement for web_sys::HtmlTextAreaElement {
    fn text(&self) -> String {
        self.value()
    }
    fn show(&self, text: &str) {
        self.set_value(text);
    }
}

/// Puts the model's text into the element unless the user has typed since the last save.
fn show_model_text(element: Option<impl TextElement>, text: &str, typing: bool) {
    if let Some(element) = element {
        if !typing && element.text() != text {
            element.show(text);
        }
    }
}

/// The `change` handler: saves what was typed and shows the saved text. A quiet control
/// ignores an empty value (a half-typed date reads as empty) and stays silent on a refusal.
fn save_on_change<T: TextElement + Clone>(
    element: impl Fn() -> Option<T>,
    quiet_change: bool,
    attempt: impl Fn(String, bool, &dyn Fn(&str)),
) -> impl Fn(web_sys::Event) {
    move |ev| {
        let value = event_target_value(&ev);
        if quiet_change && value.is_empty() {
            return;
        }
        let element = element();
        let show = |t: &str| show_model_text(element.clone(), t, false);
        attempt(value, !quiet_change, &show);
    }
}

/// Whether the browser holds a half-typed value it cannot report (`validity.badInput`), as
/// date inputs do while a part of the date is missing.
fn has_bad_input(element: &web_sys::HtmlInputElement) -> bool {
    js_sys::Reflect::get(element, &"validity".into())
        .and_then(|validity| js_sys::Reflect::get(&validity, &"badInput".into()))
        .is_ok_and(|bad| bad.as_bool() == Some(true))
}

/// How the control looks; everything has a sensible default.
#[derive(Clone, Default)]
pub struct TextOptions {
    pub multiline: bool,
    pub rows: Option<u32>,
    /// `numeric` or `decimal` for numbers typed on phones.
    pub inputmode: Option<&'static str>,
    /// `text` unless set (`date`).
    pub input_type: Option<&'static str>,
    pub required: bool,
    /// The accessible name when no `<label for>` points at the control (table cells).
    pub aria_label: Option<Signal<String>>,
    /// Say nothing when a `change` cannot be saved (and ignore an empty one), and try again,
    /// reporting errors, on blur. For date inputs, which fire `change` on every digit typed
    /// into the year (0002, 0020…) and read as empty while half typed.
    pub quiet_change: bool,
}

/// A text control bound to one field.
///
/// `text` is the model's value as text; `save` parses, validates and writes what was typed.
/// `error` is shown by the surrounding [`super::field_row::FieldRow`], which also renders the
/// elements `{id}-hint` and `{id}-error` this control is described by.
#[component]
pub fn TextControl(
    id: String,
    #[prop(into)] text: Signal<String>,
    save: Callback<String, Result<(), InputError>>,
    error: RwSignal<Option<String>>,
    #[prop(optional)] options: TextOptions,
) -> impl IntoView {
    let editor = Editor::expect();
    // True from the first keystroke until a successful save: the model must not overwrite.
    let typing = StoredValue::new(false);
    let described_by = format!("{id}-hint {id}-error");
    let invalid = move || {
        if error.with(Option::is_some) {
            "true"
        } else {
            "false"
        }
    };
    let read_only = move || !editor.can_edit();
    let aria_label = options.aria_label;
    let quiet_change = options.quiet_change;

    // Saves `value`; on success shows the saved (normalised) text: 全角 → half width,
    // R7 → 令和7年度. `loud` says whether a refusal is reported now.
    let attempt = move |value: String, loud: bool, show: &dyn Fn(&str)| match save.run(value) {
        Ok(()) => {
            typing.set_value(false);
            error.set(None);
            show(&text.get_untracked());
        }
        Err(e) if loud => error.set(Some(e.message(editor.lang(), editor.texts()))),
        Err(_) => {}
    };

    if options.multiline {
        let node = NodeRef::<html::Textarea>::new();
        Effect::new(move |_| show_model_text(node.get(), &text.get(), typing.get_value()));
        view! {
            <textarea
                id=id
                node_ref=node
                rows=options.rows.unwrap_or(4)
                readonly=read_only
                aria-describedby=described_by
                aria-invalid=invalid
                aria-label=move || aria_label.map(|label| label.get())
                on:input=move |_| typing.set_value(true)
                on:change=save_on_change(move || node.get_untracked(), quiet_change, attempt)
                on:blur=move |ev| {
                    if quiet_change && typing.get_value() {
                        let element = node.get_untracked();
                        let show = |t: &str| show_model_text(element.clone(), t, false);
                        attempt(event_target_value(&ev), true, &show);
                    }
                }
            ></textarea>
        }
        .into_any()
    } else {
        let node = NodeRef::<html::Input>::new();
        Effect::new(move |_| show_model_text(node.get(), &text.get(), typing.get_value()));
        view! {
            <input
                id=id
                node_ref=node
                type=options.input_type.unwrap_or("text")
                inputmode=options.inputmode
                required=options.required
                aria-required=options.required.then_some("true")
                readonly=read_only
                aria-describedby=described_by
                aria-invalid=invalid
                aria-label=move || aria_label.map(|label| label.get())
                on:input=move |_| typing.set_value(true)
                on:change=save_on_change(move || node.get_untracked(), quiet_change, attempt)
                on:blur=move |ev| {
                    if quiet_change && typing.get_value() {
                        let element = node.get_untracked();
                        if element.as_ref().is_some_and(has_bad_input) {
                            let message = InputError::NotADate.message(editor.lang(), editor.texts());
                            error.set(Some(message));
                            return;
                        }
                        let show = |t: &str| show_model_text(element.clone(), t, false);
                        attempt(event_target_value(&ev), true, &show);
                    }
                }
            />
        }
        .into_any()
    }
}
