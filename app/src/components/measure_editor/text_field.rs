//! A labelled text field of a record: shows the stored value, saves what was typed through a
//! parser (width folding, Japanese numbers) and the schema.

use leptos::prelude::*;
use serde_json::Value;
use tsunagu_core::client::{FieldKey, RecordView};

use super::commit::commit;
use super::context::{control_id, Editor};
use super::field_row::FieldRow;
use super::format::number_text;
use super::input_error::InputError;
use super::text_control::{TextControl, TextOptions};

/// Turns typed text into the value to store.
pub type Parser = fn(&str) -> Result<Value, InputError>;

/// A stored string or number as it is typed back into an input.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(_) => number_text(value),
        _ => String::new(),
    }
}

#[component]
pub fn TextField(
    record: Memo<Option<RecordView>>,
    field: FieldKey,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    parse: Parser,
    #[prop(optional)] options: TextOptions,
) -> impl IntoView {
    let editor = Editor::expect();
    let error = RwSignal::new(None);
    let value = editor.value(record, field.field.clone());
    let text = Signal::derive(move || value.with(value_text));
    let key = StoredValue::new(field.clone());
    let save = Callback::new(move |input: String| commit(editor, key.get_value(), parse(&input)?));

    view! {
        <FieldRow field=field.clone() record=record label=label hint=hint error=error>
            <TextControl id=control_id(&field) text=text save=save error=error options=options.clone()/>
        </FieldRow>
    }
}
