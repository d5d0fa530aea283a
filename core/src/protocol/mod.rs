//! The sync protocol, version 3: one round trip (`POST /v1/sync`) pushes a client's pending
//! mutations and pulls every change since its cursor. See docs/protocol.md.

mod activity;
mod admin;
mod change_page;
mod decode;
mod endpoint;
mod error;
mod invitations;
mod messages;
mod rejection;
mod snapshot;
mod snapshot_record;
mod strict_json;

pub use activity::{ActivityResponse, OrgActivity};
pub use admin::{
    check_admin_issue, check_admin_secret, check_first_admin, IssueTokenRequest, IssuedToken,
    TokenInfo, TokenList, MIN_ADMIN_SECRET_CHARS,
};
pub use decode::{
    body_too_large, decode_request, decode_snapshot_request, mutation_problem, validate_request,
};
pub(crate) use decode::{encoded_len, state_len_bound};
pub use endpoint::{not_found, Route};
pub use error::{ApiError, ErrorBody, ErrorCode, INTERNAL_MESSAGE};
pub use invitations::{InvitationRequest, InvitationResponse, MAX_INVITATIONS};
pub use messages::{
    Change, HealthResponse, HistoryEntry, HistoryPage, Mutation, SyncRequest, SyncResponse, WhoAmI,
};
pub use rejection::{Rejection, RejectionCode};
pub use snapshot::{
    stored_page_records, SnapshotBody, SnapshotEnvelope, SnapshotRequest, SnapshotResponse,
    HEAD_LIMIT,
};
pub use snapshot_record::{
    decode_record as decode_snapshot_record, encode_record as encode_snapshot_record,
};
pub use strict_json::parse_strict_json;

/// What `GET /v1/health` names the service, so a client knows it reached a Tsunagu worker.
pub const SERVICE_NAME: &str = "tsunagu-sync";
/// The protocol version this build speaks; requests carry it in their `protocol` field, and
/// any other is refused (`unsupported_protocol`: the app reloads to get the current version;
/// its queue of unsent writes waits in the browser meanwhile). Version 2 added what a write
/// had seen (`seen`, docs/conflicts.md) to versions; version 3 sends a sync response's changes
/// in the compact form (`change_page`). A write queued by an app from before `seen` (no
/// `seen`, only `base`) is still taken in a version-3 push.
pub const PROTOCOL_VERSION: u32 = 3;
/// The largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// The most mutations one push may carry; a client with more pending sends them in turns.
pub const MAX_MUTATIONS_PER_PUSH: usize = 500;
/// The most bytes of mutations (as compact JSON) a client puts in one push, well under
/// [`MAX_BODY_BYTES`], so a push is never refused whole for its size.
pub const MAX_PUSH_BYTES: usize = 512 * 1024;
/// The largest value one mutation may write (as compact JSON); a larger one is refused alone.
pub const MAX_MUTATION_BYTES: usize = 256 * 1024;
/// The most bytes (as compact JSON) of changes, snapshot records or history entries one answer
/// carries: a page is cut there (never below one item) and says that more follow.
pub const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;
/// The most a field's merged state (its value and the concurrent values it keeps as conflicts)
/// may grow to, as JSON: well under the 2 MB a Durable Object's SQLite keeps in one value. A
/// write that would pass it is refused alone (`too_large`).
pub const MAX_FIELD_STATE_BYTES: usize = 1024 * 1024;
/// Changes returned per response when the client does not ask for a page size.
pub const DEFAULT_PAGE_SIZE: u32 = 500;
/// The largest page a client may ask for.
pub const MAX_PAGE_SIZE: u32 = 2000;
/// Records per snapshot page when the client does not ask for a number.
pub const DEFAULT_SNAPSHOT_RECORDS: u32 = 1000;
/// The most records one snapshot page may hold (a page of plans is about 0.7 KB a record).
pub const MAX_SNAPSHOT_RECORDS: u32 = 5000;
/// How far ahead of server time a client's clock may run before its timestamps are pulled back
/// to server time.
pub const MAX_CLOCK_SKEW_MS: u64 = 5 * 60 * 1000;
