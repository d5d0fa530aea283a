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
use crate::sorting;
use serde_json::Value;

/// One edit of a batch.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A field's new value.
    Write(FieldKey, Value),
    /// The record deleted (to its organisation's trash), as `ClientReplica::draft_delete`.
    Delete(RecordKey),
}

impl Edit {
    fn record(&self) -> &RecordKey {
        match self {
            Edit::Write(key, _) => &key.record,
            Edit::Delete(record) => record,
        }
    }

    /// The record and field it writes (a delete writes the tombstone).
    fn key(&self) -> (RecordKind, &str, &str) {
        match self {
            Edit::Write(key, _) => (key.record.kind, &key.record.id, key.field.as_str()),
            Edit::Delete(record) => (record.kind, &record.id, DELETED_FIELD),
        }
    }
}

impl ClientReplica {
    /// Drafts `edits` (in order, as if written one after another with [`ClientReplica::draft`]
    /// and [`ClientReplica::draft_delete`]) and shows them at once; the stored queue numbers
    /// them ([`ReplicaMeta::assign_batch`]), then [`ClientReplica::confirm_stamped`] or
    /// [`ClientReplica::drop_stamped`] settles them all by their stamps. The edits are moved into the drafts:
    /// an import's 80,000 writes are not copied field by field.
    pub fn draft_batch(&mut self, org: &OrgCode, edits: Vec<Edit>, now_ms: u64) -> Vec<Mutation> {
        // Nothing else ticks the clock meanwhile: stamped first, the bases can use the stamps.
        let stamps: Vec<Hlc> = edits.iter().map(|_| self.clock.tick(now_ms)).collect();
        let bases = self.batch_bases(&edits, &stamps);
        let mut drafts = Vec::with_capacity(edits.len());
        for ((edit, hlc), base) in edits.into_iter().zip(stamps).zip(bases) {
            let (record, field, value) = match edit {
                Edit::Write(FieldKey { record, field }, value) => (record, field.into(), value),
                Edit::Delete(record) => (record, DELETED_FIELD.to_owned(), Value::Bool(true)),
            };
            let seen = self
                .records
                .get(&record)
                .and_then(|r| r.fields.get(field.as_str()))
                .map(|s| s.seen())
                .unwrap_or_default();
            drafts.push(Mutation {
                seq: 0,
                kind: record.kind,
                record_id: record.id,
                org: org.clone(),
                field,
                value,
                hlc,
                base,
                seen: Some(seen),
            });
        }
        self.drafts.extend_from_slice(&drafts);
        drafts
    }

    /// The base of each edit of a batch stamped `stamps`: for a write, the newest own write of
    /// the field before it (the user's unacknowledged writes, then the batch's), else the
    /// synced winner's stamp; for a delete, the newest stamp seen in the whole record (see
    /// trash.rs). The own writes and the edits are sorted by field once (positions, ties in
    /// order), so no lookup allocates a key: with 80,000 writes, per-write keys of their own
    /// were most of the drafting time in the browser.
    fn batch_bases(&self, edits: &[Edit], stamps: &[Hlc]) -> Vec<Option<Hlc>> {
        let own: Vec<&Mutation> = self.own_writes().collect();
        let before = own.len();
        let key = |at: usize| match own.get(at) {
            Some(m) => (m.kind, m.record_id.as_str(), m.field.as_str()),
            None => edits[at - before].key(),
        };
        let stamp = |at: usize| own.get(at).map_or_else(|| &stamps[at - before], |m| &m.hlc);
        // By record as runs (a batch writes record by record), then each record's few
        // positions by field: the order of one stable sort by (record, field).
        let record = |at: usize| {
            let (kind, id, _) = key(at);
            (kind, id)
        };
        let mut order =
            sorting::sorted_runs(before + edits.len(), &mut |a, b| record(a).cmp(&record(b)));
        let mut bases = vec![None; edits.len()];
        let mut block = 0;
        while block < order.len() {
            let this = record(order[block]);
            let end = order[block..]
                .iter()
                .position(|&at| record(at) != this)
                .map_or(order.len(), |n| block + n);
            sorting::sort_by(&mut order[block..end], |&a, &b| key(a).2.cmp(key(b).2));
            let records = &order[block..end];
            block = end;
            // The record's key as an edit holds it (a block of own writes only needs no base).
            let Some(record) = records
                .iter()
                .find_map(|&at| edits.get(at.checked_sub(before)?))
                .map(Edit::record)
            else {
                continue;
            };
            let synced = self.records.get(record);
            for (n, &at) in records.iter().enumerate() {
                let Some(edit) = at.checked_sub(before).and_then(|i| edits.get(i)) else {
                    continue;
                };
                let field = key(at).2;
                bases[at - before] = match edit {
                    // The record's writes before this delete, of any field (few: one record's).
                    Edit::Delete(_) => synced
                        .into_iter()
                        .flat_map(|r| r.fields.values().map(|s| &s.winner.hlc))
                        .chain(records.iter().filter(|&&o| o < at).map(|&o| stamp(o)))
                        .max()
                        .cloned(),
                    Edit::Write(..) => match n.checked_sub(1).map(|p| records[p]) {
                        Some(previous) if key(previous).2 == field => Some(stamp(previous).clone()),
                        _ => synced
                            .and_then(|r| r.fields.get(field))
                            .map(|s| s.winner.hlc.clone()),
                    },
                };
            }
        }
        bases
    }

    /// The batch drafted with `stamps` (in the order drafted, [`batch_stamps`]) was stored as
    /// `stored` (numbered by the stored queue): those drafts give way to the stored writes.
    pub fn confirm_stamped(&mut self, stamps: &[Hlc], stored: Vec<Mutation>) {
        self.drop_stamped(stamps);
        for write in stored {
            self.insert_pending(write);
        }
    }

    /// The batch drafted with `stamps` could not be stored: none of it is shown any more.
    pub fn drop_stamped(&mut self, stamps: &[Hlc]) {
        // A batch's stamps rise in order: found by halving.
        self.drafts
            .retain(|d| stamps.binary_search(&d.hlc).is_err());
    }
}

/// A batch's stamps, kept to settle it ([`ClientReplica::confirm_stamped`]) once its drafts
/// themselves went to be numbered ([`ReplicaMeta::assign_batch`]): no copy of each write.
pub fn batch_stamps(drafts: &[Mutation]) -> Vec<Hlc> {
    drafts.iter().map(|d| d.hlc.clone()).collect()
}

impl ReplicaMeta {
    /// Numbers a batch of drafts in order, as [`ReplicaMeta::assign`] does each, numbering the
    /// drafts themselves (an import's 80,000 writes are not copied).
    pub fn assign_batch(&mut self, mut drafts: Vec<Mutation>) -> Vec<Mutation> {
        // The drafts' own name for this device when it is the stored one (it is, unless the
        // device started a new client id meanwhile): no copy of it per write.
        let replica = drafts
            .first()
            .map(|d| d.hlc.replica.clone())
            .filter(|r| **r == *self.client_id)
            .unwrap_or_else(|| self.client_id.as_str().into());
        for draft in &mut drafts {
            self.assign_in_place(draft, &replica);
        }
        drafts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::sort_by_seq;
    use crate::merge::{test_version, RecordState};
    use proptest::prelude::*;

    const IDS: [&str; 3] = ["m-1", "m-2", "k-1"];
    const FIELDS: [&str; 3] = ["title", "status", DELETED_FIELD];

    fn org() -> OrgCode {
        OrgCode::parse("032085").expect("valid code")
    }

    fn key(record: usize) -> RecordKey {
        let kind = if record == 2 {
            RecordKind::Kpi
        } else {
            RecordKind::Measure
        };
        RecordKey::new(kind, IDS[record])
    }

    /// A write or a delete of one of three records; writes of three fields, the tombstone's
    /// too (a restore).
    fn edit() -> impl Strategy<Value = Edit> {
        (0..3usize, 0..4usize, 0..100i64).prop_map(|(record, field, n)| match FIELDS.get(field) {
            Some(&name) => Edit::Write(
                FieldKey {
                    record: key(record),
                    field: name.into(),
                },
                if name == DELETED_FIELD {
                    Value::Bool(n % 2 == 0)
                } else {
                    Value::from(n)
                },
            ),
            None => Edit::Delete(key(record)),
        })
    }

    /// A replica holding synced fields (stamped before and after `now`, by other devices),
    /// stored writes and drafts of its own.
    fn replica(synced: &[(usize, usize, u64)], own: &[Edit]) -> ClientReplica {
        let mut records: Vec<RecordState> = Vec::new();
        for (n, &(record, field, wall)) in synced.iter().enumerate() {
            let key = key(record);
            let at = match records.iter().position(|r| r.key == key) {
                Some(at) => at,
                None => {
                    records.push(RecordState::new(key, org()));
                    records.len() - 1
                }
            };
            let version = test_version(Value::from(n), wall, "other", n as u64 + 1, None);
            records[at].merge(FIELDS[field], version);
        }
        let meta = ClientReplica::new("device").meta();
        let mut replica = ClientReplica::restore(meta, records, Vec::new());
        for (n, edit) in own.iter().enumerate() {
            let now = 1_000 + n as u64;
            match edit {
                Edit::Write(key, value) if n % 2 == 0 => {
                    replica.write(&org(), key, value.clone(), now);
                }
                Edit::Write(key, value) => {
                    replica.draft(&org(), key, value.clone(), now);
                }
                Edit::Delete(record) => {
                    replica.draft_delete(&org(), record, now);
                }
            }
        }
        replica
    }

    proptest! {
        /// A batch drafts exactly what drafting its edits one after another does: the same
        /// stamps, bases (a write's: the field's newest own write, the batch's own included,
        /// else the synced winner; a delete's: the newest seen in the record) and seen sets.
        #[test]
        fn a_batch_drafts_what_one_write_after_another_drafts(
            synced in prop::collection::vec((0..3usize, 0..3usize, 500..3_000u64), 0..8),
            own in prop::collection::vec(edit(), 0..8),
            edits in prop::collection::vec(edit(), 0..24),
            now in prop::sample::select(vec![900u64, 2_000, 5_000]),
        ) {
            let mut batch = replica(&synced, &own);
            let mut one_by_one = batch.clone();
            let drafted = batch.draft_batch(&org(), edits.clone(), now);
            let expected: Vec<Mutation> = edits
                .iter()
                .map(|edit| match edit {
                    Edit::Write(key, value) => one_by_one.draft(&org(), key, value.clone(), now),
                    Edit::Delete(record) => one_by_one.draft_delete(&org(), record, now),
                })
                .collect();
            prop_assert_eq!(&drafted, &expected);
            prop_assert_eq!(&batch.drafts, &one_by_one.drafts);
            prop_assert_eq!(batch.clock.current(), one_by_one.clock.current());
        }

        /// A batch is numbered as numbering each draft one after another numbers it, and
        /// settling it by its stamps takes exactly its drafts away (those drafted before and
        /// after it stay) and, once stored, adds exactly the stored writes to the queue.
        #[test]
        fn a_batch_is_numbered_one_by_one_and_settled_by_its_stamps(
            own in prop::collection::vec(edit(), 0..8),
            edits in prop::collection::vec(edit(), 0..24),
            after in prop::collection::vec(edit(), 0..4),
            stored in any::<bool>(),
        ) {
            let mut tab = replica(&[], &own);
            let drafts = tab.draft_batch(&org(), edits, 5_000);
            for edit in after {
                match edit {
                    Edit::Write(key, value) => tab.draft(&org(), &key, value, 6_000),
                    Edit::Delete(record) => tab.draft_delete(&org(), &record, 6_000),
                };
            }
            let mut meta = tab.meta();
            let mut one_by_one = meta.clone();
            let expected: Vec<Mutation> = drafts.iter().map(|d| one_by_one.assign(d)).collect();
            let stamps = batch_stamps(&drafts);
            let numbered = meta.assign_batch(drafts.clone());
            prop_assert_eq!(&numbered, &expected);
            prop_assert_eq!(&meta, &one_by_one);
            let others: Vec<Mutation> = tab
                .drafts
                .iter()
                .filter(|d| !drafts.iter().any(|b| b.hlc == d.hlc))
                .cloned()
                .collect();
            let mut queue: Vec<Mutation> = tab.pending().to_vec();
            if stored {
                tab.confirm_stamped(&stamps, numbered.clone());
                queue.extend(numbered);
            } else {
                tab.drop_stamped(&stamps);
            }
            prop_assert_eq!(&tab.drafts, &others);
            let mut pending = tab.pending().to_vec();
            sort_by_seq(&mut pending);
            sort_by_seq(&mut queue);
            prop_assert_eq!(pending, queue);
        }
    }
}
