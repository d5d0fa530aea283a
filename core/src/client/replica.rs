use crate::domain::RecordKind;
use crate::merge::{FieldState, Hlc, HlcClock, RecordKey};
use crate::org::OrgCode;
use crate::protocol::{
    Mutation, SyncRequest, SyncResponse, MAX_MUTATIONS_PER_PUSH, PROTOCOL_VERSION,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// One field of one record.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FieldKey {
    pub record: RecordKey,
    pub field: String,
}

impl FieldKey {
    pub fn new(kind: RecordKind, id: impl Into<String>, field: impl Into<String>) -> Self {
        Self {
            record: RecordKey::new(kind, id),
            field: field.into(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct ClientReplica {
    client_id: String,
    clock: HlcClock,
    next_seq: u64,
    cursor: u64,
    synced: BTreeMap<FieldKey, FieldState>,
    pending: Vec<Mutation>,
}

impl ClientReplica {
    pub fn new(client_id: impl Into<String>) -> Self {
        let client_id = client_id.into();
        Self {
            clock: HlcClock::new(client_id.clone()),
            client_id,
            next_seq: 1,
            cursor: 0,
            synced: BTreeMap::new(),
            pending: Vec::new(),
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

    pub fn synced(&self) -> &BTreeMap<FieldKey, FieldState> {
        &self.synced
    }

    /// The value the user sees: their newest unacknowledged write, else the merged value.
    pub fn value(&self, key: &FieldKey) -> Option<&Value> {
        self.newest_pending(key)
            .map(|m| &m.value)
            .or_else(|| self.synced.get(key).map(FieldState::value))
    }

    fn newest_pending(&self, key: &FieldKey) -> Option<&Mutation> {
        self.pending.iter().rev().find(|m| {
            m.kind == key.record.kind && m.record_id == key.record.id && m.field == key.field
        })
    }

    /// Records a local write and returns the mutation queued for the next push. Its base is the
    /// version the user was looking at, so the server can tell a concurrent edit from a later one.
    pub fn write(&mut self, org: &OrgCode, key: &FieldKey, value: Value, now_ms: u64) -> Mutation {
        let base = self
            .newest_pending(key)
            .map(|m| m.hlc.clone())
            .or_else(|| self.synced.get(key).map(|s| s.winner.hlc.clone()));
        let mutation = Mutation {
            seq: self.next_seq,
            kind: key.record.kind,
            record_id: key.record.id.clone(),
            org: org.clone(),
            field: key.field.clone(),
            value,
            hlc: self.clock.tick(now_ms),
            base,
        };
        self.next_seq += 1;
        self.pending.push(mutation.clone());
        mutation
    }

    /// The next request: the oldest pending mutations (at most one push's worth) and the cursor.
    pub fn request(&self, page_size: Option<u32>) -> SyncRequest {
        SyncRequest {
            protocol: PROTOCOL_VERSION,
            client_id: self.client_id.clone(),
            cursor: self.cursor,
            mutations: self
                .pending
                .iter()
                .take(MAX_MUTATIONS_PER_PUSH)
                .cloned()
                .collect(),
            page_size,
        }
    }

    /// Takes in a server response: drops acknowledged mutations, merges the pulled changes and
    /// moves the cursor. Applying the same response twice changes nothing.
    pub fn apply_response(&mut self, response: &SyncResponse) {
        self.pending.retain(|m| m.seq > response.acked_through);
        for change in &response.changes {
            if change.seq <= self.cursor {
                continue;
            }
            self.clock.observe(&change.version.hlc);
            let key = FieldKey::new(change.kind, change.record_id.clone(), change.field.clone());
            match self.synced.get_mut(&key) {
                Some(state) => {
                    state.merge(change.version.clone());
                }
                None => {
                    self.synced
                        .insert(key, FieldState::new(change.version.clone()));
                }
            }
        }
        self.cursor = self.cursor.max(response.cursor);
    }

    /// The last timestamp issued, to persist the clock across sessions.
    pub fn clock_state(&self) -> Hlc {
        self.clock.current()
    }
}
