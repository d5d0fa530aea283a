//! A confirmed preview as one batch of field writes, and its undo.
//!
//! The sync protocol has no notion of a batch (each field write merges on its own, which is
//! what makes offline edits converge), so the batch lives on the device: the app stores an
//! [`ImportBatch`] (it is serde) with the import's id, file and time, shows it as one entry
//! in the history, and undoes it with [`ImportBatch::undo`], which writes back each field
//! the import changed, unless someone changed it since, and deletes the records it added.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::preview::{ChangeAction, ImportPreview};
use crate::domain::RecordKind;
use crate::merge::RecordKey;

/// One field write of the batch, with the value it replaces (`None`: the field was absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchWrite {
    pub field: String,
    pub value: Value,
    pub previous: Option<Value>,
}

/// The writes to one record, in the order to write them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchRecord {
    pub key: RecordKey,
    /// Added by the import (undo deletes it).
    pub created: bool,
    pub writes: Vec<BatchWrite>,
}

/// Everything one confirmed import writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportBatch {
    /// The id the app gave the import (shown in the history; the same on undo).
    pub import_id: String,
    pub records: Vec<BatchRecord>,
}

/// What undoing a batch writes: the records it added to delete (through the app's delete,
/// which keeps them in the trash), fields to write back, and the fields left alone because
/// they were changed after the import.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportUndo {
    pub delete: Vec<RecordKey>,
    pub writes: Vec<(RecordKey, String, Value)>,
    pub skipped: Vec<(RecordKey, String)>,
}

impl ImportBatch {
    /// The batch of a confirmed preview. `new_id` gives the id of each added record (the app's
    /// `new_measure_id` and the KPI editor's id; core has no randomness of its own). A KPI of
    /// a measure the import adds points to that measure's new id. Refused rows write nothing.
    pub fn from_preview(
        preview: &ImportPreview,
        import_id: impl Into<String>,
        mut new_id: impl FnMut(RecordKind) -> String,
    ) -> ImportBatch {
        let mut ids: Vec<String> = Vec::with_capacity(preview.changes.len());
        let mut records = Vec::with_capacity(preview.changes.len());
        for change in &preview.changes {
            let created = change.action == ChangeAction::Add && !change.item;
            let id = match &change.id {
                Some(id) => id.clone(),
                None => new_id(change.kind),
            };
            ids.push(id.clone());
            let measure_id = change.new_measure.and_then(|index| ids.get(index)).cloned();
            let writes = change
                .writes
                .iter()
                .zip(&change.previous)
                .map(|((field, value), previous)| {
                    let value = match (&measure_id, field.as_str()) {
                        (Some(measure_id), "measure_id") => Value::from(measure_id.as_str()),
                        _ => value.clone(),
                    };
                    BatchWrite {
                        field: field.clone(),
                        value,
                        previous: previous.clone(),
                    }
                })
                .collect();
            records.push(BatchRecord {
                key: RecordKey::new(change.kind, id),
                created,
                writes,
            });
        }
        ImportBatch {
            import_id: import_id.into(),
            records,
        }
    }

    /// Number of field writes.
    pub fn write_count(&self) -> usize {
        self.records.iter().map(|r| r.writes.len()).sum()
    }

    /// The undo of this batch, given the value each field holds now (`current`, as the
    /// device shows it). A field changed since the import is skipped, not overwritten.
    pub fn undo(&self, current: impl Fn(&RecordKey, &str) -> Option<Value>) -> ImportUndo {
        let mut undo = ImportUndo::default();
        for record in &self.records {
            if record.created {
                undo.delete.push(record.key.clone());
                continue;
            }
            for write in &record.writes {
                let now = current(&record.key, &write.field).unwrap_or(Value::Null);
                if now == write.value {
                    let back = write.previous.clone().unwrap_or(Value::Null);
                    undo.writes
                        .push((record.key.clone(), write.field.clone(), back));
                } else {
                    undo.skipped.push((record.key.clone(), write.field.clone()));
                }
            }
        }
        // KPIs first, so a measure is never deleted before the KPIs the import gave it.
        undo.delete.sort_by_key(|key| key.kind != RecordKind::Kpi);
        undo
    }
}
