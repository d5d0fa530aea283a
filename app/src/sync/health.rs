//! `GET /v1/health` on the page's own origin: is the sync worker reachable,
//! and does it speak our protocol?

use std::time::Duration;

use serde::Deserialize;
use thiserror::Error;

/// Path of the health endpoint, relative to the page's origin.
pub const HEALTH_PATH: &str = "/v1/health";
/// The `service` value the sync worker reports.
pub const SERVICE_NAME: &str = "tsunagu-sync";
/// The sync protocol version this app speaks.
pub const SUPPORTED_PROTOCOL: u32 = 1;
/// How long to wait for an answer before treating the worker as unreachable.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(8);

/// The worker's health response,
/// e.g. `{"ok":true,"service":"tsunagu-sync","protocol":1,"version":"0.1.0"}`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Health {
    pub ok: bool,
    pub service: String,
    pub protocol: u32,
    pub version: String,
}

/// Why a health check failed.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum HealthError {
    /// The browser says it has no network connection.
    #[error("the browser is offline")]
    BrowserOffline,
    /// The request did not get an answer (network failure or timeout).
    #[error("could not reach the sync worker: {0}")]
    Unreachable(String),
    /// The page has no usable origin to build the URL from.
    #[error("cannot build the health URL: {0}")]
    Url(String),
    /// The worker answered with a non-success HTTP status.
    #[error("the sync worker answered HTTP {0}")]
    HttpStatus(u16),
    /// The body was not the expected JSON.
    #[error("unreadable health response: {0}")]
    InvalidResponse(String),
    /// Something else than the Tsunagu sync worker answered.
    #[error("unexpected service {0:?}")]
    WrongService(String),
    /// The worker answered but reports that it is not healthy.
    #[error("the sync worker reports ok=false")]
    NotOk,
    /// The worker speaks a protocol version this app does not.
    #[error("unsupported sync protocol {found} (this app speaks {SUPPORTED_PROTOCOL})")]
    UnsupportedProtocol { found: u32 },
}

impl HealthError {
    /// True when the worker could not be reached at all (as opposed to
    /// answering wrongly): the app is offline rather than broken.
    pub fn is_offline(&self) -> bool {
        matches!(
            self,
            HealthError::BrowserOffline | HealthError::Unreachable(_)
        )
    }
}

/// Checks that a decoded response comes from a healthy, compatible worker.
pub fn validate(health: Health) -> Result<Health, HealthError> {
    if health.service != SERVICE_NAME {
        return Err(HealthError::WrongService(health.service));
    }
    if health.protocol != SUPPORTED_PROTOCOL {
        return Err(HealthError::UnsupportedProtocol {
            found: health.protocol,
        });
    }
    if !health.ok {
        return Err(HealthError::NotOk);
    }
    Ok(health)
}

/// Asks the sync worker on the page's origin whether it is healthy.
pub async fn check_health() -> Result<Health, HealthError> {
    if browser_is_offline() {
        return Err(HealthError::BrowserOffline);
    }
    let response = reqwest::Client::new()
        .get(health_url()?)
        .timeout(REQUEST_TIMEOUT)
        .fetch_cache_no_store()
        .send()
        .await
        .map_err(|e| HealthError::Unreachable(e.to_string()))?;
    let status = response.status();
    if !status.is_success() {
        return Err(HealthError::HttpStatus(status.as_u16()));
    }
    let health: Health = response
        .json()
        .await
        .map_err(|e| HealthError::InvalidResponse(e.to_string()))?;
    validate(health)
}

/// `reqwest` needs an absolute URL, so prefix the page's origin.
fn health_url() -> Result<String, HealthError> {
    let window = web_sys::window().ok_or_else(|| HealthError::Url("no window".into()))?;
    let origin = window
        .location()
        .origin()
        .map_err(|_| HealthError::Url("no origin".into()))?;
    Ok(format!("{origin}{HEALTH_PATH}"))
}

fn browser_is_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn sample() -> Health {
        serde_json::from_str(
            r#"{"ok":true,"service":"tsunagu-sync","protocol":1,"version":"0.1.0"}"#,
        )
        .expect("sample JSON parses")
    }

    #[wasm_bindgen_test]
    fn accepts_the_worker_response() {
        assert_eq!(validate(sample()).map(|h| h.version), Ok("0.1.0".into()));
    }

    #[wasm_bindgen_test]
    fn rejects_other_services_and_protocols() {
        let other = Health {
            service: "x".into(),
            ..sample()
        };
        assert_eq!(validate(other), Err(HealthError::WrongService("x".into())));
        let newer = Health {
            protocol: 2,
            ..sample()
        };
        assert_eq!(
            validate(newer),
            Err(HealthError::UnsupportedProtocol { found: 2 })
        );
        let sick = Health {
            ok: false,
            ..sample()
        };
        assert_eq!(validate(sick), Err(HealthError::NotOk));
    }
}
