use super::queue::{next_push, settle, sort_by_seq};
use super::record_table::RecordTable;
use super::{AppliedChange, Bootstrap, ReplicaMeta, SyncEffects};
use crate::domain::RecordKind;
use crate::merge::{FieldName, FieldState, Hlc, HlcClock, MergeOutcome, RecordKey, RecordState};
use crate::org::OrgCode;
use crate::protocol::{
    Change, Mutation, SyncRequest, SyncResponse, MAX_MUTATIONS_PER_PUSH, PROTOCOL_VERSION,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// One field of one record.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FieldKey {
    pub record: RecordKey,
    pub field: FieldName,
}

impl FieldKey {
    pub fn new(kind: RecordKind, id: impl Into<String>, field: impl Into<FieldName>) -> Self {
        Self {
            record: RecordKey::new(kind, id),
            field: field.into(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct ClientReplica {
    client_id: String,
    pub(super) clock: HlcClock,
    next_seq: u64,
    pub(super) cursor: u64,
    pub(super) bootstrap: Bootstrap,
    /// The store the replica pulled from, and the tag of the change at its cursor
    /// (`super::lineage`).
    pub(super) epoch: Option<String>,
    pub(super) cursor_tag: Option<String>,
    pub(super) records: RecordTable,
    /// Stored writes not yet acknowledged, by sequence number.
    pub(super) pending: Vec<Mutation>,
    /// Writes shown at once but not yet stored (their sequence number is given when they are):
    /// never sent.
    pub(super) drafts: Vec<Mutation>,
}

/// Fields a record made by a sync has room for from the start: a record's fields come one
/// change at a time, and growing its lists of names and states from nothing copied them three
/// times before ten fields were in. The states themselves are boxed, so the room costs 24
/// bytes a field.
const FIELDS_EXPECTED: usize = 8;

impl ClientReplica {
    pub fn new(client_id: impl Into<String>) -> Self {
        let client_id = client_id.into();
        Self {
            clock: HlcClock::new(client_id.clone()),
            client_id,
            next_seq: 1,
            cursor: 0,
            bootstrap: Bootstrap::Needed,
            epoch: None,
            cursor_tag: None,
            records: RecordTable::new(),
            pending: Vec::new(),
            drafts: Vec::new(),
        }
    }

    /// A replica as persisted: its meta row, its synced records and its pending queue.
    pub fn restore(
        meta: ReplicaMeta,
        records: Vec<RecordState>,
        mut pending: Vec<Mutation>,
    ) -> Self {
        sort_by_seq(&mut pending);
        let next_seq = pending
            .last()
            .map_or(meta.next_seq, |m| meta.next_seq.max(m.seq + 1));
        Self {
            clock: HlcClock::resume(meta.client_id.clone(), Some(&meta.clock)),
            client_id: meta.client_id,
            next_seq,
            cursor: meta.cursor,
            bootstrap: meta.bootstrap,
            epoch: meta.epoch,
            cursor_tag: meta.cursor_tag,
            records: records.into_iter().collect(),
            pending,
            drafts: Vec::new(),
        }
    }

    pub fn meta(&self) -> ReplicaMeta {
        ReplicaMeta {
            client_id: self.client_id.clone(),
            clock: self.clock.current(),
            next_seq: self.next_seq,
            cursor: self.cursor,
            bootstrap: self.bootstrap.clone(),
            epoch: self.epoch.clone(),
            cursor_tag: self.cursor_tag.clone(),
        }
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub fn cursor(&self) -> u64 {
        self.cursor
    }

    pub fn pending(&self) -> &[Mutation] {
        &self.pending
    }

    pub fn record(&self, key: &RecordKey) -> Option<&RecordState> {
        self.records.get(key)
    }

    /// Every synced record, deleted ones too, in key order.
    pub fn records(&self) -> impl Iterator<Item = &RecordState> {
        self.records.values()
    }

    pub fn field_state(&self, key: &FieldKey) -> Option<&FieldState> {
        self.records
            .get(&key.record)?
            .fields
            .get(key.field.as_str())
    }

    /// Every synced field, for comparing replicas.
    pub fn synced_fields(&self) -> BTreeMap<FieldKey, FieldState> {
        self.records
            .values()
            .flat_map(|record| {
                record.fields.iter().map(|(field, state)| {
                    (
                        FieldKey {
                            record: record.key.clone(),
                            field: field.clone(),
                        },
                        state.clone(),
                    )
                })
            })
            .collect()
    }

    /// The value the user sees: their newest unacknowledged write, else the merged value.
    pub fn value(&self, key: &FieldKey) -> Option<&Value> {
        self.newest_pending(key)
            .map(|m| &m.value)
            .or_else(|| self.field_state(key).map(FieldState::value))
    }

    /// The user's writes not yet acknowledged, stored ones first, oldest first.
    pub(super) fn own_writes(&self) -> impl DoubleEndedIterator<Item = &Mutation> {
        self.pending.iter().chain(&self.drafts)
    }

    pub(super) fn newest_pending(&self, key: &FieldKey) -> Option<&Mutation> {
        self.own_writes().rev().find(|m| {
            m.kind == key.record.kind && m.record_id == key.record.id && key.field == m.field
        })
    }

    /// Records a local write and returns the mutation queued for the next push. Its `seen` is
    /// what the user's state had seen of the field (the value and every conflict shown), so a
    /// concurrent edit is told from a later one; its base is the version the user was looking at.
    pub fn write(&mut self, org: &OrgCode, key: &FieldKey, value: Value, now_ms: u64) -> Mutation {
        let mutation = Mutation {
            seq: self.next_seq,
            ..self.new_write(org, key, value, now_ms)
        };
        self.next_seq += 1;
        self.pending.push(mutation.clone());
        mutation
    }

    /// A write shown at once while it is being stored: the device's stored queue gives it its
    /// sequence number ([`ReplicaMeta::assign`]), and [`ClientReplica::confirm`] puts it in the
    /// queue. Until then it is never sent.
    pub fn draft(&mut self, org: &OrgCode, key: &FieldKey, value: Value, now_ms: u64) -> Mutation {
        let draft = self.new_write(org, key, value, now_ms);
        self.drafts.push(draft.clone());
        draft
    }

    /// The draft stamped `draft` was stored as `stored`.
    pub fn confirm(&mut self, draft: &Hlc, stored: Mutation) {
        self.drafts.retain(|d| d.hlc != *draft);
        self.clock.observe(&stored.hlc);
        self.next_seq = self.next_seq.max(stored.seq + 1);
        self.insert_pending(stored);
    }

    /// The draft stamped `draft` could not be stored: it is no longer shown.
    pub fn drop_draft(&mut self, draft: &Hlc) {
        self.drafts.retain(|d| d.hlc != *draft);
    }

    /// A write another tab of this device stored.
    pub fn insert_pending(&mut self, stored: Mutation) {
        self.clock.observe(&stored.hlc);
        self.next_seq = self.next_seq.max(stored.seq + 1);
        match self.pending.binary_search_by_key(&stored.seq, |m| m.seq) {
            Ok(at) => self.pending[at] = stored,
            Err(at) => self.pending.insert(at, stored),
        }
    }

    /// The stored queue and meta as read from storage (another tab may have changed them): the
    /// queue replaces this replica's, and the sequence, clock and client id follow the meta.
    pub fn set_queue(&mut self, mut pending: Vec<Mutation>, meta: &ReplicaMeta) {
        sort_by_seq(&mut pending);
        if meta.client_id != self.client_id {
            self.client_id = meta.client_id.clone();
            self.clock = HlcClock::resume(self.client_id.clone(), Some(&meta.clock));
        }
        self.clock.observe(&meta.clock);
        self.next_seq = pending
            .last()
            .map_or(meta.next_seq, |m| meta.next_seq.max(m.seq + 1));
        self.pending = pending;
    }

    fn new_write(&mut self, org: &OrgCode, key: &FieldKey, value: Value, now_ms: u64) -> Mutation {
        let base = self
            .newest_pending(key)
            .map(|m| m.hlc.clone())
            .or_else(|| self.field_state(key).map(|s| s.winner.hlc.clone()));
        // The user's own queued writes need no entry: a replica sees its own earlier writes.
        let seen = self
            .field_state(key)
            .map(FieldState::seen)
            .unwrap_or_default();
        Mutation {
            seq: 0,
            kind: key.record.kind,
            record_id: key.record.id.clone(),
            org: org.clone(),
            field: key.field.to_string(),
            value,
            hlc: self.clock.tick(now_ms),
            base,
            seen: Some(seen),
        }
    }

    /// The next request: the oldest pending mutations (at most one push's worth, by count and
    /// by bytes) and the cursor.
    pub fn request(&self, page_size: Option<u32>) -> SyncRequest {
        SyncRequest {
            protocol: PROTOCOL_VERSION,
            client_id: self.client_id.clone(),
            cursor: self.cursor,
            mutations: next_push(&self.pending, MAX_MUTATIONS_PER_PUSH),
            page_size,
            epoch: self.epoch.clone(),
            cursor_tag: self.cursor_tag.clone(),
        }
    }

    /// Takes in a server response: drops acknowledged mutations, sets aside refused ones,
    /// numbers again those the server asks to be resent, merges the pulled changes (moved out
    /// of the response, see [`ClientReplica::apply_changes`]) and moves the cursor. Taking in
    /// the same response again changes nothing.
    ///
    /// This is the single-writer form (the replica is its own store); a device whose tabs share
    /// one stored queue settles the stored queue with [`super::settle`] and takes in the changes
    /// with [`ClientReplica::apply_changes`].
    pub fn apply_response(&mut self, response: &mut SyncResponse) -> SyncEffects {
        let sent: Vec<u64> = self
            .pending
            .iter()
            .map(|m| m.seq)
            .filter(|&seq| {
                seq <= response.acked_through || response.rejected.iter().any(|r| r.seq == seq)
            })
            .collect();
        let mut meta = self.meta();
        let settled = settle(
            std::mem::take(&mut self.pending),
            &mut meta,
            &sent,
            response,
        );
        self.set_queue(settled.pending, &meta);
        let mut effects = self.apply_changes(response);
        effects.acknowledged = settled.removed;
        effects.rejected = settled.refused;
        effects.renumbered = settled.renumbered;
        effects
    }

    /// Merges the changes a response pulled and moves the cursor; the queue is left alone.
    /// The changes are moved out of the response (it is left with none) into the effects'
    /// `applied`: a page of thousands is taken in without copying each change twice.
    pub fn apply_changes(&mut self, response: &mut SyncResponse) -> SyncEffects {
        let mut changes = std::mem::take(&mut response.changes);
        changes.retain(|change| change.seq > self.cursor);
        let mut effects = SyncEffects {
            applied: Vec::with_capacity(changes.len()),
            ..SyncEffects::default()
        };
        let records = self.locate_records(&mut changes);
        self.read_ahead(&changes, &records);
        // Which records this page changed already, by position: each is listed once.
        let mut listed = vec![false; self.records.len()];
        for (change, (key, at)) in changes.into_iter().zip(records) {
            self.clock.observe(&change.version.hlc);
            let Change {
                seq,
                org,
                field,
                version,
                ..
            } = change;
            let record = self.records.at_mut(at);
            if let MergeOutcome::Applied { previous, won } =
                record.merge_field(&field, version.clone())
            {
                if !listed[at] {
                    listed[at] = true;
                    effects.changed_records.push(key.clone());
                }
                effects.applied.push(AppliedChange {
                    server_seq: seq,
                    key: FieldKey { record: key, field },
                    org,
                    version,
                    previous,
                    won,
                });
            }
        }
        if response.cursor >= self.cursor {
            self.cursor = response.cursor;
            self.cursor_tag = response.cursor_tag.clone();
        }
        if response.epoch.is_some() {
            self.epoch = response.epoch.clone();
        }
        effects
    }

    /// Every change's record, found (or made) before any change is merged, with its key (the
    /// id moved out of the change) and position. A page's lookups do not depend on each other,
    /// so the processor overlaps their waits on memory, which a lookup followed by its merge,
    /// change after change, does not let it do (issue 27).
    fn locate_records(&mut self, changes: &mut [Change]) -> Vec<(RecordKey, usize)> {
        changes
            .iter_mut()
            .map(|change| {
                let key = RecordKey::new(change.kind, std::mem::take(&mut change.record_id));
                let at = match self.records.position(&key) {
                    Some(at) => at,
                    None => self.records.insert(RecordState::with_room(
                        key.clone(),
                        change.org.clone(),
                        FIELDS_EXPECTED,
                    )),
                };
                (key, at)
            })
            .collect()
    }

    /// The same for each change's field state: read ahead here, merged soon after.
    fn read_ahead(&self, changes: &[Change], records: &[(RecordKey, usize)]) {
        for (change, (_, at)) in changes.iter().zip(records) {
            self.records
                .at(*at)
                .read_ahead(&change.field, &change.version);
        }
    }

    /// Puts a record's state as another tab stored it (newer than this replica's copy).
    pub fn put_record(&mut self, record: RecordState) {
        for state in record.fields.values() {
            self.clock.observe(&state.winner.hlc);
        }
        self.records.insert(record);
    }

    /// Moves to the pull position another tab stored.
    pub fn set_pull_position(&mut self, meta: &ReplicaMeta) {
        self.rewind_pull(meta.pull_position());
    }
}
