//! The words of the activity feed (`/activity`, 活動): in core
//! (`tsunagu_core::feed::texts`), since the screen's markup is written by the tools module.

use super::Lang;
pub use tsunagu_core::feed::texts::ActivityTexts;

pub fn activity_texts(lang: Lang) -> &'static ActivityTexts {
    tsunagu_core::feed::texts::activity_texts(lang.into())
}
