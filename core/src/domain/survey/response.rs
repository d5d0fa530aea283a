//! One municipality's answers to one survey.
//!
//! Each answer is its own field (`q.<question id>`), so two staff answering different questions
//! offline merge cleanly; the record id is derived from the survey and the town
//! ([`response_id`]), so two devices of the same town write one record.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::model::Survey;
use super::question::{Question, QuestionKind};
use crate::domain::fields::{FieldReader, Fields};
use crate::domain::schema::{self, describe, MAX_ID_LENGTH};
use crate::domain::RecordKind;
use crate::org::OrgCode;
use crate::validation::{into_result, ValidationError};

/// Answer fields are this prefix and the question id.
pub const ANSWER_FIELD_PREFIX: &str = "q.";
const RESPONSE_ID_PREFIX: &str = "resp-";
/// `-` and six digits.
const ORG_SUFFIX_LENGTH: usize = 7;
/// The longest survey id whose response ids still fit [`MAX_ID_LENGTH`].
pub const MAX_SURVEY_ID_FOR_RESPONSES: usize =
    MAX_ID_LENGTH - RESPONSE_ID_PREFIX.len() - ORG_SUFFIX_LENGTH;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyResponse {
    pub survey_id: String,
    /// The town pressed 回答を提出; only submitted responses count as answered.
    pub submitted: bool,
    /// Raw answers by question id; their shape depends on the question ([`Answer::read`]).
    pub answers: BTreeMap<String, Value>,
}

/// An answer read against its question.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer<'a> {
    Choice(&'a str),
    Choices(Vec<&'a str>),
    Number(f64),
    Text(&'a str),
}

/// `resp-<survey id>-<org code>`: the one record `org` answers `survey_id` in. Fails when the
/// survey id is too long to make a valid record id.
pub fn response_id(survey_id: &str, org: &OrgCode) -> Result<String, ValidationError> {
    let id = format!("{RESPONSE_ID_PREFIX}{survey_id}-{org}");
    schema::validate_record_id("survey_id", survey_id)?;
    if survey_id.len() > MAX_SURVEY_ID_FOR_RESPONSES {
        return Err(ValidationError::new(
            "survey_id",
            format!(
                "must be at most {MAX_SURVEY_ID_FOR_RESPONSES} characters to name responses (got {})",
                survey_id.len()
            ),
        ));
    }
    Ok(id)
}

/// The survey id and town of a [`response_id`], `None` for ids of another shape.
pub fn parse_response_id(id: &str) -> Option<(&str, OrgCode)> {
    let rest = id.strip_prefix(RESPONSE_ID_PREFIX)?;
    let split = rest.len().checked_sub(ORG_SUFFIX_LENGTH)?;
    let (survey_id, suffix) = (rest.get(..split)?, rest.get(split..)?);
    let code = suffix.strip_prefix('-')?;
    let org = OrgCode::parse(code)
        .ok()
        .filter(|org| org.as_str() == code)?;
    (!survey_id.is_empty()).then_some((survey_id, org))
}

impl SurveyResponse {
    pub fn new(survey_id: impl Into<String>) -> SurveyResponse {
        SurveyResponse {
            survey_id: survey_id.into(),
            submitted: false,
            answers: BTreeMap::new(),
        }
    }

    /// `"dept"` → `"q.dept"`.
    pub fn answer_field(question_id: &str) -> String {
        format!("{ANSWER_FIELD_PREFIX}{question_id}")
    }

    /// The field rules only; [`validate_response`] checks the answers against the survey.
    pub fn validate(&self) -> Result<(), Vec<ValidationError>> {
        into_result(schema::validate_record(
            RecordKind::SurveyResponse,
            &self.to_fields(),
        ))
    }

    pub fn to_fields(&self) -> Fields {
        let mut fields = BTreeMap::from([
            ("survey_id".to_owned(), Value::from(self.survey_id.as_str())),
            ("submitted".to_owned(), Value::from(self.submitted)),
        ]);
        for (question, value) in &self.answers {
            fields.insert(Self::answer_field(question), value.clone());
        }
        fields
    }

    /// A `null` answer (cleared) is the same as an absent one.
    pub fn from_fields(fields: &Fields) -> Result<SurveyResponse, ValidationError> {
        let reader = FieldReader::checked(RecordKind::SurveyResponse, fields)?;
        let mut response = SurveyResponse {
            submitted: reader.bool("submitted"),
            ..SurveyResponse::new(reader.string("survey_id"))
        };
        for (field, value) in reader.iter() {
            if let Some(question) = field.strip_prefix(ANSWER_FIELD_PREFIX) {
                if !value.is_null() {
                    response.answers.insert(question.to_owned(), value.clone());
                }
            }
        }
        Ok(response)
    }
}

impl<'a> Answer<'a> {
    /// Reads `value` as an answer to `question`; `Ok(None)` when it is empty (null, blank text,
    /// no choice). Errors name the field `q.<id>` or a path below it.
    pub fn read(
        question: &Question,
        value: &'a Value,
    ) -> Result<Option<Answer<'a>>, ValidationError> {
        let field = SurveyResponse::answer_field(&question.id);
        let wrong = |expected: &str| {
            ValidationError::new(
                &field,
                format!(
                    "must be {expected} for a {} question, got {}",
                    question.kind.as_str(),
                    describe(value)
                ),
            )
        };
        let known = |path: String, id: &str| match question.choice(id) {
            Some(_) => Ok(()),
            None => Err(ValidationError::new(
                path,
                format!("{id:?} is not a choice of question {}", question.id),
            )),
        };
        let answer = match (question.kind, value) {
            (_, Value::Null) => None,
            (QuestionKind::Single, Value::String(id)) if id.is_empty() => None,
            (QuestionKind::Single, Value::String(id)) => {
                known(field.clone(), id)?;
                Some(Answer::Choice(id))
            }
            (QuestionKind::Single, _) => return Err(wrong("a choice id")),
            (QuestionKind::Multiple, Value::Array(ids)) => {
                let mut chosen = Vec::with_capacity(ids.len());
                for (index, id) in ids.iter().enumerate() {
                    let path = format!("{field}[{index}]");
                    let id = id.as_str().ok_or_else(|| {
                        ValidationError::new(
                            &path,
                            format!("must be a choice id, got {}", describe(id)),
                        )
                    })?;
                    known(path, id)?;
                    chosen.push(id);
                }
                (!chosen.is_empty()).then_some(Answer::Choices(chosen))
            }
            (QuestionKind::Multiple, _) => return Err(wrong("a list of choice ids")),
            (QuestionKind::Number, Value::Number(number)) => number.as_f64().map(Answer::Number),
            (QuestionKind::Number, _) => return Err(wrong("a number")),
            (QuestionKind::Text, Value::String(text)) if text.trim().is_empty() => None,
            (QuestionKind::Text, Value::String(text)) => Some(Answer::Text(text)),
            (QuestionKind::Text, _) => return Err(wrong("a text")),
        };
        Ok(answer)
    }
}

/// Checks `response` against `survey`: the survey id, unknown questions, the shape of each
/// answer, unknown choices, an exclusive choice combined with others, and (once submitted)
/// that every required question is answered.
pub fn validate_response(survey: &Survey, response: &SurveyResponse) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    if response.survey_id != survey.id {
        errors.push(ValidationError::new(
            "survey_id",
            format!(
                "is {:?} but these answers were checked against survey {:?}",
                response.survey_id, survey.id
            ),
        ));
    }
    for (question_id, value) in &response.answers {
        let Some(question) = survey.question(question_id) else {
            errors.push(ValidationError::new(
                SurveyResponse::answer_field(question_id),
                format!("is not a question of survey {}", survey.id),
            ));
            continue;
        };
        match Answer::read(question, value) {
            Err(error) => errors.push(error),
            Ok(Some(Answer::Choices(chosen))) => {
                if let Some(alone) = question.exclusive_conflict(&chosen) {
                    errors.push(ValidationError::new(
                        SurveyResponse::answer_field(question_id),
                        format!(
                            "combines {:?} ({}), which is answered alone, with other choices",
                            alone.id, alone.label
                        ),
                    ));
                }
            }
            Ok(_) => {}
        }
    }
    if response.submitted {
        for question in survey.questions.iter().filter(|q| q.required) {
            // A wrongly shaped answer was reported above; only a missing one is reported here.
            let missing = match response.answers.get(&question.id) {
                None => true,
                Some(value) => matches!(Answer::read(question, value), Ok(None)),
            };
            if missing {
                errors.push(ValidationError::new(
                    SurveyResponse::answer_field(&question.id),
                    "is required to submit the response",
                ));
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde_json::json;

    use super::*;
    use crate::domain::is_valid_record_id;
    use crate::domain::survey::Choice;

    fn tono() -> OrgCode {
        OrgCode::parse("032085").expect("valid code")
    }

    fn survey() -> Survey {
        let choices = |ids: &[&str]| {
            ids.iter()
                .map(|id| Choice::new(*id, id.to_uppercase()))
                .collect()
        };
        let question = |id: &str, kind, required, choice_ids: &[&str]| Question {
            id: id.into(),
            kind,
            text: format!("問 {id}"),
            required,
            choices: choices(choice_ids),
            unit: None,
        };
        Survey {
            questions: vec![
                question(
                    "dept",
                    QuestionKind::Single,
                    true,
                    &["yes", "planned", "no"],
                ),
                question("steps", QuestionKind::Multiple, true, &["a", "b", "c"]),
                question("count", QuestionKind::Number, false, &[]),
                question("note", QuestionKind::Text, false, &[]),
            ],
            ..Survey::new(
                "s-2021",
                "調査",
                NaiveDate::from_ymd_opt(2021, 9, 30).expect("valid date"),
            )
        }
    }

    fn answers(pairs: &[(&str, Value)]) -> SurveyResponse {
        SurveyResponse {
            answers: pairs
                .iter()
                .map(|(id, value)| ((*id).to_owned(), value.clone()))
                .collect(),
            ..SurveyResponse::new("s-2021")
        }
    }

    #[test]
    fn response_ids_are_deterministic_and_valid() {
        let id = response_id("s-2021", &tono()).expect("short survey id");
        assert_eq!(id, "resp-s-2021-032085");
        assert!(is_valid_record_id(&id));
        assert_eq!(parse_response_id(&id), Some(("s-2021", tono())));
        let longest = "s".repeat(MAX_SURVEY_ID_FOR_RESPONSES);
        let longest_id = response_id(&longest, &tono()).expect("fits");
        assert_eq!(longest_id.len(), MAX_ID_LENGTH);
        assert!(is_valid_record_id(&longest_id));
        let error = response_id(&format!("{longest}s"), &tono()).unwrap_err();
        assert_eq!(error.field, "survey_id");
        assert!(response_id("bad id", &tono()).is_err());
        for other in [
            "resp-032085",
            "resp--032085",
            "m-1",
            "resp-s-032086",
            "resp-s_032085",
        ] {
            assert_eq!(parse_response_id(other), None, "{other}");
        }
    }

    #[test]
    fn fields_round_trip_and_pass_the_schema() {
        let response = SurveyResponse {
            submitted: true,
            ..answers(&[
                ("dept", json!("yes")),
                ("steps", json!(["a", "c"])),
                ("count", json!(12)),
                ("note", json!("庁内ワーキング\n設置済み")),
            ])
        };
        assert_eq!(response.validate(), Ok(()));
        let fields = response.to_fields();
        assert_eq!(fields["q.steps"], json!(["a", "c"]));
        assert_eq!(SurveyResponse::from_fields(&fields), Ok(response));
        let mut cleared = fields.clone();
        cleared.insert("q.note".into(), Value::Null);
        let read = SurveyResponse::from_fields(&cleared).expect("null clears");
        assert!(!read.answers.contains_key("note"));
    }

    #[test]
    fn the_schema_checks_answer_field_names_and_shapes() {
        let check = |field: &str, value: Value| {
            schema::validate_field(RecordKind::SurveyResponse, field, &value)
        };
        assert_eq!(check("q.dept", json!("yes")), Ok(()));
        assert_eq!(check("q.dept", Value::Null), Ok(()));
        assert_eq!(
            check("q.Dept", json!("yes")),
            Err(ValidationError::new(
                "q.Dept",
                "\"Dept\" is not a question id (1 to 32 characters from a-z, 0-9, _ and -)"
            ))
        );
        assert_eq!(
            check("q.dept", json!(true)),
            Err(ValidationError::new(
                "q.dept",
                "must be a choice id, a list of choice ids, a number or a text, got a boolean"
            ))
        );
        assert_eq!(
            check("q.steps", json!(["a", "a"])),
            Err(ValidationError::new("q.steps[1]", "duplicate choice \"a\""))
        );
        assert_eq!(
            check("q.note", json!("あ".repeat(4001))),
            Err(ValidationError::new(
                "q.note",
                "must be at most 4000 characters (got 4001)"
            ))
        );
        let unknown = check("answer", json!(1)).unwrap_err();
        assert!(unknown
            .message
            .ends_with("(known fields: survey_id, submitted, q.<question id>)"));
    }

    #[test]
    fn a_complete_response_is_valid() {
        let response = SurveyResponse {
            submitted: true,
            ..answers(&[("dept", json!("no")), ("steps", json!(["b"]))])
        };
        assert_eq!(validate_response(&survey(), &response), []);
    }

    #[test]
    fn reports_unknown_questions_shapes_and_choices() {
        let response = answers(&[
            ("dept", json!(["yes"])),
            ("steps", json!(["a", "z"])),
            ("count", json!("12")),
            ("note", json!(3)),
            ("extra", json!("x")),
        ]);
        let errors = validate_response(&survey(), &response);
        assert_eq!(
            errors,
            [
                ValidationError::new(
                    "q.count",
                    "must be a number for a number question, got a string"
                ),
                ValidationError::new(
                    "q.dept",
                    "must be a choice id for a single question, got an array"
                ),
                ValidationError::new("q.extra", "is not a question of survey s-2021"),
                ValidationError::new("q.note", "must be a text for a text question, got a number"),
                ValidationError::new("q.steps[1]", "\"z\" is not a choice of question steps"),
            ]
        );
        let unknown_choice = answers(&[("dept", json!("maybe"))]);
        assert_eq!(
            validate_response(&survey(), &unknown_choice),
            [ValidationError::new(
                "q.dept",
                "\"maybe\" is not a choice of question dept"
            )]
        );
    }

    #[test]
    fn an_exclusive_choice_is_answered_alone() {
        let mut survey = survey();
        survey.questions[1].choices[2].exclusive = true;
        let alone = answers(&[("steps", json!(["c"]))]);
        assert_eq!(validate_response(&survey, &alone), []);
        let others = answers(&[("steps", json!(["a", "b"]))]);
        assert_eq!(validate_response(&survey, &others), []);
        let combined = answers(&[("steps", json!(["a", "c"]))]);
        assert_eq!(
            validate_response(&survey, &combined),
            [ValidationError::new(
                "q.steps",
                "combines \"c\" (C), which is answered alone, with other choices"
            )]
        );
    }

    #[test]
    fn required_questions_only_once_submitted() {
        let draft = answers(&[("steps", json!([]))]);
        assert_eq!(validate_response(&survey(), &draft), []);
        let submitted = SurveyResponse {
            submitted: true,
            ..draft
        };
        assert_eq!(
            validate_response(&survey(), &submitted),
            [
                ValidationError::new("q.dept", "is required to submit the response"),
                ValidationError::new("q.steps", "is required to submit the response"),
            ]
        );
        let other_survey = SurveyResponse::new("s-2022");
        assert_eq!(
            validate_response(&survey(), &other_survey)[0].field,
            "survey_id"
        );
    }
}
