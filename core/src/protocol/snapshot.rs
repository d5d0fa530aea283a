//! The first sync of a new device: the current state of every readable record, a page at a
//! time, instead of every version the change log ever recorded (about 13 per record). The
//! device then pulls the log from the snapshot's `as_of` on, which re-delivers anything that
//! changed while it paged through; merging is idempotent, so that costs nothing.

use crate::merge::{RecordKey, RecordState};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// `POST /v1/snapshot` request body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotRequest {
    /// Must be [`super::PROTOCOL_VERSION`].
    pub protocol: u32,
    /// Continue after this record (the previous page's `next`); absent for the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<RecordKey>,
    /// How many records to return at most (1 to [`super::MAX_SNAPSHOT_RECORDS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// `POST /v1/snapshot` response body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotResponse {
    pub protocol: u32,
    /// The change log's position when this page was read: every change up to it is in the
    /// page's states. A device pulls the log from the first page's `as_of` once all pages are in.
    pub as_of: u64,
    /// Readable records after `after`, in key order, each with every field's merged state.
    pub records: Vec<RecordState>,
    /// Where the next page starts; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<RecordKey>,
}

/// The server's side of [`SnapshotResponse`]: the same JSON, with the records as JSON text the
/// store produced (SQLite builds a page's JSON itself, so no state is decoded and encoded again).
#[derive(Clone, Debug, Serialize)]
pub struct SnapshotBody {
    pub protocol: u32,
    pub as_of: u64,
    pub records: Box<RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<RecordKey>,
}

impl SnapshotBody {
    /// The typed response a client decodes from this body.
    pub fn to_response(&self) -> Result<SnapshotResponse, serde_json::Error> {
        serde_json::to_string(self).and_then(|json| serde_json::from_str(&json))
    }
}
