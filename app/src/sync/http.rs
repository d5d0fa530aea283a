//! JSON over the browser's `fetch` (through gloo-net) for the sync worker on the page's origin.

use std::time::Duration;

use gloo_net::http::Request;
use gloo_timers::callback::Timeout;
use serde::de::DeserializeOwned;
use thiserror::Error;
use web_sys::{AbortController, RequestCache};

/// Why a request failed.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum HttpError {
    /// No answer: network failure, blocked request or timeout.
    #[error("request failed: {0}")]
    Network(String),
    /// The server answered with a non-success status.
    #[error("HTTP status {0}")]
    Status(u16),
    /// The body could not be read or decoded.
    #[error("invalid response body: {0}")]
    Body(String),
}

/// `GET path` (relative to the page's origin, never cached) and decode the JSON body. Gives up
/// after `timeout`.
pub async fn get_json<T: DeserializeOwned>(path: &str, timeout: Duration) -> Result<T, HttpError> {
    let controller = AbortController::new().map_err(|e| HttpError::Network(format!("{e:?}")))?;
    let signal = controller.signal();
    // Aborts the request when it fires; dropping it (request done) cancels it.
    let timeout_ms = u32::try_from(timeout.as_millis()).unwrap_or(u32::MAX);
    let _deadline = Timeout::new(timeout_ms, move || controller.abort());

    let response = Request::get(path)
        .cache(RequestCache::NoStore)
        .abort_signal(Some(&signal))
        .send()
        .await
        .map_err(|e| HttpError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(HttpError::Status(response.status()));
    }
    response
        .json()
        .await
        .map_err(|e| HttpError::Body(e.to_string()))
}
