//! Small settings of this browser (the UI language) in `localStorage`: synchronous, so the
//! first render already uses them, and separate from the replica's IndexedDB database.

use super::StorageError;

fn local_storage() -> Result<web_sys::Storage, StorageError> {
    let window = web_sys::window().ok_or(StorageError::NoWindow)?;
    window
        .local_storage()
        .ok()
        .flatten()
        .ok_or(StorageError::LocalStorageUnavailable)
}

/// Reads `key`; `Ok(None)` when it was never written.
pub fn get(key: &str) -> Result<Option<String>, StorageError> {
    local_storage()?
        .get_item(key)
        .map_err(|_| StorageError::LocalStorage {
            op: "read",
            key: key.to_owned(),
        })
}

/// Writes `value` under `key`.
pub fn set(key: &str, value: &str) -> Result<(), StorageError> {
    local_storage()?
        .set_item(key, value)
        .map_err(|_| StorageError::LocalStorage {
            op: "write",
            key: key.to_owned(),
        })
}

/// Removes `key` (no error when it is absent).
pub fn remove(key: &str) -> Result<(), StorageError> {
    local_storage()?
        .remove_item(key)
        .map_err(|_| StorageError::LocalStorage {
            op: "remove",
            key: key.to_owned(),
        })
}
