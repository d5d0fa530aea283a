//! 期間と期限: first and last fiscal year, and the deadline.

use crate::i18n::measure::measure_texts;
use leptos::prelude::*;
use tsunagu_core::client::RecordView;

use super::context::Editor;
use super::deadline_field::DeadlineField;
use super::fiscal_year_field::{FiscalYearField, PeriodEnd};

#[component]
pub fn PeriodFields(record: Memo<Option<RecordView>>) -> impl IntoView {
    let editor = Editor::expect();
    let t = move || editor.texts();

    view! {
        <fieldset class="me-fieldset">
            <legend>{editor.locale.word(|l| measure_texts(l).section_period)}</legend>
            <FiscalYearField
                record=record
                end=PeriodEnd::Start
                label=Signal::derive(move || t().field_start_fy.to_owned())
            />
            <FiscalYearField
                record=record
                end=PeriodEnd::End
                label=Signal::derive(move || t().field_end_fy.to_owned())
            />
            <DeadlineField record=record/>
        </fieldset>
    }
}
