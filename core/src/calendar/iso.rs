//! ISO dates (`2025-04-01`) written and read by hand: chrono's `format("%Y-%m-%d")` and
//! `parse_from_str` bring its whole format-string machinery into the app's wasm for these
//! few shapes. The output and what is accepted are chrono's, to the edge cases (years
//! outside 0–9999 signed, leading spaces before each number, one-digit months and days).

use chrono::{Datelike, NaiveDate};

/// `2025-04-01`, as chrono's `%Y-%m-%d` writes it (`+10000-01-01`, `-0001-01-01` outside
/// 0–9999).
pub fn iso_date(date: NaiveDate) -> String {
    format!(
        "{}-{:02}-{:02}",
        iso_year(date.year()),
        date.month(),
        date.day()
    )
}

/// `20250401`, as chrono's `%Y%m%d` writes it.
pub fn compact_date(date: NaiveDate) -> String {
    format!(
        "{}{:02}{:02}",
        iso_year(date.year()),
        date.month(),
        date.day()
    )
}

/// chrono's `%Y`: four digits, or a sign and at least four digits outside 0–9999.
fn iso_year(year: i32) -> String {
    if (0..10_000).contains(&year) {
        format!("{year:04}")
    } else {
        format!("{year:+05}")
    }
}

/// What `NaiveDate::parse_from_str(text, "%Y-%m-%d")` accepts: white space before each
/// number; a year of up to four digits, or any length after a sign; a month and a day of one
/// or two digits; nothing after the day.
pub fn parse_ymd(text: &str) -> Option<NaiveDate> {
    let (year, rest) = year_part(text)?;
    let (month, rest) = number(rest.strip_prefix('-')?, 2)?;
    let (day, rest) = number(rest.strip_prefix('-')?, 2)?;
    if !rest.is_empty() {
        return None;
    }
    let year = i32::try_from(year).ok()?;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

fn year_part(text: &str) -> Option<(i64, &str)> {
    let text = text.trim_start();
    if let Some(rest) = text.strip_prefix('-') {
        let (value, rest) = digits(rest, usize::MAX)?;
        Some((value.checked_neg()?, rest))
    } else if let Some(rest) = text.strip_prefix('+') {
        digits(rest, usize::MAX)
    } else {
        digits(text, 4)
    }
}

fn number(text: &str, width: usize) -> Option<(i64, &str)> {
    digits(text.trim_start(), width)
}

/// One to `max` ASCII digits (chrono's `scan::number(s, 1, max)`).
fn digits(text: &str, max: usize) -> Option<(i64, &str)> {
    let count = text
        .bytes()
        .take(max)
        .take_while(u8::is_ascii_digit)
        .count();
    if count == 0 {
        return None;
    }
    let mut value = 0i64;
    for byte in text[..count].bytes() {
        value = value.checked_mul(10)?.checked_add(i64::from(byte - b'0'))?;
    }
    Some((value, &text[count..]))
}

/// Serde for a `NaiveDate` field as `2025-04-01` (`#[serde(with = "iso::date_serde")]`):
/// the same text chrono's own impls write and read, without chrono's format-string parser,
/// which its `Deserialize` would bring into the app's wasm (about 14 KB before compression).
pub mod date_serde {
    use chrono::NaiveDate;
    use serde::{de, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::iso_date(*date))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        super::parse_ymd(&text)
            .ok_or_else(|| de::Error::invalid_value(de::Unexpected::Str(&text), &"a date"))
    }
}

/// [`date_serde`] for an `Option<NaiveDate>` (`null` when none).
pub mod option_date_serde {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        date: &Option<NaiveDate>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => super::date_serde::serialize(date, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        #[derive(Deserialize)]
        struct Date(#[serde(with = "super::date_serde")] NaiveDate);
        Ok(Option::<Date>::deserialize(deserializer)?.map(|Date(date)| date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
    }

    #[test]
    fn writes_what_chrono_writes() {
        for d in [
            date(2025, 4, 1),
            date(1, 1, 1),
            date(0, 12, 31),
            date(999, 2, 3),
            date(9999, 12, 31),
            date(10_000, 1, 1),
            date(-1, 1, 1),
            date(-12_345, 6, 7),
            NaiveDate::MIN,
            NaiveDate::MAX,
        ] {
            assert_eq!(iso_date(d), d.format("%Y-%m-%d").to_string());
            assert_eq!(compact_date(d), d.format("%Y%m%d").to_string());
        }
    }

    #[test]
    fn reads_what_chrono_reads() {
        let chrono = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        for text in [
            "2025-04-01",
            "2025-4-1",
            " 2025-04-01",
            "2025- 4- 1",
            "2025-04-01 ",
            "2025-04-01x",
            "2025-02-30",
            "2025-13-01",
            "12025-01-01",
            "+12025-01-01",
            "-0001-01-01",
            "+2025-01-01",
            "-",
            "+-1-01-01",
            "0-1-1",
            "2025-001-01",
            "2025-04-001",
            "2025/04/01",
            "",
            "２０２５-04-01",
            "\u{3000}2025-04-01",
            "99999999999999999999-01-01",
            "-99999999999999999999-01-01",
            "+262143-12-31",
            "+262144-01-01",
            "2025--04-01",
            "2025-04",
        ] {
            assert_eq!(parse_ymd(text), chrono(text), "{text:?}");
        }
    }

    #[test]
    fn the_serde_helpers_read_and_write_what_chrono_does() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Ours {
            #[serde(with = "super::date_serde")]
            day: NaiveDate,
            #[serde(with = "super::option_date_serde", default)]
            maybe: Option<NaiveDate>,
        }
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Chronos {
            day: NaiveDate,
            maybe: Option<NaiveDate>,
        }
        for (day, maybe) in [
            (date(2025, 4, 1), Some(date(2026, 3, 31))),
            (date(-1, 1, 1), None),
            (date(10_000, 12, 31), Some(date(1, 1, 1))),
        ] {
            let ours = serde_json::to_string(&Ours { day, maybe }).expect("written");
            let chronos = serde_json::to_string(&Chronos { day, maybe }).expect("written");
            assert_eq!(ours, chronos);
            let back: Ours = serde_json::from_str(&chronos).expect("read");
            assert_eq!(back, Ours { day, maybe });
        }
        assert!(serde_json::from_str::<Ours>(r#"{"day":"2025-13-01"}"#).is_err());
        assert!(serde_json::from_str::<Ours>(r#"{"day":5}"#).is_err());
        let missing: Ours = serde_json::from_str(r#"{"day":"2025-04-01"}"#).expect("read");
        assert_eq!(missing.maybe, None);
    }
}
