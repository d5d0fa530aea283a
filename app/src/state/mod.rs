//! Typed handles to app-wide state shared through Leptos context.

pub mod error_slot;
pub mod locale;
pub mod workspace;

pub use error_slot::ErrorSlot;
pub use locale::Locale;
pub use workspace::{LoadState, Workspace};
