//! The object's own housekeeping, on a Durable Object alarm and never on the request path:
//! writing the snapshot forms pushes left stale, a second after a push
//! (`core::server::refresh_stale_snapshots`, so the next new device's first page does not wait
//! for them), and compacting the change log and the history past the retention horizon
//! (`core::server::compact`), once a day. An object has one alarm: the time of the next
//! compaction is kept in `store_meta` (`housekeeping_next_ms`), and an alarm set sooner for the
//! snapshot forms sets it back to that time.
//!
//! Settings (worker vars): `RETENTION_FISCAL_YEARS`, how many fiscal years are kept (at least
//! the current and the previous: 2, the default); `HOUSEKEEPING_INTERVAL_MS`, how often it runs
//! (a day by default). `RETENTION_TEST_NOW_MS` stands in for the clock, for tests only.

use crate::settings;
use crate::sql_store::SqlStore;
use crate::transaction::transaction_sync;
use std::time::Duration;
use tsunagu_core::protocol::ApiError;
use tsunagu_core::server::{
    compact, horizon_ms, refresh_stale_snapshots, StoreError, MIN_KEPT_FISCAL_YEARS,
};
use worker::{console_log, Date, Env, Result, SqlStorage, SqlStorageValue, Storage};

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// How soon after a push its records' snapshot forms are written.
const SNAPSHOT_REFRESH_DELAY_MS: u64 = 1_000;

/// Snapshot forms written per transaction, so one alarm never holds a long transaction.
const SNAPSHOT_REFRESH_BATCH: usize = 1_000;

const NEXT_RUN_KEY: &str = "housekeeping_next_ms";

#[derive(serde::Deserialize)]
struct MetaRow {
    value: String,
}

/// When the next compaction is due (`None`: not recorded, as on objects from before).
fn next_run(sql: &SqlStorage) -> Result<Option<u64>> {
    let rows: Vec<MetaRow> = sql
        .exec(
            "SELECT value FROM store_meta WHERE key = ?",
            vec![SqlStorageValue::String(NEXT_RUN_KEY.into())],
        )?
        .to_array()?;
    Ok(rows.first().and_then(|row| row.value.parse().ok()))
}

/// Sets the next compaction `interval` from now, and the alarm to it.
async fn arm(storage: &Storage, env: &Env) -> Result<()> {
    let interval = interval_ms(env);
    let at = Date::now().as_millis().saturating_add(interval);
    storage.sql().exec(
        "INSERT INTO store_meta (key, value) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        vec![
            SqlStorageValue::String(NEXT_RUN_KEY.into()),
            SqlStorageValue::String(at.to_string()),
        ],
    )?;
    storage.set_alarm(Duration::from_millis(interval)).await
}

fn interval_ms(env: &Env) -> u64 {
    settings::number(env, "HOUSEKEEPING_INTERVAL_MS")
        .filter(|ms| *ms >= 1000)
        .unwrap_or(DAY_MS)
}

/// Makes sure the next run is scheduled (once per object start).
pub async fn schedule(storage: &Storage, env: &Env) -> Result<()> {
    if storage.get_alarm().await?.is_none() || next_run(&storage.sql())?.is_none() {
        arm(storage, env).await?;
    }
    Ok(())
}

/// After a push: the alarm goes off within a second (unless it is due sooner) and writes the
/// snapshot forms the push left stale.
pub async fn refresh_snapshots_soon(storage: &Storage) -> Result<()> {
    let soon = Date::now()
        .as_millis()
        .saturating_add(SNAPSHOT_REFRESH_DELAY_MS);
    match storage.get_alarm().await? {
        Some(at) if u64::try_from(at).is_ok_and(|at| at <= soon) => Ok(()),
        _ => {
            storage
                .set_alarm(Duration::from_millis(SNAPSHOT_REFRESH_DELAY_MS))
                .await
        }
    }
}

/// The alarm: the snapshot forms pushes left stale, then the compaction if it is due, else
/// the alarm set back to it.
pub async fn on_alarm(storage: &Storage, env: &Env) -> Result<()> {
    refresh_snapshots(storage);
    let now = Date::now().as_millis();
    match next_run(&storage.sql())? {
        Some(at) if at > now => storage.set_alarm(Duration::from_millis(at - now)).await,
        _ => run(storage, env).await,
    }
}

/// Writes every stale snapshot form, a batch per transaction; a failure is logged, and the
/// next snapshot request writes what is left.
fn refresh_snapshots(storage: &Storage) {
    let mut written = 0;
    loop {
        let sql = storage.sql();
        let batch = transaction_sync(storage, move || {
            refresh_stale_snapshots(&mut SqlStore::new(sql), SNAPSHOT_REFRESH_BATCH)
                .map_err(|e: StoreError| ApiError::from(e))
        });
        match batch {
            Ok(count) => {
                written += count;
                if count < SNAPSHOT_REFRESH_BATCH {
                    break;
                }
            }
            Err(error) => {
                console_log!("housekeeping: snapshot forms failed: {}", error.message);
                break;
            }
        }
    }
    if written > 0 {
        console_log!("housekeeping: {written} snapshot forms written");
    }
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
    arm(storage, env).await
}
