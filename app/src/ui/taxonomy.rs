//! The taxonomy areas measures are classified under: the national data built into core plus the
//! prefecture's own areas, as `tsunagu_core::trust::taxonomy_areas` trusts them.

use tsunagu_core::domain::{RecordKind, TaxonomyArea};
use tsunagu_core::trust;

use crate::i18n::Lang;
use crate::state::Workspace;

/// National areas first, then the prefecture's, each by `order` then id (reactive).
pub fn taxonomy_areas(workspace: Workspace) -> Vec<TaxonomyArea> {
    trust::taxonomy_areas(&workspace.views(RecordKind::TaxonomyArea))
}

/// The area's name in `lang` (the Japanese name when no English one is given).
pub fn area_name(area: &TaxonomyArea, lang: Lang) -> &str {
    match lang {
        Lang::En if !area.name_en.is_empty() => &area.name_en,
        _ => &area.name_ja,
    }
}
