//! Typed handles to app-wide state shared through Leptos context.

pub mod error_slot;
pub mod locale;

pub use error_slot::ErrorSlot;
pub use locale::Locale;
