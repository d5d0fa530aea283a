//! Communication with the Tsunagu sync worker.

pub mod health;
pub mod http;
