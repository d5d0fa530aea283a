//! The screens, one per route (see `app.rs`).

pub mod checklist;
pub mod conflicts;
pub mod connect;
pub mod home;
pub mod measure;
pub mod not_found;
pub mod plan;
