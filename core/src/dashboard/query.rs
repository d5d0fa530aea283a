//! What the prefecture asks of its dashboard: which municipalities, which measures, what order.

use serde::{Deserialize, Serialize};

use crate::domain::Status;
use crate::org::{Organisation, PopulationClass};

/// Population is not in the national code list, so some organisations have none: they match
/// only `Any` and `Unknown`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PopulationFilter {
    #[default]
    Any,
    /// Organisations whose population nobody has entered.
    Unknown,
    Class(PopulationClass),
}

impl PopulationFilter {
    pub fn matches(self, org: &Organisation) -> bool {
        match self {
            PopulationFilter::Any => true,
            PopulationFilter::Unknown => org.population.is_none(),
            PopulationFilter::Class(class) => org.population_class() == Some(class),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DashboardSort {
    /// Lowest completion rate first, then most overdue measures, then code. Municipalities
    /// with no rate (no measure that counts) come last: there is nothing they are behind on.
    #[default]
    FurthestBehind,
    /// Local government code, which is the order of the national code list.
    Code,
    /// Reading (katakana; Unicode order is the 五十音 order), then code.
    Kana,
}

/// Filters and order. Filters combine with AND; every one applies to whole municipalities,
/// looking at all their measures (or their 【重点】 ones when `priority_only`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DashboardQuery {
    pub population: PopulationFilter,
    /// Keeps municipalities with at least one measure of this status. Cells still show the
    /// full picture (a completion rate over one status would mean nothing); each cell also
    /// carries how many of its measures have the status, for the screen to show and highlight.
    pub status: Option<Status>,
    /// Counts only 【重点】 measures, in cells, totals, filters and sorting alike.
    pub priority_only: bool,
    /// Keeps municipalities with at least one overdue measure.
    pub overdue_only: bool,
    pub sort: DashboardSort,
}
