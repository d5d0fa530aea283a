use thiserror::Error;
use tsunagu_core::protocol::ApiError;

use crate::storage::StorageError;

/// Why a sync (or a connection check) did not complete.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SyncError {
    /// No answer: no network, the worker is down, or the request timed out.
    #[error("could not reach the sync server: {0}")]
    Unreachable(String),
    /// The token is unknown, malformed or revoked.
    #[error("the sync server refused the access token: {0}")]
    Unauthenticated(String),
    /// The server refused the request and said why.
    #[error("the sync server refused the request (HTTP {status}): {error}")]
    Refused { status: u16, error: ApiError },
    /// Something answered, but not with the sync protocol.
    #[error("unexpected answer from the sync server: {0}")]
    InvalidResponse(String),
    /// The request could not be built (a bad URL).
    #[error("the request could not be sent: {0}")]
    InvalidRequest(String),
    /// The pulled changes could not be stored in the browser.
    #[error("the browser could not store the synced data: {0}")]
    Storage(#[from] StorageError),
}

impl SyncError {
    /// Worth retrying by itself later (as opposed to needing the user to act).
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Unreachable(_) | SyncError::InvalidResponse(_) => true,
            SyncError::Refused { status, .. } => *status >= 500 || *status == 429,
            SyncError::Unauthenticated(_)
            | SyncError::InvalidRequest(_)
            | SyncError::Storage(_) => false,
        }
    }
}
