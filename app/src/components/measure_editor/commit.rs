//! Saving one field: check it against the field schema first, write only a valid value that
//! differs from what is shown.

use leptos::prelude::*;
use serde_json::Value;
use tsunagu_core::client::FieldKey;
use tsunagu_core::domain::schema;

use super::context::Editor;
use super::input_error::InputError;
use super::parse::same_value;

/// Validates `value` for `key` and writes it. Nothing is written when the value is invalid
/// (the error says why) or the same as the current one.
pub fn commit(editor: Editor, key: FieldKey, value: Value) -> Result<(), InputError> {
    schema::validate_field(key.record.kind, &key.field, &value)?;
    let current = untrack(|| {
        editor
            .workspace
            .view(&key.record)
            .and_then(|view| view.values.get(key.field.as_str()).cloned())
            .unwrap_or(Value::Null)
    });
    if !same_value(&current, &value) {
        editor.write(key, value);
    }
    Ok(())
}
