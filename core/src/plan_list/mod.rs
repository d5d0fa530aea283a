//! The measure list of a plan as plain data: rows read from records, filters, sort orders and
//! groups. No views and no signals, so the app recomputes it in one memo and it is tested here.

mod filters;
mod groups;
mod row;
mod sort;

pub use filters::{normalize_query, Filters};
pub use groups::{
    build_groups, departments, policy_counts, show_first, Group, GroupBy, ListContext, ROWS_AT_ONCE,
};
pub use row::{plan_rows, MeasureRow};
pub use sort::SortKey;

#[cfg(test)]
mod tests;
