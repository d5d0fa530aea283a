//! Thin, typed access to the browser's `localStorage`.

use thiserror::Error;

/// Why a `localStorage` operation failed.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum StorageError {
    /// There is no `window` (for example inside a worker).
    #[error("no browser window")]
    NoWindow,
    /// The browser blocks or lacks `localStorage` (privacy settings, sandboxed frame).
    #[error("localStorage is not available")]
    Unavailable,
    /// Reading or writing failed (for example the quota is exhausted).
    #[error("localStorage {op} failed for key {key:?}")]
    Operation { op: &'static str, key: String },
}

fn local_storage() -> Result<web_sys::Storage, StorageError> {
    let window = web_sys::window().ok_or(StorageError::NoWindow)?;
    window
        .local_storage()
        .ok()
        .flatten()
        .ok_or(StorageError::Unavailable)
}

/// Reads `key`; `Ok(None)` when it was never written.
pub fn get(key: &str) -> Result<Option<String>, StorageError> {
    local_storage()?
        .get_item(key)
        .map_err(|_| StorageError::Operation {
            op: "read",
            key: key.to_owned(),
        })
}

/// Writes `value` under `key`.
pub fn set(key: &str, value: &str) -> Result<(), StorageError> {
    local_storage()?
        .set_item(key, value)
        .map_err(|_| StorageError::Operation {
            op: "write",
            key: key.to_owned(),
        })
}

/// Removes `key` (no error when it is absent).
pub fn remove(key: &str) -> Result<(), StorageError> {
    local_storage()?
        .remove_item(key)
        .map_err(|_| StorageError::Operation {
            op: "remove",
            key: key.to_owned(),
        })
}
