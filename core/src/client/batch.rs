//! Many writes made at once (a confirmed import and its undo, a new record's fields, a
//! restore): drafted together, numbered and stored together, confirmed or dropped together.
//! Drafting one at a time looks up each field's newest own write by scanning the whole queue,
//! which for 80,000 writes of an imported file is billions of comparisons; a batch looks up
//! only the records it touches, in one pass.

use super::{ClientReplica, FieldKey, ReplicaMeta};
use crate::domain::RecordKind;
use crate::merge::{Hlc, RecordKey, DELETED_FIELD};
use crate::org::OrgCode;
use crate::protocol::Mutation;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One edit of a batch.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A field's new value.
    Write(FieldKey, Value),
    /// The record deleted (to its organisation's trash), as `ClientReplica::draft_delete`.
    Delete(RecordKey),
}

/// The newest own write the user sees per field, and per record, of the records a batch
/// touches (the base of the batch's writes and deletes).
#[derive(Default)]
struct NewestOwn {
    fields: BTreeMap<(RecordKind, String, String), Hlc>,
    records: BTreeMap<(RecordKind, String), Hlc>,
}

impl NewestOwn {
    fn note(&mut self, kind: RecordKind, id: &str, field: &str, hlc: &Hlc) {
        self.fields
            .insert((kind, id.to_owned(), field.to_owned()), hlc.clone());
        let newest = self
            .records
            .entry((kind, id.to_owned()))
            .or_insert_with(|| hlc.clone());
        if hlc > newest {
            *newest = hlc.clone();
        }
    }
}

impl ClientReplica {
    /// Drafts `edits` (in order, as if written one after another) and shows them at once; the
    /// stored queue numbers them ([`ReplicaMeta::assign_batch`]), then
    /// [`ClientReplica::confirm_batch`] or [`ClientReplica::drop_drafts`] settles them all.
    pub fn draft_batch(&mut self, org: &OrgCode, edits: &[Edit], now_ms: u64) -> Vec<Mutation> {
        let touched: BTreeSet<(RecordKind, &str)> = edits
            .iter()
            .map(|edit| match edit {
                Edit::Write(key, _) => (key.record.kind, key.record.id.as_str()),
                Edit::Delete(record) => (record.kind, record.id.as_str()),
            })
            .collect();
        let mut newest = NewestOwn::default();
        for write in self.own_writes() {
            if touched.contains(&(write.kind, write.record_id.as_str())) {
                newest.note(write.kind, &write.record_id, &write.field, &write.hlc);
            }
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
                    .chain(newest.records.get(&(record.kind, record.id.clone())))
                    .max()
                    .cloned(),
                Edit::Write(..) => newest
                    .fields
                    .get(&(record.kind, record.id.clone(), key.field.clone()))
                    .or(state.map(|s| &s.winner.hlc))
                    .cloned(),
            };
            let seen = state.map(|s| s.seen()).unwrap_or_default();
            let draft = Mutation {
                seq: 0,
                kind: record.kind,
                record_id: record.id.clone(),
                org: org.clone(),
                field: key.field,
                value,
                hlc: self.clock.tick(now_ms),
                base,
                seen: Some(seen),
            };
            newest.note(draft.kind, &draft.record_id, &draft.field, &draft.hlc);
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

    /// The drafts `drafts` could not be stored: none of them is shown any more.
    pub fn drop_drafts(&mut self, drafts: &[Mutation]) {
        let stamps: BTreeSet<&Hlc> = drafts.iter().map(|d| &d.hlc).collect();
        self.drafts.retain(|d| !stamps.contains(&d.hlc));
    }
}

impl ReplicaMeta {
    /// Numbers a batch of drafts in order, as [`ReplicaMeta::assign`] does each.
    pub fn assign_batch(&mut self, drafts: &[Mutation]) -> Vec<Mutation> {
        drafts.iter().map(|draft| self.assign(draft)).collect()
    }
}
