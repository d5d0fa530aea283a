//! Surveys: only `survey` records owned by a prefecture are surveys, and they ask only that
//! prefecture's municipalities. A town's record shaped like a survey is not listed anywhere.

use crate::client::RecordView;
use crate::domain::survey::is_closed_at;
use crate::domain::{RecordKind, Survey};
use crate::org::OrgCode;

/// A trusted survey, with the prefecture that owns it.
#[derive(Clone, Debug, PartialEq)]
pub struct SurveyRecord {
    pub org: OrgCode,
    pub survey: Survey,
}

impl SurveyRecord {
    /// Past 24:00 JST of the deadline day at `now_ms` (Unix milliseconds).
    pub fn is_closed_at(&self, now_ms: u64) -> bool {
        is_closed_at(self.survey.deadline, now_ms)
    }

    /// Whether `org` is asked: one of the owner's municipalities that the survey targets.
    pub fn asks(&self, org: &OrgCode) -> bool {
        org.prefecture_number() == self.org.prefecture_number() && self.survey.targets_org(org)
    }
}

/// The survey `view` holds, or `None` when it is not a prefecture's `survey` record. Targets
/// outside the owner's prefecture are dropped; a survey left with none of its targets asks
/// nobody this prefecture has, so it is not trusted (an empty list would ask everyone).
pub fn trusted_survey(view: &RecordView) -> Option<SurveyRecord> {
    if view.key.kind != RecordKind::Survey || !view.org.is_prefecture() {
        return None;
    }
    let mut survey = Survey::from_fields(&view.key.id, &view.values).ok()?;
    if !survey.targets.is_empty() {
        let prefecture = view.org.prefecture_number();
        survey
            .targets
            .retain(|town| town.prefecture_number() == prefecture && !town.is_prefecture());
        if survey.targets.is_empty() {
            return None;
        }
    }
    Some(SurveyRecord {
        org: view.org.clone(),
        survey,
    })
}

/// Every trusted survey among `views`, newest deadline first, then by title.
pub fn surveys(views: &[RecordView]) -> Vec<SurveyRecord> {
    let mut surveys: Vec<SurveyRecord> = views.iter().filter_map(trusted_survey).collect();
    crate::sorting::sort_by(&mut surveys, |a, b| {
        (b.survey.deadline, &a.survey.title).cmp(&(a.survey.deadline, &b.survey.title))
    });
    surveys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::test_records::{code, record, AOMORI, HIROSAKI, IWATE, MORIOKA, TONO};
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 10, d).expect("a date")
    }

    fn survey_record(
        id: &str,
        owner: &str,
        title: &str,
        deadline: u32,
        targets: &[&str],
    ) -> RecordView {
        let mut survey = Survey::new(id, title, day(deadline));
        survey.targets = targets.iter().map(|t| code(t)).collect();
        record(RecordKind::Survey, id, owner, survey.to_fields())
    }

    fn titles(records: &[SurveyRecord]) -> Vec<&str> {
        records.iter().map(|r| r.survey.title.as_str()).collect()
    }

    #[test]
    fn a_town_owned_survey_is_not_listed() {
        let records = [
            survey_record("s-pref", IWATE, "県の調査", 1, &[]),
            survey_record("s-town", TONO, "町の調査", 2, &[]),
        ];
        assert_eq!(titles(&surveys(&records)), ["県の調査"]);
        assert_eq!(trusted_survey(&records[1]), None);
    }

    #[test]
    fn surveys_list_newest_deadline_first_then_by_title() {
        let records = [
            survey_record("a", IWATE, "B", 1, &[]),
            survey_record("b", IWATE, "A", 1, &[]),
            survey_record("c", IWATE, "C", 9, &[]),
        ];
        assert_eq!(titles(&surveys(&records)), ["C", "A", "B"]);
    }

    #[test]
    fn targets_are_only_the_owners_municipalities() {
        let mixed = trusted_survey(&survey_record("s", IWATE, "調査", 1, &[TONO, HIROSAKI]))
            .expect("trusted");
        assert_eq!(mixed.survey.targets, [code(TONO)]);
        assert!(mixed.asks(&code(TONO)));
        assert!(!mixed.asks(&code(HIROSAKI)));
        assert!(!mixed.asks(&code(MORIOKA)), "not targeted");
        assert_eq!(
            trusted_survey(&survey_record("s", IWATE, "調査", 1, &[HIROSAKI])),
            None,
            "a survey of only another prefecture's towns asks nobody here"
        );
    }

    #[test]
    fn a_survey_for_everyone_asks_the_owners_municipalities_only() {
        let everyone = trusted_survey(&survey_record("s", IWATE, "調査", 1, &[])).expect("trusted");
        assert!(everyone.asks(&code(TONO)));
        assert!(!everyone.asks(&code(IWATE)));
        assert!(!everyone.asks(&code(HIROSAKI)));
        assert!(!everyone.asks(&code(AOMORI)));
    }

    #[test]
    fn a_survey_closes_after_its_deadline_day_in_japan() {
        let survey = trusted_survey(&survey_record("s", IWATE, "調査", 1, &[])).expect("trusted");
        // 2025-10-01 24:00 JST is 2025-10-01 15:00 UTC.
        let closes = 1_759_330_800_000;
        assert!(!survey.is_closed_at(closes - 1));
        assert!(survey.is_closed_at(closes));
    }
}
