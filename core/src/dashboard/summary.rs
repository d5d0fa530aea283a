//! One organisation's measures reduced to a few numbers per area, stored per organisation in
//! the browser so that the prefecture dashboard never reads every measure.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Tally;
use crate::domain::Measure;
use crate::org::OrgCode;

/// The tallies of one area: all its measures, and its 【重点】 measures alone (so the priority
/// filter is exact). JSON: `t` all, `j` priority (重点; omitted when there is none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaSummary {
    #[serde(rename = "t")]
    pub all: Tally,
    #[serde(rename = "j", default, skip_serializing_if = "Tally::is_empty")]
    pub priority: Tally,
}

impl AreaSummary {
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// The priority tally when `priority_only`, else the whole one.
    pub fn tally(&self, priority_only: bool) -> Tally {
        if priority_only {
            self.priority
        } else {
            self.all
        }
    }

    fn add(&mut self, measure: &Measure, today: NaiveDate) {
        let overdue = measure.is_overdue(today);
        self.all.add_measure(measure, overdue);
        if measure.priority {
            self.priority.add_measure(measure, overdue);
        }
    }
}

/// JSON: `c` code, `d` the day overdue was judged on, `a` areas by id (only areas with measures),
/// `u` measures without an area (omitted when none). About 40 bytes per area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSummary {
    #[serde(rename = "c")]
    pub org: OrgCode,
    /// Overdue depends on the day: a summary from an earlier day should be rebuilt.
    #[serde(rename = "d", with = "crate::calendar::iso::date_serde")]
    pub as_of: NaiveDate,
    #[serde(rename = "a", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub areas: BTreeMap<String, AreaSummary>,
    #[serde(rename = "u", default, skip_serializing_if = "AreaSummary::is_empty")]
    pub unclassified: AreaSummary,
}

impl OrgSummary {
    /// Summarises `measures` (the organisation's live ones; the caller leaves deleted ones out).
    /// An empty area id counts as no area.
    pub fn from_measures(org: &OrgCode, measures: &[Measure], today: NaiveDate) -> OrgSummary {
        let mut summary = OrgSummary {
            org: org.clone(),
            as_of: today,
            areas: BTreeMap::new(),
            unclassified: AreaSummary::default(),
        };
        for measure in measures {
            let area = match measure.area.as_deref() {
                Some("") | None => &mut summary.unclassified,
                // Looked up before inserting: most measures share a few area ids.
                Some(id) => match summary.areas.get_mut(id) {
                    Some(area) => area,
                    None => summary.areas.entry(id.to_owned()).or_default(),
                },
            };
            area.add(measure, today);
        }
        summary
    }

    /// Every measure of the organisation, whatever its area.
    pub fn total(&self, priority_only: bool) -> Tally {
        let mut total = self.unclassified.tally(priority_only);
        for area in self.areas.values() {
            total += area.tally(priority_only);
        }
        total
    }

    /// True when overdue counts were judged on another day than `today`.
    pub fn is_stale(&self, today: NaiveDate) -> bool {
        self.as_of != today
    }
}
