use super::{AppliedMutation, ClientBinding, StoreError, StoredSnapshot, SyncStore};
use crate::access::ReadScope;
use crate::merge::{FieldName, FieldState, RecordKey, RecordState};
use crate::org::OrgCode;
use crate::protocol::{encoded_len, Change, HistoryEntry};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;
use std::sync::atomic::{AtomicU64, Ordering};

/// The size of a store's data ([`MemoryStore::stored_size`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoredSize {
    pub change_rows: u64,
    pub change_bytes: u64,
    pub history_rows: u64,
    pub history_bytes: u64,
    /// Every field's merged state and every record's snapshot form: the current data, which
    /// compaction never touches.
    pub state_bytes: u64,
}

impl StoredSize {
    pub fn total_bytes(&self) -> u64 {
        self.change_bytes + self.history_bytes + self.state_bytes
    }
}

/// A [`SyncStore`] in memory: the reference the SQLite store must behave like, used by the
/// property tests and benchmarks of the engine.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    clients: HashMap<String, ClientBinding>,
    /// Per client id, its mutations by sequence number (forgetting the oldest visits only
    /// those, not every client's).
    applied: HashMap<String, BTreeMap<u64, AppliedMutation>>,
    /// Every record's owner and field states, found by key without building a string key for
    /// each field (the server path looks a field up for every mutation).
    records: HashMap<RecordKey, RecordState>,
    log: Vec<Change>,
    history: Vec<HistoryEntry>,
    snapshots: BTreeMap<RecordKey, String>,
    /// Records whose snapshot form is older than their fields.
    stale: HashSet<RecordKey>,
    epoch: String,
    /// How many changes from the start of the log were compacted away: `log[0]` is change
    /// `dropped + 1`.
    dropped: u64,
    /// Relayed sync files by signature: when.
    relayed_files: HashMap<String, u64>,
}

impl MemoryStore {
    /// An empty store with an epoch of its own (unique within the process).
    pub fn new() -> Self {
        static STORES: AtomicU64 = AtomicU64::new(0);
        Self {
            epoch: format!("memory-{}", STORES.fetch_add(1, Ordering::Relaxed)),
            ..Self::default()
        }
    }

    /// Every field's merged state, for comparing replicas (a copy, in key order).
    pub fn fields(&self) -> BTreeMap<(RecordKey, String), FieldState> {
        self.records
            .values()
            .flat_map(|record| {
                record
                    .fields
                    .iter()
                    .map(|(field, state)| ((record.key.clone(), field.to_string()), state.clone()))
            })
            .collect()
    }

    pub fn log(&self) -> &[Change] {
        &self.log
    }

    /// What the worker's tables would hold, as JSON bytes and rows: the change log, the
    /// history, the fields' merged states and the snapshot forms (for the retention
    /// benchmark).
    pub fn stored_size(&self) -> StoredSize {
        let bytes = |len: usize| len as u64;
        StoredSize {
            change_rows: self.log.len() as u64,
            change_bytes: self.log.iter().map(|c| bytes(encoded_len(c))).sum(),
            history_rows: self.history.len() as u64,
            history_bytes: self.history.iter().map(|h| bytes(encoded_len(h))).sum(),
            state_bytes: self
                .records
                .values()
                .flat_map(|record| record.fields.values())
                .map(|state| bytes(encoded_len(state)))
                .sum::<u64>()
                + self
                    .snapshots
                    .values()
                    .map(|json| bytes(json.len()))
                    .sum::<u64>(),
        }
    }

    /// The snapshot rows after `after` that `scope` may read, in key order.
    fn readable_snapshots<'a>(
        &'a self,
        after: Option<&RecordKey>,
        scope: &'a ReadScope,
    ) -> impl Iterator<Item = Result<(&'a RecordKey, &'a String), StoreError>> + 'a {
        let start = after.map_or(Bound::Unbounded, |key| Bound::Excluded(key.clone()));
        self.snapshots
            .range((start, Bound::Unbounded))
            .filter_map(move |(key, json)| match self.records.get(key) {
                None => Some(Err(StoreError(format!("record {} has no owner", key.id)))),
                Some(record) => scope
                    .allows(key.kind, &record.org)
                    .then_some(Ok((key, json))),
            })
    }
}

impl SyncStore for MemoryStore {
    fn relayed_file(&self, signature: &str) -> Result<Option<u64>, StoreError> {
        Ok(self.relayed_files.get(signature).copied())
    }

    fn put_relayed_file(
        &mut self,
        signature: &str,
        _client_id: &str,
        at_ms: u64,
    ) -> Result<(), StoreError> {
        self.relayed_files.insert(signature.to_string(), at_ms);
        Ok(())
    }

    fn client(&self, client_id: &str) -> Result<Option<ClientBinding>, StoreError> {
        Ok(self.clients.get(client_id).cloned())
    }

    fn put_client(&mut self, client_id: &str, binding: &ClientBinding) -> Result<(), StoreError> {
        self.clients.insert(client_id.to_string(), binding.clone());
        Ok(())
    }

    fn applied_mutation(
        &self,
        client_id: &str,
        seq: u64,
    ) -> Result<Option<AppliedMutation>, StoreError> {
        Ok(self
            .applied
            .get(client_id)
            .and_then(|applied| applied.get(&seq))
            .cloned())
    }

    fn put_applied_mutation(
        &mut self,
        client_id: &str,
        seq: u64,
        applied: &AppliedMutation,
    ) -> Result<(), StoreError> {
        match self.applied.get_mut(client_id) {
            Some(kept) => {
                kept.insert(seq, applied.clone());
            }
            None => {
                let kept = BTreeMap::from([(seq, applied.clone())]);
                self.applied.insert(client_id.to_string(), kept);
            }
        }
        Ok(())
    }

    fn forget_applied_mutations(
        &mut self,
        client_id: &str,
        through_seq: u64,
    ) -> Result<(), StoreError> {
        if let Some(kept) = self.applied.get_mut(client_id) {
            // The oldest first, one by one: only what goes is visited.
            while let Some(oldest) = kept.first_entry() {
                if *oldest.key() > through_seq {
                    break;
                }
                oldest.remove();
            }
        }
        Ok(())
    }

    fn record_org(&self, key: &RecordKey) -> Result<Option<OrgCode>, StoreError> {
        Ok(self.records.get(key).map(|record| record.org.clone()))
    }

    fn field_state(&self, key: &RecordKey, field: &str) -> Result<Option<FieldState>, StoreError> {
        Ok(self
            .records
            .get(key)
            .and_then(|record| record.fields.get(field))
            .cloned())
    }

    fn put_field_state(
        &mut self,
        key: &RecordKey,
        org: &OrgCode,
        field: &str,
        state: FieldState,
    ) -> Result<(), StoreError> {
        let record = match self.records.get_mut(key) {
            Some(record) => record,
            None => self
                .records
                .entry(key.clone())
                .or_insert_with(|| RecordState::new(key.clone(), org.clone())),
        };
        match record.fields.get_mut(field) {
            Some(stored) => *stored = state,
            None => {
                record.fields.insert(FieldName::new(field), state);
            }
        }
        Ok(())
    }

    fn append_change(&mut self, change: Change) -> Result<u64, StoreError> {
        let seq = self.dropped + self.log.len() as u64 + 1;
        self.log.push(Change { seq, ..change });
        Ok(seq)
    }

    fn append_history(&mut self, entry: HistoryEntry) -> Result<(), StoreError> {
        self.history.push(entry);
        Ok(())
    }

    fn changes_since(
        &self,
        cursor: u64,
        scope: &ReadScope,
        limit: usize,
    ) -> Result<(Vec<Change>, bool), StoreError> {
        let mut readable = self
            .log
            .iter()
            .skip(cursor.saturating_sub(self.dropped) as usize)
            .filter(|change| scope.allows(change.kind, &change.org));
        let page: Vec<Change> = readable.by_ref().take(limit).cloned().collect();
        Ok((page, readable.next().is_some()))
    }

    fn last_change_seq(&self) -> Result<u64, StoreError> {
        Ok(self.dropped + self.log.len() as u64)
    }

    fn change_at(&self, seq: u64) -> Result<Option<Change>, StoreError> {
        let index = seq
            .checked_sub(self.dropped + 1)
            .and_then(|i| usize::try_from(i).ok());
        Ok(index.and_then(|i| self.log.get(i)).cloned())
    }

    fn last_change_received_before(&self, ms: u64) -> Result<u64, StoreError> {
        Ok(self
            .history
            .iter()
            .filter(|entry| entry.received_at_ms < ms)
            .map(|entry| entry.seq)
            .max()
            .unwrap_or(0))
    }

    fn drop_changes_through(&mut self, seq: u64) -> Result<u64, StoreError> {
        let count = seq.saturating_sub(self.dropped).min(self.log.len() as u64);
        self.log.drain(..count as usize);
        self.dropped += count;
        Ok(count)
    }

    fn drop_history_through(&mut self, seq: u64) -> Result<u64, StoreError> {
        let mut newest: HashMap<(RecordKey, String), u64> = HashMap::new();
        for entry in self.history.iter().filter(|entry| entry.seq <= seq) {
            let key = (
                RecordKey::new(entry.kind, entry.record_id.clone()),
                entry.field.clone(),
            );
            let kept = newest.entry(key).or_insert(entry.seq);
            *kept = (*kept).max(entry.seq);
        }
        let kept: HashSet<u64> = newest.into_values().collect();
        let before = self.history.len();
        self.history
            .retain(|entry| entry.seq > seq || kept.contains(&entry.seq));
        Ok((before - self.history.len()) as u64)
    }

    fn compacted_through(&self) -> Result<u64, StoreError> {
        Ok(self.dropped)
    }

    fn set_compacted_through(&mut self, seq: u64) -> Result<(), StoreError> {
        debug_assert_eq!(seq, self.dropped, "the log was dropped up to here");
        Ok(())
    }

    fn epoch(&self) -> Result<Option<String>, StoreError> {
        Ok(Some(self.epoch.clone()).filter(|epoch| !epoch.is_empty()))
    }

    fn history(&self, key: &RecordKey) -> Result<Vec<HistoryEntry>, StoreError> {
        Ok(self
            .history
            .iter()
            .filter(|entry| entry.kind == key.kind && entry.record_id == key.id)
            .cloned()
            .collect())
    }

    fn record_state(&self, key: &RecordKey) -> Result<Option<RecordState>, StoreError> {
        Ok(self.records.get(key).cloned())
    }

    fn mark_snapshot_stale(&mut self, key: &RecordKey) -> Result<(), StoreError> {
        if !self.stale.contains(key) {
            self.stale.insert(key.clone());
        }
        Ok(())
    }

    fn stale_snapshots(&self, limit: usize) -> Result<Vec<RecordKey>, StoreError> {
        let mut stale: Vec<RecordKey> = self.stale.iter().cloned().collect();
        stale.sort_unstable();
        stale.truncate(limit);
        Ok(stale)
    }

    fn put_snapshot_record(
        &mut self,
        key: &RecordKey,
        _org: &OrgCode,
        json: &str,
    ) -> Result<(), StoreError> {
        self.stale.remove(key);
        self.snapshots.insert(key.clone(), json.to_string());
        Ok(())
    }

    fn snapshot_page(
        &self,
        after: Option<&RecordKey>,
        scope: &ReadScope,
        limit: usize,
    ) -> Result<Vec<StoredSnapshot>, StoreError> {
        self.readable_snapshots(after, scope)
            .take(limit)
            .map(|row| {
                row.map(|(key, json)| StoredSnapshot {
                    key: key.clone(),
                    json: json.clone(),
                })
            })
            .collect()
    }

    fn snapshot_key_at(
        &self,
        after: &RecordKey,
        scope: &ReadScope,
        offset: usize,
    ) -> Result<Option<RecordKey>, StoreError> {
        self.readable_snapshots(Some(after), scope)
            .nth(offset)
            .transpose()
            .map(|row| row.map(|(key, _)| key.clone()))
    }
}
