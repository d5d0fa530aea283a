//! What the app keeps in the browser: small settings in `localStorage` and the replica (synced
//! records, pending writes, history, connection) in IndexedDB, which the app asks the browser
//! to keep when storage runs low.

mod db;
mod error;
mod import_store;
mod local_settings;
mod local_store;
mod persistence;
mod queue_store;

pub use db::{CURRENT_VERSION, DEFAULT_NAME};
pub use error::StorageError;
pub use local_settings::{get, remove, set};
pub use local_store::{Connection, Loaded, LocalStore, Write};
pub use persistence::{persistence, request_persistence, Persistence};
pub use queue_store::{QueueChange, RefusedWrite, SyncSaved};
