//! The taxonomy areas measures are classified under: the `taxonomy_area` records synced from
//! the prefecture (national frame plus its pillars), or the national default before any sync.

use std::collections::BTreeMap;

use tsunagu_core::domain::taxonomy::national_default;
use tsunagu_core::domain::{RecordKind, TaxonomyArea};

use crate::i18n::Lang;
use crate::state::Workspace;

/// The national default with the synced areas over it (the prefecture's own and any national
/// ones it stored), national first, then the prefecture's, each by `order` then id (reactive).
pub fn taxonomy_areas(workspace: Workspace) -> Vec<TaxonomyArea> {
    let mut by_id: BTreeMap<String, TaxonomyArea> = national_default()
        .into_iter()
        .map(|area| (area.id.clone(), area))
        .collect();
    for view in workspace.views(RecordKind::TaxonomyArea) {
        if let Ok(area) = TaxonomyArea::from_fields(&view.key.id, &view.values) {
            by_id.insert(area.id.clone(), area);
        }
    }
    let mut areas: Vec<TaxonomyArea> = by_id.into_values().collect();
    areas.sort_by(|a, b| (a.source, a.order, &a.id).cmp(&(b.source, b.order, &b.id)));
    areas
}

/// The area's name in `lang` (the Japanese name when no English one is given).
pub fn area_name(area: &TaxonomyArea, lang: Lang) -> &str {
    match lang {
        Lang::En if !area.name_en.is_empty() => &area.name_en,
        _ => &area.name_ja,
    }
}
