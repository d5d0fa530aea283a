//! The casebook as people browse it: the prefecture's published cases and the national starter
//! set, each with a search key made once, filtered by words (`text::Query`), area, category,
//! population class and cost band, the cases of towns like the viewer's first.

use serde::{Deserialize, Serialize};

use crate::domain::casebook::national::NationalCase;
use crate::domain::casebook::Case;
use crate::org::PopulationClass;
use crate::text::{search_key, Query};
use crate::trust::CaseRecord;

/// Where a case comes from: shown in two sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Published by the viewer's prefecture (its own, or a town's it published).
    Prefecture,
    /// MIC's national examples, shipped with the app.
    National,
}

/// One case of the casebook, ready to be searched.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    pub origin: Origin,
    pub case: Case,
    /// The national case's document and section; empty for the prefecture's.
    pub source: String,
    /// `text::search_key` of every text of the case.
    pub key: String,
}

impl Entry {
    pub fn new(id: String, origin: Origin, case: Case, source: String) -> Entry {
        let key = case_search_key(&case);
        Entry {
            id,
            origin,
            case,
            source,
            key,
        }
    }

    pub fn national(national: NationalCase) -> Entry {
        let source = format!("{} {}", national.source.document, national.source.section);
        Entry::new(national.id, Origin::National, national.case, source)
    }

    pub fn published(record: &CaseRecord) -> Entry {
        Entry::new(
            record.id.clone(),
            Origin::Prefecture,
            record.case.clone(),
            String::new(),
        )
    }
}

/// Every text a person may search a case by, as one search key.
pub fn case_search_key(case: &Case) -> String {
    let mut text = String::new();
    for part in [
        &case.title,
        &case.category,
        &case.organisation,
        &case.point,
        &case.overview,
        &case.effects,
        &case.cost_breakdown,
        &case.cost_notes,
        &case.schedule_steps,
        &case.participants,
        &case.contact_department,
        &case.interview,
    ] {
        text.push_str(part);
        text.push(' ');
    }
    for vendor in &case.vendors {
        text.push_str(&format!(
            "{} {} {} ",
            vendor.vendor, vendor.service, vendor.operation
        ));
    }
    search_key(&text)
}

/// Cost bands (initial and one year's running cost together).
pub const COST_BANDS: [&str; 5] = [
    "under_1m",
    "1m_to_10m",
    "10m_to_100m",
    "100m_and_over",
    "unknown",
];

/// The cost band of a case: initial plus a year's running cost, `unknown` when neither is stated.
pub fn cost_band(case: &Case) -> &'static str {
    let total = match (case.cost_initial, case.cost_running) {
        (None, None) => return "unknown",
        (initial, running) => initial.unwrap_or(0) + running.unwrap_or(0),
    };
    match total {
        ..1_000_000 => "under_1m",
        1_000_000..10_000_000 => "1m_to_10m",
        10_000_000..100_000_000 => "10m_to_100m",
        _ => "100m_and_over",
    }
}

/// What the person chose in the filters; empty strings choose everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    pub query: String,
    /// A taxonomy area id.
    pub area: String,
    pub category: String,
    /// A population class id (`under_10k`).
    pub population: String,
    /// One of [`COST_BANDS`].
    pub cost: String,
    /// The 横展開 view's order: `adopters` (the default) or `progress`.
    pub order: String,
}

impl Filter {
    fn keeps(&self, entry: &Entry, query: &Query, area_and_below: &[String]) -> bool {
        let class_id = entry
            .case
            .population_class
            .map(crate::domain::casebook::population_class_id)
            .unwrap_or_default();
        query.matches(&entry.key)
            && (self.area.is_empty()
                || entry
                    .case
                    .area
                    .as_ref()
                    .is_some_and(|area| area_and_below.contains(area)))
            && (self.category.is_empty() || entry.case.category == self.category)
            && (self.population.is_empty() || class_id == self.population)
            && (self.cost.is_empty() || cost_band(&entry.case) == self.cost)
    }
}

/// The positions in `entries` that `filter` keeps, in the order shown: the prefecture's cases
/// before the national ones, within each those of the viewer's population class (`like`)
/// first, then by title. `area_and_below`: the chosen area and its sub-areas.
pub fn select(
    entries: &[Entry],
    filter: &Filter,
    area_and_below: &[String],
    like: Option<PopulationClass>,
) -> Vec<usize> {
    let query = Query::new(&filter.query);
    let mut kept: Vec<usize> = (0..entries.len())
        .filter(|at| filter.keeps(&entries[*at], &query, area_and_below))
        .collect();
    let rank = |at: &usize| {
        let entry = &entries[*at];
        let unlike = like.is_none() || entry.case.population_class != like;
        (entry.origin == Origin::National, unlike)
    };
    crate::sorting::sort_by(&mut kept, |a, b| {
        (rank(a), &entries[*a].case.title).cmp(&(rank(b), &entries[*b].case.title))
    });
    kept
}

/// The categories the entries use, sorted, for the category filter.
pub fn categories(entries: &[Entry]) -> Vec<String> {
    let mut found: Vec<String> = entries
        .iter()
        .map(|entry| entry.case.category.clone())
        .filter(|category| !category.is_empty())
        .collect();
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        id: &str,
        origin: Origin,
        title: &str,
        overview: &str,
        class: PopulationClass,
    ) -> Entry {
        let case = Case {
            overview: overview.into(),
            population_class: Some(class),
            category: "分類A".into(),
            cost_initial: Some(2_000_000),
            area: Some("online".into()),
            ..Case::new(title)
        };
        Entry::new(id.into(), origin, case, String::new())
    }

    fn sample() -> Vec<Entry> {
        vec![
            entry(
                "n1",
                Origin::National,
                "ＤＸ推進体制",
                "全庁で",
                PopulationClass::Under10k,
            ),
            entry(
                "p1",
                Origin::Prefecture,
                "書かない窓口",
                "申請書を書かない",
                PopulationClass::From300k,
            ),
            entry(
                "p2",
                Origin::Prefecture,
                "オンライン申請",
                "マイナポータル",
                PopulationClass::Under10k,
            ),
        ]
    }

    #[test]
    fn words_are_found_inside_longer_words_and_in_either_width() {
        let entries = sample();
        let found = |query: &str| {
            let filter = Filter {
                query: query.into(),
                ..Filter::default()
            };
            select(&entries, &filter, &[], None)
                .into_iter()
                .map(|at| entries[at].id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(found("窓口"), ["p1"]);
        assert_eq!(found("dx"), ["n1"]);
        assert_eq!(found("ＤＸ"), ["n1"]);
        assert_eq!(found("まいなぽーたる"), ["p2"]);
        assert_eq!(found("書かない 申請書"), ["p1"]);
        assert_eq!(found("窓口 マイナ"), Vec::<&str>::new());
    }

    #[test]
    fn the_prefecture_s_cases_come_first_and_towns_like_mine_first_within() {
        let entries = sample();
        let order = |like| {
            select(&entries, &Filter::default(), &[], like)
                .into_iter()
                .map(|at| entries[at].id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(order(None), ["p2", "p1", "n1"]);
        assert_eq!(order(Some(PopulationClass::From300k)), ["p1", "p2", "n1"]);
        assert_eq!(order(Some(PopulationClass::Under10k)), ["p2", "p1", "n1"]);
    }

    #[test]
    fn filters_by_class_cost_area_and_category() {
        let entries = sample();
        let count = |filter: Filter, areas: &[String]| select(&entries, &filter, areas, None).len();
        let population = Filter {
            population: "under_10k".into(),
            ..Filter::default()
        };
        assert_eq!(count(population, &[]), 2);
        let cost = Filter {
            cost: "1m_to_10m".into(),
            ..Filter::default()
        };
        assert_eq!(count(cost, &[]), 3);
        let cheap = Filter {
            cost: "under_1m".into(),
            ..Filter::default()
        };
        assert_eq!(count(cheap, &[]), 0);
        let area = Filter {
            area: "online".into(),
            ..Filter::default()
        };
        assert_eq!(count(area.clone(), &["online".to_owned()]), 3);
        assert_eq!(count(area, &["other".to_owned()]), 0);
        let category = Filter {
            category: "体制".into(),
            ..Filter::default()
        };
        assert_eq!(count(category, &[]), 0);
        assert_eq!(categories(&entries), ["分類A"]);
    }

    #[test]
    fn cost_bands_add_a_year_of_running_cost() {
        let mut case = Case::new("t");
        assert_eq!(cost_band(&case), "unknown");
        case.cost_running = Some(999_999);
        assert_eq!(cost_band(&case), "under_1m");
        case.cost_initial = Some(1);
        assert_eq!(cost_band(&case), "1m_to_10m");
        case.cost_initial = Some(200_000_000);
        assert_eq!(cost_band(&case), "100m_and_over");
    }
}
