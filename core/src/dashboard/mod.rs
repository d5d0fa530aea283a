//! The prefecture dashboard: every municipality's progress per taxonomy area, from small
//! per-organisation summaries (a prefecture has up to 179 municipalities, Japan 1,741, each
//! with some 60 measures; the dashboard reads 13 numbers per area instead of every measure).
//!
//! [`OrgSummary::from_measures`] runs when an organisation's measures change and is stored;
//! [`Dashboard::build`] combines the stored summaries under a [`DashboardQuery`];
//! [`dashboard_table`] turns the result into an export [`Table`](crate::export::Table).

mod build;
mod cache;
mod connections;
mod from_records;
mod query;
mod summary;
mod table;
mod tally;

pub use build::{Dashboard, DashboardRow};
pub use cache::{root_area_ids, summary_rows, DashboardData, SummaryRow, AREAS_KEY};
pub use connections::{connection_gaps, ConnectionGap, ConnectionRow};
pub use from_records::summary_rows_from_records;
pub use query::{DashboardQuery, DashboardSort, PopulationFilter};
pub use summary::{AreaSummary, OrgSummary};
pub use table::dashboard_table;
pub use tally::{CellStatus, StatusCounts, StatusDistribution, Tally};

#[cfg(test)]
mod tests;
