use super::FieldKey;
use crate::merge::{FieldVersion, Hlc, RecordKey};
use crate::org::OrgCode;
use crate::protocol::{Mutation, Rejection};
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
    /// How far the first sync's snapshot has come. Rows stored before snapshots existed lack
    /// it and read as `Needed`, which only a replica that never pulled acts on.
    #[serde(default)]
    pub bootstrap: Bootstrap,
    /// The epoch of the store the replica pulled from (`None` before it pulled, and in rows
    /// stored before epochs existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    /// The server's tag of the change at `cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor_tag: Option<String>,
}

/// A new replica's first sync: the current records page by page (`POST /v1/snapshot`), then
/// the change log from where the snapshot began.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Bootstrap {
    /// No snapshot page taken in yet.
    #[default]
    Needed,
    /// Pages up to `after` are in; `as_of` is the first page's log position.
    InProgress { as_of: u64, after: RecordKey },
    /// Every page is in; the replica pulls the log from its cursor.
    Done,
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

impl From<crate::protocol::HistoryEntry> for AppliedChange {
    /// A server history entry as a local history row. The client's sequence number of the write
    /// is not in the server's history and is left 0 (no history row shows it).
    fn from(entry: crate::protocol::HistoryEntry) -> Self {
        AppliedChange {
            server_seq: entry.seq,
            key: FieldKey::new(entry.kind, entry.record_id, entry.field),
            org: entry.org,
            version: FieldVersion {
                value: entry.new_value,
                hlc: entry.hlc,
                base: None,
                seen: None,
                seq: 0,
                author: entry.author.into(),
            },
            previous: entry.old_value,
            won: entry.won,
        }
    }
}

/// What taking in one sync response changed, so storage can persist exactly that.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncEffects {
    /// Pending mutations the server acknowledged (now dropped), by sequence number.
    pub acknowledged: Vec<u64>,
    /// Records whose synced state changed, each once, in the order of their first change.
    pub changed_records: Vec<RecordKey>,
    /// The merged changes, oldest first.
    pub applied: Vec<AppliedChange>,
    /// Writes of this device the server refused (a late survey answer, a rule broken): they
    /// leave the queue for the device's refused list, and the field shows the server's value.
    pub rejected: Vec<RejectedWrite>,
    /// The queue was numbered again (the server asked for writes to be resent).
    pub renumbered: bool,
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
        self.acknowledged.is_empty()
            && self.changed_records.is_empty()
            && self.rejected.is_empty()
            && !self.renumbered
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecordKind;
    use crate::protocol::HistoryEntry;
    use serde_json::json;

    #[test]
    fn a_server_history_entry_becomes_a_history_row_with_the_same_facts() {
        let org = OrgCode::parse("032085").expect("Tono");
        let hlc = Hlc::new(1_795_000_000_000, 2, "web-0123456789abcdef");
        let entry = HistoryEntry {
            seq: 77,
            kind: RecordKind::Measure,
            record_id: "m-1".into(),
            org: org.clone(),
            field: "status".into(),
            old_value: Some(json!("未着手")),
            new_value: json!("作業中"),
            won: false,
            author: "遠野市 DX推進担当".into(),
            client_id: hlc.replica.to_string(),
            hlc: hlc.clone(),
            received_at_ms: 1_795_000_000_500,
        };
        let row = AppliedChange::from(entry);
        assert_eq!(row.server_seq, 77);
        assert_eq!(row.key, FieldKey::new(RecordKind::Measure, "m-1", "status"));
        assert_eq!(row.org, org);
        assert_eq!(row.previous, Some(json!("未着手")));
        assert_eq!(row.version.value, json!("作業中"));
        assert_eq!(row.version.hlc, hlc);
        assert_eq!(&*row.version.author, "遠野市 DX推進担当");
        assert!(!row.won);
    }
}
