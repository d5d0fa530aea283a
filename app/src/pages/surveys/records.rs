//! Surveys, responses and the municipality directory as the screens trust them
//! (`tsunagu_core::trust`, reactive), and writing a survey back field by field, so a save sends
//! only what changed.

use leptos::prelude::untrack;
use tsunagu_core::domain::survey::{response_id, Survey, SurveyResponse};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::org::OrgCode;
use tsunagu_core::trust;
pub use tsunagu_core::trust::SurveyRecord;

use crate::state::workspace::now_ms;
use crate::state::Workspace;

/// Past 24:00 JST of the survey's deadline day.
pub fn is_closed(record: &SurveyRecord) -> bool {
    record.is_closed_at(now_ms())
}

/// Every trusted survey, newest deadline first.
pub fn all_surveys(workspace: Workspace) -> Vec<SurveyRecord> {
    trust::surveys(&workspace.views(RecordKind::Survey))
}

pub fn survey(workspace: Workspace, id: &str) -> Option<SurveyRecord> {
    workspace
        .view(&RecordKey::new(RecordKind::Survey, id))
        .as_ref()
        .and_then(trust::trusted_survey)
}

/// Every trusted response to `record`, with the town that gave it.
pub fn responses(workspace: Workspace, record: &SurveyRecord) -> Vec<(OrgCode, SurveyResponse)> {
    trust::responses_to(record, &workspace.views(RecordKind::SurveyResponse))
}

/// `org`'s own response to `record`, if it has started one.
pub fn own_response(
    workspace: Workspace,
    record: &SurveyRecord,
    org: &OrgCode,
) -> Option<SurveyResponse> {
    let id = response_id(&record.survey.id, org).ok()?;
    let view = workspace.view(&RecordKey::new(RecordKind::SurveyResponse, id))?;
    trust::trusted_response(record, &view).map(|(_, response)| response)
}

pub use crate::ui::org_name::municipalities;

/// Writes the fields of `new` that differ from the stored survey (from `old` when the device
/// has no copy; all of them for a new survey): one field per changed question, `null` for a
/// removed one, and a survey still holding the legacy question array is migrated.
pub fn save_survey(workspace: Workspace, org: &OrgCode, old: Option<&Survey>, new: &Survey) {
    let key = RecordKey::new(RecordKind::Survey, new.id.clone());
    let stored = untrack(|| workspace.view(&key))
        .map(|view| view.values)
        .or_else(|| old.map(Survey::to_fields))
        .unwrap_or_default();
    let changed = new.writes_over(&stored);
    if !changed.is_empty() {
        workspace.write_fields(org, &key, changed);
    }
}

/// The codes of [`municipalities`].
pub fn municipality_codes(workspace: Workspace) -> Vec<OrgCode> {
    municipalities(workspace)
        .into_iter()
        .map(|org| org.code)
        .collect()
}
