//! A labelled checkbox bound to a boolean field.

use leptos::prelude::*;
use serde_json::Value;
use tsunagu_core::client::{FieldKey, RecordView};

use super::commit::commit;
use super::context::{control_id, Editor};
use super::field_row::FieldRow;

#[component]
pub fn CheckboxField(
    record: Memo<Option<RecordView>>,
    field: FieldKey,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
) -> impl IntoView {
    let editor = Editor::expect();
    let error = RwSignal::new(None);
    let value = editor.value(record, field.field.clone());
    let checked = move || value.with(|v| v.as_bool().unwrap_or(false));
    let key = StoredValue::new(field.clone());
    let id = control_id(&field);
    let on_change = move |ev| {
        let stored = Value::Bool(event_target_checked(&ev));
        match commit(editor, key.get_value(), stored) {
            Ok(()) => error.set(None),
            Err(e) => error.set(Some(e.message(editor.lang(), editor.texts()))),
        }
    };

    view! {
        <FieldRow field=field record=record label=label hint=hint error=error checkbox=true>
            <input
                type="checkbox"
                id=id.clone()
                prop:checked=checked
                disabled=move || !editor.can_edit()
                aria-describedby=format!("{id}-hint {id}-error")
                on:change=on_change
            />
        </FieldRow>
    }
}
