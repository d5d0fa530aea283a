//! The sync worker's API as the app calls it: `POST /v1/sync`, `GET /v1/me` and
//! `GET /v1/activity`.

use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use tsunagu_core::protocol::{
    ActivityResponse, ErrorBody, ErrorCode, SyncRequest, SyncResponse, WhoAmI,
};

use super::SyncError;

fn endpoint(base_url: &str, path: &str) -> String {
    format!("{}{path}", base_url.trim_end_matches('/'))
}

fn authorised(builder: RequestBuilder, token: &str) -> RequestBuilder {
    builder.header("authorization", &format!("Bearer {}", token.trim()))
}

async fn answer<T: DeserializeOwned>(
    request: Result<Request, gloo_net::Error>,
) -> Result<T, SyncError> {
    let request = request.map_err(|e| SyncError::InvalidRequest(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| SyncError::Unreachable(e.to_string()))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| SyncError::Unreachable(e.to_string()))?;
    if (200..300).contains(&status) {
        return serde_json::from_str(&text).map_err(|e| SyncError::InvalidResponse(e.to_string()));
    }
    match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) if body.error.code == ErrorCode::Unauthenticated => {
            Err(SyncError::Unauthenticated(body.error.message))
        }
        Ok(body) => Err(SyncError::Refused {
            status,
            error: body.error,
        }),
        // Not our JSON: a proxy, a captive portal or an old server answered.
        Err(_) => Err(SyncError::InvalidResponse(format!("HTTP {status}"))),
    }
}

/// One sync round trip.
pub async fn sync(
    base_url: &str,
    token: &str,
    request: &SyncRequest,
) -> Result<SyncResponse, SyncError> {
    let builder = authorised(Request::post(&endpoint(base_url, "/v1/sync")), token);
    answer(builder.json(request)).await
}

/// Who a token is: its organisation and role.
pub async fn who_am_i(base_url: &str, token: &str) -> Result<WhoAmI, SyncError> {
    let builder = authorised(Request::get(&endpoint(base_url, "/v1/me")), token);
    answer(builder.build()).await
}

/// When each organisation the token may see last synced.
pub async fn activity(base_url: &str, token: &str) -> Result<ActivityResponse, SyncError> {
    let builder = authorised(Request::get(&endpoint(base_url, "/v1/activity")), token);
    answer(builder.build()).await
}
