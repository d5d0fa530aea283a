//! The groups the list shows (by basic policy or by taxonomy area), and what the filters offer.

use std::collections::HashMap;
use std::sync::Arc;

use super::filters::Filters;
use super::row::MeasureRow;
use super::sort::{compare, SortKey};
use crate::domain::{BasicPolicy, TaxonomyArea};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GroupBy {
    /// 基本施策 of the plan.
    #[default]
    Policy,
    /// Taxonomy area (national frame and the prefecture's pillars).
    Area,
}

/// One group of the list, with the rows that pass the filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// `policy:p1`, `area:online`, or `none`.
    pub key: String,
    /// `None` for measures under no (known) policy or area.
    pub name_ja: Option<String>,
    pub name_en: Option<String>,
    pub rows: Vec<Arc<MeasureRow>>,
    /// Measures in the group before filtering.
    pub total: usize,
}

impl Group {
    fn new(key: String, name_ja: Option<String>, name_en: Option<String>) -> Group {
        Group {
            key,
            name_ja,
            name_en,
            rows: Vec::new(),
            total: 0,
        }
    }
}

/// What the list is built from besides the rows.
pub struct ListContext<'a> {
    pub policies: &'a [BasicPolicy],
    pub areas: &'a [TaxonomyArea],
}

/// The groups to show, in plan (or taxonomy) order, each sorted; groups left empty by the
/// filters are dropped.
pub fn build_groups(
    rows: &[Arc<MeasureRow>],
    context: &ListContext<'_>,
    filters: &Filters,
    sort: SortKey,
    group_by: GroupBy,
) -> Vec<Group> {
    let policy_order: HashMap<&str, usize> = context
        .policies
        .iter()
        .enumerate()
        .map(|(index, policy)| (policy.id.as_str(), index))
        .collect();
    let mut groups: Vec<Group> = match group_by {
        GroupBy::Policy => context
            .policies
            .iter()
            .map(|p| Group::new(format!("policy:{}", p.id), Some(p.title.clone()), None))
            .collect(),
        GroupBy::Area => context
            .areas
            .iter()
            .map(|a| {
                let en = (!a.name_en.is_empty()).then(|| a.name_en.clone());
                Group::new(format!("area:{}", a.id), Some(a.name_ja.clone()), en)
            })
            .collect(),
    };
    groups.push(Group::new("none".to_owned(), None, None));
    let unassigned = groups.len() - 1;
    let index: HashMap<String, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, group)| (group.key.clone(), i))
        .collect();

    for row in rows {
        let key = match group_by {
            GroupBy::Policy => row
                .measure
                .policy_id
                .as_ref()
                .map(|id| format!("policy:{id}")),
            GroupBy::Area => row.measure.area.as_ref().map(|id| format!("area:{id}")),
        };
        let slot = key
            .and_then(|key| index.get(&key).copied())
            .unwrap_or(unassigned);
        let group = &mut groups[slot];
        group.total += 1;
        if filters.matches(row) {
            group.rows.push(Arc::clone(row));
        }
    }
    for group in &mut groups {
        crate::sorting::sort_by(&mut group.rows, |a, b| compare(a, b, sort, &policy_order));
    }
    groups.retain(|group| !group.rows.is_empty());
    groups
}

/// Rows of the list put on the page at first, and added by each 「さらに表示」: a plan of 30 to
/// 300 measures shows whole, while one of thousands (an import) answers at once instead of
/// spending seconds laying out every row.
pub const ROWS_AT_ONCE: usize = 300;

/// Keeps the first `limit` rows across `groups`, in order, and drops the groups left without
/// rows; returns how many matching rows that holds back.
pub fn show_first(groups: &mut Vec<Group>, limit: usize) -> usize {
    let mut room = limit;
    let mut held_back = 0;
    for group in groups.iter_mut() {
        let kept = group.rows.len().min(room);
        held_back += group.rows.len() - kept;
        group.rows.truncate(kept);
        room -= kept;
    }
    groups.retain(|group| !group.rows.is_empty());
    held_back
}

/// The departments named by the rows, sorted, each once.
pub fn departments(rows: &[Arc<MeasureRow>]) -> Vec<String> {
    let mut names: Vec<String> = rows
        .iter()
        .map(|row| row.measure.department.clone())
        .filter(|name| !name.is_empty())
        .collect();
    crate::sorting::sort(&mut names);
    names.dedup();
    names
}

/// How many measures reference each policy id.
pub fn policy_counts(rows: &[Arc<MeasureRow>]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for row in rows {
        if let Some(id) = &row.measure.policy_id {
            *counts.entry(id.clone()).or_insert(0) += 1;
        }
    }
    counts
}
