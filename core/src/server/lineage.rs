//! Whether a device's view still belongs to this store: the store's epoch (its identity, made
//! with it) and the change at the device's cursor.
//!
//! A store re-created empty has a new epoch. A backup put back keeps the epoch it was copied
//! with, but its log ends earlier, and the changes written after it take sequence numbers a
//! device may already have pulled: the device's cursor is past the log's end, or the change at
//! its cursor is not the one it pulled (its tag differs). Either way the device would skip
//! changes, so it is told `store_replaced` and takes a fresh snapshot, keeping its unsent
//! writes. A device whose cursor is still in the restored log carries on as before.

use sha2::{Digest, Sha256};

use super::{StoreError, SyncStore};
use crate::protocol::{ApiError, Change, ErrorCode};

/// A short digest of one change of the log: its position, record, field and timestamp.
pub fn change_tag(change: &Change) -> String {
    let mut hasher = Sha256::new();
    hasher.update(change.seq.to_be_bytes());
    for part in [
        change.kind.as_str(),
        &change.record_id,
        change.org.as_str(),
        &change.field,
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.update(change.version.hlc.wall_ms.to_be_bytes());
    hasher.update(change.version.hlc.counter.to_be_bytes());
    hasher.update(change.version.hlc.replica.as_bytes());
    hex::encode(&hasher.finalize()[..8])
}

/// The tag of the change at `seq`, `None` at 0 or where the log has no such change.
pub(super) fn tag_at<S: SyncStore>(store: &S, seq: u64) -> Result<Option<String>, StoreError> {
    if seq == 0 {
        return Ok(None);
    }
    Ok(store.change_at(seq)?.as_ref().map(change_tag))
}

/// The store's epoch, for the answer; `Err(store_replaced)` when the device's epoch, cursor or
/// cursor tag shows that what it pulled is not in this store. A device that names no epoch (it
/// has not pulled yet, or its app predates epochs) is not checked.
pub fn check_lineage<S: SyncStore>(
    store: &S,
    epoch: Option<&str>,
    cursor: u64,
    cursor_tag: Option<&str>,
) -> Result<Option<String>, ApiError> {
    let current = store.epoch()?;
    let Some(epoch) = epoch else {
        return Ok(current);
    };
    let replaced = |why: String| {
        Err(ApiError::new(
            ErrorCode::StoreReplaced,
            format!("{why}: take a fresh snapshot (POST /v1/snapshot); keep unsent writes and send them after it"),
        )
        .at("epoch"))
    };
    if current.as_deref() != Some(epoch) {
        return replaced(format!(
            "this server's data was re-created since the device last pulled (epoch {epoch} is not the server's)"
        ));
    }
    let last = store.last_change_seq()?;
    if cursor > last {
        return replaced(format!(
            "this server's data was restored from a backup: the device pulled up to change {cursor}, and the server's log ends at {last}"
        ));
    }
    if let Some(expected) = cursor_tag {
        if tag_at(store, cursor)?.is_some_and(|tag| tag != expected) {
            return replaced(format!(
                "this server's data was restored from a backup: change {cursor} is not the one the device pulled"
            ));
        }
    }
    Ok(current)
}
