//! The app-wide error type, rendered through the `ErrorBoundary` in `app.rs`.

use thiserror::Error;

use crate::i18n::Texts;
use crate::storage::StorageError;
use crate::sync::health::HealthError;

/// An error the user should see.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum AppError {
    /// A setting could not be saved in the browser.
    #[error("could not save a setting: {0}")]
    Storage(#[from] StorageError),
    /// The sync worker health check failed.
    #[error("health check failed: {0}")]
    Health(#[from] HealthError),
}

impl AppError {
    /// A short, localized explanation for the user.
    pub fn user_message(&self, t: &Texts) -> &'static str {
        match self {
            AppError::Storage(_) => t.error_storage,
            AppError::Health(e) => health_message(e, t),
        }
    }
}

/// A short, localized explanation of a failed health check.
pub fn health_message(e: &HealthError, t: &Texts) -> &'static str {
    match e {
        HealthError::BrowserOffline | HealthError::Unreachable(_) => t.offline_hint,
        HealthError::HttpStatus(_) => t.error_http_status,
        HealthError::InvalidResponse(_) => t.error_invalid_response,
        HealthError::WrongService(_) => t.error_wrong_service,
        HealthError::NotOk => t.error_not_ok,
        HealthError::UnsupportedProtocol { .. } => t.error_protocol,
    }
}
