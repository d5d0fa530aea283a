use thiserror::Error;
use tsunagu_core::protocol::{ApiError, ErrorCode};

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
    /// The prefecture's administrator revoked the token.
    #[error("the access token was revoked: {0}")]
    Revoked(String),
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
    /// The tab that syncs this device failed, as it said in words (in the user's language).
    #[error("{0}")]
    InAnotherTab(String),
}

impl SyncError {
    /// The server's code, for a refusal.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            SyncError::Refused { error, .. } => Some(error.code),
            _ => None,
        }
    }

    /// The server refused a push whole for what it carried (its size, its form, its writes):
    /// sending it again cannot help, but pulling can go on.
    pub fn refuses_the_push(&self) -> bool {
        matches!(self, SyncError::Refused { status, .. } if (400..500).contains(status) && *status != 429)
    }

    /// Worth retrying by itself later (as opposed to needing the user to act).
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Unreachable(_) | SyncError::InvalidResponse(_) => true,
            SyncError::Refused { status, .. } => *status >= 500 || *status == 429,
            SyncError::Unauthenticated(_)
            | SyncError::Revoked(_)
            | SyncError::InvalidRequest(_)
            | SyncError::Storage(_)
            | SyncError::InAnotherTab(_) => false,
        }
    }
}
