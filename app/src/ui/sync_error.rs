//! A sync error as a sentence the user can act on.

use tsunagu_core::protocol::ErrorCode;

use crate::i18n::Texts;
use crate::sync::SyncError;

/// The localized sentence for `error`; a refusal carries the server's own message.
pub fn sync_error_message(error: &SyncError, t: &Texts) -> String {
    match error {
        SyncError::Unreachable(_) => t.sync_error_unreachable.to_owned(),
        SyncError::Unauthenticated(_) => t.sync_error_token.to_owned(),
        SyncError::Revoked(_) => t.sync_error_revoked.to_owned(),
        SyncError::Refused { error, .. } if error.code == ErrorCode::Forbidden => {
            format!("{} ({})", t.sync_error_forbidden, error.message)
        }
        SyncError::Refused { error, .. }
            if matches!(
                error.code,
                ErrorCode::StoreReplaced | ErrorCode::ResyncRequired
            ) =>
        {
            t.sync_error_store_replaced.to_owned()
        }
        // The server speaks another protocol version (it was upgraded while this tab was
        // open): a reload brings the matching app; unsent writes wait in IndexedDB.
        SyncError::Refused { error, .. } if error.code == ErrorCode::UnsupportedProtocol => {
            t.error_protocol.to_owned()
        }
        SyncError::Refused { status, error } => {
            format!(
                "{} (HTTP {status}: {})",
                t.sync_error_refused, error.message
            )
        }
        SyncError::InvalidResponse(_) => t.sync_error_invalid_response.to_owned(),
        SyncError::InvalidRequest(_) => t.sync_error_invalid_url.to_owned(),
        SyncError::Storage(_) => t.sync_error_storage.to_owned(),
        SyncError::InAnotherTab(words) => words.clone(),
    }
}
