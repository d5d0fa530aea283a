//! The taxonomy areas measures are classified under.
//!
//! National areas come only from core's built-in national data: a synced record with a national
//! id, whoever wrote it, never changes one. Prefecture areas come only from `taxonomy_area`
//! records owned by a prefecture, and are prefecture areas whatever their `source` field says.
//! An area whose parent is missing (or whose parents form a cycle) is left out.

use std::collections::HashMap;

use super::owner_claims::claims_agree;
use crate::client::RecordView;
use crate::domain::taxonomy::national_default;
use crate::domain::{AreaSource, RecordKind, TaxonomyArea};

/// The national areas then the prefecture's, each by `order` then id.
pub fn taxonomy_areas(views: &[RecordView]) -> Vec<TaxonomyArea> {
    // National ids are the app's own (`claims_agree` refuses them); `source` is not read.
    let prefecture_areas: Vec<TaxonomyArea> = views
        .iter()
        .filter(|view| view.key.kind == RecordKind::TaxonomyArea && view.org.is_prefecture())
        .filter(|view| claims_agree(view, &[]))
        .filter_map(|view| TaxonomyArea::from_fields(&view.key.id, &view.values).ok())
        .map(|area| TaxonomyArea {
            source: AreaSource::Prefecture,
            ..area
        })
        .collect();
    let mut areas = national_default();
    areas.extend(prefecture_areas);
    let mut areas = rooted(areas);
    crate::sorting::sort_by(&mut areas, |a, b| {
        (a.source, a.order, &a.id).cmp(&(b.source, b.order, &b.id))
    });
    areas
}

/// The areas whose chain of parents ends at a top-level area among `areas`.
fn rooted(areas: Vec<TaxonomyArea>) -> Vec<TaxonomyArea> {
    let parent_of: HashMap<&str, Option<&str>> = areas
        .iter()
        .map(|area| (area.id.as_str(), area.parent.as_deref()))
        .collect();
    let reaches_top = |area: &TaxonomyArea| {
        let mut current = area.parent.as_deref();
        // A chain longer than the number of areas must revisit one: a cycle.
        for _ in 0..areas.len() {
            match current {
                None => return true,
                Some(parent) => match parent_of.get(parent) {
                    Some(next) => current = *next,
                    None => return false,
                },
            }
        }
        current.is_none()
    };
    let keep: Vec<bool> = areas.iter().map(reaches_top).collect();
    areas
        .into_iter()
        .zip(keep)
        .filter_map(|(area, keep)| keep.then_some(area))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::test_records::{record, IWATE, TONO};
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    fn area(id: &str, owner: &str, name: &str, parent: Option<&str>, source: &str) -> RecordView {
        let mut fields = BTreeMap::from([
            ("name_ja".to_owned(), json!(name)),
            ("order".to_owned(), json!(1)),
            ("source".to_owned(), json!(source)),
        ]);
        if let Some(parent) = parent {
            fields.insert("parent".to_owned(), Value::from(parent));
        }
        record(RecordKind::TaxonomyArea, id, owner, fields)
    }

    fn find<'a>(areas: &'a [TaxonomyArea], id: &str) -> Option<&'a TaxonomyArea> {
        areas.iter().find(|area| area.id == id)
    }

    #[test]
    fn without_records_the_areas_are_the_national_data() {
        assert_eq!(taxonomy_areas(&[]), national_default());
    }

    #[test]
    fn a_national_id_written_by_anyone_does_not_change_the_national_area() {
        let national = national_default();
        let online = find(&national, "online").expect("a national area");
        for owner in [IWATE, TONO] {
            let areas = taxonomy_areas(&[area("online", owner, "書き換え", None, "national")]);
            assert_eq!(find(&areas, "online"), Some(online));
            assert_eq!(areas.len(), national.len());
        }
    }

    #[test]
    fn prefecture_areas_come_only_from_the_prefecture() {
        let areas = taxonomy_areas(&[
            area("iwate_admin", IWATE, "行政のDX", None, "prefecture"),
            area("tono_own", TONO, "町の柱", None, "prefecture"),
        ]);
        assert!(find(&areas, "iwate_admin").is_some());
        assert_eq!(find(&areas, "tono_own"), None, "a town's area is ignored");
        assert_eq!(areas.last().map(|a| a.id.as_str()), Some("iwate_admin"));
    }

    #[test]
    fn a_prefecture_area_claiming_to_be_national_is_a_prefecture_area() {
        let areas = taxonomy_areas(&[area("iwate_admin", IWATE, "行政のDX", None, "national")]);
        assert_eq!(
            find(&areas, "iwate_admin").map(|a| a.source),
            Some(AreaSource::Prefecture)
        );
        assert_eq!(areas.last().map(|a| a.id.as_str()), Some("iwate_admin"));
    }

    #[test]
    fn an_area_needs_its_parent() {
        let areas = taxonomy_areas(&[
            area(
                "under_national",
                IWATE,
                "下位",
                Some("organisation"),
                "prefecture",
            ),
            area(
                "under_own",
                IWATE,
                "下位の下位",
                Some("under_national"),
                "prefecture",
            ),
            area("orphan", IWATE, "親なし", Some("missing"), "prefecture"),
            area("loop_a", IWATE, "循環", Some("loop_b"), "prefecture"),
            area("loop_b", IWATE, "循環", Some("loop_a"), "prefecture"),
            area(
                "under_town",
                IWATE,
                "町の下",
                Some("tono_own"),
                "prefecture",
            ),
            area("tono_own", TONO, "町の柱", None, "prefecture"),
        ]);
        let ids: Vec<&str> = areas
            .iter()
            .filter(|a| a.source == AreaSource::Prefecture)
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(ids, ["under_national", "under_own"]);
    }

    #[test]
    fn areas_sort_national_first_then_by_order_and_id() {
        let mut second = area("b_second", IWATE, "二", None, "prefecture");
        second.values.insert("order".to_owned(), json!(2));
        let areas = taxonomy_areas(&[
            second,
            area("z_first", IWATE, "一", None, "prefecture"),
            area("a_first", IWATE, "一", None, "prefecture"),
        ]);
        let tail: Vec<&str> = areas
            .iter()
            .skip(national_default().len())
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(tail, ["a_first", "z_first", "b_second"]);
    }
}
