use super::{Hlc, Seen};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;

/// One write to one field, as it travels between replicas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldVersion {
    /// The written value; `null` clears the field.
    pub value: Value,
    /// When it was written; the server may have pulled a far-future wall time back.
    pub hlc: Hlc,
    /// The timestamp of the version the author saw in this field when writing (`None`: the field
    /// was empty to them); on a delete, the newest timestamp the author saw in the record.
    #[serde(default)]
    pub base: Option<Hlc>,
    /// What the author's state had seen of this field (see [`Seen`]): the versions it covers
    /// are not conflicts. `None` on a legacy version, written before `seen` existed, whose
    /// `base` alone says what it saw (see [`super::FieldState`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<Seen>,
    /// The client's sequence number of the mutation that wrote it; with `hlc.replica` it
    /// identifies the write across replicas even after the server re-stamped it.
    pub seq: u64,
    /// Who wrote it, in words (the label of the access token), set by the server.
    #[serde(default)]
    pub author: Arc<str>,
}

/// The identity of a write: the client that made it and the client's sequence number.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VersionId {
    pub client_id: String,
    pub seq: u64,
}

impl FieldVersion {
    pub fn id(&self) -> VersionId {
        VersionId {
            client_id: self.hlc.replica.to_string(),
            seq: self.seq,
        }
    }

    pub fn is_same_write(&self, other: &FieldVersion) -> bool {
        self.seq == other.seq && self.hlc.replica == other.hlc.replica
    }
}

/// A version written by `replica` (its author named the same), for tests.
#[cfg(test)]
pub(crate) fn test_version(
    value: serde_json::Value,
    wall: u64,
    replica: &str,
    seq: u64,
    base: Option<Hlc>,
) -> FieldVersion {
    FieldVersion {
        value,
        hlc: Hlc::new(wall, 0, replica),
        base,
        seen: None,
        seq,
        author: replica.into(),
    }
}

/// A version written by `replica` after seeing `seen` (`(replica, seq)` pairs), for tests.
#[cfg(test)]
pub(crate) fn test_seen_version(
    value: serde_json::Value,
    wall: u64,
    replica: &str,
    seq: u64,
    seen: &[(&str, u64)],
) -> FieldVersion {
    FieldVersion {
        seen: Some(seen.iter().map(|(r, s)| (Arc::from(*r), *s)).collect()),
        ..test_version(value, wall, replica, seq, None)
    }
}
