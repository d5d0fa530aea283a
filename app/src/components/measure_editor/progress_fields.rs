//! 進捗: status (the five statuses), percent (0–100, full-width digits accepted) and notes.

use crate::i18n::measure::measure_texts;
use leptos::prelude::*;
use tsunagu_core::client::{FieldKey, RecordView};
use tsunagu_core::domain::Status;

use super::context::Editor;
use super::parse;
use super::select_field::{Choice, ChoiceGroup, SelectField};
use super::text_control::TextOptions;
use super::text_field::TextField;
use crate::components::status_badge::{status_icon, status_label};

#[component]
pub fn ProgressFields(record: Memo<Option<RecordView>>) -> impl IntoView {
    let editor = Editor::expect();
    let key = move |field: &str| FieldKey {
        record: editor.measure_key(),
        field: field.into(),
    };
    let t = move || editor.texts();
    let statuses = Signal::derive(move || {
        let lang = editor.lang();
        let choices = Status::ALL
            .into_iter()
            .map(|status| Choice {
                value: status.label_ja().to_owned(),
                label: format!("{} {}", status_icon(status), status_label(status, lang)),
            })
            .collect();
        vec![ChoiceGroup {
            label: None,
            choices,
        }]
    });

    view! {
        <fieldset class="me-fieldset">
            <legend>{editor.locale.word(|l| measure_texts(l).section_progress)}</legend>
            <SelectField
                record=record
                field=key("status")
                label=Signal::derive(move || t().field_status.to_owned())
                groups=statuses
            />
            <TextField
                record=record
                field=key("percent")
                label=Signal::derive(move || t().field_percent.to_owned())
                hint=Signal::derive(move || t().hint_percent.to_owned())
                parse=parse::integer
                options=TextOptions { inputmode: Some("numeric"), ..TextOptions::default() }
            />
            <TextField
                record=record
                field=key("notes")
                label=Signal::derive(move || t().field_notes.to_owned())
                parse=|input| Ok(parse::multi_line(input))
                options=TextOptions { multiline: true, rows: Some(5), ..TextOptions::default() }
            />
        </fieldset>
    }
}
