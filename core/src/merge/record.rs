use super::{FieldName, FieldState, FieldVersion, MergeOutcome, SplitStore};
use crate::domain::RecordKind;
use crate::org::OrgCode;
use litemap::LiteMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The field that marks a record deleted: a tombstone is an ordinary last-writer-wins field, so
/// a deletion merges (and can be undone) like any other write.
pub const DELETED_FIELD: &str = "_deleted";

/// Identifies a record within a prefecture.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RecordKey {
    pub kind: RecordKind,
    pub id: String,
}

impl RecordKey {
    pub fn new(kind: RecordKind, id: impl Into<String>) -> Self {
        Self {
            kind,
            id: id.into(),
        }
    }
}

/// A record's fields by name, in name order. A record has a dozen or two fields, read far more
/// often than added, so sorted vectors beat a B-tree (less memory, fewer allocations); names
/// and states apart (see [`SplitStore`]).
pub type FieldStates = LiteMap<FieldName, FieldState, SplitStore<FieldName, FieldState>>;

/// A record: a map of independently merged fields, owned by one organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordState {
    pub key: RecordKey,
    pub org: OrgCode,
    pub fields: FieldStates,
}

impl RecordState {
    pub fn new(key: RecordKey, org: OrgCode) -> Self {
        Self::with_room(key, org, 0)
    }

    /// A record with room for `fields` fields before its lists grow.
    pub fn with_room(key: RecordKey, org: OrgCode, fields: usize) -> Self {
        Self {
            key,
            org,
            fields: FieldStates::with_capacity(fields),
        }
    }

    pub fn merge(&mut self, field: &str, version: FieldVersion) -> MergeOutcome {
        self.merge_field(&FieldName::new(field), version)
    }

    /// [`RecordState::merge`] for a name already made: found by the name's own order (two
    /// schema names compare as numbers), not as text, which a sync does for every change.
    pub fn merge_field(&mut self, field: &FieldName, version: FieldVersion) -> MergeOutcome {
        match self.fields.get_mut(field) {
            Some(state) => state.merge(version),
            None => {
                self.fields.insert(field.clone(), FieldState::new(version));
                MergeOutcome::Applied {
                    previous: None,
                    won: true,
                }
            }
        }
    }

    /// Reads what merging `version` into `field` reads first (the field's name, its winner
    /// and conflicts) without changing anything, so that a merge soon after finds them in the
    /// processor's cache: reads of many fields one after another overlap their waits on
    /// memory, where reads inside each merge would wait one at a time.
    pub fn read_ahead(&self, field: &FieldName, version: &FieldVersion) {
        if let Some(state) = self.fields.get(field) {
            std::hint::black_box(state.contains(version));
        }
    }

    pub fn is_deleted(&self) -> bool {
        self.fields
            .get(DELETED_FIELD)
            .is_some_and(|state| state.value() == &Value::Bool(true))
    }

    /// The current value of every field, without the tombstone.
    pub fn values(&self) -> BTreeMap<String, Value> {
        self.fields
            .iter()
            .filter(|(name, _)| name.as_str() != DELETED_FIELD)
            .map(|(name, state)| (name.to_string(), state.value().clone()))
            .collect()
    }
}
