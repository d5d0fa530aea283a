//! When each organisation last synced (`GET /v1/activity`), kept in the `activity` table.

use serde::Deserialize;
use tsunagu_core::access::ReadScope;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{ActivityResponse, ApiError, OrgActivity};
use worker::{SqlStorage, SqlStorageValue as V};

#[derive(Deserialize)]
struct ActivityRow {
    org: String,
    last_sync_ms: u64,
}

fn sql_error(error: worker::Error) -> ApiError {
    ApiError::internal(format!("activity storage failed: {error}"))
}

/// Notes a successful sync of `org`; called inside the sync's transaction.
pub fn record_sync(sql: &SqlStorage, org: &OrgCode, now_ms: u64) -> worker::Result<()> {
    sql.exec(
        "INSERT INTO activity (org, last_sync_ms) VALUES (?, ?)
         ON CONFLICT (org) DO UPDATE SET last_sync_ms = MAX(last_sync_ms, excluded.last_sync_ms)",
        vec![
            V::String(org.as_str().to_owned()),
            V::Integer(now_ms as i64),
        ],
    )
    .map(|_| ())
}

pub fn list(sql: &SqlStorage, scope: &ReadScope) -> Result<ActivityResponse, ApiError> {
    let rows: Vec<ActivityRow> = sql
        .exec("SELECT org, last_sync_ms FROM activity", None)
        .and_then(|cursor| cursor.to_array())
        .map_err(sql_error)?;
    let entries = rows
        .into_iter()
        .map(|row| {
            let org = OrgCode::parse(&row.org).map_err(|e| {
                ApiError::internal(format!("stored activity of {:?} is corrupt: {e}", row.org))
            })?;
            Ok(OrgActivity {
                org,
                last_sync_ms: row.last_sync_ms,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(ActivityResponse::visible_to(entries, scope))
}
