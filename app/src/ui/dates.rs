//! Dates and fiscal years as each language shows them: 令和7年4月1日 and 令和7年度 (FY2025) in
//! Japanese, ISO dates and FY2025 in English. Times are the browser's local time.

use chrono::NaiveDate;
use tsunagu_core::calendar::{format_japanese_date, iso_date, parse_ymd, FiscalYear};

use crate::i18n::Lang;

/// Today in the browser's time zone.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    local_date(&now).unwrap_or_default()
}

fn local_date(date: &js_sys::Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::try_from(date.get_full_year()).ok()?,
        date.get_month() + 1,
        date.get_date(),
    )
}

/// `令和7年4月1日` / `2025-04-01`.
pub fn format_date(lang: Lang, date: NaiveDate) -> String {
    match lang {
        Lang::Ja => format_japanese_date(date),
        Lang::En => iso_date(date),
    }
}

/// A moment (milliseconds since the epoch) in local time: `令和7年4月1日 9:05` / `2025-04-01 09:05`.
pub fn format_timestamp(lang: Lang, ms: u64) -> String {
    let moment = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let clock = format!("{:02}:{:02}", moment.get_hours(), moment.get_minutes());
    match local_date(&moment) {
        Some(date) => format!("{} {clock}", format_date(lang, date)),
        None => clock,
    }
}

/// Only the clock (`09:05`) when `ms` is today, else the date too.
pub fn format_recent(lang: Lang, ms: u64) -> String {
    let moment = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    if local_date(&moment) == Some(today()) {
        format!("{:02}:{:02}", moment.get_hours(), moment.get_minutes())
    } else {
        format_timestamp(lang, ms)
    }
}

/// `令和7年度 (FY2025)` / `FY2025`.
pub fn fiscal_year_label(lang: Lang, year: FiscalYear) -> String {
    match lang {
        Lang::Ja => year.label_both(),
        Lang::En => year.label_en(),
    }
}

/// `令和4年度〜令和7年度 (FY2022–FY2025)` / `FY2022–FY2025`.
pub fn period_label(lang: Lang, start: FiscalYear, end: FiscalYear) -> String {
    match lang {
        Lang::Ja => format!(
            "{}〜{} ({}–{})",
            start.label_ja(),
            end.label_ja(),
            start.label_en(),
            end.label_en()
        ),
        Lang::En => format!("{}–{}", start.label_en(), end.label_en()),
    }
}

/// The value of an `<input type="date">` (`2025-04-01`); empty means no date.
pub fn parse_input_date(value: &str) -> Option<NaiveDate> {
    parse_ymd(value.trim())
}

/// What an `<input type="date">` shows for `date`.
pub fn input_date_value(date: Option<NaiveDate>) -> String {
    date.map(iso_date).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn periods_and_dates_in_both_languages() {
        let (start, end) = (FiscalYear(2022), FiscalYear(2025));
        assert_eq!(
            period_label(Lang::Ja, start, end),
            "令和4年度〜令和7年度 (FY2022–FY2025)"
        );
        assert_eq!(period_label(Lang::En, start, end), "FY2022–FY2025");
        let date = NaiveDate::from_ymd_opt(2025, 4, 1).expect("valid");
        assert_eq!(format_date(Lang::Ja, date), "令和7年4月1日");
        assert_eq!(format_date(Lang::En, date), "2025-04-01");
        assert_eq!(parse_input_date("2025-04-01"), Some(date));
        assert_eq!(parse_input_date(""), None);
        assert_eq!(input_date_value(Some(date)), "2025-04-01");
    }
}
