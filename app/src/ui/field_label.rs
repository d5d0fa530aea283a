//! Field names in words, for lists that show any field of any record (conflicts, trash). The
//! words are in core (`tsunagu_core::lang::field_label`), which the tools module's screens use too.

use tsunagu_core::domain::RecordKind;

use crate::i18n::Lang;

/// `title` → 名称 / Title; unknown names (KPI years) are shown as they are.
pub fn field_label(lang: Lang, kind: RecordKind, field: &str) -> String {
    tsunagu_core::lang::field_label(lang.into(), kind, field)
}
