//! Sync by file (issue 26): a device with no route to any server exports its unsent writes to
//! a signed `.tsunagu` file; a connected device of the same prefecture (the relay) posts it to
//! `POST /v1/sync-file` with its own token; the server checks the signature against the
//! issuing token, applies the writes exactly once under the issuing token's rules, and answers
//! with a signed return file of everything the device may read since its cursor, which the
//! device takes in as it would a sync response. docs/protocol.md, *Sync by file*.
//!
//! format.rs the file and its two bodies; sign.rs the key and HMAC-SHA256; error.rs every
//! refusal in both languages; check.rs what is checked before anything is applied;
//! screen.rs the markup of what a file holds (run in the tools module).

mod check;
mod error;
mod format;
pub mod screen;
mod sign;

pub use check::{check_outbound, check_return, outbound_header, FileOrigin};
pub use error::FileError;
pub use format::{
    FileKind, OutboundBody, ReturnBody, SyncFile, FILE_FORMAT, FILE_VERSION, MAX_FILE_BYTES,
    MAX_FILE_MUTATIONS, MAX_RETURN_CHANGES,
};
pub use sign::{device_key, file_key, FileKey};
