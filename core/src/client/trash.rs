//! Deleted records, so a delete never hides work silently: an organisation's trash lists its
//! deleted records with who deleted them, and the edits the person deleting had not seen (made
//! after the delete, or before it on a device that had not synced yet). Restoring writes the
//! tombstone back to `false`, and the record returns with every edit it kept.

use super::{ClientReplica, FieldKey};
use crate::domain::RecordKind;
use crate::merge::{FieldVersion, Hlc, RecordKey, RecordState, DELETED_FIELD};
use crate::org::OrgCode;
use crate::protocol::Mutation;
use serde_json::Value;
use std::collections::BTreeMap;

/// A deleted record as its organisation's trash shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct DeletedRecord {
    pub key: RecordKey,
    pub org: OrgCode,
    /// Its values as kept (the tombstone aside).
    pub values: BTreeMap<String, Value>,
    /// The write that deleted it: who, and when.
    pub deleted: FieldVersion,
    /// Edits of other people that the person deleting had not seen, by field.
    pub unseen: Vec<(String, FieldVersion)>,
}

impl ClientReplica {
    /// Deletes a record as the user sees it: the tombstone's base is the newest write the user
    /// saw in the whole record, so an edit made elsewhere that they had not seen is told apart.
    pub fn draft_delete(&mut self, org: &OrgCode, record: &RecordKey, now_ms: u64) -> Mutation {
        let seen = self.newest_seen(record);
        let key = FieldKey {
            record: record.clone(),
            field: DELETED_FIELD.into(),
        };
        let mut draft = self.draft(org, &key, Value::Bool(true), now_ms);
        draft.base = seen;
        if let Some(last) = self.drafts.last_mut() {
            last.base = draft.base.clone();
        }
        draft
    }

    /// The newest timestamp among the record's values the user sees (synced and their own).
    fn newest_seen(&self, record: &RecordKey) -> Option<Hlc> {
        let synced = self
            .records
            .get(record)
            .into_iter()
            .flat_map(|r| r.fields.values().map(|state| &state.winner.hlc));
        let own = self
            .own_writes()
            .filter(|m| m.kind == record.kind && m.record_id == record.id)
            .map(|m| &m.hlc);
        synced.chain(own).max().cloned()
    }

    /// What restoring `key` brings back: the record, and the records that point to it
    /// (`measure_id`: a measure's KPIs) deleted with it, by the same device within a minute.
    pub fn deleted_with(&self, key: &RecordKey) -> Vec<RecordKey> {
        let tombstone = |record: &RecordState| {
            record
                .fields
                .get(DELETED_FIELD)
                .filter(|state| state.value() == &Value::Bool(true))
                .map(|state| state.winner.hlc.clone())
        };
        let Some(deleted) = self.records.get(key).and_then(tombstone) else {
            return vec![key.clone()];
        };
        let pointing = Value::String(key.id.clone());
        let mut keys = vec![key.clone()];
        keys.extend(
            self.records
                .values()
                .filter(|r| r.fields.get("measure_id").map(|s| s.value()) == Some(&pointing))
                .filter(|r| {
                    tombstone(r).is_some_and(|hlc| {
                        hlc.replica == deleted.replica
                            && hlc.wall_ms.abs_diff(deleted.wall_ms) < 60_000
                    })
                })
                .map(|r| r.key.clone()),
        );
        keys
    }

    /// `org`'s deleted records of `kind` (as synced; a restore not yet sent takes one out).
    pub fn deleted(&self, kind: RecordKind, org: &OrgCode) -> Vec<DeletedRecord> {
        self.records
            .values()
            .filter(|r| r.key.kind == kind && &r.org == org && r.is_deleted())
            .filter(|r| {
                let restoring = self.newest_pending(&FieldKey {
                    record: r.key.clone(),
                    field: DELETED_FIELD.into(),
                });
                restoring.is_none_or(|m| m.value == Value::Bool(true))
            })
            .filter_map(deleted_record)
            .collect()
    }
}

fn deleted_record(record: &RecordState) -> Option<DeletedRecord> {
    let deleted = record.fields.get(DELETED_FIELD)?.winner.clone();
    let deleter = &deleted.hlc.replica;
    // Before deletes carried what they saw, only edits after the delete are known unseen.
    let seen_until = deleted.base.as_ref().unwrap_or(&deleted.hlc);
    let unseen = record
        .fields
        .iter()
        .filter(|(name, _)| name.as_str() != DELETED_FIELD)
        .flat_map(|(name, state)| {
            std::iter::once(&state.winner)
                .chain(state.conflicts())
                .filter(|v| &v.hlc.replica != deleter && &v.hlc > seen_until)
                .map(move |v| (name.to_string(), v.clone()))
        })
        .collect();
    Some(DeletedRecord {
        key: record.key.clone(),
        org: record.org.clone(),
        values: record.values(),
        deleted,
        unseen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::FieldName;
    use crate::protocol::{Change, SyncResponse, PROTOCOL_VERSION};
    use serde_json::json;

    fn tono() -> OrgCode {
        OrgCode::parse("032085").expect("Tono")
    }

    fn field(id: &str, name: &str) -> FieldKey {
        FieldKey::new(RecordKind::Measure, id, name)
    }

    /// Everything `writer` has queued, as the server's log hands it to `readers`.
    fn deliver(writer: &mut ClientReplica, seq: &mut u64, readers: &mut [&mut ClientReplica]) {
        let changes: Vec<Change> = writer
            .pending()
            .iter()
            .map(|m| {
                *seq += 1;
                Change {
                    seq: *seq,
                    kind: m.kind,
                    record_id: m.record_id.clone(),
                    org: m.org.clone(),
                    field: FieldName::new(&m.field),
                    version: FieldVersion {
                        value: m.value.clone(),
                        hlc: m.hlc.clone(),
                        base: m.base.clone(),
                        seen: None,
                        seq: m.seq,
                        author: m.hlc.replica.clone(),
                    },
                }
            })
            .collect();
        let response = SyncResponse {
            protocol: PROTOCOL_VERSION,
            acked_through: writer.pending().last().map_or(0, |m| m.seq),
            cursor: *seq,
            changes,
            has_more: false,
            server_time_ms: 0,
            rejected: Vec::new(),
            epoch: None,
            cursor_tag: None,
        };
        // Each replica takes in its own copy: taking in moves the changes out.
        writer.apply_response(&mut response.clone());
        for reader in readers.iter_mut() {
            reader.apply_changes(&mut response.clone());
        }
    }

    /// Stores a draft the way a device does, in its own queue.
    fn store(replica: &mut ClientReplica, draft: Mutation) {
        let stored = replica.meta().assign(&draft);
        replica.confirm(&draft.hlc, stored);
    }

    #[test]
    fn an_edit_the_deleter_had_not_seen_is_listed_with_the_deleted_record() {
        let (mut office, mut field_laptop) = (
            ClientReplica::new("office-1"),
            ClientReplica::new("laptop-1"),
        );
        let mut seq = 0;
        office.write(&tono(), &field("m-1", "title"), json!("窓口DX"), 1_000);
        deliver(&mut office, &mut seq, &mut [&mut field_laptop]);
        // Offline, the laptop edits the status; the office, not having seen it, deletes.
        field_laptop.write(&tono(), &field("m-1", "status"), json!("作業中"), 2_000);
        let delete =
            office.draft_delete(&tono(), &RecordKey::new(RecordKind::Measure, "m-1"), 3_000);
        assert_eq!(delete.base.as_ref().map(|b| b.wall_ms), Some(1_000));
        store(&mut office, delete);
        deliver(&mut office, &mut seq, &mut [&mut field_laptop]);
        deliver(&mut field_laptop, &mut seq, &mut [&mut office]);

        for replica in [&office, &field_laptop] {
            let trash = replica.deleted(RecordKind::Measure, &tono());
            assert_eq!(trash.len(), 1);
            assert_eq!(trash[0].values.get("title"), Some(&json!("窓口DX")));
            let unseen: Vec<&str> = trash[0].unseen.iter().map(|(f, _)| f.as_str()).collect();
            assert_eq!(
                unseen,
                vec!["status"],
                "the laptop's edit, not the office's own title"
            );
        }
    }

    #[test]
    fn a_delete_made_after_seeing_every_edit_lists_none_and_a_restore_takes_it_out() {
        let (mut office, mut other) = (
            ClientReplica::new("office-1"),
            ClientReplica::new("other-1"),
        );
        let mut seq = 0;
        other.write(&tono(), &field("m-2", "title"), json!("RPA"), 1_000);
        deliver(&mut other, &mut seq, &mut [&mut office]);
        let key = RecordKey::new(RecordKind::Measure, "m-2");
        let delete = office.draft_delete(&tono(), &key, 2_000);
        store(&mut office, delete);
        deliver(&mut office, &mut seq, &mut [&mut other]);
        let trash = office.deleted(RecordKind::Measure, &tono());
        assert_eq!(trash.len(), 1);
        assert!(trash[0].unseen.is_empty());
        assert!(office.view(&key).is_none());

        office.write(
            &tono(),
            &FieldKey {
                record: key.clone(),
                field: DELETED_FIELD.into(),
            },
            json!(false),
            3_000,
        );
        assert!(
            office.deleted(RecordKind::Measure, &tono()).is_empty(),
            "being restored"
        );
        assert_eq!(
            office.view(&key).map(|v| v.values["title"].clone()),
            Some(json!("RPA"))
        );
    }

    #[test]
    fn a_measure_comes_back_with_the_kpis_deleted_with_it_only() {
        let mut office = ClientReplica::new("office-1");
        let mut seq = 0;
        let measure = RecordKey::new(RecordKind::Measure, "m-3");
        office.write(&tono(), &field("m-3", "title"), json!("電子申請"), 1_000);
        for kpi in ["k-1", "k-2", "k-old"] {
            let key = FieldKey::new(RecordKind::Kpi, kpi, "measure_id");
            office.write(&tono(), &key, json!("m-3"), 1_000);
        }
        // A KPI deleted a day before, alone, stays deleted.
        let old = RecordKey::new(RecordKind::Kpi, "k-old");
        let draft = office.draft_delete(&tono(), &old, 1_000);
        store(&mut office, draft);
        for key in [
            RecordKey::new(RecordKind::Kpi, "k-1"),
            RecordKey::new(RecordKind::Kpi, "k-2"),
            measure.clone(),
        ] {
            let draft = office.draft_delete(&tono(), &key, 86_400_000);
            store(&mut office, draft);
        }
        deliver(&mut office, &mut seq, &mut []);
        let mut back = office.deleted_with(&measure);
        back.sort();
        assert_eq!(
            back,
            vec![
                RecordKey::new(RecordKind::Measure, "m-3"),
                RecordKey::new(RecordKind::Kpi, "k-1"),
                RecordKey::new(RecordKind::Kpi, "k-2"),
            ]
        );
    }
}
