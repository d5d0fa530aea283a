use super::decode::typed;
use super::{parse_strict_json, ApiError, ErrorCode};
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
    /// Break-glass recovery, with the admin secret only: revoke every active prefecture_admin
    /// token of the prefecture and issue this one, in one transaction.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub replace_admins: bool,
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
    /// The last request made with it (to the minute: see the worker's `tokens.rs`); absent
    /// while it has never been used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_ms: Option<u64>,
    /// The last successful sync made with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sync_ms: Option<u64>,
}

/// The answer to an issue request: the token, shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedToken {
    pub token: String,
    #[serde(flatten)]
    pub info: TokenInfo,
    /// The ids of the prefecture_admin tokens `replace_admins` revoked (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revoked_admins: Vec<String>,
    /// On a rotation, the id of the token this one replaces (revoked in the same step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
}

/// `GET /v1/admin/prefectures/{pp}/tokens` response body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenList {
    pub tokens: Vec<TokenInfo>,
}

pub const MAX_LABEL_CHARS: usize = 100;

/// The shortest admin secret the worker accepts: a shorter (or empty) one turns the admin API
/// off, since it could be guessed.
pub const MIN_ADMIN_SECRET_CHARS: usize = 32;

/// Refuses an admin secret too short to be safe, saying so.
pub fn check_admin_secret(secret: &str) -> Result<(), ApiError> {
    let chars = secret.chars().count();
    if chars >= MIN_ADMIN_SECRET_CHARS {
        return Ok(());
    }
    Err(ApiError::new(
        ErrorCode::AdminSecretTooShort,
        format!(
            "the worker's ADMIN_SECRET has {chars} characters, fewer than {MIN_ADMIN_SECRET_CHARS}: \
             the admin API is off until its operator sets a longer one \
             (`wrangler secret put ADMIN_SECRET`)"
        ),
    ))
}

/// What the admin secret may issue: only the prefecture's own first `prefecture_admin` token,
/// while `active_admins` (its unrevoked prefecture_admin tokens) is 0, or in their place with
/// `replace_admins`. The request is already checked by [`IssueTokenRequest::validate`].
pub fn check_first_admin(
    request: &IssueTokenRequest,
    active_admins: usize,
) -> Result<(), ApiError> {
    if request.role != Role::PrefectureAdmin {
        return Err(ApiError::new(
            ErrorCode::FirstAdminOnly,
            format!(
                "the admin secret only creates a prefecture's first prefecture_admin token; issue \
                 {} tokens with a prefecture_admin token (POST /v1/prefecture/tokens)",
                request.role.as_str()
            ),
        )
        .at("role"));
    }
    if active_admins > 0 && !request.replace_admins {
        return Err(ApiError::new(
            ErrorCode::PrefectureAdminExists,
            format!(
                "prefecture {} already has {active_admins} active prefecture_admin token(s): \
                 an administrator issues further ones (POST /v1/prefecture/tokens); only if \
                 every administrator lost theirs, send \"replace_admins\": true, which revokes \
                 them all",
                request.org.prefecture_code()
            ),
        )
        .at("role"));
    }
    Ok(())
}

/// What a prefecture_admin token may issue: any role of its own prefecture (checked by
/// [`IssueTokenRequest::validate`] and routing); never `replace_admins`, which is the secret's.
pub fn check_admin_issue(request: &IssueTokenRequest) -> Result<(), ApiError> {
    if request.replace_admins {
        return Err(ApiError::new(
            ErrorCode::ValidationFailed,
            "replace_admins is for the admin secret's break-glass recovery; an administrator \
             revokes tokens one by one (DELETE /v1/prefecture/tokens/{id})",
        )
        .at("replace_admins"));
    }
    Ok(())
}

impl IssueTokenRequest {
    /// Decodes and checks a request for the prefecture numbered `prefecture`.
    pub fn decode(body: &[u8], prefecture: u8) -> Result<Self, ApiError> {
        let request = Self::parse(body)?;
        request.validate(prefecture)?;
        Ok(request)
    }

    /// Decodes a request made with a prefecture_admin token of prefecture `prefecture`: an
    /// organisation of another prefecture is outside the token's rights (403, saying nothing
    /// about that prefecture), and `replace_admins` is the secret's alone.
    pub fn decode_for_admin_token(body: &[u8], prefecture: u8) -> Result<Self, ApiError> {
        let request = Self::parse(body)?;
        request.check_for_admin_token(prefecture)?;
        Ok(request)
    }

    /// What [`Self::decode_for_admin_token`] checks once the request is parsed.
    pub fn check_for_admin_token(&self, prefecture: u8) -> Result<(), ApiError> {
        if !self.org.belongs_to_prefecture(prefecture) {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                format!(
                    "a prefecture_admin token issues tokens only for organisations of its own \
                     prefecture ({prefecture:02}); {} is not one of them",
                    self.org
                ),
            )
            .at("org"));
        }
        self.validate(prefecture)?;
        check_admin_issue(self)
    }

    /// Strict like every request: a repeated key, an unknown key or a wrong type is
    /// `invalid_request` naming the field; only text that is not JSON is `malformed_json`.
    fn parse(body: &[u8]) -> Result<Self, ApiError> {
        typed(parse_strict_json(body)?)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request(org: &str, role: Role, replace_admins: bool) -> IssueTokenRequest {
        IssueTokenRequest {
            org: OrgCode::parse(org).expect("valid code"),
            role,
            label: "岩手県 DX推進課".into(),
            replace_admins,
        }
    }

    #[test]
    fn secrets_under_32_characters_are_refused() {
        for short in ["", "x", &"a".repeat(31), &"秘".repeat(31)] {
            let error = check_admin_secret(short).expect_err("too short");
            assert_eq!(error.code, ErrorCode::AdminSecretTooShort);
            assert!(error.message.contains("32"), "{}", error.message);
        }
        assert_eq!(check_admin_secret(&"a".repeat(32)), Ok(()));
        assert_eq!(check_admin_secret(&"秘".repeat(32)), Ok(()));
    }

    #[test]
    fn the_secret_creates_only_a_first_admin() {
        let first = request("030007", Role::PrefectureAdmin, false);
        assert_eq!(check_first_admin(&first, 0), Ok(()));
        let second = check_first_admin(&first, 1).expect_err("an admin exists");
        assert_eq!(
            (second.code, second.field.as_deref()),
            (ErrorCode::PrefectureAdminExists, Some("role"))
        );
        let replace = request("030007", Role::PrefectureAdmin, true);
        assert_eq!(check_first_admin(&replace, 2), Ok(()));
        assert_eq!(check_first_admin(&replace, 0), Ok(()));
        for role in [Role::Editor, Role::Viewer] {
            for org in ["030007", "032085"] {
                let error =
                    check_first_admin(&request(org, role, false), 0).expect_err("not admin");
                assert_eq!(
                    (error.code, error.field.as_deref()),
                    (ErrorCode::FirstAdminOnly, Some("role"))
                );
            }
        }
    }

    #[test]
    fn an_admin_token_never_replaces_admins() {
        assert_eq!(
            check_admin_issue(&request("032085", Role::Editor, false)),
            Ok(())
        );
        assert_eq!(
            check_admin_issue(&request("030007", Role::PrefectureAdmin, false)),
            Ok(())
        );
        let error = check_admin_issue(&request("030007", Role::PrefectureAdmin, true))
            .expect_err("secret only");
        assert_eq!(error.field.as_deref(), Some("replace_admins"));
    }

    #[test]
    fn an_admin_token_issues_only_in_its_own_prefecture() {
        let other = IssueTokenRequest::decode_for_admin_token(
            br#"{"org":"111007","role":"editor","label":"x"}"#,
            10,
        )
        .expect_err("Saitama is not Gunma");
        assert_eq!(
            (other.code, other.field.as_deref()),
            (ErrorCode::Forbidden, Some("org"))
        );
        let own = IssueTokenRequest::decode_for_admin_token(
            br#"{"org":"102016","role":"viewer","label":"x"}"#,
            10,
        );
        assert!(own.is_ok(), "{own:?}");
        let bad_role = IssueTokenRequest::decode_for_admin_token(
            br#"{"org":"102016","role":"prefecture_admin","label":"x"}"#,
            10,
        )
        .expect_err("admins belong to the prefecture");
        assert_eq!(bad_role.field.as_deref(), Some("role"));
    }

    #[test]
    fn replace_admins_is_optional_on_the_wire() {
        let decoded = IssueTokenRequest::decode(
            br#"{"org":"030007","role":"prefecture_admin","label":"x"}"#,
            3,
        )
        .expect("decodes");
        assert!(!decoded.replace_admins);
        let encoded = serde_json::to_string(&decoded).expect("encodes");
        assert!(!encoded.contains("replace_admins"), "{encoded}");
        let replace = IssueTokenRequest::decode(
            br#"{"org":"030007","role":"prefecture_admin","label":"x","replace_admins":true}"#,
            3,
        )
        .expect("decodes");
        assert!(replace.replace_admins);
    }

    #[test]
    fn every_refusal_names_its_code_and_field() {
        for (body, code, field) in [
            (
                r#"{"org":"030007","role":5,"label":"x"}"#,
                ErrorCode::InvalidRequest,
                Some("role"),
            ),
            (
                r#"{"org":"030007","role":"root","label":"x"}"#,
                ErrorCode::InvalidRequest,
                Some("role"),
            ),
            (
                r#"{"org":"030007","role":null,"label":"x"}"#,
                ErrorCode::InvalidRequest,
                Some("role"),
            ),
            (
                r#"{"org":"030008","role":"editor","label":"x"}"#,
                ErrorCode::InvalidRequest,
                Some("org"),
            ),
            (
                r#"{"org":30007,"role":"editor","label":"x"}"#,
                ErrorCode::InvalidRequest,
                Some("org"),
            ),
            (
                r#"{"org":"030007","role":"editor","label":["x"]}"#,
                ErrorCode::InvalidRequest,
                Some("label"),
            ),
            (
                r#"{"org":"030007","role":"editor"}"#,
                ErrorCode::InvalidRequest,
                Some("label"),
            ),
            (
                r#"{"role":"editor","label":"x"}"#,
                ErrorCode::InvalidRequest,
                Some("org"),
            ),
            (
                r#"{"org":"030007","role":"editor","label":"x","admin":true}"#,
                ErrorCode::InvalidRequest,
                Some("admin"),
            ),
            (
                r#"{"org":"030007","role":"editor","label":"x","replace_admins":"yes"}"#,
                ErrorCode::InvalidRequest,
                Some("replace_admins"),
            ),
            (
                r#"{"org":"030007","role":"editor","role":"prefecture_admin","label":"x"}"#,
                ErrorCode::InvalidRequest,
                Some("role"),
            ),
            (
                r#"{"org":"030007","role":"editor","label":"x""#,
                ErrorCode::MalformedJson,
                None,
            ),
            (r#"[]"#, ErrorCode::InvalidRequest, None),
        ] {
            let error = IssueTokenRequest::decode(body.as_bytes(), 3).expect_err(body);
            assert_eq!(
                (error.code, error.field.as_deref()),
                (code, field),
                "{body}: {error}"
            );
        }
    }
}
