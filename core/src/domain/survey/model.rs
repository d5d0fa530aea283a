//! A survey, owned by the prefecture: its questions, who must answer, and by when.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::question::Question;
use crate::domain::fields::{date_value, FieldReader, Fields};
use crate::domain::items::ItemFields;
use crate::domain::schema::{self, validate_record_id};
use crate::domain::RecordKind;
use crate::org::OrgCode;
use crate::validation::{into_result, ValidationError};

/// Each question is its own field, `question.<id>` (see [`crate::domain::items`]): a survey
/// of 100 questions of 40 choices would not fit one value.
pub const QUESTION_FIELD_PREFIX: &str = "question.";

/// The legacy `questions` array and the `question.<id>` fields. A saved survey writes the
/// array as `[]`, for the reason given at `Plan`'s policies: an app from before the split must
/// not show or edit a stale list.
const QUESTIONS: ItemFields = ItemFields {
    legacy: "questions",
    prefix: QUESTION_FIELD_PREFIX,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    /// The record id (not a field).
    pub id: String,
    pub title: String,
    pub description: String,
    /// The last day answers are accepted, until 24:00 JST.
    #[serde(with = "crate::calendar::iso::date_serde")]
    pub deadline: NaiveDate,
    /// The municipalities asked; empty means every municipality of the prefecture.
    pub targets: Vec<OrgCode>,
    /// Drafts are not shown to municipalities.
    pub published: bool,
    pub questions: Vec<Question>,
}

impl Survey {
    /// An empty draft asking every municipality.
    pub fn new(id: impl Into<String>, title: impl Into<String>, deadline: NaiveDate) -> Survey {
        Survey {
            id: id.into(),
            title: title.into(),
            description: String::new(),
            deadline,
            targets: Vec::new(),
            published: false,
            questions: Vec::new(),
        }
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|question| question.id == id)
    }

    /// Whether `org` is asked (an empty target list asks every municipality).
    pub fn targets_org(&self, org: &OrgCode) -> bool {
        if self.targets.is_empty() {
            !org.is_prefecture()
        } else {
            self.targets.contains(org)
        }
    }

    pub fn validate(&self) -> Result<(), Vec<ValidationError>> {
        let mut errors: Vec<ValidationError> = validate_record_id("id", &self.id)
            .err()
            .into_iter()
            .collect();
        let fields = QUESTIONS.with_array(self.own_fields(), self.question_entries());
        errors.extend(schema::validate_record(RecordKind::Survey, &fields));
        into_result(errors)
    }

    fn question_entries(&self) -> Vec<Value> {
        self.questions.iter().map(Question::to_value).collect()
    }

    /// The field writes that save this survey over the `stored` fields (empty for a new
    /// survey): only what changed, `null` for removed questions, and a survey still holding
    /// the legacy array is migrated (every question written as its own field, the array
    /// cleared).
    pub fn writes_over(&self, stored: &Fields) -> Vec<(String, Value)> {
        QUESTIONS.writes_over(stored, self.own_fields(), &self.question_entries())
    }

    /// Every field of a survey written from scratch: one `question.<id>` per question and the
    /// legacy `questions` array empty. To save over a stored survey, use
    /// [`Survey::writes_over`].
    pub fn to_fields(&self) -> Fields {
        let mut fields = self.own_fields();
        fields.extend(QUESTIONS.fields(&self.question_entries()));
        fields
    }

    /// The fields but the questions.
    fn own_fields(&self) -> Fields {
        let targets = self
            .targets
            .iter()
            .map(|org| Value::from(org.as_str()))
            .collect();
        BTreeMap::from([
            ("title".to_owned(), Value::from(self.title.as_str())),
            (
                "description".to_owned(),
                Value::from(self.description.as_str()),
            ),
            ("deadline".to_owned(), date_value(Some(self.deadline))),
            ("targets".to_owned(), Value::Array(targets)),
            ("published".to_owned(), Value::from(self.published)),
        ])
    }

    pub fn from_fields(id: &str, fields: &Fields) -> Result<Survey, ValidationError> {
        validate_record_id("id", id)?;
        let reader = FieldReader::checked(RecordKind::Survey, fields)?;
        let deadline = reader
            .date("deadline")
            .ok_or_else(|| ValidationError::new("deadline", "is required"))?;
        let decode = |name: &str| -> Result<Option<Value>, ValidationError> {
            Ok(reader.value(name).cloned())
        };
        let targets = match decode("targets")? {
            Some(value) => Vec::<OrgCode>::deserialize(value)
                .map_err(|error| ValidationError::new("targets", error.to_string()))?,
            None => Vec::new(),
        };
        // Either shape: the legacy array, the per-question fields, or both.
        let mut questions = Vec::new();
        for entry in QUESTIONS.read(fields) {
            let question = Question::deserialize(&entry)
                .map_err(|error| ValidationError::new("questions", error.to_string()))?;
            questions.push(question);
        }
        Ok(Survey {
            id: id.to_owned(),
            title: reader.string("title"),
            description: reader.string("description"),
            deadline,
            targets,
            published: reader.bool("published"),
            questions,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::domain::survey::{Choice, QuestionKind};

    fn deadline() -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, 9, 30).expect("valid date")
    }

    fn choice(id: &str, label: &str) -> Choice {
        Choice::new(id, label)
    }

    fn small_survey() -> Survey {
        Survey {
            description: "DXの取組状況\n（令和３年９月）".into(),
            targets: vec![OrgCode::parse("032085").expect("valid code")],
            published: true,
            questions: vec![
                Question {
                    id: "dept".into(),
                    kind: QuestionKind::Single,
                    text: "DX推進担当部門の設置状況".into(),
                    required: true,
                    choices: vec![choice("yes", "設置済み"), choice("no", "設置しない")],
                    unit: None,
                },
                Question {
                    id: "count".into(),
                    kind: QuestionKind::Number,
                    text: "電子申請できる手続の数".into(),
                    required: false,
                    choices: Vec::new(),
                    unit: Some("手続".into()),
                },
            ],
            ..Survey::new("s-2021", "取組状況調査", deadline())
        }
    }

    #[test]
    fn fields_round_trip_and_pass_the_schema() {
        for survey in [small_survey(), Survey::new("s1", "調査", deadline())] {
            assert_eq!(survey.validate(), Ok(()));
            let fields = survey.to_fields();
            assert_eq!(Survey::from_fields(&survey.id, &fields), Ok(survey));
        }
        let fields = small_survey().to_fields();
        assert_eq!(fields["deadline"], "2021-09-30");
        assert_eq!(fields["targets"], json!(["032085"]));
        assert_eq!(fields["questions"], json!([]));
        assert_eq!(fields["question.count"]["unit"], "手続");
        assert_eq!(fields["question.count"]["order"], 2048);
        assert!(fields["question.count"].get("choices").is_none());
        assert!(fields["question.count"].get("id").is_none());
    }

    #[test]
    fn title_and_deadline_are_required() {
        let mut fields = small_survey().to_fields();
        fields.remove("deadline");
        assert_eq!(
            Survey::from_fields("s1", &fields),
            Err(ValidationError::new("deadline", "is required"))
        );
        let survey = Survey {
            title: " ".into(),
            ..small_survey()
        };
        assert_eq!(
            survey.validate(),
            Err(vec![ValidationError::new("title", "must not be blank")])
        );
    }

    fn questions_error(questions: Value) -> ValidationError {
        schema::validate_field(RecordKind::Survey, "questions", &questions)
            .expect_err("questions should be refused")
    }

    fn single(id: &str, choices: Value) -> Value {
        json!({"id": id, "kind": "single", "text": "問", "required": true, "choices": choices})
    }

    #[test]
    fn question_errors_name_the_exact_path() {
        let two = json!([{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]);
        let cases = [
            (
                json!([
                    single("q1", two.clone()),
                    single(
                        "q2",
                        json!([{"id": "a", "label": "A"}, {"id": "b", "label": ""}])
                    )
                ]),
                "questions[1].choices[1].label",
                "must not be blank",
            ),
            (
                json!([single("q1", two.clone()), single("q1", two.clone())]),
                "questions[1].id",
                "duplicate id \"q1\" (already used by questions[0])",
            ),
            (
                json!([single(
                    "q1",
                    json!([{"id": "a", "label": "A"}, {"id": "a", "label": "B"}])
                )]),
                "questions[0].choices[1].id",
                "duplicate id \"a\" (already used by questions[0].choices[0])",
            ),
            (
                json!([single("q1", json!([{"id": "a", "label": "A"}]))]),
                "questions[0].choices",
                "must have 2 to 40 choices for a single question (got 1)",
            ),
            (
                json!([{"id": "n", "kind": "number", "text": "数", "choices": two.clone()}]),
                "questions[0].choices",
                "must be empty for a number question",
            ),
            (
                json!([{"id": "t", "kind": "text", "text": "自由記述", "unit": "件"}]),
                "questions[0].unit",
                "only number questions have a unit (this one is text)",
            ),
            (
                json!([{"id": "Q1", "kind": "text", "text": "問"}]),
                "questions[0].id",
                "must be an id of 1 to 32 characters from a-z, 0-9, _ and - (got \"Q1\")",
            ),
            (
                json!([{"id": "q", "kind": "rating", "text": "問"}]),
                "questions[0].kind",
                "must be one of single, multiple, number, text (got \"rating\")",
            ),
            (
                json!([{"id": "q", "kind": "text"}]),
                "questions[0].text",
                "is required",
            ),
            (
                json!([{"id": "q", "kind": "text", "text": "問", "required": "yes"}]),
                "questions[0].required",
                "must be true or false, got a string",
            ),
            (
                json!([single(
                    "q1",
                    json!([{"id": "a", "label": "A"}, {"id": "b", "label": "B", "exclusive": true}])
                )]),
                "questions[0].choices[1].exclusive",
                "only a multiple question has exclusive choices (this is single)",
            ),
            (
                json!([{"id": "m", "kind": "multiple", "text": "問", "choices": [
                    {"id": "a", "label": "A"}, {"id": "b", "label": "B", "exclusive": "yes"}
                ]}]),
                "questions[0].choices[1].exclusive",
                "must be true or false, got a string",
            ),
            (
                json!([{"id": "q", "kind": "text", "text": "問", "hint": "x"}]),
                "questions[0].hint",
                "is not a field here (expected id, kind, text, required, choices, unit)",
            ),
        ];
        for (questions, field, message) in cases {
            assert_eq!(
                questions_error(questions),
                ValidationError::new(field, message)
            );
        }
        let too_many: Vec<Value> = (0..101)
            .map(|i| json!({"id": format!("q{i}"), "kind": "text", "text": "問"}))
            .collect();
        assert_eq!(
            questions_error(Value::Array(too_many)),
            ValidationError::new("questions", "must have at most 100 questions (got 101)")
        );
    }

    #[test]
    fn targets_are_distinct_municipality_codes() {
        let check =
            |targets: Value| schema::validate_field(RecordKind::Survey, "targets", &targets);
        assert_eq!(check(json!([])), Ok(()));
        assert_eq!(check(json!(["032085", "032018"])), Ok(()));
        let cases = [
            (
                json!(["032085", "032085"]),
                "targets[1]",
                "duplicate code 032085 (already listed at targets[0])",
            ),
            (
                json!(["032085", "030007"]),
                "targets[1]",
                "must be a municipality, not the prefecture 030007",
            ),
            (
                json!(["032086"]),
                "targets[0]",
                "is not a valid local government code: check digit is 6 but should be 5 for 03208",
            ),
            (
                json!([32085]),
                "targets[0]",
                "must be a local government code (a string), got a number",
            ),
            (
                json!("032085"),
                "targets",
                "must be an array of local government codes, got a string",
            ),
        ];
        for (targets, field, message) in cases {
            assert_eq!(check(targets), Err(ValidationError::new(field, message)));
        }
    }

    #[test]
    fn an_empty_target_list_asks_every_municipality() {
        let everyone = Survey::new("s1", "調査", deadline());
        let tono = OrgCode::parse("032085").expect("valid code");
        let morioka = OrgCode::parse("032018").expect("valid code");
        let iwate = OrgCode::parse("030007").expect("valid code");
        assert!(everyone.targets_org(&tono));
        assert!(!everyone.targets_org(&iwate));
        assert!(small_survey().targets_org(&tono));
        assert!(!small_survey().targets_org(&morioka));
    }
}
