//! The object's own housekeeping, on a Durable Object alarm and never on the request path:
//! compacting the change log and the history past the retention horizon
//! (`core::server::compact`), once a day.
//!
//! Settings (worker vars): `RETENTION_FISCAL_YEARS`, how many fiscal years are kept (at least
//! the current and the previous: 2, the default); `HOUSEKEEPING_INTERVAL_MS`, how often it runs
//! (a day by default). `RETENTION_TEST_NOW_MS` stands in for the clock, for tests only.

use crate::settings;
use crate::sql_store::SqlStore;
use crate::transaction::transaction_sync;
use std::time::Duration;
use tsunagu_core::protocol::ApiError;
use tsunagu_core::server::{compact, horizon_ms, MIN_KEPT_FISCAL_YEARS};
use worker::{console_log, Date, Env, Result, Storage};

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

fn interval_ms(env: &Env) -> u64 {
    settings::number(env, "HOUSEKEEPING_INTERVAL_MS")
        .filter(|ms| *ms >= 1000)
        .unwrap_or(DAY_MS)
}

/// Makes sure the next run is scheduled (once per object start).
pub async fn schedule(storage: &Storage, env: &Env) -> Result<()> {
    if storage.get_alarm().await?.is_none() {
        storage
            .set_alarm(Duration::from_millis(interval_ms(env)))
            .await?;
    }
    Ok(())
}

/// One run: compacts what is older than the horizon, then schedules the next run.
pub async fn run(storage: &Storage, env: &Env) -> Result<()> {
    let now =
        settings::number(env, "RETENTION_TEST_NOW_MS").unwrap_or_else(|| Date::now().as_millis());
    let kept = settings::number(env, "RETENTION_FISCAL_YEARS")
        .and_then(|years| u32::try_from(years).ok())
        .unwrap_or(MIN_KEPT_FISCAL_YEARS);
    let horizon = horizon_ms(now, kept);
    let sql = storage.sql();
    let outcome = transaction_sync(storage, move || {
        compact(&mut SqlStore::new(sql), horizon).map_err(ApiError::from)
    });
    match outcome {
        Ok(Some(done)) => console_log!(
            "housekeeping: log compacted through change {} ({} changes, {} history entries)",
            done.through_seq,
            done.changes_dropped,
            done.history_dropped
        ),
        Ok(None) => {}
        Err(error) => console_log!("housekeeping: compaction failed: {}", error.message),
    }
    storage
        .set_alarm(Duration::from_millis(interval_ms(env)))
        .await
}
