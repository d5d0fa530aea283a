use super::{AppliedChange, Bootstrap, RejectedWrite, ReplicaMeta, SyncEffects};
use crate::domain::RecordKind;
use crate::merge::{FieldState, HlcClock, MergeOutcome, RecordKey, RecordState};
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
    pub(super) clock: HlcClock,
    next_seq: u64,
    pub(super) cursor: u64,
    pub(super) bootstrap: Bootstrap,
    pub(super) records: BTreeMap<RecordKey, RecordState>,
    pub(super) pending: Vec<Mutation>,
}

impl ClientReplica {
    pub fn new(client_id: impl Into<String>) -> Self {
        let client_id = client_id.into();
        Self {
            clock: HlcClock::new(client_id.clone()),
            client_id,
            next_seq: 1,
            cursor: 0,
            bootstrap: Bootstrap::Needed,
            records: BTreeMap::new(),
            pending: Vec::new(),
        }
    }

    /// A replica as persisted: its meta row, its synced records and its pending queue.
    pub fn restore(
        meta: ReplicaMeta,
        records: Vec<RecordState>,
        mut pending: Vec<Mutation>,
    ) -> Self {
        pending.sort_by_key(|m| m.seq);
        let next_seq = pending
            .last()
            .map_or(meta.next_seq, |m| meta.next_seq.max(m.seq + 1));
        Self {
            clock: HlcClock::resume(meta.client_id.clone(), Some(&meta.clock)),
            client_id: meta.client_id,
            next_seq,
            cursor: meta.cursor,
            bootstrap: meta.bootstrap,
            records: records.into_iter().map(|r| (r.key.clone(), r)).collect(),
            pending,
        }
    }

    pub fn meta(&self) -> ReplicaMeta {
        ReplicaMeta {
            client_id: self.client_id.clone(),
            clock: self.clock.current(),
            next_seq: self.next_seq,
            cursor: self.cursor,
            bootstrap: self.bootstrap.clone(),
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
                            field: field.to_string(),
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

    pub(super) fn newest_pending(&self, key: &FieldKey) -> Option<&Mutation> {
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
            .or_else(|| self.field_state(key).map(|s| s.winner.hlc.clone()));
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
    ///
    /// A rejected mutation is dropped like an acknowledged one (the server stored nothing of
    /// it), so the field falls back to the synced value; the effects report it for a notice.
    pub fn apply_response(&mut self, response: &SyncResponse) -> SyncEffects {
        let mut effects = SyncEffects::default();
        for rejection in &response.rejected {
            effects.rejected.push(RejectedWrite {
                rejection: rejection.clone(),
                mutation: self
                    .pending
                    .iter()
                    .find(|m| m.seq == rejection.seq)
                    .cloned(),
            });
        }
        let rejected = |seq: u64| response.rejected.iter().any(|r| r.seq == seq);
        self.pending.retain(|m| {
            let acknowledged = m.seq <= response.acked_through || rejected(m.seq);
            if acknowledged {
                effects.acknowledged.push(m.seq);
            }
            !acknowledged
        });
        for change in &response.changes {
            if change.seq <= self.cursor {
                continue;
            }
            self.clock.observe(&change.version.hlc);
            let key = RecordKey::new(change.kind, change.record_id.clone());
            let record = self
                .records
                .entry(key.clone())
                .or_insert_with(|| RecordState::new(key.clone(), change.org.clone()));
            if let MergeOutcome::Applied { previous, won } =
                record.merge(&change.field, change.version.clone())
            {
                effects.changed_records.insert(key.clone());
                effects.applied.push(AppliedChange {
                    server_seq: change.seq,
                    key: FieldKey {
                        record: key,
                        field: change.field.clone(),
                    },
                    org: change.org.clone(),
                    version: change.version.clone(),
                    previous,
                    won,
                });
            }
        }
        self.cursor = self.cursor.max(response.cursor);
        effects
    }
}
