//! What can go wrong when connecting, in words.

use crate::i18n::Texts;
use crate::storage::StorageError;
use crate::sync::SyncError;
use crate::ui::sync_error::sync_error_message;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConnectProblem {
    #[error("no sync server address")]
    MissingUrl,
    #[error("the address does not start with http:// or https://")]
    BadUrl,
    #[error("no access token")]
    MissingToken,
    #[error("the token is not a Tsunagu token")]
    MalformedToken,
    #[error("{0}")]
    Sync(SyncError),
    #[error("{0}")]
    Storage(StorageError),
}

impl ConnectProblem {
    /// The field to point at, if the problem is in one.
    pub fn field(&self) -> Option<Field> {
        match self {
            ConnectProblem::MissingUrl | ConnectProblem::BadUrl => Some(Field::Url),
            ConnectProblem::MissingToken
            | ConnectProblem::MalformedToken
            | ConnectProblem::Sync(SyncError::Unauthenticated(_) | SyncError::Revoked(_)) => {
                Some(Field::Token)
            }
            ConnectProblem::Sync(SyncError::InvalidRequest(_)) => Some(Field::Url),
            ConnectProblem::Sync(_) | ConnectProblem::Storage(_) => None,
        }
    }

    pub fn message(&self, t: &Texts) -> String {
        match self {
            ConnectProblem::MissingUrl => t.connect_missing_url.to_owned(),
            ConnectProblem::BadUrl => t.connect_bad_url.to_owned(),
            ConnectProblem::MissingToken => t.connect_missing_token.to_owned(),
            ConnectProblem::MalformedToken => t.connect_malformed_token.to_owned(),
            ConnectProblem::Sync(SyncError::Unauthenticated(_)) => {
                t.connect_token_refused.to_owned()
            }
            ConnectProblem::Sync(error) => sync_error_message(error, t),
            ConnectProblem::Storage(_) => t.sync_error_storage.to_owned(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Url,
    Token,
}

/// Checks what was typed before asking the server.
pub fn check_input(url: &str, token: &str) -> Result<(), ConnectProblem> {
    if url.is_empty() {
        return Err(ConnectProblem::MissingUrl);
    }
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(ConnectProblem::BadUrl);
    }
    if token.is_empty() {
        return Err(ConnectProblem::MissingToken);
    }
    tsunagu_core::access::parse_token(&format!("Bearer {token}"))
        .map(|_| ())
        .map_err(|_| ConnectProblem::MalformedToken)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn input_is_checked_before_asking_the_server() {
        assert_eq!(check_input("", "x"), Err(ConnectProblem::MissingUrl));
        assert_eq!(check_input("ftp://x", "x"), Err(ConnectProblem::BadUrl));
        assert_eq!(
            check_input("https://x", ""),
            Err(ConnectProblem::MissingToken)
        );
        assert_eq!(
            check_input("https://x", "hello"),
            Err(ConnectProblem::MalformedToken)
        );
    }
}
