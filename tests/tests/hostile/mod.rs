//! The hostile-request test's parts: raw HTTP, request shapes, their mutations, the digest.

pub mod cases;
pub mod digest;
pub mod json_text;
pub mod raw;
pub mod shapes;

pub use crate::support::now_ms;
