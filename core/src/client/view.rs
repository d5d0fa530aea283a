use super::{ClientReplica, FieldKey};
use crate::domain::RecordKind;
use crate::merge::{FieldVersion, RecordKey, DELETED_FIELD};
use crate::org::OrgCode;
use crate::protocol::Mutation;
use crate::sorting;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A record as the user sees it: merged values with their own pending writes on top.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordView {
    pub key: RecordKey,
    pub org: OrgCode,
    pub values: BTreeMap<String, Value>,
    /// Fields with a write not yet acknowledged by the server.
    pub pending: BTreeSet<String>,
    /// Of those, the fields whose latest write is still being stored on the device: not yet
    /// safe from a closed or killed browser.
    pub saving: BTreeSet<String>,
    /// Fields whose value won over a concurrent write that nobody has seen.
    pub conflicted: BTreeSet<String>,
}

impl RecordView {
    /// A synced record as it stands on the server's side: no pending writes of this device.
    /// `None` when it is deleted.
    pub fn synced(record: &crate::merge::RecordState) -> Option<RecordView> {
        (!record.is_deleted()).then(|| RecordView {
            key: record.key.clone(),
            org: record.org.clone(),
            values: record.values(),
            pending: BTreeSet::new(),
            saving: BTreeSet::new(),
            conflicted: BTreeSet::new(),
        })
    }
}

/// A field where a concurrent write lost: the value shown, and the values that lost.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldConflict {
    pub key: FieldKey,
    pub org: OrgCode,
    pub current: FieldVersion,
    pub losers: Vec<FieldVersion>,
}

impl ClientReplica {
    /// The record as the user sees it, or `None` if it does not exist or is deleted.
    pub fn view(&self, key: &RecordKey) -> Option<RecordView> {
        let own_writes: Vec<&Mutation> = self
            .own_writes()
            .filter(|m| m.kind == key.kind && m.record_id == key.id)
            .collect();
        self.view_with(key, &own_writes)
    }

    /// The record with `own_writes`, the user's unacknowledged writes of it in order (of
    /// `self.pending`, then of `self.drafts`: those are still being stored).
    fn view_with(&self, key: &RecordKey, own_writes: &[&Mutation]) -> Option<RecordView> {
        let synced = self.records.get(key);
        let org = synced
            .map(|r| r.org.clone())
            .or_else(|| own_writes.first().map(|m| m.org.clone()))?;
        let mut values = synced.map(|r| r.values()).unwrap_or_default();
        let mut deleted = synced.is_some_and(|r| r.is_deleted());
        let mut pending = BTreeSet::new();
        let mut saving = BTreeSet::new();
        let drafts = self.drafts.as_ptr_range();
        for &write in own_writes {
            if write.field == DELETED_FIELD {
                deleted = write.value == Value::Bool(true);
            } else {
                values.insert(write.field.clone(), write.value.clone());
            }
            pending.insert(write.field.clone());
            if drafts.contains(&(write as *const Mutation)) {
                saving.insert(write.field.clone());
            }
        }
        if deleted {
            return None;
        }
        let conflicted = synced
            .map(|r| {
                r.fields
                    .iter()
                    .filter(|(_, state)| state.disagreements().next().is_some())
                    .map(|(name, _)| name.to_string())
                    .collect()
            })
            .unwrap_or_default();
        Some(RecordView {
            key: key.clone(),
            org,
            values,
            pending,
            saving,
            conflicted,
        })
    }

    /// Every visible record of one kind, in id order. The user's writes are sorted by record
    /// once: tens of thousands of them (an imported file) are not scanned per record. The
    /// project's one sort (`crate::sorting`) rather than a map, for the size of the app's wasm,
    /// sorting the runs of one record's writes (a batch writes record by record), not each.
    pub fn views(&self, kind: RecordKind) -> Vec<RecordView> {
        let written: Vec<&Mutation> = self.own_writes().filter(|m| m.kind == kind).collect();
        let order = sorting::sorted_runs(written.len(), &mut |a, b| {
            written[a].record_id.cmp(&written[b].record_id)
        });
        let own: Vec<&Mutation> = order.iter().map(|&at| written[at]).collect();
        let mut ids: Vec<&str> = self
            .records
            .unordered()
            .map(|record| &record.key)
            .filter(|key| key.kind == kind)
            .map(|key| key.id.as_str())
            .collect();
        // One id per record written, not one per write (an import writes 8 fields of each).
        let mut last = None;
        for m in &own {
            if last != Some(m.record_id.as_str()) {
                last = Some(m.record_id.as_str());
                ids.push(m.record_id.as_str());
            }
        }
        sorting::sort(&mut ids);
        ids.dedup();
        let mut rest = &own[..];
        let mut views = Vec::new();
        for id in ids {
            let start = rest
                .iter()
                .take_while(|m| m.record_id.as_str() < id)
                .count();
            let end = start
                + rest[start..]
                    .iter()
                    .take_while(|m| m.record_id == id)
                    .count();
            let key = RecordKey::new(kind, id);
            views.extend(self.view_with(&key, &rest[start..end]));
            rest = &rest[end..];
        }
        views
    }

    /// How many fields of `org`'s records hold a conflict: what the navigation shows on every
    /// change, so other organisations' records (all of a prefecture's, for its staff) are
    /// passed over without looking at their fields.
    pub fn conflict_count(&self, org: &OrgCode) -> usize {
        self.records
            .unordered()
            .filter(|record| &record.org == org)
            .map(|record| {
                record
                    .fields
                    .values()
                    .filter(|state| state.disagreements().next().is_some())
                    .count()
            })
            .sum()
    }

    /// Every field where a concurrent write lost and nobody has seen it yet.
    pub fn conflicts(&self) -> Vec<FieldConflict> {
        self.records
            .values()
            .flat_map(|record| {
                record
                    .fields
                    .iter()
                    .filter(|(_, state)| state.disagreements().next().is_some())
                    .map(|(field, state)| FieldConflict {
                        key: FieldKey {
                            record: record.key.clone(),
                            field: field.clone(),
                        },
                        org: record.org.clone(),
                        current: state.winner.clone(),
                        losers: state.disagreements().cloned().collect(),
                    })
            })
            .collect()
    }
}
