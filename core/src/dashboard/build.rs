//! The prefecture dashboard: one row per municipality, one cell per area, with totals per
//! municipality, per area and for the prefecture, and how many municipalities are in each state
//! per area (for charts). Built from stored [`OrgSummary`]s, never from the measures.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use super::{DashboardQuery, DashboardSort, OrgSummary, StatusDistribution, Tally};
use crate::domain::TaxonomyArea;
use crate::org::{OrgCode, OrgKind, Organisation};

#[derive(Debug, Clone, PartialEq)]
pub struct DashboardRow {
    pub org: Organisation,
    /// One per column area, in the order of [`Dashboard::areas`].
    pub cells: Vec<Tally>,
    /// Measures without an area, or under an area that is not a column.
    pub other: Tally,
    /// The whole municipality: every cell plus `other`.
    pub total: Tally,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub query: DashboardQuery,
    /// The columns, as given to [`Dashboard::build`].
    pub areas: Vec<TaxonomyArea>,
    /// The municipalities that pass the filters, in the query's order.
    pub rows: Vec<DashboardRow>,
    /// Per area, over the rows shown. Rates are pooled: done ÷ counting over all their measures.
    pub column_totals: Vec<Tally>,
    pub other_total: Tally,
    /// Every measure of every row shown.
    pub grand_total: Tally,
    /// Per area, how many rows have each cell status.
    pub distribution: Vec<StatusDistribution>,
    /// How many rows have each status as a whole (by their total).
    pub total_distribution: StatusDistribution,
    /// Municipalities before any filter, for "12 of 33 shown".
    pub municipality_count: usize,
}

impl Dashboard {
    /// Builds the dashboard of the municipalities among `orgs` (the prefecture itself is never a
    /// row). A municipality without a summary has empty cells. Measures under an area id that is
    /// not among `areas` count in `other` (pass sub-areas as columns to show them apart).
    pub fn build(
        orgs: &[Organisation],
        summaries: &BTreeMap<OrgCode, OrgSummary>,
        areas: &[TaxonomyArea],
        query: &DashboardQuery,
    ) -> Dashboard {
        let column_of: HashMap<&str, usize> = areas
            .iter()
            .enumerate()
            .map(|(index, area)| (area.id.as_str(), index))
            .collect();
        let municipalities: Vec<&Organisation> = orgs
            .iter()
            .filter(|org| org.kind == OrgKind::Municipality)
            .collect();
        let mut rows: Vec<DashboardRow> = municipalities
            .iter()
            .filter(|org| query.population.matches(org))
            .map(|org| {
                row(
                    org,
                    summaries.get(&org.code),
                    &column_of,
                    query.priority_only,
                )
            })
            .filter(|row| passes(row, query))
            .collect();
        sort(&mut rows, query.sort);

        let mut dashboard = Dashboard {
            query: *query,
            areas: areas.to_vec(),
            rows: Vec::new(),
            column_totals: vec![Tally::default(); areas.len()],
            other_total: Tally::default(),
            grand_total: Tally::default(),
            distribution: vec![StatusDistribution::default(); areas.len()],
            total_distribution: StatusDistribution::default(),
            municipality_count: municipalities.len(),
        };
        for row in &rows {
            for (index, cell) in row.cells.iter().enumerate() {
                dashboard.column_totals[index] += *cell;
                dashboard.distribution[index].add(cell.cell_status());
            }
            dashboard.other_total += row.other;
            dashboard.grand_total += row.total;
            dashboard.total_distribution.add(row.total.cell_status());
        }
        dashboard.rows = rows;
        dashboard
    }

    /// How many measures of `tally` have the queried status; `None` without a status filter.
    pub fn matching(&self, tally: &Tally) -> Option<u32> {
        self.query.status.map(|status| tally.statuses.get(status))
    }
}

fn row(
    org: &Organisation,
    summary: Option<&OrgSummary>,
    column_of: &HashMap<&str, usize>,
    priority_only: bool,
) -> DashboardRow {
    let mut cells = vec![Tally::default(); column_of.len()];
    let mut other = Tally::default();
    if let Some(summary) = summary {
        for (id, area) in &summary.areas {
            let tally = area.tally(priority_only);
            match column_of.get(id.as_str()) {
                Some(&index) => cells[index] += tally,
                None => other += tally,
            }
        }
        other += summary.unclassified.tally(priority_only);
    }
    let mut total = other;
    for cell in &cells {
        total += *cell;
    }
    DashboardRow {
        org: org.clone(),
        cells,
        other,
        total,
    }
}

fn passes(row: &DashboardRow, query: &DashboardQuery) -> bool {
    let has_status = query
        .status
        .is_none_or(|status| row.total.statuses.get(status) > 0);
    let overdue = !query.overdue_only || row.total.overdue > 0;
    has_status && overdue
}

/// One sort for every order, through `crate::sorting` (one copy of the sort in the wasm build).
fn sort(rows: &mut [DashboardRow], order: DashboardSort) {
    crate::sorting::sort_by(rows, |a, b| {
        let first = match order {
            DashboardSort::Code => Ordering::Equal,
            DashboardSort::Kana => a.org.kana.cmp(&b.org.kana),
            DashboardSort::FurthestBehind => a
                .total
                .cmp_completion(&b.total)
                .then(b.total.overdue.cmp(&a.total.overdue)),
        };
        first.then_with(|| a.org.code.cmp(&b.org.code))
    });
}
