//! The measures of a plan as list rows (kind `measure` with `plan_id` = the plan's record id).

use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value;
use tsunagu_core::domain::RecordKind;

use super::model::MeasureRow;
use crate::state::Workspace;

/// Reactive: re-read when any record changes (the memo holding it only notifies on a change).
pub fn plan_rows(workspace: Workspace, plan_id: &str, today: NaiveDate) -> Vec<Arc<MeasureRow>> {
    workspace
        .views(RecordKind::Measure)
        .iter()
        .filter(|view| view.values.get("plan_id").and_then(Value::as_str) == Some(plan_id))
        .map(|view| Arc::new(MeasureRow::from_view(view, today)))
        .collect()
}
