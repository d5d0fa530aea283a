use crate::domain::RecordKind;
use crate::merge::{FieldName, FieldVersion, Hlc, Seen};
use crate::org::OrgCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `POST /v1/sync` request body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    /// Must be [`super::PROTOCOL_VERSION`].
    pub protocol: u32,
    /// The replica's stable id (8..=64 of `[A-Za-z0-9_-]`); every mutation's `hlc.replica`.
    pub client_id: String,
    /// The server sequence number up to which the client has pulled (0 at first).
    pub cursor: u64,
    #[serde(default)]
    pub mutations: Vec<Mutation>,
    /// How many changes to return at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    /// The store's epoch the device pulled from (the last response's `epoch`); absent on a
    /// device that has not pulled yet. Another epoch is answered `store_replaced`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    /// The last response's `cursor_tag`: the server checks that the change at `cursor` is
    /// still the one the device pulled, so a restored backup never makes a device skip changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor_tag: Option<String>,
}

/// One write to one field of one record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mutation {
    /// The client's own sequence number: 1, 2, 3… with no gaps, across pushes.
    pub seq: u64,
    pub kind: RecordKind,
    pub record_id: String,
    /// The organisation that owns the record.
    pub org: OrgCode,
    pub field: String,
    pub value: Value,
    pub hlc: Hlc,
    /// The timestamp of the value the user saw in this field when writing, if any.
    #[serde(default)]
    pub base: Option<Hlc>,
    /// What the user's state had seen of this field ([`Seen`]); absent from pushes of apps
    /// from before it, whose `base` keeps its legacy meaning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<Seen>,
}

/// One change in the server's log, as pulled by clients.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The server sequence number: the cursor after this change.
    pub seq: u64,
    pub kind: RecordKind,
    pub record_id: String,
    pub org: OrgCode,
    pub field: FieldName,
    pub version: FieldVersion,
}

/// `POST /v1/sync` response body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncResponse {
    pub protocol: u32,
    /// Every mutation of this client with a sequence number up to this one is stored.
    pub acked_through: u64,
    /// In the compact form of protocol 3 (`change_page`).
    #[serde(with = "super::change_page")]
    pub changes: Vec<Change>,
    /// Send this as `cursor` next time.
    pub cursor: u64,
    /// More changes are waiting: sync again right away.
    pub has_more: bool,
    /// The server's clock, so a client can tell how far its own is off.
    pub server_time_ms: u64,
    /// Mutations of this push acknowledged but not applied (a late survey answer). Absent when
    /// empty, so clients and stored bodies from before it still decode.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<super::Rejection>,
    /// The store's identity: a new one for a re-created store (see `store_replaced`). Send it
    /// back as the request's `epoch`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    /// A short digest of the change at `cursor` (absent at 0): send it back with the cursor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor_tag: Option<String>,
}

/// `GET /v1/health` response body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthResponse {
    pub ok: bool,
    pub service: String,
    pub protocol: u32,
    pub version: String,
}

/// `GET /v1/me` response body: what the presented token is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhoAmI {
    pub org: OrgCode,
    pub role: crate::access::Role,
    pub label: String,
    pub prefecture: OrgCode,
}

/// `GET /v1/records/{kind}/{id}/history` response body: the record's newest entries, oldest
/// first, as many as [`super::MAX_PAGE_BYTES`] holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub entries: Vec<HistoryEntry>,
    /// Older entries were left out: ask again with `?before=<the first entry's seq>`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub has_more: bool,
}

/// One applied write as kept in a record's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The change's server sequence number.
    pub seq: u64,
    pub kind: RecordKind,
    pub record_id: String,
    pub org: OrgCode,
    pub field: String,
    /// The field's value before the write (`None`: the field did not exist).
    pub old_value: Option<Value>,
    /// The value written.
    pub new_value: Value,
    /// Whether the write became the field's value (false: a concurrent later write won).
    pub won: bool,
    pub author: String,
    pub client_id: String,
    pub hlc: Hlc,
    pub received_at_ms: u64,
}
