//! Surveys, responses and the municipality directory as read from the replica (reactive), and
//! writing a survey back field by field, so a save sends only what changed.

use tsunagu_core::client::RecordView;
use tsunagu_core::domain::survey::{closes_at_ms, response_id, Survey, SurveyResponse};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::org::{OrgCode, Organisation};

use crate::state::workspace::now_ms;
use crate::state::Workspace;

/// A survey record, with the prefecture that owns it.
#[derive(Clone, Debug, PartialEq)]
pub struct SurveyRecord {
    pub org: OrgCode,
    pub survey: Survey,
}

impl SurveyRecord {
    fn from_view(view: &RecordView) -> Option<SurveyRecord> {
        Survey::from_fields(&view.key.id, &view.values)
            .ok()
            .map(|survey| SurveyRecord {
                org: view.org.clone(),
                survey,
            })
    }

    /// Past 24:00 JST of the deadline day.
    pub fn is_closed(&self) -> bool {
        now_ms() >= closes_at_ms(self.survey.deadline)
    }
}

/// Every readable survey, newest deadline first.
pub fn all_surveys(workspace: Workspace) -> Vec<SurveyRecord> {
    let mut surveys: Vec<SurveyRecord> = workspace
        .views(RecordKind::Survey)
        .iter()
        .filter_map(SurveyRecord::from_view)
        .collect();
    surveys.sort_by(|a, b| {
        (b.survey.deadline, &a.survey.title).cmp(&(a.survey.deadline, &b.survey.title))
    });
    surveys
}

pub fn survey(workspace: Workspace, id: &str) -> Option<SurveyRecord> {
    workspace
        .view(&RecordKey::new(RecordKind::Survey, id))
        .as_ref()
        .and_then(SurveyRecord::from_view)
}

/// Every readable response to `survey_id`, with the town that gave it.
pub fn responses(workspace: Workspace, survey_id: &str) -> Vec<(OrgCode, SurveyResponse)> {
    workspace
        .views(RecordKind::SurveyResponse)
        .iter()
        .filter_map(|view| {
            let response = SurveyResponse::from_fields(&view.values).ok()?;
            (response.survey_id == survey_id).then(|| (view.org.clone(), response))
        })
        .collect()
}

/// `org`'s own response, if it has started one.
pub fn own_response(
    workspace: Workspace,
    survey_id: &str,
    org: &OrgCode,
) -> Option<SurveyResponse> {
    let id = response_id(survey_id, org).ok()?;
    workspace
        .view(&RecordKey::new(RecordKind::SurveyResponse, id))
        .and_then(|view| SurveyResponse::from_fields(&view.values).ok())
}

/// The prefecture's municipalities (not the prefecture itself), in code order.
pub fn municipalities(workspace: Workspace) -> Vec<Organisation> {
    let mut orgs: Vec<Organisation> = workspace
        .views(RecordKind::Organisation)
        .iter()
        .filter_map(|view| Organisation::from_fields(&view.values).ok())
        .filter(|org| !org.code.is_prefecture())
        .collect();
    orgs.sort_by(|a, b| a.code.cmp(&b.code));
    orgs
}

/// Writes the fields of `new` that differ from `old` (all of them for a new survey).
pub fn save_survey(workspace: Workspace, org: &OrgCode, old: Option<&Survey>, new: &Survey) {
    let key = RecordKey::new(RecordKind::Survey, new.id.clone());
    let before = old.map(Survey::to_fields).unwrap_or_default();
    let changed: Vec<_> = new
        .to_fields()
        .into_iter()
        .filter(|(field, value)| before.get(field) != Some(value))
        .collect();
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
