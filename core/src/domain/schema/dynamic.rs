//! Fields whose names carry data, so that people editing different parts of one record never
//! touch the same field: a KPI's years (`target_fy2025`), a survey response's answers
//! (`q.<question id>`), a migration's steps (`step.<step id>`).

use super::rules::ValueRule::{Answer, Number, OneOf};
use super::survey_rules::{is_valid_question_id, MAX_QUESTION_ID_LENGTH};
use super::tables::{FieldSpec, Presence};
use crate::domain::kpi::KpiSeries;
use crate::domain::standardisation::{self, STEP_FIELD_PREFIX};
use crate::domain::status::Status;
use crate::domain::survey::ANSWER_FIELD_PREFIX;
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

/// `None` when `field` is not of a data-named shape for `kind`; `Some(Err)` when it has the
/// shape but names something invalid (`target_fy1999`, `q.Bad`, `step.99`).
pub(super) fn spec(kind: RecordKind, field: &str) -> Option<Result<FieldSpec, String>> {
    match kind {
        RecordKind::Kpi => {
            KpiSeries::parse_field(field).map(|parsed| parsed.map(|_| KPI_YEAR_VALUE))
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
        RecordKind::SurveyResponse => &["q.<question id>"],
        RecordKind::SystemMigration => &["step.<step id>"],
        _ => &[],
    }
}
