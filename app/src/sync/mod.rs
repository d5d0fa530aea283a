//! Communication with the Tsunagu sync worker: the HTTP calls, and when to make them.

pub mod client;
pub mod engine;
mod error;
pub mod health;
pub mod history;
pub mod http;
pub mod members;
mod page_download;
mod pages_ahead;

pub use engine::{SyncEngine, SyncStatus};
pub use error::SyncError;
