//! Tsunagu core: the domain rules shared by the browser app and the sync worker.
//!
//! Nothing here knows about browsers, IndexedDB or Cloudflare: the app and the worker are thin
//! adapters around these types, so every rule is tested natively and fast.

pub mod access;
pub mod calendar;
pub mod casebook;
pub mod chart;
pub mod client;
pub mod dashboard;
pub mod domain;
pub mod export;
pub mod feed;
pub mod import;
pub mod invite;
pub mod lang;
pub mod measure_search;
pub mod merge;
pub mod org;
pub mod plan_list;
pub mod protocol;
pub mod server;
pub mod sorting;
pub mod standardisation_progress;
pub mod survey_results;
pub mod sync_file;
pub mod text;
pub mod tools;
pub mod trust;
pub mod validation;
