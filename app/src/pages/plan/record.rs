//! The plan shown on the plan screen: an organisation's `plan` record (the first by title
//! when there are several), read leniently so that a damaged record can still be fixed.

use serde_json::Value;
use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::client::RecordView;
use tsunagu_core::domain::{Plan, RecordKind};
use tsunagu_core::merge::RecordKey;
use tsunagu_core::org::OrgCode;

use crate::state::Workspace;
use crate::ui::dates::today;

#[derive(Clone, Debug, PartialEq)]
pub struct PlanRecord {
    pub key: RecordKey,
    pub org: OrgCode,
    pub plan: Plan,
    /// The fields broke the schema; `plan` holds what could be read.
    pub unreadable: bool,
    pub pending: bool,
    pub conflicted: bool,
}

impl PlanRecord {
    pub fn from_view(view: RecordView) -> PlanRecord {
        let (plan, unreadable) = match Plan::from_fields(&view.values) {
            Ok(plan) => (plan, false),
            Err(_) => (readable_part(&view), true),
        };
        PlanRecord {
            pending: !view.pending.is_empty(),
            conflicted: !view.conflicted.is_empty(),
            key: view.key,
            org: view.org,
            plan,
            unreadable,
        }
    }
}

fn readable_part(view: &RecordView) -> Plan {
    let text = |name: &str| {
        view.values
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let year = |name: &str| {
        view.values
            .get(name)
            .and_then(Value::as_i64)
            .and_then(|year| i32::try_from(year).ok())
            .map_or_else(|| FiscalYear::of_date(today()), FiscalYear)
    };
    Plan {
        title: text("title").unwrap_or_else(|| view.key.id.clone()),
        start_fy: year("start_fy"),
        end_fy: year("end_fy"),
        vision: text("vision").unwrap_or_default(),
        policies: Vec::new(),
    }
}

/// The plan of `org` (reactive).
pub fn plan_of(workspace: Workspace, org: &OrgCode) -> Option<PlanRecord> {
    workspace
        .views(RecordKind::Plan)
        .into_iter()
        .filter(|view| &view.org == org)
        .map(PlanRecord::from_view)
        .min_by(|a, b| (&a.plan.title, &a.key.id).cmp(&(&b.plan.title, &b.key.id)))
}
