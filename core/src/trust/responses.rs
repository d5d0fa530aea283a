//! Survey responses: a `survey_response` counts as town T's answer to survey S only when its
//! id is `resp-S-T`, its owner is T, its `survey_id` field is S and S asks T. Another town
//! cannot answer for T, and no record can move T's answer to another survey.

use super::owner_claims::claims_agree;
use super::surveys::SurveyRecord;
use crate::client::RecordView;
use crate::domain::survey::parse_response_id;
use crate::domain::{RecordKind, SurveyResponse};
use crate::org::OrgCode;

/// The town and its answer, when `view` is a trusted response to `survey`.
pub fn trusted_response(
    survey: &SurveyRecord,
    view: &RecordView,
) -> Option<(OrgCode, SurveyResponse)> {
    if view.key.kind != RecordKind::SurveyResponse || !claims_agree(view, &["survey_id"]) {
        return None;
    }
    // The id names the town (its owner) and the survey (its `survey_id`).
    let (survey_id, town) = parse_response_id(&view.key.id)?;
    if survey_id != survey.survey.id || !survey.asks(&town) {
        return None;
    }
    let response = SurveyResponse::from_fields(&view.values).ok()?;
    Some((town, response))
}

/// Every trusted response to `survey` among `views`, with the town that gave it.
pub fn responses_to(survey: &SurveyRecord, views: &[RecordView]) -> Vec<(OrgCode, SurveyResponse)> {
    views
        .iter()
        .filter_map(|view| trusted_response(survey, view))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::survey::{response_id, survey_results};
    use crate::domain::Survey;
    use crate::trust::test_records::{code, record, HIROSAKI, IWATE, MIYAKO, MORIOKA, TONO};
    use crate::trust::trusted_survey;
    use chrono::NaiveDate;

    const SURVEY: &str = "030007-survey-1";

    fn survey(targets: &[&str]) -> SurveyRecord {
        let mut survey = Survey::new(
            SURVEY,
            "調査",
            NaiveDate::from_ymd_opt(2025, 10, 1).expect("a date"),
        );
        survey.targets = targets.iter().map(|t| code(t)).collect();
        let view = record(RecordKind::Survey, SURVEY, IWATE, survey.to_fields());
        trusted_survey(&view).expect("a prefecture's survey")
    }

    /// `owner`'s submitted response under `id`, claiming `survey_id`.
    fn response(id: &str, owner: &str, survey_id: &str) -> RecordView {
        let response = SurveyResponse {
            submitted: true,
            ..SurveyResponse::new(survey_id)
        };
        record(RecordKind::SurveyResponse, id, owner, response.to_fields())
    }

    fn id_of(town: &str) -> String {
        response_id(SURVEY, &code(town)).expect("a valid id")
    }

    fn towns(responses: &[(OrgCode, SurveyResponse)]) -> Vec<&str> {
        responses.iter().map(|(town, _)| town.as_str()).collect()
    }

    #[test]
    fn a_towns_own_response_counts() {
        let counted = responses_to(&survey(&[]), &[response(&id_of(TONO), TONO, SURVEY)]);
        assert_eq!(towns(&counted), [TONO]);
    }

    #[test]
    fn a_response_with_a_forged_owner_is_not_counted() {
        // Morioka writes Tono's response id: the server keeps Morioka as its owner.
        let forged = response(&id_of(TONO), MORIOKA, SURVEY);
        assert_eq!(trusted_response(&survey(&[]), &forged), None);
    }

    #[test]
    fn a_response_with_a_forged_survey_id_is_not_counted() {
        // Tono's record for another survey claims to answer this one.
        let other_id = response_id("030007-survey-2", &code(TONO)).expect("a valid id");
        let elsewhere = response(&other_id, TONO, SURVEY);
        // Tono's record for this survey whose field names another survey.
        let mislabelled = response(&id_of(TONO), TONO, "030007-survey-2");
        // A record under a free-form id.
        let free_form = response("tono-answer", TONO, SURVEY);
        let counted = responses_to(&survey(&[]), &[elsewhere, mislabelled, free_form]);
        assert!(counted.is_empty(), "{counted:?}");
    }

    #[test]
    fn a_town_the_survey_does_not_ask_is_not_counted() {
        let only_tono = survey(&[TONO]);
        let records = [
            response(&id_of(TONO), TONO, SURVEY),
            response(&id_of(MORIOKA), MORIOKA, SURVEY),
            response(&id_of(HIROSAKI), HIROSAKI, SURVEY),
            response(&id_of(IWATE), IWATE, SURVEY),
        ];
        assert_eq!(towns(&responses_to(&only_tono, &records)), [TONO]);
        let everyone = survey(&[]);
        assert_eq!(towns(&responses_to(&everyone, &records)), [TONO, MORIOKA]);
    }

    #[test]
    fn results_count_only_trusted_responses() {
        let everyone = survey(&[]);
        let records = [
            response(&id_of(TONO), TONO, SURVEY),
            response(&id_of(MIYAKO), MORIOKA, SURVEY),
        ];
        let directory = [code(MORIOKA), code(MIYAKO), code(TONO)];
        let results = survey_results(
            &everyone.survey,
            &directory,
            &responses_to(&everyone, &records),
        );
        assert_eq!(results.answered, 1);
        assert_eq!(results.non_responders, [code(MORIOKA), code(MIYAKO)]);
    }
}
