//! The Japanese fiscal year (年度): April to March, named after the year it starts in.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::era::{era_year_label, parse_era_year, JapaneseEra};
use super::CalendarError;
use crate::text;

/// Fiscal year `N` runs from 1 April N to 31 March N+1. Serialised as the bare integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FiscalYear(pub i32);

impl FiscalYear {
    /// The fiscal year `date` falls in: January to March belong to the previous year's.
    pub fn of_date(date: NaiveDate) -> FiscalYear {
        if date.month() >= 4 {
            FiscalYear(date.year())
        } else {
            FiscalYear(date.year() - 1)
        }
    }

    /// 1 April. Saturates at chrono's limits for years it cannot represent (±262,000).
    pub fn start_date(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0, 4, 1).unwrap_or_else(|| self.saturated())
    }

    /// 31 March of the next calendar year. Saturates like [`FiscalYear::start_date`].
    pub fn end_date(self) -> NaiveDate {
        self.0
            .checked_add(1)
            .and_then(|next| NaiveDate::from_ymd_opt(next, 3, 31))
            .unwrap_or_else(|| self.saturated())
    }

    fn saturated(self) -> NaiveDate {
        if self.0 < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        }
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        FiscalYear::of_date(date) == self
    }

    /// 令和N年度 = FY 2018+N, so FY2019 is 令和元年度 (1). `None` before FY2019.
    pub fn reiwa_year(self) -> Option<u32> {
        (self.0 >= JapaneseEra::Reiwa.first_year()).then(|| JapaneseEra::Reiwa.era_year_of(self.0))
    }

    /// The era name used for this fiscal year: the era in force at its end. FY2019 began under
    /// 平成 but is called 令和元年度 (平成31年度 also appears in older documents, and
    /// [`FiscalYear::parse`] accepts it); FY1988 is 昭和63年度 and FY1989 平成元年度.
    /// `None` before FY1926.
    pub fn era(self) -> Option<(JapaneseEra, u32)> {
        JapaneseEra::ALL
            .into_iter()
            .rev()
            .find(|era| self.0 >= era.first_year())
            .map(|era| (era, era.era_year_of(self.0)))
    }

    /// `"令和7年度"`, `"令和元年度"`, `"平成30年度"`; `"1900年度"` before 昭和.
    pub fn label_ja(self) -> String {
        match self.era() {
            Some((era, year)) => format!("{}{}年度", era.name_ja(), era_year_label(year)),
            None => format!("{}年度", self.0),
        }
    }

    /// `"FY2025"`.
    pub fn label_en(self) -> String {
        format!("FY{}", self.0)
    }

    /// `"令和7年度 (FY2025)"`: what screens show, since staff think in eras and data in years.
    pub fn label_both(self) -> String {
        format!("{} ({})", self.label_ja(), self.label_en())
    }

    /// Reads a fiscal year as staff write it, full-width or not:
    /// `令和7年度`, `令和元年度`, `R7`, `r7`, `R7年度`, `平成30年度`, `H30`, `FY2025`, `fy2025`,
    /// `2025`, `2025年度`. `平成31年度` is FY2019; `平成32年度` does not exist and is rejected.
    pub fn parse(input: &str) -> Result<FiscalYear, CalendarError> {
        let unrecognised = || CalendarError::UnrecognisedFiscalYear {
            input: input.to_owned(),
        };
        let normalized: String = text::normalize(input).split_whitespace().collect();
        let body = normalized.strip_suffix("年度").unwrap_or(&normalized);
        if let Some(digits) = strip_prefix_ignore_case(body, "FY") {
            return parse_gregorian(digits).ok_or_else(unrecognised);
        }
        if let Some(year) = parse_gregorian(body) {
            return Ok(year);
        }
        let (era, rest) = JapaneseEra::strip_prefix(body).ok_or_else(unrecognised)?;
        let era_year = parse_era_year(rest).ok_or_else(unrecognised)?;
        let last = last_fiscal_era_year(era);
        if era_year == 0 || last.is_some_and(|last| era_year > last) {
            return Err(CalendarError::EraYearOutOfRange {
                era,
                year: era_year,
                last,
            });
        }
        Ok(FiscalYear(era.to_gregorian_year(era_year)))
    }
}

/// The last fiscal year an era's name was used for: 昭和63年度 (FY1988; FY1989 is 平成元年度)
/// and 平成31年度 (FY2019, the same year as 令和元年度).
fn last_fiscal_era_year(era: JapaneseEra) -> Option<u32> {
    match era {
        JapaneseEra::Showa => Some(63),
        JapaneseEra::Heisei => Some(31),
        JapaneseEra::Reiwa => None,
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Exactly four ASCII digits.
fn parse_gregorian(digits: &str) -> Option<FiscalYear> {
    let valid = digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| digits.parse().ok().map(FiscalYear)).flatten()
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label_both())
    }
}

impl FromStr for FiscalYear {
    type Err = CalendarError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FiscalYear::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    #[test]
    fn april_starts_the_fiscal_year() {
        assert_eq!(FiscalYear::of_date(ymd(2019, 3, 31)), FiscalYear(2018));
        assert_eq!(FiscalYear::of_date(ymd(2019, 4, 1)), FiscalYear(2019));
        assert_eq!(FiscalYear::of_date(ymd(2020, 3, 31)), FiscalYear(2019));
        assert_eq!(FiscalYear::of_date(ymd(2025, 12, 31)), FiscalYear(2025));
        assert_eq!(FiscalYear::of_date(ymd(2026, 1, 1)), FiscalYear(2025));
    }

    #[test]
    fn start_and_end_dates() {
        assert_eq!(FiscalYear(2019).start_date(), ymd(2019, 4, 1));
        assert_eq!(FiscalYear(2019).end_date(), ymd(2020, 3, 31));
        assert!(FiscalYear(2025).contains(ymd(2026, 3, 31)));
        assert!(!FiscalYear(2025).contains(ymd(2026, 4, 1)));
    }

    #[test]
    fn dates_saturate_outside_chronos_range() {
        assert_eq!(FiscalYear(i32::MAX).start_date(), NaiveDate::MAX);
        assert_eq!(FiscalYear(i32::MAX).end_date(), NaiveDate::MAX);
        assert_eq!(FiscalYear(i32::MIN).start_date(), NaiveDate::MIN);
    }

    #[test]
    fn reiwa_year_counts_from_fy2019() {
        assert_eq!(FiscalYear(2018).reiwa_year(), None);
        assert_eq!(FiscalYear(2019).reiwa_year(), Some(1));
        assert_eq!(FiscalYear(2025).reiwa_year(), Some(7));
    }

    #[test]
    fn labels() {
        assert_eq!(FiscalYear(2025).label_ja(), "令和7年度");
        assert_eq!(FiscalYear(2025).label_en(), "FY2025");
        assert_eq!(FiscalYear(2025).label_both(), "令和7年度 (FY2025)");
        assert_eq!(FiscalYear(2025).to_string(), "令和7年度 (FY2025)");
        assert_eq!(FiscalYear(2019).label_ja(), "令和元年度");
        assert_eq!(FiscalYear(2018).label_ja(), "平成30年度");
        assert_eq!(FiscalYear(1989).label_ja(), "平成元年度");
        assert_eq!(FiscalYear(1988).label_ja(), "昭和63年度");
        assert_eq!(FiscalYear(1925).label_ja(), "1925年度");
    }

    #[test]
    fn parses_every_written_form() {
        let cases = [
            ("令和7年度", 2025),
            ("令和７年度", 2025),
            ("令和 7 年度", 2025),
            ("令和元年度", 2019),
            ("令和7", 2025),
            ("R7", 2025),
            ("r7", 2025),
            ("Ｒ７", 2025),
            ("R7年度", 2025),
            ("R07", 2025),
            ("平成30年度", 2018),
            ("平成31年度", 2019),
            ("平成元年度", 1989),
            ("H30", 2018),
            ("h30年度", 2018),
            ("昭和63年度", 1988),
            ("FY2025", 2025),
            ("fy2025", 2025),
            ("ＦＹ２０２５", 2025),
            ("FY 2025", 2025),
            ("2025", 2025),
            ("２０２５年度", 2025),
            ("2025年度", 2025),
            (" 2025 ", 2025),
            ("㋿7年度", 2025),
        ];
        for (input, year) in cases {
            assert_eq!(FiscalYear::parse(input), Ok(FiscalYear(year)), "{input:?}");
        }
        assert_eq!("R8".parse::<FiscalYear>(), Ok(FiscalYear(2026)));
    }

    #[test]
    fn rejects_era_years_that_were_never_fiscal_years() {
        assert_eq!(
            FiscalYear::parse("平成32年度"),
            Err(CalendarError::EraYearOutOfRange {
                era: JapaneseEra::Heisei,
                year: 32,
                last: Some(31)
            })
        );
        assert!(matches!(
            FiscalYear::parse("昭和64年度"),
            Err(CalendarError::EraYearOutOfRange { last: Some(63), .. })
        ));
        assert!(matches!(
            FiscalYear::parse("R0"),
            Err(CalendarError::EraYearOutOfRange {
                year: 0,
                last: None,
                ..
            })
        ));
    }

    #[test]
    fn rejects_unrecognised_text() {
        for bad in [
            "",
            "令和",
            "令和7年",
            "FY25",
            "25",
            "20255",
            "FY",
            "2025年",
            "R7年度度",
            "令和七年度",
            "X7",
            "fy2025x",
            "2025年度 春",
        ] {
            assert!(
                matches!(
                    FiscalYear::parse(bad),
                    Err(CalendarError::UnrecognisedFiscalYear { .. })
                ),
                "{bad:?} → {:?}",
                FiscalYear::parse(bad)
            );
        }
        assert_eq!(
            FiscalYear::parse("next year").unwrap_err().to_string(),
            "\"next year\" is not a fiscal year (write it as 令和7年度, R7, 平成30年度, FY2025 or 2025)"
        );
    }

    #[test]
    fn serializes_as_the_bare_year() {
        assert_eq!(serde_json::to_string(&FiscalYear(2025)).unwrap(), "2025");
        assert_eq!(
            serde_json::from_str::<FiscalYear>("2025").unwrap(),
            FiscalYear(2025)
        );
    }
}
