use super::FieldKey;
use crate::merge::{FieldVersion, Hlc, RecordKey};
use crate::org::OrgCode;
use crate::protocol::{Mutation, Rejection};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;

/// The small part of a replica that changes on every write: persisted as one row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplicaMeta {
    pub client_id: String,
    /// The last timestamp issued or observed.
    pub clock: Hlc,
    /// The sequence number the next write gets.
    pub next_seq: u64,
    /// The server log position pulled up to.
    pub cursor: u64,
}

/// One change pulled from the server and merged, as kept in a record's local history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppliedChange {
    /// The server's sequence number of the change.
    pub server_seq: u64,
    pub key: FieldKey,
    pub org: OrgCode,
    pub version: FieldVersion,
    /// The field's merged value before this change (`None`: the field did not exist here).
    pub previous: Option<Value>,
    /// Whether the change became the field's value.
    pub won: bool,
}

/// What taking in one sync response changed, so storage can persist exactly that.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncEffects {
    /// Pending mutations the server acknowledged (now dropped), by sequence number.
    pub acknowledged: Vec<u64>,
    /// Records whose synced state changed.
    pub changed_records: BTreeSet<RecordKey>,
    /// The merged changes, oldest first.
    pub applied: Vec<AppliedChange>,
    /// Writes of this device the server acknowledged without applying (a late survey answer),
    /// for a notice: they are dropped, and the field shows the server's value again.
    pub rejected: Vec<RejectedWrite>,
}

/// One write the server refused to apply, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct RejectedWrite {
    pub rejection: Rejection,
    /// The write as it was queued; `None` if this device no longer had it (a response taken
    /// in twice).
    pub mutation: Option<Mutation>,
}

impl SyncEffects {
    pub fn is_empty(&self) -> bool {
        self.acknowledged.is_empty() && self.changed_records.is_empty() && self.rejected.is_empty()
    }
}
