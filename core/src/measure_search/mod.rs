//! The prefecture's search across every organisation's measures (issue 25, item 6): by words
//! (`text::Query`), organisation, taxonomy area (with its sub-areas), status, 【重点】 and
//! overdue, over the records a device holds. Only measures of organisations the directory
//! trusts, each under the organisation that owns its record (never a field's claim). The
//! screen's markup and its files are written by the tools module (`screen.rs`).

mod screen;
mod texts;

pub use screen::{
    render, render_prepared, table, MeasureSearchScreen, Prepared, ScreenOutput, PAGE,
};
pub use texts::{measure_search_texts, MeasureSearchTexts};

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::client::RecordView;
use crate::domain::{Measure, RecordKind, Status, TaxonomyArea};
use crate::org::OrgCode;
use crate::plan_list::MeasureRow;
use crate::text::{search_key, Query};
use crate::trust::organisation_directory;

/// One measure found, with what the search reads of it.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundMeasure {
    pub org: OrgCode,
    pub org_name: String,
    pub id: String,
    pub measure: Measure,
    pub overdue: bool,
    /// Title, department, notes and the organisation's name as a [`search_key`].
    key: String,
}

/// Every measure of a trusted organisation among `views`, by organisation code then title.
/// A damaged measure is read as far as it can be (as the plan list does).
pub fn every_measure(views: &[RecordView], today: NaiveDate) -> Vec<FoundMeasure> {
    let names: HashMap<OrgCode, String> = organisation_directory(views)
        .into_iter()
        .map(|org| (org.code, org.name))
        .collect();
    let mut found: Vec<FoundMeasure> = views
        .iter()
        .filter(|view| view.key.kind == RecordKind::Measure)
        .filter_map(|view| {
            let org_name = names.get(&view.org)?.clone();
            let row = MeasureRow::from_view(view, today);
            let m = &row.measure;
            let key = search_key(&format!(
                "{} {} {} {}",
                m.title, m.department, m.notes, org_name
            ));
            Some(FoundMeasure {
                org: view.org.clone(),
                org_name,
                id: row.id,
                overdue: row.overdue,
                measure: row.measure,
                key,
            })
        })
        .collect();
    crate::sorting::sort_by(&mut found, |a, b| {
        (&a.org, &a.measure.title, &a.id).cmp(&(&b.org, &b.measure.title, &b.id))
    });
    found
}

/// The filters as the form holds them; empty text is any. `shown`: how many rows are listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchFilter {
    pub query: String,
    /// An organisation code.
    pub org: String,
    /// A taxonomy area id: the area and every area under it.
    pub area: String,
    /// A status (`Status::as_str`).
    pub status: String,
    pub priority_only: bool,
    pub overdue_only: bool,
    pub shown: usize,
}

impl Default for SearchFilter {
    fn default() -> Self {
        SearchFilter {
            query: String::new(),
            org: String::new(),
            area: String::new(),
            status: String::new(),
            priority_only: false,
            overdue_only: false,
            shown: PAGE,
        }
    }
}

/// A [`SearchFilter`] made ready to test rows: the query's words, the areas it admits.
struct Matcher {
    query: Query,
    org: Option<OrgCode>,
    areas: Option<BTreeSet<String>>,
    status: Option<Status>,
    priority_only: bool,
    overdue_only: bool,
}

impl Matcher {
    fn new(filter: &SearchFilter, areas: &[TaxonomyArea]) -> Matcher {
        Matcher {
            query: Query::new(&filter.query),
            org: OrgCode::parse(&filter.org).ok(),
            areas: (!filter.area.is_empty()).then(|| area_and_below(&filter.area, areas)),
            status: filter.status.parse().ok(),
            priority_only: filter.priority_only,
            overdue_only: filter.overdue_only,
        }
    }

    fn matches(&self, found: &FoundMeasure) -> bool {
        let m = &found.measure;
        self.org.as_ref().is_none_or(|org| &found.org == org)
            && self.status.is_none_or(|status| m.status == status)
            && (!self.priority_only || m.priority)
            && (!self.overdue_only || found.overdue)
            && self
                .areas
                .as_ref()
                .is_none_or(|areas| m.area.as_ref().is_some_and(|area| areas.contains(area)))
            && self.query.matches(&found.key)
    }
}

/// `area` and every area whose chain of parents reaches it.
fn area_and_below(area: &str, areas: &[TaxonomyArea]) -> BTreeSet<String> {
    let parent: HashMap<&str, &str> = areas
        .iter()
        .filter_map(|a| Some((a.id.as_str(), a.parent.as_deref()?)))
        .collect();
    let mut admitted: BTreeSet<String> = areas
        .iter()
        .filter(|a| reaches(&a.id, area, &parent, areas.len()))
        .map(|a| a.id.clone())
        .collect();
    admitted.insert(area.to_owned());
    admitted
}

/// Whether `id` is `ancestor` or under it, following at most `limit` parents (a cycle ends).
fn reaches<'a>(
    mut id: &'a str,
    ancestor: &str,
    parent: &HashMap<&'a str, &'a str>,
    limit: usize,
) -> bool {
    for _ in 0..=limit {
        if id == ancestor {
            return true;
        }
        match parent.get(id) {
            Some(next) => id = next,
            None => return false,
        }
    }
    false
}

/// The measures of `all` that `filter` admits, in `all`'s order.
pub fn search<'a>(
    all: &'a [FoundMeasure],
    filter: &SearchFilter,
    areas: &[TaxonomyArea],
) -> Vec<&'a FoundMeasure> {
    let matcher = Matcher::new(filter, areas);
    all.iter().filter(|found| matcher.matches(found)).collect()
}

#[cfg(test)]
mod tests;
