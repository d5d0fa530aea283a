//! The sync worker's API as the app calls it: `POST /v1/sync`, `POST /v1/snapshot`,
//! `GET /v1/me`, `GET /v1/activity` and `GET /v1/records/{kind}/{id}/history`.

use std::time::Duration;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::protocol::{
    ActivityResponse, ErrorBody, ErrorCode, HistoryEntry, SnapshotEnvelope, SnapshotRequest,
    SnapshotResponse, SyncRequest, SyncResponse, WhoAmI,
};

use super::page_download::PageDownload;
use super::SyncError;

/// How long a sync, identity or activity request may take before it counts as failed: a
/// stalled server or proxy then shows as an error, and the next sync runs.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one snapshot page (about 2 MB) may take, body included: at 1.6 Mbps a page needs
/// about 10 s, so a slow line still finishes while a stalled one is given up.
pub const SNAPSHOT_TIMEOUT: Duration = Duration::from_secs(120);

pub(super) fn endpoint(base_url: &str, path: &str) -> String {
    format!("{}{path}", base_url.trim_end_matches('/'))
}

pub(super) fn authorised(builder: RequestBuilder, token: &str) -> RequestBuilder {
    builder.header("authorization", &format!("Bearer {}", token.trim()))
}

pub(super) async fn answer<T: DeserializeOwned>(
    request: Result<Request, gloo_net::Error>,
) -> Result<T, SyncError> {
    let body = answer_bytes(request).await?;
    serde_json::from_str(as_text(&body)?).map_err(|e| SyncError::InvalidResponse(e.to_string()))
}

/// The body of a successful answer as text, undecoded.
pub(super) async fn answer_text(
    request: Result<Request, gloo_net::Error>,
) -> Result<String, SyncError> {
    let body = answer_bytes(request).await?;
    Ok(as_text(&body)?.to_owned())
}

/// The body of a successful answer as bytes (JSON is UTF-8: decoding it from bytes skips the
/// browser's conversion to a JavaScript string and back), or the error it stands for.
async fn answer_bytes(request: Result<Request, gloo_net::Error>) -> Result<Vec<u8>, SyncError> {
    respond(request)
        .await?
        .binary()
        .await
        .map_err(|e| SyncError::Unreachable(e.to_string()))
}

/// Sends `request`; a successful answer with its body still to read, or the error it stands for.
async fn respond(request: Result<Request, gloo_net::Error>) -> Result<Response, SyncError> {
    let request = request.map_err(|e| SyncError::InvalidRequest(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| SyncError::Unreachable(e.to_string()))?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let body = response
        .binary()
        .await
        .map_err(|e| SyncError::Unreachable(e.to_string()))?;
    Err(refusal(status, &body))
}

/// The error a failed answer (its status and body) stands for.
fn refusal(status: u16, body: &[u8]) -> SyncError {
    match as_text(body).and_then(|text| {
        serde_json::from_str::<ErrorBody>(text)
            .map_err(|e| SyncError::InvalidResponse(e.to_string()))
    }) {
        Ok(body) if body.error.code == ErrorCode::Unauthenticated => {
            SyncError::Unauthenticated(body.error.message)
        }
        Ok(body) if body.error.code == ErrorCode::TokenRevoked => {
            SyncError::Revoked(body.error.message)
        }
        Ok(body) => SyncError::Refused {
            status,
            error: body.error,
        },
        // Not our JSON: a proxy, a captive portal or an old server answered.
        Err(_) => SyncError::InvalidResponse(format!("HTTP {status}")),
    }
}

/// A request builder that gives up after `timeout`, and the timer to keep alive meanwhile.
pub(super) fn with_deadline(
    builder: RequestBuilder,
    timeout: Duration,
) -> Result<(RequestBuilder, gloo_timers::callback::Timeout), SyncError> {
    let (signal, deadline) = super::http::abort_after(timeout)
        .map_err(|e| SyncError::InvalidRequest(format!("{e:?}")))?;
    Ok((builder.abort_signal(Some(&signal)), deadline))
}

/// One sync round trip, given up after [`REQUEST_TIMEOUT`].
pub async fn sync(
    base_url: &str,
    token: &str,
    request: &SyncRequest,
) -> Result<SyncResponse, SyncError> {
    let builder = authorised(Request::post(&endpoint(base_url, "/v1/sync")), token);
    let (builder, _deadline) = with_deadline(builder, REQUEST_TIMEOUT)?;
    answer(builder.json(request)).await
}

/// Asks for one page of a first sync's snapshot; the answer's body is read as it arrives. Its
/// JSON is stored as it came (rather than encoded again); [`decode_snapshot`] reads it.
pub async fn snapshot(
    base_url: &str,
    token: &str,
    request: &SnapshotRequest,
) -> Result<PageDownload, SyncError> {
    let builder = authorised(Request::post(&endpoint(base_url, "/v1/snapshot")), token);
    let (builder, deadline) = with_deadline(builder, SNAPSHOT_TIMEOUT)?;
    respond(builder.json(request))
        .await
        .map(|response| PageDownload::new(response, deadline))
}

pub fn decode_snapshot(json: &[u8]) -> Result<SnapshotResponse, SyncError> {
    serde_json::from_str(as_text(json)?).map_err(|e| SyncError::InvalidResponse(e.to_string()))
}

/// Where the page after this one starts, read without decoding this page's records.
pub fn peek_snapshot(json: &[u8]) -> Result<SnapshotEnvelope, SyncError> {
    SnapshotEnvelope::peek(as_text(json)?).map_err(|e| SyncError::InvalidResponse(e.to_string()))
}

/// JSON is UTF-8. Every body is decoded from text (`from_str`), so the app carries one
/// decoder per type, not one for text and another for bytes.
fn as_text(body: &[u8]) -> Result<&str, SyncError> {
    std::str::from_utf8(body).map_err(|e| SyncError::InvalidResponse(e.to_string()))
}

/// Who a token is: its organisation and role.
pub async fn who_am_i(base_url: &str, token: &str) -> Result<WhoAmI, SyncError> {
    let builder = authorised(Request::get(&endpoint(base_url, "/v1/me")), token);
    let (builder, _deadline) = with_deadline(builder, REQUEST_TIMEOUT)?;
    answer(builder.build()).await
}

/// When each organisation the token may see last synced.
pub async fn activity(base_url: &str, token: &str) -> Result<ActivityResponse, SyncError> {
    let builder = authorised(Request::get(&endpoint(base_url, "/v1/activity")), token);
    let (builder, _deadline) = with_deadline(builder, REQUEST_TIMEOUT)?;
    answer(builder.build()).await
}

#[derive(serde::Deserialize)]
struct HistoryBody {
    entries: Vec<HistoryEntry>,
}

/// The server's whole history of one record, giving up after `timeout` (a history view must
/// not wait on a network that does not answer).
pub async fn history(
    base_url: &str,
    token: &str,
    key: &RecordKey,
    timeout: Duration,
) -> Result<Vec<HistoryEntry>, SyncError> {
    let path = format!("/v1/records/{}/{}/history", key.kind.as_str(), key.id);
    let builder = authorised(Request::get(&endpoint(base_url, &path)), token);
    let (builder, _deadline) = with_deadline(builder, timeout)?;
    let body: HistoryBody = answer(builder.build()).await?;
    Ok(body.entries)
}
