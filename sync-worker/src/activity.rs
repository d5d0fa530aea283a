//! When each organisation last synced (`GET /v1/activity`), kept in the `activity` table.

use std::collections::BTreeMap;

use crate::tokens;
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

/// The entry of `code`, made empty on first sight.
fn entry(
    by_org: &mut BTreeMap<String, OrgActivity>,
    code: String,
) -> Result<&mut OrgActivity, ApiError> {
    let org = OrgCode::parse(&code)
        .map_err(|e| ApiError::internal(format!("stored activity of {code:?} is corrupt: {e}")))?;
    Ok(by_org.entry(code).or_insert(OrgActivity {
        org,
        last_sync_ms: None,
        active_tokens: 0,
        used_tokens: 0,
    }))
}

/// Every organisation that synced or holds a token: its last sync and its token counts.
pub fn list(sql: &SqlStorage, scope: &ReadScope) -> Result<ActivityResponse, ApiError> {
    let rows: Vec<ActivityRow> = sql
        .exec("SELECT org, last_sync_ms FROM activity", None)
        .and_then(|cursor| cursor.to_array())
        .map_err(sql_error)?;
    let mut by_org: BTreeMap<String, OrgActivity> = BTreeMap::new();
    for row in rows {
        entry(&mut by_org, row.org)?.last_sync_ms = Some(row.last_sync_ms);
    }
    for (org, active, used) in tokens::counts_by_org(sql)? {
        let entry = entry(&mut by_org, org)?;
        entry.active_tokens = active;
        entry.used_tokens = used;
    }
    Ok(ActivityResponse::visible_to(
        by_org.into_values().collect(),
        scope,
    ))
}
