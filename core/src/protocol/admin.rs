use super::{ApiError, ErrorCode};
use crate::access::Role;
use crate::org::OrgCode;
use serde::{Deserialize, Serialize};

/// `POST /v1/admin/prefectures/{pp}/tokens` request body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueTokenRequest {
    pub org: OrgCode,
    pub role: Role,
    /// Who holds the token, in words; shown as the author of every write made with it.
    pub label: String,
}

/// A token as listed to administrators; the secret itself is never stored or shown again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    pub id: String,
    pub org: OrgCode,
    pub role: Role,
    pub label: String,
    pub created_at_ms: u64,
    #[serde(default)]
    pub revoked_at_ms: Option<u64>,
}

/// The answer to an issue request: the token, shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedToken {
    pub token: String,
    #[serde(flatten)]
    pub info: TokenInfo,
}

/// `GET /v1/admin/prefectures/{pp}/tokens` response body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenList {
    pub tokens: Vec<TokenInfo>,
}

pub const MAX_LABEL_CHARS: usize = 100;

impl IssueTokenRequest {
    /// Decodes and checks a request for the prefecture numbered `prefecture`.
    pub fn decode(body: &[u8], prefecture: u8) -> Result<Self, ApiError> {
        let request: IssueTokenRequest = serde_json::from_slice(body).map_err(|e| {
            let code = if e.is_syntax() || e.is_eof() {
                ErrorCode::MalformedJson
            } else {
                ErrorCode::InvalidRequest
            };
            ApiError::new(code, e.to_string())
        })?;
        request.validate(prefecture)?;
        Ok(request)
    }

    pub fn validate(&self, prefecture: u8) -> Result<(), ApiError> {
        let invalid = |field: &str, message: String| {
            Err(ApiError::new(ErrorCode::ValidationFailed, message).at(field))
        };
        if !self.org.belongs_to_prefecture(prefecture) {
            return invalid(
                "org",
                format!(
                    "organisation {} is not in prefecture {prefecture:02}",
                    self.org
                ),
            );
        }
        if self.role == Role::PrefectureAdmin && !self.org.is_prefecture() {
            return invalid(
                "role",
                format!(
                    "prefecture_admin tokens belong to the prefecture itself ({}), not to {}",
                    self.org.prefecture_code(),
                    self.org
                ),
            );
        }
        let label_chars = self.label.trim().chars().count();
        if label_chars == 0 || label_chars > MAX_LABEL_CHARS {
            return invalid(
                "label",
                format!("must be 1 to {MAX_LABEL_CHARS} characters (got {label_chars})"),
            );
        }
        if self.label.chars().any(char::is_control) {
            return invalid("label", "must not contain control characters".into());
        }
        Ok(())
    }
}
