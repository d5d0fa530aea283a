use super::{StoreError, SyncStore};
use crate::access::{read_scope, Principal};
use crate::protocol::{
    ApiError, SnapshotBody, SnapshotRequest, DEFAULT_SNAPSHOT_RECORDS, PROTOCOL_VERSION,
};
use serde_json::value::RawValue;

/// One page of a new device's first sync: the current state of the readable records after
/// `request.after`, and the log position the page includes.
pub fn handle_snapshot<S: SyncStore>(
    store: &S,
    principal: &Principal,
    request: &SnapshotRequest,
) -> Result<SnapshotBody, ApiError> {
    let limit = request.limit.unwrap_or(DEFAULT_SNAPSHOT_RECORDS) as usize;
    // Read before the page: the states can only be newer than this, never older.
    let as_of = store.last_change_seq()?;
    let page = store.snapshot_page(request.after.as_ref(), &read_scope(principal), limit)?;
    let records = RawValue::from_string(page.records_json)
        .map_err(|e| StoreError(format!("the store's page is not JSON: {e}")))?;
    Ok(SnapshotBody {
        protocol: PROTOCOL_VERSION,
        as_of,
        records,
        next: page.last.filter(|_| page.count == limit),
    })
}
