//! The orders the list sorts rows in, within each group.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::row::MeasureRow;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// Basic policy order, then title.
    #[default]
    PlanOrder,
    Status,
    /// Least progress first.
    Percent,
    /// Earliest deadline (or end of the last fiscal year) first; none last.
    Deadline,
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [
        SortKey::PlanOrder,
        SortKey::Status,
        SortKey::Percent,
        SortKey::Deadline,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SortKey::PlanOrder => "plan",
            SortKey::Status => "status",
            SortKey::Percent => "percent",
            SortKey::Deadline => "deadline",
        }
    }

    pub fn from_code(code: &str) -> SortKey {
        SortKey::ALL
            .into_iter()
            .find(|key| key.code() == code)
            .unwrap_or_default()
    }
}

fn plan_order(a: &MeasureRow, b: &MeasureRow, policy_order: &HashMap<&str, usize>) -> Ordering {
    let position = |row: &MeasureRow| {
        row.measure
            .policy_id
            .as_deref()
            .and_then(|id| policy_order.get(id).copied())
            .unwrap_or(usize::MAX)
    };
    position(a)
        .cmp(&position(b))
        .then_with(|| a.measure.title.cmp(&b.measure.title))
        .then_with(|| a.id.cmp(&b.id))
}

/// `sort`, then plan order (`policy_order`: each policy id's position in the plan).
pub(super) fn compare(
    a: &MeasureRow,
    b: &MeasureRow,
    sort: SortKey,
    policy_order: &HashMap<&str, usize>,
) -> Ordering {
    let first = match sort {
        SortKey::PlanOrder => Ordering::Equal,
        SortKey::Status => a.measure.status.cmp(&b.measure.status),
        SortKey::Percent => a.measure.percent.cmp(&b.measure.percent),
        SortKey::Deadline => match (a.due(), b.due()) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
    };
    first.then_with(|| plan_order(a, b, policy_order))
}
