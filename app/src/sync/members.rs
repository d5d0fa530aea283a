//! The prefecture administrator's calls (`/v1/prefecture/…`): list, invite (one or many),
//! revoke and rotate access tokens. Online only: a token that was never issued cannot be
//! queued, and one that was must be shown once, at once. The answers are kept as the server
//! sent them: the tools module reads them when it writes the members screen
//! (`core::invite::screen`), so the app carries no decoder of its own for them.

use gloo_net::http::Request;
use tsunagu_core::protocol::{InvitationRequest, IssueTokenRequest};

use super::client::{answer_text, authorised, endpoint, with_deadline, REQUEST_TIMEOUT};
use super::SyncError;
use crate::storage::Connection;

async fn send(
    connection: &Connection,
    method: &str,
    path: &str,
    body: Option<&InvitationRequest>,
) -> Result<String, SyncError> {
    let url = endpoint(&connection.url, path);
    let builder = match method {
        "POST" => Request::post(&url),
        "DELETE" => Request::delete(&url),
        _ => Request::get(&url),
    };
    let (builder, _deadline) =
        with_deadline(authorised(builder, &connection.token), REQUEST_TIMEOUT)?;
    answer_text(match body {
        Some(body) => builder.json(body),
        None => builder.build(),
    })
    .await
}

/// `{"tokens":[TokenInfo…]}`.
pub async fn list_tokens(connection: &Connection) -> Result<String, SyncError> {
    send(connection, "GET", "/v1/prefecture/tokens", None).await
}

/// Issues every invitation in one request (the server issues all of them or none):
/// `{"issued":[IssuedToken…]}`.
pub async fn invite(
    connection: &Connection,
    invitations: Vec<IssueTokenRequest>,
) -> Result<String, SyncError> {
    let request = InvitationRequest { invitations };
    send(
        connection,
        "POST",
        "/v1/prefecture/invitations",
        Some(&request),
    )
    .await
}

pub async fn revoke(connection: &Connection, id: &str) -> Result<String, SyncError> {
    send(
        connection,
        "DELETE",
        &format!("/v1/prefecture/tokens/{id}"),
        None,
    )
    .await
}

/// A new token for the same person, the old one revoked in the same step, as
/// `{"issued":[IssuedToken]}` like an invitation.
pub async fn rotate(connection: &Connection, id: &str) -> Result<String, SyncError> {
    let path = format!("/v1/prefecture/tokens/{id}/rotate");
    let issued = send(connection, "POST", &path, None).await?;
    Ok(format!("{{\"issued\":[{issued}]}}"))
}
