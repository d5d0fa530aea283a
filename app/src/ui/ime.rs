//! Japanese input: the Enter that confirms an IME composition must never submit a form.
//!
//! Text is committed on `change` (after the composition ends), and forms call
//! [`guard_composing_enter`] on `keydown`: Chrome marks that Enter with `isComposing`, Safari
//! sends it after `compositionend` with key code 229.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent};

/// The key code browsers report for keys the IME handles.
const IME_PROCESS_KEY: u32 = 229;

/// Whether `event` is the Enter that confirms a composition (not a request to submit).
pub fn is_composing_enter(event: &KeyboardEvent) -> bool {
    event.key() == "Enter" && (event.is_composing() || event.key_code() == IME_PROCESS_KEY)
}

/// Put on a `<form>`'s `keydown`: cancels the implicit submission of a composing Enter in a
/// single-line input. Text areas are left alone (Enter there is a line break, never a submit).
pub fn guard_composing_enter(event: KeyboardEvent) {
    let in_input = event
        .target()
        .is_some_and(|target| target.dyn_ref::<HtmlInputElement>().is_some());
    if in_input && is_composing_enter(&event) {
        event.prevent_default();
    }
}
