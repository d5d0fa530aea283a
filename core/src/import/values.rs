//! Cell values as people type them, read into the domain's types: full-width digits and
//! thousands separators, percentages, dates in the Gregorian and Japanese calendars (and as
//! XLSX serial numbers), fiscal years, statuses in Japanese or English, yes/no marks.
//!
//! Every function takes a cell and answers `Ok(None)` for an empty cell, or the reason the
//! value is refused.

use chrono::{Days, NaiveDate};

use super::cell::{number_text, CellValue};
use super::error::RefusalReason;
use crate::calendar::{parse_japanese_date, FiscalYear};
use crate::domain::Status;
use crate::text;

/// The cell's text as written; the problems every reader shares (formula without value,
/// error values) are refused here.
fn raw_text(cell: &CellValue) -> Result<Option<String>, RefusalReason> {
    match cell {
        CellValue::FormulaWithoutValue(_) => Err(RefusalReason::FormulaWithoutValue),
        CellValue::Error(text) => Err(RefusalReason::ErrorValue { text: text.clone() }),
        CellValue::Empty => Ok(None),
        other => Ok(other.as_text().filter(|text| !text.trim().is_empty())),
    }
}

/// A one-line text (title, department, names): width folded (`Ａ１` → `A1`, half-width kana
/// to full-width), trimmed; `""` for an empty cell.
pub fn single_line(cell: &CellValue) -> Result<String, RefusalReason> {
    Ok(raw_text(cell)?
        .map(|text| text::fold_width(&text).trim().to_owned())
        .unwrap_or_default())
}

/// Free text (notes): width folded, line ends unified, blank lines at both ends removed.
pub fn multi_line(cell: &CellValue) -> Result<String, RefusalReason> {
    Ok(raw_text(cell)?
        .map(|text| text::normalize_multiline(&text))
        .unwrap_or_default())
}

/// A number: `1,234.5`, `１２３`, `△5` (negative), or a numeric cell.
pub fn number(cell: &CellValue) -> Result<Option<f64>, RefusalReason> {
    match cell {
        CellValue::Number(value) | CellValue::Percent(value) => Ok(Some(*value)),
        _ => {
            let Some(text) = raw_text(cell)? else {
                return Ok(None);
            };
            text::parse_decimal(&text)
                .map(Some)
                .ok_or(RefusalReason::InvalidNumber { text })
        }
    }
}

/// Progress from 0 to 100: `40`, `40%`, `４０％`, `40.4` (rounded), or a percent-formatted
/// cell holding the fraction `0.4`.
pub fn percent(cell: &CellValue) -> Result<Option<u8>, RefusalReason> {
    let (value, text) = match cell {
        CellValue::Percent(fraction) => (Some(fraction * 100.0), number_text(*fraction)),
        CellValue::Number(value) => (Some(*value), number_text(*value)),
        _ => {
            let Some(text) = raw_text(cell)? else {
                return Ok(None);
            };
            let folded = text::normalize(&text);
            let digits = folded.trim_end_matches('%').trim_end();
            (text::parse_decimal(digits), text)
        }
    };
    match value {
        Some(value) if (0.0..=100.0).contains(&value.round()) => Ok(Some(value.round() as u8)),
        _ => Err(RefusalReason::InvalidPercent { text }),
    }
}

/// A date: `2025/3/31`, `2025-03-31`, `2025年3月31日`, `令和7年3月31日`, `R7.3.31`,
/// `H31/4/30`, full-width digits too, a time after the date ignored (`2025/3/31 0:00`), or
/// an XLSX date serial number.
pub fn date(cell: &CellValue) -> Result<Option<NaiveDate>, RefusalReason> {
    match cell {
        CellValue::DateSerial(serial) | CellValue::Number(serial) => serial_date(*serial)
            .map(Some)
            .ok_or(RefusalReason::InvalidDate {
                text: number_text(*serial),
            }),
        _ => {
            let Some(text) = raw_text(cell)? else {
                return Ok(None);
            };
            parse_date_text(&text)
                .map(Some)
                .ok_or(RefusalReason::InvalidDate { text })
        }
    }
}

fn parse_date_text(input: &str) -> Option<NaiveDate> {
    let normalized = text::normalize(input);
    // A time Excel appends when a date cell is saved as CSV.
    let date_part = normalized.split(' ').next()?;
    if date_part.starts_with(|c: char| !c.is_ascii_digit()) {
        return parse_japanese_date(date_part).ok();
    }
    let parts: Vec<&str> = if let Some(rest) = date_part.strip_suffix('日') {
        let (year, rest) = rest.split_once('年')?;
        let (month, day) = rest.split_once('月')?;
        vec![year, month, day]
    } else {
        date_part.split(['/', '-', '.']).collect()
    };
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if year.len() != 4 || ![year, month, day].into_iter().all(|p| all_digits(p)) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// Excel's 1900 date system: serial 1 is 1900-01-01, and Excel counts a 29 February 1900
/// that never was (serial 60), so later serials are one day ahead. Times (the fraction) are
/// dropped. Serials outside 1 to 2958465 (9999-12-31) are refused.
pub fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as u64;
    let epoch = if days >= 61 {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    };
    epoch.checked_add_days(Days::new(days))
}

/// A fiscal year: `令和7年度`, `R7`, `FY2025`, `2025`, a numeric cell, or the app's own
/// export label `令和7年度 (FY2025)`.
pub fn fiscal_year(cell: &CellValue) -> Result<Option<FiscalYear>, RefusalReason> {
    let Some(text) = raw_text(cell)? else {
        return Ok(None);
    };
    let normalized = text::normalize(&text);
    // `令和7年度 (FY2025)`: the Gregorian year in brackets is the unambiguous part.
    let candidate = match normalized.split_once('(') {
        Some((_, bracketed)) => bracketed.trim_end_matches(')').trim(),
        None => normalized.as_str(),
    };
    FiscalYear::parse(candidate)
        .map(Some)
        .map_err(|_| RefusalReason::InvalidFiscalYear { text })
}

/// Words people use for the five statuses besides the app's own labels (which
/// [`Status::from_str`](std::str::FromStr) reads, in Japanese and English).
const STATUS_WORDS: [(&str, Status); 12] = [
    ("未実施", Status::NotStarted),
    ("未", Status::NotStarted),
    ("not_started", Status::NotStarted),
    ("実施中", Status::InProgress),
    ("進行中", Status::InProgress),
    ("対応中", Status::InProgress),
    ("着手", Status::InProgress),
    ("in_progress", Status::InProgress),
    ("済", Status::Done),
    ("完了済", Status::Done),
    ("完了済み", Status::Done),
    ("中止", Status::WontDo),
];

pub fn status(cell: &CellValue) -> Result<Option<Status>, RefusalReason> {
    let Some(text) = raw_text(cell)? else {
        return Ok(None);
    };
    if let Ok(status) = text.parse::<Status>() {
        return Ok(Some(status));
    }
    let normalized = text::normalize(&text).to_lowercase();
    STATUS_WORDS
        .iter()
        .find(|(word, _)| *word == normalized)
        .map(|(_, status)| Some(*status))
        .ok_or(RefusalReason::InvalidStatus { text })
}

const YES: [&str; 15] = [
    "○", "◯", "〇", "●", "◎", "✓", "✔", "yes", "y", "true", "1", "重点", "はい", "あり", "必須",
];
const NO: [&str; 10] = [
    "×",
    "✕",
    "no",
    "n",
    "false",
    "0",
    "-",
    "いいえ",
    "なし",
    "任意",
];

/// A yes/no mark (重点, 必須): `○` and its look-alikes, `✓`, `yes`, `true`, `1`, `はい`,
/// `あり`, `重点`, `【重点】`, `必須`; empty, `×`, `no`, `false`, `0`, `-`, `いいえ`, `なし`
/// and `任意` are no.
pub fn flag(cell: &CellValue) -> Result<bool, RefusalReason> {
    if let CellValue::Bool(value) = cell {
        return Ok(*value);
    }
    let Some(text) = raw_text(cell)? else {
        return Ok(false);
    };
    let normalized = text::normalize(&text).to_lowercase();
    let word = normalized.trim_start_matches('【').trim_end_matches('】');
    if YES.contains(&word) {
        Ok(true)
    } else if NO.contains(&word) {
        Ok(false)
    } else {
        Err(RefusalReason::InvalidFlag { text })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> CellValue {
        CellValue::Text(value.to_owned())
    }

    fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, month, day)
    }

    #[test]
    fn dates_as_people_type_them() {
        for input in [
            "2025/3/31",
            "2025-03-31",
            "２０２５／３／３１",
            "2025年3月31日",
            "令和7年3月31日",
            "令和７年３月３１日",
            "R7.3.31",
            "r7/3/31",
            "2025/3/31 0:00:00",
        ] {
            assert_eq!(date(&text(input)), Ok(ymd(2025, 3, 31)), "{input}");
        }
        assert_eq!(date(&text("H31.4.30")), Ok(ymd(2019, 4, 30)));
        assert_eq!(date(&CellValue::DateSerial(45747.0)), Ok(ymd(2025, 3, 31)));
        assert_eq!(date(&CellValue::DateSerial(1.0)), Ok(ymd(1900, 1, 1)));
        assert_eq!(date(&CellValue::DateSerial(61.0)), Ok(ymd(1900, 3, 1)));
        assert_eq!(date(&CellValue::Empty), Ok(None));
        for bad in [
            "令和99年13月",
            "令和7年2月30日",
            "2025/13/1",
            "来年",
            "25/3/31",
        ] {
            assert_eq!(
                date(&text(bad)),
                Err(RefusalReason::InvalidDate { text: bad.into() }),
                "{bad}"
            );
        }
    }

    #[test]
    fn percents_numbers_and_years() {
        assert_eq!(percent(&text("４０％")), Ok(Some(40)));
        assert_eq!(percent(&text("40.4")), Ok(Some(40)));
        assert_eq!(percent(&CellValue::Percent(0.5)), Ok(Some(50)));
        assert_eq!(percent(&CellValue::Number(100.0)), Ok(Some(100)));
        assert!(percent(&text("120")).is_err());
        assert!(percent(&text("半分")).is_err());
        assert_eq!(number(&text("１,２３４.５")), Ok(Some(1234.5)));
        assert_eq!(number(&text("△5")), Ok(Some(-5.0)));
        assert_eq!(
            fiscal_year(&text("令和7年度 (FY2025)")),
            Ok(Some(FiscalYear(2025)))
        );
        assert_eq!(fiscal_year(&text("R7")), Ok(Some(FiscalYear(2025))));
        assert_eq!(
            fiscal_year(&CellValue::Number(2026.0)),
            Ok(Some(FiscalYear(2026)))
        );
        assert!(fiscal_year(&text("らいねん")).is_err());
    }

    #[test]
    fn statuses_and_flags() {
        assert_eq!(status(&text("作業中")), Ok(Some(Status::InProgress)));
        assert_eq!(status(&text("Done")), Ok(Some(Status::Done)));
        assert_eq!(status(&text("進行中")), Ok(Some(Status::InProgress)));
        assert!(status(&text("たぶん")).is_err());
        assert_eq!(flag(&text("○")), Ok(true));
        assert_eq!(flag(&text("【重点】")), Ok(true));
        assert_eq!(flag(&text("Yes")), Ok(true));
        assert_eq!(flag(&CellValue::Empty), Ok(false));
        assert!(flag(&text("maybe")).is_err());
        assert_eq!(
            single_line(&CellValue::FormulaWithoutValue("A1".into())),
            Err(RefusalReason::FormulaWithoutValue)
        );
    }
}
