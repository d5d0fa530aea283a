//! The screens, one per route (see `app.rs`).

pub mod activity;
pub mod areas;
pub mod checklist;
pub mod conflicts;
pub mod connect;
pub mod dashboard;
pub mod home;
pub mod measure;
pub mod members;
pub mod not_found;
pub mod org_plan;
pub mod plan;
pub mod refused;
pub mod standardisation;
pub mod surveys;
pub mod trash;
