//! Dates as Japanese local government staff write them: fiscal years (年度, April to March) and
//! Japanese eras (令和7年4月1日). Screens show both forms: 令和7年度 (FY2025).

mod era;
mod fiscal_year;
pub mod iso;

pub use era::{format_japanese_date, parse_japanese_date, to_japanese, JapaneseEra};
pub use fiscal_year::FiscalYear;
pub use iso::{compact_date, iso_date, parse_ymd};

/// Why a fiscal year or a Japanese date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error(
        "{input:?} is not a fiscal year (write it as 令和7年度, R7, 平成30年度, FY2025 or 2025)"
    )]
    UnrecognisedFiscalYear { input: String },
    #[error("{input:?} is not a Japanese date (write it as 令和7年4月1日 or R7.4.1)")]
    UnrecognisedDate { input: String },
    #[error("{}{year}年 does not exist: {}", .era.name_ja(), era_span(.era, .last))]
    EraYearOutOfRange {
        era: JapaneseEra,
        year: u32,
        /// The era's last year in this context (`None` for the current era).
        last: Option<u32>,
    },
    #[error("{year}-{month:02}-{day:02} is not a calendar date")]
    NoSuchDate { year: i32, month: u32, day: u32 },
    #[error("{date} is not in {}: {}", .era.name_ja(), era_dates(.era))]
    DateOutsideEra {
        era: JapaneseEra,
        date: chrono::NaiveDate,
    },
}

fn era_span(era: &JapaneseEra, last: &Option<u32>) -> String {
    match last {
        Some(last) => format!("{} years run from 元 (1) to {last}", era.name_ja()),
        None => format!("{} years start at 元 (1)", era.name_ja()),
    }
}

fn era_dates(era: &JapaneseEra) -> String {
    match era.last_day() {
        Some(last) => format!("{} ran from {} to {last}", era.name_ja(), era.first_day()),
        None => format!("{} began on {}", era.name_ja(), era.first_day()),
    }
}
