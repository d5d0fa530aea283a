//! The words of the members screen, the join step and the list of who is behind on
//! connecting: in core (`tsunagu_core::invite::texts`), since the members screen's markup is
//! written by the tools module.

use super::Lang;
pub use tsunagu_core::invite::texts::MembersTexts;

pub fn members_texts(lang: Lang) -> &'static MembersTexts {
    tsunagu_core::invite::texts::members_texts(lang.into())
}
