//! Adding a KPI to the measure: its name, then the rest is edited in its card.

use crate::i18n::measure::measure_texts;
use leptos::html;
use leptos::prelude::*;
use serde_json::Value;
use tsunagu_core::domain::{schema, RecordKind};
use tsunagu_core::merge::RecordKey;

use super::context::Editor;
use super::input_error::InputError;
use super::parse;
use crate::i18n::measure::fill;
use crate::ui::ime::guard_composing_enter;

/// `032085-k-1a2b3c4d5e6f`: prefixed with the owner's code (record ids are unique within a
/// prefecture) and random, so that two devices adding KPIs offline never pick the same one.
fn new_kpi_id(org: &str) -> String {
    let random = || (js_sys::Math::random() * f64::from(1u32 << 24)) as u32;
    format!("{org}-k-{:06x}{:06x}", random(), random())
}

#[component]
pub fn AddKpi() -> impl IntoView {
    let editor = Editor::expect();
    let input = NodeRef::<html::Input>::new();
    let error = RwSignal::new(None::<String>);
    let added = RwSignal::new(None::<String>);
    let add = move |name: String| -> Result<String, InputError> {
        let name = parse::single_line(&name);
        schema::validate_field(RecordKind::Kpi, "name", &name)?;
        let key = RecordKey::new(RecordKind::Kpi, new_kpi_id(editor.org().as_str()));
        let title = name.as_str().unwrap_or_default().to_owned();
        editor.write_record(
            &key,
            vec![
                ("measure_id".to_owned(), Value::String(editor.measure_id())),
                ("name".to_owned(), name),
            ],
        );
        Ok(title)
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(element) = input.get_untracked() else {
            return;
        };
        match add(element.value()) {
            Ok(name) => {
                element.set_value("");
                error.set(None);
                added.set(Some(fill(editor.texts().kpi_added, &[("name", &name)])));
            }
            Err(e) => {
                added.set(None);
                error.set(Some(e.message(editor.lang(), editor.texts())));
            }
        }
    };

    view! {
        <form
            class="me-add-kpi"
            on:submit=on_submit
            on:keydown=guard_composing_enter
        >
            <fieldset class="me-fieldset">
                <legend>{editor.locale.word(|l| measure_texts(l).kpi_add_legend)}</legend>
                <div class="me-field">
                    <label for="me-new-kpi" class="me-label">{editor.locale.word(|l| measure_texts(l).kpi_new_name)}</label>
                    <div class="me-add-kpi__row">
                        <input
                            id="me-new-kpi"
                            type="text"
                            node_ref=input
                            aria-describedby="me-new-kpi-error"
                            aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                        />
                        <button type="submit" class="me-button">{editor.locale.word(|l| measure_texts(l).kpi_add_button)}</button>
                    </div>
                    <p id="me-new-kpi-error" class="me-error" role="alert">
                        {move || error.get().map(|message| view! { <span aria-hidden="true">"⚠ "</span> {message} })}
                    </p>
                    <p class="me-hint" role="status">{move || added.get()}</p>
                </div>
            </fieldset>
        </form>
    }
}
