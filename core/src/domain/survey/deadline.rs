//! When a survey closes: at the end of its deadline day in Japan (24:00 JST, UTC+9), whatever
//! the time zone of the server or the device.

use chrono::{NaiveDate, TimeDelta};

/// Japan Standard Time is UTC+9 all year (no daylight saving).
pub const JST_OFFSET_MS: i64 = 9 * 60 * 60 * 1000;

/// Milliseconds since the Unix epoch (UTC) at which answers stop being accepted: the start of
/// the day after `deadline`, in JST. 0 for deadlines before 1970 (already closed).
pub fn closes_at_ms(deadline: NaiveDate) -> u64 {
    let next_day = deadline
        .checked_add_signed(TimeDelta::days(1))
        .unwrap_or(deadline);
    let midnight_utc_ms = next_day
        .and_hms_opt(0, 0, 0)
        .map_or(0, |midnight| midnight.and_utc().timestamp_millis());
    u64::try_from(midnight_utc_ms - JST_OFFSET_MS).unwrap_or(0)
}

/// Whether an answer written at `wall_ms` (UTC milliseconds) is after the deadline.
pub fn is_closed_at(deadline: NaiveDate, wall_ms: u64) -> bool {
    wall_ms >= closes_at_ms(deadline)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn closes_at_midnight_japan_time() {
        // 2021-10-01T00:00+09:00 is 2021-09-30T15:00Z.
        let closes = closes_at_ms(date(2021, 9, 30));
        assert_eq!(closes, 1_633_014_000_000);
        assert!(!is_closed_at(date(2021, 9, 30), closes - 1));
        assert!(is_closed_at(date(2021, 9, 30), closes));
    }

    #[test]
    fn ancient_deadlines_are_closed() {
        assert_eq!(closes_at_ms(date(1960, 1, 1)), 0);
        assert!(is_closed_at(date(1960, 1, 1), 0));
    }
}
