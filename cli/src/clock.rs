//! Wall-clock helpers: milliseconds for write stamps, and today's date in Japan, which is the
//! day deadlines and overdue measures are judged on.

use chrono::{DateTime, NaiveDate};
use std::time::{SystemTime, UNIX_EPOCH};
use tsunagu_core::domain::survey::JST_OFFSET_MS;

pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Today in JST (UTC+9), whatever the machine's time zone.
pub fn today_jst() -> NaiveDate {
    let ms = i64::try_from(now_ms()).unwrap_or(i64::MAX) + JST_OFFSET_MS;
    DateTime::from_timestamp_millis(ms)
        .map(|at| at.date_naive())
        .unwrap_or_default()
}
