//! Fields whose names carry data, so that people editing different parts of one record never
//! touch the same field: a KPI's years (`target_fy2025`), a survey response's answers
//! (`q.<question id>`), a migration's steps (`step.<step id>`), a plan's policies
//! (`policy.<policy id>`) and a survey's questions (`question.<question id>`).

use super::nested::is_valid_policy_id;
use super::rules::ValueRule::{Answer, Number, OneOf, PolicyItem, QuestionItem};
use super::rules::MAX_ID_LENGTH;
use super::survey_rules::{is_valid_question_id, MAX_QUESTION_ID_LENGTH};
use super::tables::{FieldSpec, Presence};
use crate::domain::kpi::KpiSeries;
use crate::domain::plan::POLICY_FIELD_PREFIX;
use crate::domain::standardisation::{self, STEP_FIELD_PREFIX};
use crate::domain::status::Status;
use crate::domain::survey::{ANSWER_FIELD_PREFIX, QUESTION_FIELD_PREFIX};
use crate::domain::RecordKind;

const KPI_YEAR_VALUE: FieldSpec = FieldSpec {
    rule: Number,
    presence: Presence::Nullable,
};
/// `null` clears an answer.
const ANSWER_VALUE: FieldSpec = FieldSpec {
    rule: Answer,
    presence: Presence::Nullable,
};
/// An absent step is 未着手.
const STEP_VALUE: FieldSpec = FieldSpec {
    rule: OneOf(&Status::LABELS_JA),
    presence: Presence::Defaulted,
};

/// `null` means the policy was removed.
const POLICY_VALUE: FieldSpec = FieldSpec {
    rule: PolicyItem,
    presence: Presence::Nullable,
};
/// `null` means the question was removed.
const QUESTION_VALUE: FieldSpec = FieldSpec {
    rule: QuestionItem,
    presence: Presence::Nullable,
};

/// `None` when `field` is not of a data-named shape for `kind`; `Some(Err)` when it has the
/// shape but names something invalid (`target_fy1999`, `q.Bad`, `step.99`).
pub(super) fn spec(kind: RecordKind, field: &str) -> Option<Result<FieldSpec, String>> {
    match kind {
        RecordKind::Kpi => {
            KpiSeries::parse_field(field).map(|parsed| parsed.map(|_| KPI_YEAR_VALUE))
        }
        RecordKind::Plan => {
            let id = field.strip_prefix(POLICY_FIELD_PREFIX)?;
            Some(if is_valid_policy_id(id) {
                Ok(POLICY_VALUE)
            } else {
                Err(format!(
                    "{id:?} is not a policy id (1 to {MAX_ID_LENGTH} characters from a-z, 0-9, _ and -)"
                ))
            })
        }
        RecordKind::Survey => {
            let id = field.strip_prefix(QUESTION_FIELD_PREFIX)?;
            Some(if is_valid_question_id(id) {
                Ok(QUESTION_VALUE)
            } else {
                Err(format!(
                    "{id:?} is not a question id (1 to {MAX_QUESTION_ID_LENGTH} characters from a-z, 0-9, _ and -)"
                ))
            })
        }
        RecordKind::SurveyResponse => {
            let id = field.strip_prefix(ANSWER_FIELD_PREFIX)?;
            Some(if is_valid_question_id(id) {
                Ok(ANSWER_VALUE)
            } else {
                Err(format!(
                    "{id:?} is not a question id (1 to {MAX_QUESTION_ID_LENGTH} characters from a-z, 0-9, _ and -)"
                ))
            })
        }
        RecordKind::SystemMigration => {
            let id = field.strip_prefix(STEP_FIELD_PREFIX)?;
            Some(match standardisation::step(id) {
                Some(_) => Ok(STEP_VALUE),
                None => Err(format!(
                    "{id:?} is not a migration step (known steps: {})",
                    standardisation::step_ids().join(", ")
                )),
            })
        }
        _ => None,
    }
}

/// How the data-named fields of `kind` are written, for error messages.
pub(super) fn patterns(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Kpi => &["target_fyYYYY", "actual_fyYYYY"],
        RecordKind::Plan => &["policy.<policy id>"],
        RecordKind::Survey => &["question.<question id>"],
        RecordKind::SurveyResponse => &["q.<question id>"],
        RecordKind::SystemMigration => &["step.<step id>"],
        _ => &[],
    }
}
