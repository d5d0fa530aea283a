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
    Forbidden,
    SequenceGap,
    /// The client id belongs to another token: the device starts a new one.
    ClientIdTaken,
    RecordOwnedElsewhere,
    NotFound,
    MethodNotAllowed,
    Internal,
}

impl ErrorCode {
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::MalformedJson
            | ErrorCode::InvalidRequest
            | ErrorCode::UnsupportedProtocol => 400,
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::SequenceGap | ErrorCode::ClientIdTaken | ErrorCode::RecordOwnedElsewhere => {
                409
            }
            ErrorCode::PayloadTooLarge | ErrorCode::TooManyMutations => 413,
            ErrorCode::ValidationFailed => 422,
            ErrorCode::Internal => 500,
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
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ApiError {}
