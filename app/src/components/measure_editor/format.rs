//! Stored values in words: statuses, fiscal years as 令和7年度 (FY2025), dates in the Japanese
//! era, policy and area names instead of ids, and times of changes.

use serde_json::Value;
use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::domain::{RecordKind, Status};

use super::choices::Choices;
use crate::components::status_badge::{status_icon, status_label};
use crate::i18n::measure::MeasureTexts;
use crate::i18n::Lang;
use crate::ui::dates::{format_date, format_timestamp, parse_input_date};

/// `2026-03-31` → 令和8年3月31日 (ja) or the ISO date itself (en).
pub fn date_label(iso: &str, lang: Lang) -> String {
    parse_input_date(iso).map_or_else(|| iso.to_owned(), |date| format_date(lang, date))
}

/// A number as typed back into an input: `40`, `72.1`, never `40.0`.
pub fn number_text(value: &Value) -> String {
    match value {
        Value::Number(number) => match number.as_i64() {
            Some(integer) => integer.to_string(),
            None => number.as_f64().map(|f| f.to_string()).unwrap_or_default(),
        },
        _ => String::new(),
    }
}

/// A value of field `field` of a `kind` record, in words, for notices and the history.
pub fn display_value(
    value: &Value,
    kind: RecordKind,
    field: &str,
    lang: Lang,
    t: &MeasureTexts,
    choices: Choices,
) -> String {
    let text = match (kind, field, value) {
        (_, _, Value::Null) => None,
        (RecordKind::Measure, "status", Value::String(label)) => label
            .parse::<Status>()
            .ok()
            .map(|status| format!("{} {}", status_icon(status), status_label(status, lang))),
        (RecordKind::Measure, "start_fy" | "end_fy", Value::Number(year)) => year
            .as_i64()
            .and_then(|year| i32::try_from(year).ok())
            .map(|year| FiscalYear(year).label_both()),
        (RecordKind::Measure, "deadline", Value::String(iso)) => Some(date_label(iso, lang)),
        (RecordKind::Measure, "policy_id", Value::String(id)) => choices.policy_title(id),
        (RecordKind::Measure, "area", Value::String(id)) => choices.area_name(id, lang),
        (RecordKind::Measure, "percent", Value::Number(_)) => {
            Some(format!("{}%", number_text(value)))
        }
        (RecordKind::Measure, "schedule", Value::Object(years)) => Some(
            years
                .iter()
                .filter_map(|(year, text)| {
                    let year = FiscalYear(year.parse().ok()?);
                    Some(format!("{}: {}", year.label_both(), text.as_str()?))
                })
                .collect::<Vec<_>>()
                .join(" / "),
        ),
        (_, _, Value::Bool(flag)) => Some(if *flag { t.yes } else { t.no }.to_owned()),
        (_, _, Value::Number(_)) => Some(number_text(value)),
        (_, _, Value::String(text)) => Some(text.clone()),
        (_, _, other) => Some(other.to_string()),
    };
    match text {
        Some(text) if !text.trim().is_empty() => text,
        _ => t.empty_value.to_owned(),
    }
}

/// When something happened: an ISO timestamp for `<time datetime>`, and the local time in
/// words (令和7年4月1日 14:05 in Japanese, 2025-04-01 14:05 in English).
pub fn time_label(wall_ms: u64, lang: Lang) -> (String, String) {
    let moment = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(wall_ms as f64));
    (
        String::from(moment.to_iso_string()),
        format_timestamp(lang, wall_ms),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn dates_in_the_japanese_era() {
        assert_eq!(date_label("2026-03-31", Lang::Ja), "令和8年3月31日");
        assert_eq!(date_label("2026-03-31", Lang::En), "2026-03-31");
    }

    #[wasm_bindgen_test]
    fn numbers_as_typed() {
        assert_eq!(number_text(&Value::from(40)), "40");
        assert_eq!(number_text(&Value::from(72.1)), "72.1");
        assert_eq!(number_text(&Value::Null), "");
    }
}
