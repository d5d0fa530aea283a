//! The deadline: a date input (ISO), also shown in the Japanese era (令和8年3月31日).

use leptos::prelude::*;
use serde_json::Value;
use tsunagu_core::client::{FieldKey, RecordView};
use tsunagu_core::domain::schema::{parse_iso_date, FISCAL_YEAR_RANGE};

use super::commit::commit;
use super::context::{control_id, Editor};
use super::field_row::FieldRow;
use super::format::date_label;
use super::input_error::InputError;
use super::parse::optional_date;
use super::text_control::{TextControl, TextOptions};
use crate::i18n::measure::fill;
use crate::i18n::Lang;

/// A date with a plausible year: a date input reports 0002-03-31 while the year is typed.
fn plausible(value: &Value) -> bool {
    value.as_str().is_none_or(|iso| {
        let year = iso.get(..4).and_then(|y| y.parse::<i64>().ok());
        parse_iso_date(iso).is_some() && year.is_some_and(|y| FISCAL_YEAR_RANGE.contains(&y))
    })
}

#[component]
pub fn DeadlineField(record: Memo<Option<RecordView>>) -> impl IntoView {
    let editor = Editor::expect();
    let field = FieldKey {
        record: editor.measure_key(),
        field: "deadline".into(),
    };
    let error = RwSignal::new(None);
    let value = editor.value(record, "deadline");
    let text = Signal::derive(move || value.with(|v| v.as_str().unwrap_or_default().to_owned()));
    let hint = Signal::derive(move || {
        let iso = text.get();
        let lang = editor.lang();
        if iso.is_empty() || lang != Lang::Ja {
            return String::new();
        }
        fill(
            editor.texts().hint_deadline_era,
            &[("date", &date_label(&iso, lang))],
        )
    });
    let key = StoredValue::new(field.clone());
    let save = Callback::new(move |input: String| {
        let stored = optional_date(&input)?;
        if !plausible(&stored) {
            return Err(InputError::NotADate);
        }
        commit(editor, key.get_value(), stored)
    });
    let options = TextOptions {
        input_type: Some("date"),
        quiet_change: true,
        ..TextOptions::default()
    };
    let label = Signal::derive(move || editor.texts().field_deadline.to_owned());

    view! {
        <FieldRow field=field.clone() record=record label=label hint=Some(hint) error=error>
            <TextControl id=control_id(&field) text=text save=save error=error options=options/>
        </FieldRow>
    }
}
