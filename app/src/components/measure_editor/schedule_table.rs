//! 年度別スケジュール: one row per fiscal year of the period, what is planned that year. The
//! schedule is one field (an object from year to text), so a row saves the whole object.

use crate::components::keyed::Keyed;
use crate::components::when::When;
use crate::i18n::measure::measure_texts;
use std::collections::BTreeMap;

use leptos::prelude::*;
use serde_json::{Map, Value};
use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::client::{FieldKey, RecordView};

use super::choices::Choices;
use super::commit::commit;
use super::conflict_notice::ConflictNotice;
use super::context::{control_id, Editor};
use super::fiscal_year_field::stored_year;
use super::parse;
use super::text_control::{TextControl, TextOptions};
use super::years::years_to_show;
use crate::i18n::measure::{fill, fiscal_year_label};

/// The stored schedule as year → text.
fn schedule_of(value: &Value) -> BTreeMap<i32, String> {
    // Extended, not collected: collecting sorts first, a copy of the sort in the wasm per map type.
    let mut schedule = BTreeMap::new();
    if let Some(years) = value.as_object() {
        schedule.extend(
            years
                .iter()
                .filter_map(|(year, text)| Some((year.parse().ok()?, text.as_str()?.to_owned()))),
        );
    }
    schedule
}

/// The schedule with `year` set to `text` (removed when empty), as stored.
fn with_year(schedule: &BTreeMap<i32, String>, year: i32, text: Value) -> Value {
    let mut years = Map::new();
    years.extend(
        schedule
            .iter()
            .map(|(y, t)| (y.to_string(), Value::from(t.as_str()))),
    );
    match text {
        Value::String(text) if !text.is_empty() => {
            years.insert(year.to_string(), Value::String(text));
        }
        _ => {
            years.remove(&year.to_string());
        }
    }
    Value::Object(years)
}

#[component]
pub fn ScheduleTable(record: Memo<Option<RecordView>>) -> impl IntoView {
    let editor = Editor::expect();
    let choices = Choices::expect();
    let field = FieldKey {
        record: editor.measure_key(),
        field: "schedule".into(),
    };
    let value = editor.value(record, "schedule");
    let schedule = Memo::new(move |_| value.with(schedule_of));
    let start = editor.value(record, "start_fy");
    let end = editor.value(record, "end_fy");
    let years = Memo::new(move |_| {
        let period = (
            start.with(stored_year).map(|y| y.0),
            end.with(stored_year).map(|y| y.0),
        );
        years_to_show(
            period,
            choices.plan_period.get(),
            schedule.with(|s| s.keys().copied().collect::<Vec<_>>()),
        )
    });
    let t = move || editor.texts();
    let label = Signal::derive(move || t().field_schedule.to_owned());
    let table_id = control_id(&field);
    let row_field = StoredValue::new(field.clone());

    view! {
        <section class="me-section" aria-labelledby="me-schedule-heading">
            <h2 id="me-schedule-heading">{editor.locale.word(|l| measure_texts(l).section_schedule)}</h2>
            <ConflictNotice field=field.clone() label=label/>
            <When
                when=move || years.with(|y| !y.is_empty())
                fallback=move || view! { <p class="me-hint">{t().schedule_empty_period}</p> }
            >
                <table class="me-table" id=table_id.clone()>
                    <caption>{editor.locale.word(|l| measure_texts(l).schedule_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{editor.locale.word(|l| measure_texts(l).col_fiscal_year)}</th>
                            <th scope="col">{editor.locale.word(|l| measure_texts(l).schedule_col_plan)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <Keyed each=move || years.get() key=|year| *year let:year>
                            <ScheduleRow year=year schedule=schedule field=row_field.get_value()/>
                        </Keyed>
                    </tbody>
                </table>
            </When>
        </section>
    }
}

#[component]
fn ScheduleRow(year: i32, schedule: Memo<BTreeMap<i32, String>>, field: FieldKey) -> impl IntoView {
    let editor = Editor::expect();
    let error = RwSignal::new(None);
    let id = format!("{}-{year}", control_id(&field));
    let text = Signal::derive(move || schedule.with(|s| s.get(&year).cloned().unwrap_or_default()));
    let key = StoredValue::new(field);
    let save = Callback::new(move |input: String| {
        let whole = schedule.with_untracked(|s| with_year(s, year, parse::multi_line(&input)));
        commit(editor, key.get_value(), whole)
    });
    let label = Signal::derive(move || {
        let year = fiscal_year_label(editor.lang(), FiscalYear(year));
        fill(editor.texts().schedule_cell_label, &[("year", &year)])
    });
    let options = TextOptions {
        multiline: true,
        rows: Some(2),
        aria_label: Some(label),
        ..TextOptions::default()
    };

    view! {
        <tr>
            <th scope="row">{FiscalYear(year).label_ja()} <br/> <span class="me-muted">{FiscalYear(year).label_en()}</span></th>
            <td>
                <TextControl id=id.clone() text=text save=save error=error options=options/>
                <p id=format!("{id}-hint") class="me-hint"></p>
                <p id=format!("{id}-error") class="me-error" role="alert">
                    {move || error.get().map(|message| view! { <span aria-hidden="true">"⚠ "</span> {message} })}
                </p>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_row_sets_or_removes_its_year() {
        let schedule = BTreeMap::from([(2024, "調査".to_owned())]);
        let set = with_year(&schedule, 2025, Value::from("導入"));
        assert_eq!(set, serde_json::json!({"2024": "調査", "2025": "導入"}));
        let removed = with_year(&schedule, 2024, Value::from(""));
        assert_eq!(removed, serde_json::json!({}));
        assert_eq!(
            schedule_of(&set).get(&2025).map(String::as_str),
            Some("導入")
        );
    }
}
