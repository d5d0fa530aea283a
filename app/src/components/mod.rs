//! Reusable view components.

pub mod connection_status;
pub mod language_switch;
