use serde::{Deserialize, Serialize};
use std::fmt;

/// Machine-readable error codes; each maps to one HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    MalformedJson,
    InvalidRequest,
    UnsupportedProtocol,
    ValidationFailed,
    PayloadTooLarge,
    TooManyMutations,
    Unauthenticated,
    /// The token was revoked by the prefecture's administrator (401 like any refused token,
    /// but told apart so a device or an invitation says so in words).
    TokenRevoked,
    Forbidden,
    SequenceGap,
    /// The client id belongs to another token: the device starts a new one.
    ClientIdTaken,
    /// The server's data is not the data the device pulled (a restored backup, a re-created
    /// store): the device takes a fresh snapshot, keeping its unsent writes.
    StoreReplaced,
    /// The device's cursor is older than the changes the server keeps (retention): it takes a
    /// fresh snapshot, keeping its unsent writes.
    ResyncRequired,
    RecordOwnedElsewhere,
    NotFound,
    MethodNotAllowed,
    /// The worker's ADMIN_SECRET is shorter than [`super::MIN_ADMIN_SECRET_CHARS`]: the admin
    /// API stays off until the operator sets a longer one.
    AdminSecretTooShort,
    /// The admin secret only creates a prefecture's first administrator; everything else about
    /// tokens needs a prefecture_admin token.
    FirstAdminOnly,
    /// The prefecture already has an active prefecture_admin token (see `replace_admins`).
    PrefectureAdminExists,
    /// A request authenticated with the admin secret came from a browser (an Origin header).
    CrossOriginRefused,
    /// A sync file refused (`POST /v1/sync-file`): altered, cut short, of another prefecture,
    /// written by a revoked token, dated ahead; `field` names the reason (`file.signature` …).
    FileRefused,
    /// The same sync file relayed again: its changes are already on the server.
    FileAlreadyRelayed,
    Internal,
}

impl ErrorCode {
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::MalformedJson
            | ErrorCode::InvalidRequest
            | ErrorCode::UnsupportedProtocol => 400,
            ErrorCode::Unauthenticated | ErrorCode::TokenRevoked => 401,
            ErrorCode::Forbidden | ErrorCode::FirstAdminOnly | ErrorCode::CrossOriginRefused => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::SequenceGap
            | ErrorCode::ClientIdTaken
            | ErrorCode::StoreReplaced
            | ErrorCode::ResyncRequired
            | ErrorCode::RecordOwnedElsewhere
            | ErrorCode::PrefectureAdminExists
            | ErrorCode::FileAlreadyRelayed => 409,
            ErrorCode::PayloadTooLarge | ErrorCode::TooManyMutations => 413,
            ErrorCode::ValidationFailed | ErrorCode::FileRefused => 422,
            ErrorCode::Internal => 500,
            ErrorCode::AdminSecretTooShort => 503,
        }
    }
}

/// An error answered to a client: an HTTP status with a JSON body saying what is wrong and,
/// where it is about one part of the request, which part (`mutations[3].value`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The JSON body of every error response: `{"error": {...}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ApiError,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn at(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn status(&self) -> u16 {
        self.code.status()
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: self.clone(),
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }

    /// What a client is told: an internal error's message may name tables, queries or stored
    /// data, so it becomes a generic sentence with `reference`, the id under which the server
    /// logs the details. Every other error is already meant for the client.
    pub fn public(&self, reference: &str) -> ApiError {
        if self.code != ErrorCode::Internal {
            return self.clone();
        }
        ApiError::new(
            ErrorCode::Internal,
            format!("{INTERNAL_MESSAGE} (reference {reference})"),
        )
    }
}

/// The whole message of every `internal` error a client sees, before its reference.
pub const INTERNAL_MESSAGE: &str =
    "the server failed to handle this request and stored nothing; its operator can look the failure up in the server's log";

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_tells_the_client_only_a_reference() {
        let error = ApiError::internal("token storage failed: no such table: tokens (SELECT id …)")
            .at("tokens");
        let public = error.public("r4nd0m1d");
        assert_eq!(public.code, ErrorCode::Internal);
        assert_eq!(public.status(), 500);
        assert_eq!(public.field, None);
        assert!(public.message.starts_with(INTERNAL_MESSAGE));
        assert!(public.message.contains("r4nd0m1d"));
        for secret in ["tokens", "SELECT", "table"] {
            assert!(!public.message.contains(secret), "{}", public.message);
        }
    }

    #[test]
    fn other_errors_reach_the_client_unchanged() {
        let error = ApiError::new(ErrorCode::PrefectureAdminExists, "already").at("role");
        assert_eq!(error.public("x"), error);
        assert_eq!(error.status(), 409);
        assert_eq!(
            ApiError::new(ErrorCode::AdminSecretTooShort, "").status(),
            503
        );
        assert_eq!(ApiError::new(ErrorCode::FirstAdminOnly, "").status(), 403);
        assert_eq!(
            ApiError::new(ErrorCode::CrossOriginRefused, "").status(),
            403
        );
        assert_eq!(
            serde_json::to_value(ErrorCode::PrefectureAdminExists).ok(),
            Some(serde_json::json!("prefecture_admin_exists"))
        );
    }
}
