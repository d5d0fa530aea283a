//! Typed handles to app-wide state shared through Leptos context.

pub mod activity;
pub mod error_slot;
pub mod locale;
pub mod summaries;
pub mod workspace;

pub use activity::Activity;
pub use error_slot::ErrorSlot;
pub use locale::Locale;
pub use summaries::Summaries;
pub use workspace::{LoadState, Workspace};
