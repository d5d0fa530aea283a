//! The rows a device keeps for the dashboard (one per organisation, plus the areas), so that
//! the dashboard opens from a few hundred small rows instead of every measure. The app stores
//! them in IndexedDB; the CLI prints them for the national benchmark. Sub-areas count under
//! their top-level area, which is what the dashboard's columns are.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::OrgSummary;
use crate::domain::{Measure, TaxonomyArea};
use crate::org::{OrgCode, Organisation};

/// Key of the row holding the areas (after every organisation code in key order).
pub const AREAS_KEY: &str = "~areas";

/// One cached row: `{"row":"org","org":{…},"summary":{…}}` or `{"row":"areas","areas":[…]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "row", rename_all = "snake_case")]
pub enum SummaryRow {
    Org {
        org: Organisation,
        summary: OrgSummary,
    },
    Areas {
        areas: Vec<TaxonomyArea>,
    },
}

/// What the dashboard is built from, read back from the rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DashboardData {
    pub orgs: Vec<Organisation>,
    pub summaries: BTreeMap<OrgCode, OrgSummary>,
    /// Top-level areas only.
    pub areas: Vec<TaxonomyArea>,
}

impl DashboardData {
    pub fn from_rows(rows: Vec<SummaryRow>) -> DashboardData {
        let mut data = DashboardData::default();
        for row in rows {
            match row {
                SummaryRow::Org { org, summary } => {
                    data.summaries.insert(org.code.clone(), summary);
                    data.orgs.push(org);
                }
                SummaryRow::Areas { areas } => data.areas = areas,
            }
        }
        data
    }
}

/// Each area id → the id of its top-level ancestor. Bounded: a cycle in bad data ends.
pub fn root_area_ids(areas: &[TaxonomyArea]) -> HashMap<String, String> {
    let parent: HashMap<&str, &str> = areas
        .iter()
        .filter_map(|area| area.parent.as_deref().map(|p| (area.id.as_str(), p)))
        .collect();
    areas
        .iter()
        .map(|area| {
            let mut root = area.id.as_str();
            for _ in 0..areas.len() {
                match parent.get(root) {
                    Some(up) => root = up,
                    None => break,
                }
            }
            (area.id.clone(), root.to_owned())
        })
        .collect()
}

/// The rows for `orgs` with their measures (by owner), then the top-level `areas`, keyed by
/// organisation code (and [`AREAS_KEY`]). Organisations without measures get empty summaries.
pub fn summary_rows(
    orgs: Vec<Organisation>,
    mut measures: BTreeMap<OrgCode, Vec<Measure>>,
    areas: &[TaxonomyArea],
    today: NaiveDate,
) -> Vec<(String, SummaryRow)> {
    let root_of = root_area_ids(areas);
    let mut rows: Vec<(String, SummaryRow)> = orgs
        .into_iter()
        .map(|org| {
            let mut own = measures.remove(&org.code).unwrap_or_default();
            for measure in &mut own {
                if let Some(root) = measure.area.as_deref().and_then(|a| root_of.get(a)) {
                    measure.area = Some(root.clone());
                }
            }
            let summary = OrgSummary::from_measures(&org.code, &own, today);
            (org.code.to_string(), SummaryRow::Org { org, summary })
        })
        .collect();
    let top_level = areas
        .iter()
        .filter(|area| area.parent.is_none())
        .cloned()
        .collect();
    rows.push((AREAS_KEY.to_owned(), SummaryRow::Areas { areas: top_level }));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::taxonomy::national_default;
    use crate::domain::Status;
    use crate::org::OrgKind;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date")
    }

    #[test]
    fn sub_areas_roll_up_to_their_top_level_area() {
        let roots = root_area_ids(&national_default());
        assert_eq!(roots["organisation_people"], "organisation");
        assert_eq!(roots["organisation"], "organisation");
        assert_eq!(roots["online"], "online");
    }

    #[test]
    fn a_cycle_in_bad_data_ends() {
        let mut areas = national_default();
        areas[0].parent = Some(areas[1].id.clone());
        areas[1].parent = Some(areas[0].id.clone());
        assert!(root_area_ids(&areas).contains_key(&areas[0].id));
    }

    #[test]
    fn rows_summarise_under_top_level_areas_and_read_back() {
        let tono = Organisation {
            code: OrgCode::parse("032085").expect("valid"),
            kind: OrgKind::Municipality,
            name: "遠野市".into(),
            kana: "トオノシ".into(),
            population: Some(25_366),
        };
        let people = Measure {
            area: Some("organisation_people".into()),
            status: Status::Done,
            ..Measure::new("plan", "DX人材の育成")
        };
        let measures = BTreeMap::from([(tono.code.clone(), vec![people])]);
        let rows = summary_rows(vec![tono.clone()], measures, &national_default(), day());
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].0, AREAS_KEY);
        let json = serde_json::to_string(&rows[0].1).expect("json");
        assert!(
            json.starts_with(r#"{"row":"org","org":{"code":"032085""#),
            "{json}"
        );
        let data = DashboardData::from_rows(rows.into_iter().map(|(_, row)| row).collect());
        let summary = &data.summaries[&tono.code];
        assert_eq!(summary.areas["organisation"].all.total(), 1, "rolled up");
        assert!(data.areas.iter().all(|area| area.parent.is_none()));
        assert_eq!(data.orgs, vec![tono]);
    }
}
