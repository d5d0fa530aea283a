//! What the app keeps in the browser: small settings in `localStorage` and the replica (synced
//! records, pending writes, history, connection) in IndexedDB.

mod db;
mod error;
mod local_settings;
mod local_store;

pub use db::{CURRENT_VERSION, DEFAULT_NAME};
pub use error::StorageError;
pub use local_settings::{get, remove, set};
pub use local_store::{Connection, Loaded, LocalStore, Write};
