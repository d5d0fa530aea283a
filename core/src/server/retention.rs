//! Retention: the change log and the per-field history are compacted past a horizon, by the
//! store's housekeeping (the worker's Durable Object alarm), never on the request path.
//!
//! The horizon keeps at least the current and the previous fiscal year (April to March, in
//! JST): a prefecture compares this year's progress with last year's, and an audit asks who
//! changed what within them. A device whose cursor is older than what the log keeps is told
//! `resync_required` and takes a fresh snapshot, keeping its unsent writes: the snapshot holds
//! every record's current state, so nothing a device needs is lost, only old versions. Each
//! field keeps its newest history entry from before the horizon, so the history still says who
//! set the value a field had then.

use chrono::{DateTime, NaiveDate};

use super::{StoreError, SyncStore};
use crate::calendar::FiscalYear;
use crate::domain::survey::JST_OFFSET_MS;
use crate::protocol::{ApiError, ErrorCode};

/// The fewest fiscal years kept: the current one and the one before.
pub const MIN_KEPT_FISCAL_YEARS: u32 = 2;

/// The start (00:00 JST on 1 April) of the oldest of the `kept` fiscal years that end with the
/// one `now_ms` is in; `kept` is at least [`MIN_KEPT_FISCAL_YEARS`].
pub fn horizon_ms(now_ms: u64, kept: u32) -> u64 {
    let kept = kept.max(MIN_KEPT_FISCAL_YEARS);
    let today = jst_date(now_ms);
    let oldest = FiscalYear(FiscalYear::of_date(today).0 - (kept as i32 - 1));
    let midnight = oldest
        .start_date()
        .and_hms_opt(0, 0, 0)
        .map_or(0, |start| start.and_utc().timestamp_millis());
    u64::try_from(midnight - JST_OFFSET_MS).unwrap_or(0)
}

fn jst_date(ms: u64) -> NaiveDate {
    let jst = i64::try_from(ms)
        .unwrap_or(i64::MAX)
        .saturating_add(JST_OFFSET_MS);
    DateTime::from_timestamp_millis(jst)
        .map(|time| time.date_naive())
        .unwrap_or_default()
}

/// What one compaction removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Compaction {
    /// The log now starts after this change.
    pub through_seq: u64,
    pub changes_dropped: u64,
    pub history_dropped: u64,
}

/// Compacts the log and the history up to the newest change received before `horizon_ms`,
/// always keeping the newest change of all (the log's end tells devices where they are).
/// `None` when there was nothing to do.
pub fn compact<S: SyncStore>(
    store: &mut S,
    horizon_ms: u64,
) -> Result<Option<Compaction>, StoreError> {
    let last = store.last_change_seq()?;
    let through = store
        .last_change_received_before(horizon_ms)?
        .min(last.saturating_sub(1));
    if through <= store.compacted_through()? {
        return Ok(None);
    }
    let changes_dropped = store.drop_changes_through(through)?;
    let history_dropped = store.drop_history_through(through)?;
    store.set_compacted_through(through)?;
    Ok(Some(Compaction {
        through_seq: through,
        changes_dropped,
        history_dropped,
    }))
}

/// `Err(resync_required)` when the changes after `cursor` are no longer all in the log.
pub fn check_cursor_kept<S: SyncStore>(store: &S, cursor: u64) -> Result<(), ApiError> {
    let compacted = store.compacted_through()?;
    if cursor > 0 && cursor < compacted {
        return Err(ApiError::new(
            ErrorCode::ResyncRequired,
            format!(
                "this device last pulled change {cursor}, and the server keeps changes after {compacted} only (the current and previous fiscal years): take a fresh snapshot (POST /v1/snapshot); keep unsent writes and send them after it"
            ),
        )
        .at("cursor"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(y: i32, m: u32, d: u32, h: u32) -> u64 {
        let utc = NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|date| date.and_hms_opt(h, 0, 0))
            .map(|time| time.and_utc().timestamp_millis())
            .expect("a valid time");
        u64::try_from(utc).expect("after 1970")
    }

    #[test]
    fn the_horizon_is_the_start_of_the_previous_fiscal_year_in_japan() {
        // 2026-12-06: fiscal 2026 (R8); the previous year starts 2025-04-01 00:00 JST.
        assert_eq!(horizon_ms(ms(2026, 12, 6, 12), 2), ms(2025, 3, 31, 15));
        // 31 March 2027, 16:00 UTC, is already 1 April in Japan: fiscal 2027.
        assert_eq!(horizon_ms(ms(2027, 3, 31, 16), 2), ms(2026, 3, 31, 15));
        assert_eq!(horizon_ms(ms(2027, 3, 31, 14), 2), ms(2025, 3, 31, 15));
        // Fewer than two years is never kept; more may be.
        assert_eq!(horizon_ms(ms(2026, 12, 6, 12), 1), ms(2025, 3, 31, 15));
        assert_eq!(horizon_ms(ms(2026, 12, 6, 12), 5), ms(2022, 3, 31, 15));
    }
}
