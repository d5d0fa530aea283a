//! The prefecture administrator's calls (`/v1/prefecture/…`): list, issue, invite in bulk,
//! revoke and rotate access tokens. Online only: a token that was never issued cannot be
//! queued, and one that was must be shown once, at once.

use gloo_net::http::Request;
use serde::Deserialize;
use serde::Serialize;
use tsunagu_core::access::Role;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{InvitationRequest, IssueTokenRequest, TokenInfo, TokenList};

use super::client::{answer, authorised, endpoint, with_deadline, REQUEST_TIMEOUT};
use super::SyncError;
use crate::storage::Connection;

async fn send<T: serde::de::DeserializeOwned>(
    connection: &Connection,
    method: &str,
    path: &str,
    body: Option<&impl Serialize>,
) -> Result<T, SyncError> {
    let url = endpoint(&connection.url, path);
    let builder = match method {
        "POST" => Request::post(&url),
        "DELETE" => Request::delete(&url),
        _ => Request::get(&url),
    };
    let (builder, _deadline) =
        with_deadline(authorised(builder, &connection.token), REQUEST_TIMEOUT)?;
    answer(match body {
        Some(body) => builder.json(body),
        None => builder.build(),
    })
    .await
}

/// An issued token as the screen uses it: read without the rest of `IssuedToken`, whose
/// flattened fields cost a generic decoder of their own in the wasm.
#[derive(Deserialize)]
pub struct Issued {
    pub token: String,
    pub org: OrgCode,
    pub role: Role,
    pub label: String,
}

#[derive(Deserialize)]
struct IssuedList {
    issued: Vec<Issued>,
}

pub async fn list_tokens(connection: &Connection) -> Result<Vec<TokenInfo>, SyncError> {
    let list: TokenList = send(connection, "GET", "/v1/prefecture/tokens", None::<&()>).await?;
    Ok(list.tokens)
}

/// Issues every invitation in one request: the server issues all of them or none.
pub async fn invite(
    connection: &Connection,
    invitations: Vec<IssueTokenRequest>,
) -> Result<Vec<Issued>, SyncError> {
    let request = InvitationRequest { invitations };
    let response: IssuedList = send(
        connection,
        "POST",
        "/v1/prefecture/invitations",
        Some(&request),
    )
    .await?;
    Ok(response.issued)
}

pub async fn revoke(connection: &Connection, id: &str) -> Result<TokenInfo, SyncError> {
    let path = format!("/v1/prefecture/tokens/{id}");
    send(connection, "DELETE", &path, None::<&()>).await
}

/// A new token for the same person; the old one is revoked in the same step.
pub async fn rotate(connection: &Connection, id: &str) -> Result<Issued, SyncError> {
    let path = format!("/v1/prefecture/tokens/{id}/rotate");
    send(connection, "POST", &path, None::<&()>).await
}
