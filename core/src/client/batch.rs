//! Many writes made at once (a confirmed import and its undo, a new record's fields, a
//! restore): drafted together, numbered and stored together, confirmed or dropped together.
//! Drafting one at a time looks up each field's newest own write by scanning the whole queue,
//! which for 80,000 writes of an imported file is billions of comparisons; a batch indexes
//! them once.

use super::{ClientReplica, FieldKey, ReplicaMeta};
use crate::domain::RecordKind;
use crate::merge::{Hlc, RecordKey, DELETED_FIELD};
use crate::org::OrgCode;
use crate::protocol::Mutation;
use serde_json::Value;
use std::collections::BTreeMap;

/// One edit of a batch.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A field's new value.
    Write(FieldKey, Value),
    /// The record deleted (to its organisation's trash), as `ClientReplica::draft_delete`.
    Delete(RecordKey),
}

/// The newest own write the user sees per field, and per record under the field name `""`
/// (no field has it): the bases of a batch's writes and deletes. One map type, for the size of
/// the app's wasm.
#[derive(Default)]
struct NewestOwn(BTreeMap<(RecordKind, String, String), Hlc>);

impl NewestOwn {
    fn note(&mut self, write: &Mutation) {
        let id = || write.record_id.clone();
        self.0
            .insert((write.kind, id(), write.field.clone()), write.hlc.clone());
        let newest = self
            .0
            .entry((write.kind, id(), String::new()))
            .or_insert_with(|| write.hlc.clone());
        if write.hlc > *newest {
            *newest = write.hlc.clone();
        }
    }

    fn get(&self, record: &RecordKey, field: &str) -> Option<&Hlc> {
        self.0
            .get(&(record.kind, record.id.clone(), field.to_owned()))
    }
}

impl ClientReplica {
    /// Drafts `edits` (in order, as if written one after another) and shows them at once; the
    /// stored queue numbers them ([`ReplicaMeta::assign_batch`]), then
    /// [`ClientReplica::confirm_batch`] or [`ClientReplica::drop_drafts`] settles them all.
    pub fn draft_batch(&mut self, org: &OrgCode, edits: &[Edit], now_ms: u64) -> Vec<Mutation> {
        let mut newest = NewestOwn::default();
        for write in self.own_writes() {
            newest.note(write);
        }
        let mut drafts = Vec::with_capacity(edits.len());
        for edit in edits {
            let (key, value) = match edit {
                Edit::Write(key, value) => (key.clone(), value.clone()),
                Edit::Delete(record) => (
                    FieldKey {
                        record: record.clone(),
                        field: DELETED_FIELD.into(),
                    },
                    Value::Bool(true),
                ),
            };
            let record = &key.record;
            let synced = self.records.get(record);
            let state = synced.and_then(|r| r.fields.get(key.field.as_str()));
            let base = match edit {
                // A delete's base is the newest write seen in the whole record (see trash.rs).
                Edit::Delete(_) => synced
                    .into_iter()
                    .flat_map(|r| r.fields.values().map(|s| &s.winner.hlc))
                    .chain(newest.get(record, ""))
                    .max()
                    .cloned(),
                Edit::Write(..) => newest
                    .get(record, &key.field)
                    .or(state.map(|s| &s.winner.hlc))
                    .cloned(),
            };
            let seen = state.map(|s| s.seen()).unwrap_or_default();
            let draft = Mutation {
                seq: 0,
                kind: record.kind,
                record_id: record.id.clone(),
                org: org.clone(),
                field: key.field.into(),
                value,
                hlc: self.clock.tick(now_ms),
                base,
                seen: Some(seen),
            };
            newest.note(&draft);
            drafts.push(draft);
        }
        self.drafts.extend(drafts.iter().cloned());
        drafts
    }

    /// The drafts `drafts` were stored as `stored` (numbered by the stored queue).
    pub fn confirm_batch(&mut self, drafts: &[Mutation], stored: Vec<Mutation>) {
        self.drop_drafts(drafts);
        for write in stored {
            self.insert_pending(write);
        }
    }

    /// The drafts `drafts` (one batch, in the order drafted) could not be stored: none of them
    /// is shown any more.
    pub fn drop_drafts(&mut self, drafts: &[Mutation]) {
        // A batch's stamps rise in order: found by halving.
        self.drafts
            .retain(|d| drafts.binary_search_by(|b| b.hlc.cmp(&d.hlc)).is_err());
    }
}

impl ReplicaMeta {
    /// Numbers a batch of drafts in order, as [`ReplicaMeta::assign`] does each.
    pub fn assign_batch(&mut self, drafts: &[Mutation]) -> Vec<Mutation> {
        drafts.iter().map(|draft| self.assign(draft)).collect()
    }
}
