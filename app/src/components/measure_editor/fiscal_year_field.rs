//! A fiscal year typed as staff write it (令和7年度, R7, FY2025, 2025, ２０２５), stored as the
//! year (2025) and shown as 令和7年度 (FY2025). The period must not end before it starts.

use leptos::prelude::*;
use serde_json::Value;
use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::client::{FieldKey, RecordView};

use super::commit::commit;
use super::context::{control_id, Editor};
use super::field_row::FieldRow;
use super::input_error::InputError;
use super::parse::optional_fiscal_year;
use super::text_control::TextControl;
use crate::i18n::measure::fiscal_year_label;

/// Which end of the period the field is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodEnd {
    Start,
    End,
}

/// The fiscal year a stored value holds.
pub fn stored_year(value: &Value) -> Option<FiscalYear> {
    value
        .as_i64()
        .and_then(|year| i32::try_from(year).ok())
        .map(FiscalYear)
}

#[component]
pub fn FiscalYearField(
    record: Memo<Option<RecordView>>,
    end: PeriodEnd,
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    let editor = Editor::expect();
    let (name, other_name) = match end {
        PeriodEnd::Start => ("start_fy", "end_fy"),
        PeriodEnd::End => ("end_fy", "start_fy"),
    };
    let field = FieldKey {
        record: editor.measure_key(),
        field: name.into(),
    };
    let error = RwSignal::new(None);
    let value = editor.value(record, name);
    let other = editor.value(record, other_name);
    let year = Memo::new(move |_| value.with(stored_year));
    let text = Signal::derive(move || {
        year.get()
            .map(|year| fiscal_year_label(editor.lang(), year))
            .unwrap_or_default()
    });
    let hint = Signal::derive(move || {
        let t = editor.texts();
        match year.get() {
            Some(year) => format!("{} ・ {}", year.label_both(), t.hint_fiscal_year),
            None => t.hint_fiscal_year.to_owned(),
        }
    });
    let key = StoredValue::new(field.clone());
    let save = Callback::new(move |input: String| {
        let typed = optional_fiscal_year(&input)?;
        let other = other.with_untracked(stored_year);
        let reversed = match (end, typed, other) {
            (PeriodEnd::Start, Some(start), Some(end)) => end < start,
            (PeriodEnd::End, Some(end), Some(start)) => end < start,
            _ => false,
        };
        if reversed {
            return Err(InputError::EndBeforeStart);
        }
        let stored = typed.map_or(Value::Null, |year| Value::from(year.0));
        commit(editor, key.get_value(), stored)
    });

    view! {
        <FieldRow field=field.clone() record=record label=label hint=Some(hint) error=error>
            <TextControl id=control_id(&field) text=text save=save error=error/>
        </FieldRow>
    }
}
