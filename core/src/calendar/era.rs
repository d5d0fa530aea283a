//! Japanese eras (元号) since 1926, with their exact first and last days.
//!
//! An era's first year is written 元年 ("first year"), not 1年: 令和元年 is 2019.
//! The year an era began is shared with the era before it: 2019-04-30 is 平成31年,
//! 2019-05-01 is 令和元年.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::CalendarError;
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JapaneseEra {
    Showa,
    Heisei,
    Reiwa,
}

/// Evaluated at compile time only (through the constants below), so it cannot panic at run time.
const fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid era boundary"),
    }
}

const SHOWA_FIRST_DAY: NaiveDate = date(1926, 12, 25);
const SHOWA_LAST_DAY: NaiveDate = date(1989, 1, 7);
const HEISEI_FIRST_DAY: NaiveDate = date(1989, 1, 8);
const HEISEI_LAST_DAY: NaiveDate = date(2019, 4, 30);
const REIWA_FIRST_DAY: NaiveDate = date(2019, 5, 1);

impl JapaneseEra {
    /// Oldest first.
    pub const ALL: [JapaneseEra; 3] = [JapaneseEra::Showa, JapaneseEra::Heisei, JapaneseEra::Reiwa];

    pub fn name_ja(self) -> &'static str {
        match self {
            JapaneseEra::Showa => "昭和",
            JapaneseEra::Heisei => "平成",
            JapaneseEra::Reiwa => "令和",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            JapaneseEra::Showa => "Showa",
            JapaneseEra::Heisei => "Heisei",
            JapaneseEra::Reiwa => "Reiwa",
        }
    }

    /// The letter used in abbreviations such as `R7.4.1` and `H30`.
    pub fn letter(self) -> char {
        match self {
            JapaneseEra::Showa => 'S',
            JapaneseEra::Heisei => 'H',
            JapaneseEra::Reiwa => 'R',
        }
    }

    pub fn first_day(self) -> NaiveDate {
        match self {
            JapaneseEra::Showa => SHOWA_FIRST_DAY,
            JapaneseEra::Heisei => HEISEI_FIRST_DAY,
            JapaneseEra::Reiwa => REIWA_FIRST_DAY,
        }
    }

    /// `None` for the current era.
    pub fn last_day(self) -> Option<NaiveDate> {
        match self {
            JapaneseEra::Showa => Some(SHOWA_LAST_DAY),
            JapaneseEra::Heisei => Some(HEISEI_LAST_DAY),
            JapaneseEra::Reiwa => None,
        }
    }

    /// The Gregorian year of the era's 元年.
    pub fn first_year(self) -> i32 {
        self.first_day().year()
    }

    /// The last year number the era reached (昭和64, 平成31); `None` for the current era.
    pub fn last_year(self) -> Option<u32> {
        self.last_day().map(|last| self.era_year_of(last.year()))
    }

    /// Gregorian year → year of this era, counting 元年 as 1 (may be meaningless outside it).
    pub(super) fn era_year_of(self, gregorian_year: i32) -> u32 {
        u32::try_from(gregorian_year - self.first_year() + 1).unwrap_or(0)
    }

    /// Year `era_year` of this era as a Gregorian year.
    pub fn to_gregorian_year(self, era_year: u32) -> i32 {
        let offset = i32::try_from(era_year).unwrap_or(i32::MAX - self.first_year());
        self.first_year() + offset - 1
    }

    /// The era and era year of `date`, or `None` before 昭和 (1926-12-25).
    pub fn of_date(date: NaiveDate) -> Option<(JapaneseEra, u32)> {
        JapaneseEra::ALL
            .into_iter()
            .rev()
            .find(|era| date >= era.first_day())
            .map(|era| (era, era.era_year_of(date.year())))
    }

    /// Recognises `令和`, `R`, `r` (and the same for the other eras) at the start of `input`,
    /// returning the era and the rest.
    pub(super) fn strip_prefix(input: &str) -> Option<(JapaneseEra, &str)> {
        JapaneseEra::ALL.into_iter().find_map(|era| {
            if let Some(rest) = input.strip_prefix(era.name_ja()) {
                return Some((era, rest));
            }
            let mut chars = input.chars();
            let first = chars.next()?;
            first
                .eq_ignore_ascii_case(&era.letter())
                .then_some((era, chars.as_str()))
        })
    }
}

impl fmt::Display for JapaneseEra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_ja())
    }
}

/// `1` → `"元"`, otherwise the number.
pub(super) fn era_year_label(era_year: u32) -> String {
    if era_year == 1 {
        "元".to_owned()
    } else {
        era_year.to_string()
    }
}

/// `"元"` → 1, `"07"` → 7; at most four digits.
pub(super) fn parse_era_year(text: &str) -> Option<u32> {
    if text == "元" {
        return Some(1);
    }
    let digits_only =
        !text.is_empty() && text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit());
    digits_only.then(|| text.parse().ok()).flatten()
}

/// The era and era year of `date` (2019-05-01 → 令和 1), or `None` before 1926-12-25.
pub fn to_japanese(date: NaiveDate) -> Option<(JapaneseEra, u32)> {
    JapaneseEra::of_date(date)
}

/// `2025-04-01` → `"令和7年4月1日"`, `2019-05-01` → `"令和元年5月1日"`. Dates before 昭和 are
/// written with the Gregorian year (`"1900年1月1日"`).
pub fn format_japanese_date(date: NaiveDate) -> String {
    let year = match to_japanese(date) {
        Some((era, era_year)) => format!("{}{}", era.name_ja(), era_year_label(era_year)),
        None => date.year().to_string(),
    };
    format!("{year}年{}月{}日", date.month(), date.day())
}

/// Reads `令和7年4月1日`, `令和元年5月1日`, `R7.4.1`, `R7/4/1`, `H31-4-30`, with full-width
/// digits and spaces allowed. The date must lie inside the era: `平成31年5月1日` is rejected.
pub fn parse_japanese_date(input: &str) -> Result<NaiveDate, CalendarError> {
    let unrecognised = || CalendarError::UnrecognisedDate {
        input: input.to_owned(),
    };
    let normalized: String = text::normalize(input).split_whitespace().collect();
    let (era, rest) = JapaneseEra::strip_prefix(&normalized).ok_or_else(unrecognised)?;
    let [year, month, day] = split_date_parts(rest).ok_or_else(unrecognised)?;
    let era_year = parse_era_year(year).ok_or_else(unrecognised)?;
    let month: u32 = parse_small_number(month).ok_or_else(unrecognised)?;
    let day: u32 = parse_small_number(day).ok_or_else(unrecognised)?;
    if era_year == 0 || era.last_year().is_some_and(|last| era_year > last) {
        return Err(CalendarError::EraYearOutOfRange {
            era,
            year: era_year,
            last: era.last_year(),
        });
    }
    let year = era.to_gregorian_year(era_year);
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(CalendarError::NoSuchDate {
        year,
        month,
        day,
    })?;
    let inside = date >= era.first_day() && era.last_day().is_none_or(|last| date <= last);
    if !inside {
        return Err(CalendarError::DateOutsideEra { era, date });
    }
    Ok(date)
}

/// `7年4月1日` or `7.4.1` (also `/`, `-`) → `["7", "4", "1"]`.
fn split_date_parts(rest: &str) -> Option<[&str; 3]> {
    if let Some(kanji_form) = rest.strip_suffix('日') {
        let (year, rest) = kanji_form.split_once('年')?;
        let (month, day) = rest.split_once('月')?;
        return Some([year, month, day]);
    }
    let separator = rest.chars().find(|c| matches!(c, '.' | '/' | '-'))?;
    let mut parts = rest.split(separator);
    let parts = [parts.next()?, parts.next()?, parts.next()?];
    rest.split(separator).nth(3).is_none().then_some(parts)
}

fn parse_small_number(text: &str) -> Option<u32> {
    let valid = (1..=2).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| text.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    #[test]
    fn reiwa_begins_on_1_may_2019() {
        assert_eq!(
            to_japanese(ymd(2019, 4, 30)),
            Some((JapaneseEra::Heisei, 31))
        );
        assert_eq!(to_japanese(ymd(2019, 5, 1)), Some((JapaneseEra::Reiwa, 1)));
        assert_eq!(to_japanese(ymd(2020, 1, 1)), Some((JapaneseEra::Reiwa, 2)));
        assert_eq!(to_japanese(ymd(2025, 4, 1)), Some((JapaneseEra::Reiwa, 7)));
    }

    #[test]
    fn heisei_begins_on_8_january_1989() {
        assert_eq!(to_japanese(ymd(1989, 1, 7)), Some((JapaneseEra::Showa, 64)));
        assert_eq!(to_japanese(ymd(1989, 1, 8)), Some((JapaneseEra::Heisei, 1)));
        assert_eq!(to_japanese(ymd(1990, 1, 1)), Some((JapaneseEra::Heisei, 2)));
    }

    #[test]
    fn showa_begins_on_25_december_1926() {
        assert_eq!(to_japanese(ymd(1926, 12, 24)), None);
        assert_eq!(
            to_japanese(ymd(1926, 12, 25)),
            Some((JapaneseEra::Showa, 1))
        );
        assert_eq!(to_japanese(ymd(1927, 1, 1)), Some((JapaneseEra::Showa, 2)));
    }

    #[test]
    fn last_years_of_past_eras() {
        assert_eq!(JapaneseEra::Showa.last_year(), Some(64));
        assert_eq!(JapaneseEra::Heisei.last_year(), Some(31));
        assert_eq!(JapaneseEra::Reiwa.last_year(), None);
    }

    #[test]
    fn formats_dates_with_gannen() {
        assert_eq!(format_japanese_date(ymd(2025, 4, 1)), "令和7年4月1日");
        assert_eq!(format_japanese_date(ymd(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(format_japanese_date(ymd(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(format_japanese_date(ymd(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(format_japanese_date(ymd(1900, 1, 1)), "1900年1月1日");
    }

    #[test]
    fn parses_kanji_dates() {
        assert_eq!(parse_japanese_date("令和7年4月1日"), Ok(ymd(2025, 4, 1)));
        assert_eq!(parse_japanese_date("令和元年5月1日"), Ok(ymd(2019, 5, 1)));
        assert_eq!(
            parse_japanese_date("令和７年１２月３１日"),
            Ok(ymd(2025, 12, 31))
        );
        assert_eq!(
            parse_japanese_date(" 令和 7 年 4 月 1 日 "),
            Ok(ymd(2025, 4, 1))
        );
        assert_eq!(parse_japanese_date("平成31年4月30日"), Ok(ymd(2019, 4, 30)));
        assert_eq!(parse_japanese_date("昭和64年1月7日"), Ok(ymd(1989, 1, 7)));
        // NFKC turns the single-character era signs ㋿ and ㍻ into 令和 and 平成.
        assert_eq!(parse_japanese_date("㋿7年4月1日"), Ok(ymd(2025, 4, 1)));
        assert_eq!(parse_japanese_date("㍻30年4月1日"), Ok(ymd(2018, 4, 1)));
    }

    #[test]
    fn parses_abbreviated_dates() {
        assert_eq!(parse_japanese_date("R7.4.1"), Ok(ymd(2025, 4, 1)));
        assert_eq!(parse_japanese_date("r7/04/01"), Ok(ymd(2025, 4, 1)));
        assert_eq!(
            parse_japanese_date("Ｈ３１．４．３０"),
            Ok(ymd(2019, 4, 30))
        );
        assert_eq!(parse_japanese_date("S64-1-7"), Ok(ymd(1989, 1, 7)));
    }

    #[test]
    fn rejects_dates_outside_their_era() {
        let error = parse_japanese_date("平成31年5月1日").unwrap_err();
        assert_eq!(
            error,
            CalendarError::DateOutsideEra {
                era: JapaneseEra::Heisei,
                date: ymd(2019, 5, 1)
            }
        );
        assert_eq!(
            error.to_string(),
            "2019-05-01 is not in 平成: 平成 ran from 1989-01-08 to 2019-04-30"
        );
        assert!(matches!(
            parse_japanese_date("令和元年4月30日"),
            Err(CalendarError::DateOutsideEra {
                era: JapaneseEra::Reiwa,
                ..
            })
        ));
        assert!(matches!(
            parse_japanese_date("平成元年1月7日"),
            Err(CalendarError::DateOutsideEra {
                era: JapaneseEra::Heisei,
                ..
            })
        ));
    }

    #[test]
    fn rejects_era_years_that_never_existed() {
        let error = parse_japanese_date("平成32年1月1日").unwrap_err();
        assert_eq!(
            error,
            CalendarError::EraYearOutOfRange {
                era: JapaneseEra::Heisei,
                year: 32,
                last: Some(31)
            }
        );
        assert_eq!(
            error.to_string(),
            "平成32年 does not exist: 平成 years run from 元 (1) to 31"
        );
        assert_eq!(
            parse_japanese_date("令和0年1月1日")
                .unwrap_err()
                .to_string(),
            "令和0年 does not exist: 令和 years start at 元 (1)"
        );
    }

    #[test]
    fn rejects_impossible_calendar_dates() {
        assert_eq!(
            parse_japanese_date("令和7年2月29日"),
            Err(CalendarError::NoSuchDate {
                year: 2025,
                month: 2,
                day: 29
            })
        );
        assert_eq!(parse_japanese_date("令和6年2月29日"), Ok(ymd(2024, 2, 29)));
    }

    #[test]
    fn rejects_unrecognised_text() {
        for bad in [
            "",
            "2025年4月1日",
            "令和7年4月",
            "令和7年4月1",
            "R7.4",
            "R7.4.1.2",
            "R7.4/1",
            "大正15年1月1日",
            "令和七年四月一日",
            "令和7年4月100日",
        ] {
            assert!(
                matches!(
                    parse_japanese_date(bad),
                    Err(CalendarError::UnrecognisedDate { .. })
                ),
                "{bad:?} → {:?}",
                parse_japanese_date(bad)
            );
        }
    }
}
