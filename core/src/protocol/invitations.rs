//! `POST /v1/prefecture/invitations`: a prefecture's administrator invites many organisations
//! in one step, one token per person. The worker issues them in one transaction, so an
//! interrupted invitation either issued every token (all listed, shown never again) or none.

use serde::{Deserialize, Serialize};

use super::decode::typed;
use super::{parse_strict_json, ApiError, ErrorCode, IssueTokenRequest, IssuedToken};

/// The most tokens one invitation issues: every municipality of Hokkaido (179) and staff.
pub const MAX_INVITATIONS: usize = 250;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitationRequest {
    pub invitations: Vec<IssueTokenRequest>,
}

/// The answer: the tokens in the order asked, each shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationResponse {
    pub issued: Vec<IssuedToken>,
}

impl InvitationRequest {
    /// Decodes a request made with a prefecture_admin token of prefecture `prefecture`; each
    /// invitation is checked as a single issue would be, its field named with its index.
    pub fn decode_for_admin_token(body: &[u8], prefecture: u8) -> Result<Self, ApiError> {
        let request: Self = typed(parse_strict_json(body)?)?;
        let count = request.invitations.len();
        if count == 0 || count > MAX_INVITATIONS {
            return Err(ApiError::new(
                ErrorCode::ValidationFailed,
                format!("must hold 1 to {MAX_INVITATIONS} invitations (got {count})"),
            )
            .at("invitations"));
        }
        for (index, invitation) in request.invitations.iter().enumerate() {
            invitation
                .check_for_admin_token(prefecture)
                .map_err(|error| {
                    let inner = error.field.clone().unwrap_or_default();
                    error.at(format!("invitations[{index}].{inner}"))
                })?;
        }
        Ok(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(invitations: &[(&str, &str, &str)]) -> Vec<u8> {
        let items: Vec<serde_json::Value> = invitations
            .iter()
            .map(|(org, role, label)| serde_json::json!({"org": org, "role": role, "label": label}))
            .collect();
        serde_json::json!({ "invitations": items })
            .to_string()
            .into_bytes()
    }

    #[test]
    fn every_invitation_is_checked_and_named_by_index() {
        let ok = body(&[
            ("032018", "editor", "盛岡市 DX"),
            ("032026", "viewer", "宮古市"),
        ]);
        let request = InvitationRequest::decode_for_admin_token(&ok, 3).expect("valid");
        assert_eq!(request.invitations.len(), 2);

        let other = body(&[
            ("032018", "editor", "盛岡市"),
            ("012025", "editor", "函館市"),
        ]);
        let error = InvitationRequest::decode_for_admin_token(&other, 3).expect_err("403");
        assert_eq!(error.code, ErrorCode::Forbidden);
        assert_eq!(error.field.as_deref(), Some("invitations[1].org"));

        let blank = body(&[("032018", "editor", "  ")]);
        let error = InvitationRequest::decode_for_admin_token(&blank, 3).expect_err("422");
        assert_eq!(error.field.as_deref(), Some("invitations[0].label"));
    }

    #[test]
    fn none_or_too_many_are_refused() {
        let error = InvitationRequest::decode_for_admin_token(&body(&[]), 3).expect_err("empty");
        assert_eq!(error.field.as_deref(), Some("invitations"));
        let many: Vec<(&str, &str, &str)> = vec![("032018", "editor", "x"); MAX_INVITATIONS + 1];
        let error = InvitationRequest::decode_for_admin_token(&body(&many), 3).expect_err("many");
        assert_eq!(error.code, ErrorCode::ValidationFailed);
    }
}
