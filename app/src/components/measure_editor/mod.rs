//! The measure editor (`/measures/:id`): every field of a measure, its schedule by fiscal year,
//! its KPIs, its history, conflict notices and deletion.
//!
//! Each field saves on `change` (after the IME commits), checked against the field schema
//! first; errors are shown in words beside the field. Inputs are never rewritten while the
//! user has unsaved typing in them.

mod add_kpi;
mod checkbox_field;
mod choices;
mod commit;
mod confirm_action;
mod conflict_notice;
mod conflict_summary;
mod context;
mod deadline_field;
mod delete_measure;
mod field_row;
mod fields_form;
mod fiscal_year_field;
mod format;
mod history_list;
mod input_error;
mod kpi_card;
mod kpi_list;
mod kpi_years;
mod parse;
mod period_fields;
mod progress_fields;
mod schedule_table;
mod select_field;
mod sync_badge;
mod text_control;
mod text_field;
mod years;

use crate::components::when::When;
use crate::i18n::measure::measure_texts;
use leptos::prelude::*;
use tsunagu_core::org::OrgCode;

use choices::Choices;
use conflict_summary::ConflictSummary;
use context::Editor;
use delete_measure::DeleteMeasure;
use fields_form::FieldsForm;
use history_list::HistoryList;
use kpi_list::KpiList;
use period_fields::PeriodFields;
use progress_fields::ProgressFields;
use schedule_table::ScheduleTable;
use sync_badge::SyncBadge;
use text_field::value_text;

/// The editor of measure `id`, owned by `org`. The page shows it only while the measure exists.
#[component]
pub fn MeasureEditor(id: String, org: OrgCode) -> impl IntoView {
    let editor = Editor::provide(id, org);
    let record = editor.record(editor.measure_key());
    Choices::provide(editor, record);
    let title = editor.value(record, "title");
    let t = move || editor.texts();

    view! {
        <article class="me-page" aria-labelledby="me-title">
            <header class="me-page__header">
                <p class="me-eyebrow">{editor.locale.word(|l| measure_texts(l).page_kind)}</p>
                <h1 id="me-title">{move || title.with(value_text)}</h1>
                <SyncBadge record=record live=true/>
                {move || {
                    editor
                        .read_only()
                        .map(|reason| {
                            view! {
                                <p class="me-read-only">
                                    {reason.message(t())}
                                </p>
                            }
                        })
                }}
            </header>
            <ConflictSummary/>
            <div class="me-form">
                <FieldsForm record=record/>
                <ProgressFields record=record/>
                <PeriodFields record=record/>
            </div>
            <ScheduleTable record=record/>
            <KpiList measure=record/>
            <HistoryList/>
            <When when=move || editor.can_edit()>
                <DeleteMeasure record=record/>
            </When>
        </article>
    }
}
