use super::budget::fitting;
use super::lineage::{check_lineage, tag_at};
use super::{StoreError, SyncStore};
use crate::access::{read_scope, Principal};
use crate::merge::RecordKey;
use crate::protocol::{
    encode_snapshot_record, ApiError, SnapshotBody, SnapshotRequest, DEFAULT_SNAPSHOT_RECORDS,
    MAX_PAGE_BYTES, PROTOCOL_VERSION,
};

/// One page of a new device's first sync: the current state of the readable records after
/// `request.after`, and the log position the page includes.
///
/// Records changed since their snapshot form was written get it first
/// ([`refresh_stale_snapshots`]), so the page is served from stored forms.
pub fn handle_snapshot<S: SyncStore>(
    store: &mut S,
    principal: &Principal,
    request: &SnapshotRequest,
) -> Result<SnapshotBody, ApiError> {
    // Later pages name the first page's epoch: pages of two stores never mix.
    let epoch = check_lineage(store, request.epoch.as_deref(), 0, None)?;
    refresh_stale_snapshots(store, usize::MAX)?;
    let store = &*store;
    let limit = request.limit.unwrap_or(DEFAULT_SNAPSHOT_RECORDS) as usize;
    // Read before the page: the states can only be newer than this, never older.
    let as_of = store.last_change_seq()?;
    let scope = read_scope(principal);
    let mut page = store.snapshot_page(request.after.as_ref(), &scope, limit)?;
    let (fit, cut) = fitting(&page, MAX_PAGE_BYTES, |record| record.json.len() + 1);
    page.truncate(fit);
    // The stored forms are joined as they are: serving a page decodes and encodes nothing.
    let mut records_json =
        String::with_capacity(page.iter().map(|r| r.json.len() + 1).sum::<usize>() + 2);
    records_json.push('[');
    for (index, record) in page.iter().enumerate() {
        if index > 0 {
            records_json.push(',');
        }
        records_json.push_str(&record.json);
    }
    records_json.push(']');
    let next = page
        .last()
        .filter(|_| cut || page.len() == limit)
        .map(|r| r.key.clone());
    // The last record of a full next page, where the page after it starts (a `next` means
    // this page was full, so `limit` is at least 1). A page cut by bytes gives no hint: the
    // next one may be cut too.
    let after_next = match &next {
        Some(next) if !cut => store.snapshot_key_at(next, &scope, limit - 1)?,
        _ => None,
    };
    Ok(SnapshotBody {
        protocol: PROTOCOL_VERSION,
        as_of,
        epoch,
        as_of_tag: tag_at(store, as_of)?,
        next,
        after_next,
        records_json,
    })
}

/// Writes the compact snapshot form of each record again from its stored fields: for records
/// a push changed ([`refresh_stale_snapshots`]), and once for records stored before snapshots
/// were kept.
pub fn refresh_snapshots<'k, S: SyncStore>(
    store: &mut S,
    keys: impl IntoIterator<Item = &'k RecordKey>,
) -> Result<(), StoreError> {
    for key in keys {
        let Some(record) = store.record_state(key)? else {
            continue;
        };
        let json = encode_snapshot_record(&record)
            .map_err(|e| StoreError(format!("could not encode record {}: {e}", key.id)))?;
        store.put_snapshot_record(key, &record.org, &json)?;
    }
    Ok(())
}

/// Writes the snapshot form of up to `limit` records marked stale by pushes
/// ([`SyncStore::mark_snapshot_stale`]); returns how many. A push only marks the records it
/// changed: encoding each changed record on every push was most of a push's time.
pub fn refresh_stale_snapshots<S: SyncStore>(
    store: &mut S,
    limit: usize,
) -> Result<usize, StoreError> {
    let stale = store.stale_snapshots(limit)?;
    refresh_snapshots(store, &stale)?;
    Ok(stale.len())
}
