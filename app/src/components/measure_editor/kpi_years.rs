//! A KPI's targets and actuals, one row per fiscal year (fields `target_fy2025`,
//! `actual_fy2025`), numbers typed the Japanese way (１，２３４．５).

use crate::components::keyed::Keyed;
use crate::components::when::When;
use crate::i18n::measure::measure_texts;
use leptos::prelude::*;
use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::client::{FieldKey, RecordView};
use tsunagu_core::domain::KpiSeries;

use super::choices::Choices;
use super::commit::commit;
use super::context::{control_id, Editor};
use super::fiscal_year_field::stored_year;
use super::parse;
use super::text_control::{TextControl, TextOptions};
use super::text_field::value_text;
use super::years::years_to_show;
use crate::i18n::measure::fill;

/// The years that hold a target or an actual.
fn years_with_data(view: &RecordView) -> Vec<i32> {
    view.values
        .iter()
        .filter(|(_, value)| !value.is_null())
        .filter_map(|(field, _)| match KpiSeries::parse_field(field) {
            Some(Ok((_, year))) => Some(year),
            _ => None,
        })
        .collect()
}

#[component]
pub fn KpiYears(
    record: Memo<Option<RecordView>>,
    measure: Memo<Option<RecordView>>,
    name: Signal<String>,
) -> impl IntoView {
    let editor = Editor::expect();
    let choices = Choices::expect();
    let start = editor.value(measure, "start_fy");
    let end = editor.value(measure, "end_fy");
    let years = Memo::new(move |_| {
        let period = (
            start.with(stored_year).map(|y| y.0),
            end.with(stored_year).map(|y| y.0),
        );
        let with_data = record.with(|view| view.as_ref().map(years_with_data).unwrap_or_default());
        years_to_show(period, choices.plan_period.get(), with_data)
    });
    let t = move || editor.texts();

    view! {
        <When
            when=move || years.with(|y| !y.is_empty())
            fallback=move || view! { <p class="me-hint">{t().kpi_years_empty}</p> }
        >
            <table class="me-table me-table--numbers">
                <caption>{move || fill(t().kpi_years_caption, &[("name", &name.get())])}</caption>
                <thead>
                    <tr>
                        <th scope="col">{editor.locale.word(|l| measure_texts(l).col_fiscal_year)}</th>
                        <th scope="col">{editor.locale.word(|l| measure_texts(l).target)}</th>
                        <th scope="col">{editor.locale.word(|l| measure_texts(l).actual)}</th>
                    </tr>
                </thead>
                <tbody>
                    <Keyed each=move || years.get() key=|year| *year let:year>
                        <tr>
                            <th scope="row">
                                {FiscalYear(year).label_ja()} <br/>
                                <span class="me-muted">{FiscalYear(year).label_en()}</span>
                            </th>
                            <td><YearCell record=record series=KpiSeries::Target year=year/></td>
                            <td><YearCell record=record series=KpiSeries::Actual year=year/></td>
                        </tr>
                    </Keyed>
                </tbody>
            </table>
        </When>
    }
}

#[component]
fn YearCell(record: Memo<Option<RecordView>>, series: KpiSeries, year: i32) -> impl IntoView {
    let editor = Editor::expect();
    let error = RwSignal::new(None);
    let Some(kpi) = record.with_untracked(|view| view.as_ref().map(|v| v.key.clone())) else {
        return ().into_any();
    };
    let field = FieldKey {
        record: kpi,
        field: series.field_name(year).into(),
    };
    let id = control_id(&field);
    let value = editor.value(record, field.field.clone());
    let text = Signal::derive(move || value.with(value_text));
    let key = StoredValue::new(field);
    let save = Callback::new(move |input: String| {
        commit(editor, key.get_value(), parse::optional_number(&input)?)
    });
    let label = Signal::derive(move || {
        key.with_value(|k| {
            editor
                .texts()
                .field_label(editor.lang(), k.record.kind, &k.field)
        })
    });
    let options = TextOptions {
        inputmode: Some("decimal"),
        aria_label: Some(label),
        ..TextOptions::default()
    };

    view! {
        <TextControl id=id.clone() text=text save=save error=error options=options/>
        <p id=format!("{id}-hint") class="me-hint"></p>
        <p id=format!("{id}-error") class="me-error" role="alert">
            {move || error.get().map(|message| view! { <span aria-hidden="true">"⚠ "</span> {message} })}
        </p>
    }
    .into_any()
}
