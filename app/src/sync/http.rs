//! JSON over the browser's `fetch` (through gloo-net) for the sync worker on the page's origin.

use std::time::Duration;

use gloo_net::http::Request;
use gloo_timers::callback::Timeout;
use serde::de::DeserializeOwned;
use thiserror::Error;
use web_sys::{AbortController, AbortSignal, RequestCache};

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

/// A signal that aborts a request after `timeout`, and the timer behind it: keep the timer
/// alive while the request runs (dropping it, once the request is done, cancels it).
pub fn abort_after(timeout: Duration) -> Result<(AbortSignal, Timeout), wasm_bindgen::JsValue> {
    let controller = AbortController::new()?;
    let signal = controller.signal();
    let timeout_ms = u32::try_from(timeout.as_millis()).unwrap_or(u32::MAX);
    Ok((signal, Timeout::new(timeout_ms, move || controller.abort())))
}

/// `GET path` (relative to the page's origin, never cached) and decode the JSON body. Gives up
/// after `timeout`.
pub async fn get_json<T: DeserializeOwned>(path: &str, timeout: Duration) -> Result<T, HttpError> {
    let (signal, _deadline) =
        abort_after(timeout).map_err(|e| HttpError::Network(format!("{e:?}")))?;

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

#[cfg(test)]
mod tests {
    use super::*;
    use gloo_timers::future::TimeoutFuture;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    async fn a_deadline_aborts_its_request_once_it_passes() {
        let (signal, _deadline) = abort_after(Duration::from_millis(30)).expect("a controller");
        assert!(!signal.aborted());
        TimeoutFuture::new(120).await;
        assert!(signal.aborted(), "the request is given up");
    }

    #[wasm_bindgen_test]
    async fn a_request_done_in_time_is_never_aborted() {
        let (signal, deadline) = abort_after(Duration::from_millis(30)).expect("a controller");
        drop(deadline); // the request finished: its timer goes with it
        TimeoutFuture::new(120).await;
        assert!(!signal.aborted());
    }
}
