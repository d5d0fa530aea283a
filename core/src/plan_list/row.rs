//! One measure as the list shows it, read leniently so a damaged record still shows.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value;

use super::filters::normalize_query;
use crate::client::RecordView;
use crate::domain::Measure;
use crate::org::OrgCode;
use crate::trust::is_measure_of;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeasureRow {
    pub id: String,
    pub measure: Measure,
    /// A write of this device not yet acknowledged by the server.
    pub pending: bool,
    /// A concurrent write lost in one of its fields.
    pub conflicted: bool,
    pub overdue: bool,
    /// The fields broke the schema (an old or damaged record): shown with what could be read.
    pub unreadable: bool,
    /// Changes whenever anything the row shows changes: part of the list's key.
    pub fingerprint: u64,
}

impl MeasureRow {
    pub fn from_view(view: &RecordView, today: NaiveDate) -> MeasureRow {
        let (measure, unreadable) = match Measure::from_fields(&view.values) {
            Ok(measure) => (measure, false),
            Err(_) => (readable_part(view), true),
        };
        let overdue = measure.is_overdue(today);
        let pending = !view.pending.is_empty();
        let conflicted = !view.conflicted.is_empty();
        let mut hasher = DefaultHasher::new();
        (
            &measure.title,
            measure.priority,
            &measure.department,
            measure.status,
            measure.percent,
            measure.deadline,
            measure.end_fy,
            (overdue, pending, conflicted, unreadable),
        )
            .hash(&mut hasher);
        MeasureRow {
            id: view.key.id.clone(),
            measure,
            pending,
            conflicted,
            overdue,
            unreadable,
            fingerprint: hasher.finish(),
        }
    }

    /// Title, department and notes as the search sees them (only computed while searching,
    /// since the rows are rebuilt on every change and folding is not free).
    pub(super) fn search_text(&self) -> String {
        let m = &self.measure;
        normalize_query(&format!("{} {} {}", m.title, m.department, m.notes))
    }

    /// The deadline, else the end of the last fiscal year.
    pub fn due(&self) -> Option<NaiveDate> {
        self.measure
            .deadline
            .or_else(|| self.measure.end_fy.map(|year| year.end_date()))
    }
}

/// What a damaged record still says: its plan, title and policy.
fn readable_part(view: &RecordView) -> Measure {
    let text = |name: &str| {
        view.values
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    Measure {
        policy_id: text("policy_id"),
        area: text("area"),
        ..Measure::new(
            text("plan_id").unwrap_or_default(),
            text("title").unwrap_or_else(|| view.key.id.clone()),
        )
    }
}

/// The rows of the measures among `views` that belong to the plan `plan_id` of `plan_owner`.
pub fn plan_rows(
    views: &[RecordView],
    plan_id: &str,
    plan_owner: &OrgCode,
    today: NaiveDate,
) -> Vec<Arc<MeasureRow>> {
    views
        .iter()
        .filter(|view| is_measure_of(view, plan_id, plan_owner))
        .map(|view| Arc::new(MeasureRow::from_view(view, today)))
        .collect()
}
