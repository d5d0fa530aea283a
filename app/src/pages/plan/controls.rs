//! The state of the list's controls (filters, sort, grouping), shared by the filter bar and
//! the list. One signal per control; the list reads them through one memo.

use leptos::prelude::*;
use tsunagu_core::domain::Status;
use tsunagu_core::plan_list::{Filters, GroupBy, SortKey};

#[derive(Clone, Copy)]
pub struct ListControls {
    pub statuses: RwSignal<Vec<Status>>,
    pub priority_only: RwSignal<bool>,
    pub overdue_only: RwSignal<bool>,
    pub department: RwSignal<Option<String>>,
    /// Normalised with `tsunagu_core::plan_list::normalize_query`.
    pub query: RwSignal<String>,
    pub sort: RwSignal<SortKey>,
    pub group_by: RwSignal<GroupBy>,
}

impl ListControls {
    pub fn new() -> Self {
        ListControls {
            statuses: RwSignal::new(Vec::new()),
            priority_only: RwSignal::new(false),
            overdue_only: RwSignal::new(false),
            department: RwSignal::new(None),
            query: RwSignal::new(String::new()),
            sort: RwSignal::new(SortKey::default()),
            group_by: RwSignal::new(GroupBy::default()),
        }
    }

    /// The filters (reactive).
    pub fn filters(self) -> Filters {
        Filters {
            statuses: self.statuses.get(),
            priority_only: self.priority_only.get(),
            overdue_only: self.overdue_only.get(),
            department: self.department.get(),
            query: self.query.get(),
        }
    }

    /// Shows every measure again (sort and grouping are kept).
    pub fn clear_filters(self) {
        self.statuses.set(Vec::new());
        self.priority_only.set(false);
        self.overdue_only.set(false);
        self.department.set(None);
        self.query.set(String::new());
    }

    pub fn toggle_status(self, status: Status, on: bool) {
        self.statuses.update(|list| {
            list.retain(|s| *s != status);
            if on {
                list.push(status);
            }
        });
    }
}
