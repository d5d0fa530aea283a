//! The casebook's screens (横展開, issue 25), made in the tools module: browsing and searching
//! the prefecture's published cases and the national starter set (`catalogue`), adopting a
//! case into a town's plan and the prefecture's view of who adopted what (`adoption`), a
//! town's proposals and the prefecture's review (`editor`, `actions`), the casebook as CSV
//! and XLSX (`export`). The model and its rules are `domain::casebook`; what is trusted of
//! the synced records is `trust::cases`.

mod actions;
pub mod adoption;
pub mod catalogue;
pub mod data;
mod editor;
pub mod export;
mod from_search;
pub mod links;
mod markup;
pub mod request;
pub mod screen;

pub use data::{Casebook, CasebookData};
pub use request::{CasebookReply, CasebookRequest};
pub use screen::render;

#[cfg(test)]
mod tests;
