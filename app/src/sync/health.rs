//! `GET /v1/health` on the page's own origin: is the sync worker reachable,
//! and does it speak our protocol?

use std::time::Duration;

use thiserror::Error;
use tsunagu_core::protocol::{PROTOCOL_VERSION, SERVICE_NAME};

use super::http::{get_json, HttpError};

/// Path of the health endpoint, relative to the page's origin.
pub const HEALTH_PATH: &str = "/v1/health";
/// How long to wait for an answer before treating the worker as unreachable.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(8);

/// The worker's health response (`GET /v1/health`).
pub type Health = tsunagu_core::protocol::HealthResponse;

/// Why a health check failed.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum HealthError {
    /// The browser says it has no network connection.
    #[error("the browser is offline")]
    BrowserOffline,
    /// The request did not get an answer (network failure or timeout).
    #[error("could not reach the sync worker: {0}")]
    Unreachable(String),
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
    #[error("unsupported sync protocol {found} (this app speaks {PROTOCOL_VERSION})")]
    UnsupportedProtocol { found: u32 },
}

impl From<HttpError> for HealthError {
    fn from(e: HttpError) -> Self {
        match e {
            HttpError::Network(message) => HealthError::Unreachable(message),
            HttpError::Status(status) => HealthError::HttpStatus(status),
            HttpError::Body(message) => HealthError::InvalidResponse(message),
        }
    }
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
    if health.protocol != PROTOCOL_VERSION {
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
    let health: Health = get_json(HEALTH_PATH, REQUEST_TIMEOUT).await?;
    validate(health)
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
            r#"{"ok":true,"service":"tsunagu-sync","protocol":3,"version":"0.1.0"}"#,
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
        for other in [PROTOCOL_VERSION - 1, PROTOCOL_VERSION + 1] {
            let health = Health {
                protocol: other,
                ..sample()
            };
            assert_eq!(
                validate(health),
                Err(HealthError::UnsupportedProtocol { found: other })
            );
        }
        let sick = Health {
            ok: false,
            ..sample()
        };
        assert_eq!(validate(sick), Err(HealthError::NotOk));
    }
}
