//! Rules for the structured values of surveys: the list of targeted municipalities, the
//! questions, and one answer. Errors point inside the value (`questions[2].choices[1].label`).

use serde_json::{Map, Value};

use super::rules::{check_text, describe, item_as_entry, wrong_type};
use crate::org::OrgCode;
use crate::validation::ValidationError;

/// Longest question or choice id: it becomes part of a field name (`q.<id>`).
pub const MAX_QUESTION_ID_LENGTH: usize = 32;
pub const MAX_QUESTIONS: usize = 100;
pub const MIN_CHOICES: usize = 2;
pub const MAX_CHOICES: usize = 40;
pub const MAX_QUESTION_TEXT: usize = 500;
pub const MAX_CHOICE_LABEL: usize = 200;
pub const MAX_UNIT: usize = 20;
/// The longest text answer.
pub const MAX_ANSWER_TEXT: usize = 4000;
/// Hokkaido has 179 municipalities, the most of any prefecture.
pub const MAX_TARGETS: usize = 200;

const QUESTION_KINDS: [&str; 4] = ["single", "multiple", "number", "text"];
const QUESTION_KEYS: [&str; 6] = ["id", "kind", "text", "required", "choices", "unit"];
const CHOICE_KEYS: [&str; 3] = ["id", "label", "exclusive"];

/// 1 to 32 of `a-z 0-9 _ -`: question and choice ids.
pub fn is_valid_question_id(id: &str) -> bool {
    (1..=MAX_QUESTION_ID_LENGTH).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

pub(super) fn validate_question_id(field: &str, id: &str) -> Result<(), ValidationError> {
    if is_valid_question_id(id) {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            format!(
                "must be an id of 1 to {MAX_QUESTION_ID_LENGTH} characters from a-z, 0-9, _ and - (got {id:?})"
            ),
        ))
    }
}

/// An array of distinct municipality codes in canonical form.
pub(super) fn check_org_codes(field: &str, value: &Value) -> Result<(), ValidationError> {
    let Value::Array(codes) = value else {
        return Err(wrong_type(
            field,
            "an array of local government codes",
            value,
        ));
    };
    if codes.len() > MAX_TARGETS {
        return Err(ValidationError::new(
            field,
            format!(
                "must have at most {MAX_TARGETS} codes (got {})",
                codes.len()
            ),
        ));
    }
    let mut seen: Vec<&str> = Vec::with_capacity(codes.len());
    for (index, code) in codes.iter().enumerate() {
        let path = format!("{field}[{index}]");
        let text = code
            .as_str()
            .ok_or_else(|| wrong_type(&path, "a local government code (a string)", code))?;
        let parsed = OrgCode::parse(text).map_err(|error| {
            ValidationError::new(
                &path,
                format!("is not a valid local government code: {error}"),
            )
        })?;
        if parsed.as_str() != text {
            return Err(ValidationError::new(
                &path,
                format!("must be written as {parsed} (got {text:?})"),
            ));
        }
        if parsed.is_prefecture() {
            return Err(ValidationError::new(
                &path,
                format!("must be a municipality, not the prefecture {text}"),
            ));
        }
        if let Some(earlier) = seen.iter().position(|seen| *seen == text) {
            return Err(ValidationError::new(
                &path,
                format!("duplicate code {text} (already listed at {field}[{earlier}])"),
            ));
        }
        seen.push(text);
    }
    Ok(())
}

/// The questions of a survey: at most 100, ids unique.
pub(super) fn check_questions(field: &str, value: &Value) -> Result<(), ValidationError> {
    let Value::Array(questions) = value else {
        return Err(wrong_type(field, "an array of questions", value));
    };
    if questions.len() > MAX_QUESTIONS {
        return Err(ValidationError::new(
            field,
            format!(
                "must have at most {MAX_QUESTIONS} questions (got {})",
                questions.len()
            ),
        ));
    }
    let mut ids: Vec<&str> = Vec::with_capacity(questions.len());
    for (index, question) in questions.iter().enumerate() {
        let path = format!("{field}[{index}]");
        let id = check_question(&path, question)?;
        if let Some(earlier) = ids.iter().position(|seen| *seen == id) {
            return Err(ValidationError::new(
                format!("{path}.id"),
                format!("duplicate id {id:?} (already used by {field}[{earlier}])"),
            ));
        }
        ids.push(id);
    }
    Ok(())
}

/// One `question.<id>` field: `{kind, text, required, choices, unit, order}`.
pub(super) fn check_question_item(field: &str, value: &Value) -> Result<(), ValidationError> {
    let entry = item_as_entry(
        field,
        value,
        "an object with kind, text, required, choices, unit and order",
    )?;
    check_question(field, &entry).map(|_| ())
}

fn object_with<'v>(
    path: &str,
    value: &'v Value,
    keys: &[&str],
    what: &str,
) -> Result<&'v Map<String, Value>, ValidationError> {
    let Value::Object(object) = value else {
        return Err(ValidationError::new(
            path,
            format!("must be {what}, got {}", describe(value)),
        ));
    };
    if let Some(unknown) = object.keys().find(|key| !keys.contains(&key.as_str())) {
        return Err(ValidationError::new(
            format!("{path}.{unknown}"),
            format!("is not a field here (expected {})", keys.join(", ")),
        ));
    }
    Ok(object)
}

/// The id member of a question or choice, checked.
fn id_member<'v>(path: &str, object: &'v Map<String, Value>) -> Result<&'v str, ValidationError> {
    let id_path = format!("{path}.id");
    let id = match object.get("id") {
        Some(Value::String(id)) => id.as_str(),
        Some(other) => return Err(wrong_type(&id_path, "an id", other)),
        None => return Err(ValidationError::new(id_path, "is required")),
    };
    validate_question_id(&id_path, id)?;
    Ok(id)
}

fn check_question<'v>(path: &str, question: &'v Value) -> Result<&'v str, ValidationError> {
    let object = object_with(
        path,
        question,
        &QUESTION_KEYS,
        "an object with id, kind, text, required, choices and unit",
    )?;
    let id = id_member(path, object)?;
    let kind_path = format!("{path}.kind");
    let kind = match object.get("kind") {
        Some(Value::String(kind)) if QUESTION_KINDS.contains(&kind.as_str()) => kind.as_str(),
        Some(other) => {
            let found = other
                .as_str()
                .map_or_else(|| describe(other).to_owned(), |s| format!("{s:?}"));
            return Err(ValidationError::new(
                kind_path,
                format!("must be one of {} (got {found})", QUESTION_KINDS.join(", ")),
            ));
        }
        None => return Err(ValidationError::new(kind_path, "is required")),
    };
    let text_path = format!("{path}.text");
    match object.get("text") {
        Some(text) => check_text(&text_path, text, 1, MAX_QUESTION_TEXT, true)?,
        None => return Err(ValidationError::new(text_path, "is required")),
    }
    if let Some(required) = object.get("required") {
        if !required.is_boolean() {
            return Err(wrong_type(
                &format!("{path}.required"),
                "true or false",
                required,
            ));
        }
    }
    check_choices(path, kind, object.get("choices"))?;
    if let Some(unit) = object.get("unit") {
        let unit_path = format!("{path}.unit");
        if kind != "number" {
            return Err(ValidationError::new(
                unit_path,
                format!("only number questions have a unit (this one is {kind})"),
            ));
        }
        check_text(&unit_path, unit, 0, MAX_UNIT, false)?;
    }
    Ok(id)
}

/// Choice questions have 2 to 40 choices with distinct ids; other kinds have none.
fn check_choices(path: &str, kind: &str, choices: Option<&Value>) -> Result<(), ValidationError> {
    let field = format!("{path}.choices");
    let choices = match choices {
        None => &[][..],
        Some(Value::Array(choices)) => choices.as_slice(),
        Some(other) => return Err(wrong_type(&field, "an array of choices", other)),
    };
    let is_choice = matches!(kind, "single" | "multiple");
    if !is_choice {
        return match choices.is_empty() {
            true => Ok(()),
            false => Err(ValidationError::new(
                field,
                format!("must be empty for a {kind} question"),
            )),
        };
    }
    if !(MIN_CHOICES..=MAX_CHOICES).contains(&choices.len()) {
        return Err(ValidationError::new(
            field,
            format!(
                "must have {MIN_CHOICES} to {MAX_CHOICES} choices for a {kind} question (got {})",
                choices.len()
            ),
        ));
    }
    let mut ids: Vec<&str> = Vec::with_capacity(choices.len());
    for (index, choice) in choices.iter().enumerate() {
        let choice_path = format!("{field}[{index}]");
        let object = object_with(
            &choice_path,
            choice,
            &CHOICE_KEYS,
            "an object with id, label and exclusive",
        )?;
        let id = id_member(&choice_path, object)?;
        let label_path = format!("{choice_path}.label");
        match object.get("label") {
            Some(label) => check_text(&label_path, label, 1, MAX_CHOICE_LABEL, false)?,
            None => return Err(ValidationError::new(label_path, "is required")),
        }
        let exclusive_path = format!("{choice_path}.exclusive");
        match object.get("exclusive") {
            None | Some(Value::Bool(false)) => {}
            Some(Value::Bool(true)) if kind == "multiple" => {}
            Some(Value::Bool(true)) => {
                return Err(ValidationError::new(
                    exclusive_path,
                    format!("only a multiple question has exclusive choices (this is {kind})"),
                ))
            }
            Some(other) => return Err(wrong_type(&exclusive_path, "true or false", other)),
        }
        if let Some(earlier) = ids.iter().position(|seen| *seen == id) {
            return Err(ValidationError::new(
                format!("{choice_path}.id"),
                format!("duplicate id {id:?} (already used by {field}[{earlier}])"),
            ));
        }
        ids.push(id);
    }
    Ok(())
}

/// One answer, without knowing its question: a choice id or a text (a string), a list of
/// distinct choice ids, or a number. The survey decides which is right (`validate_response`).
pub(super) fn check_answer(field: &str, value: &Value) -> Result<(), ValidationError> {
    match value {
        Value::String(_) => check_text(field, value, 0, MAX_ANSWER_TEXT, true),
        Value::Number(_) => Ok(()),
        Value::Array(ids) => {
            if ids.len() > MAX_CHOICES {
                return Err(ValidationError::new(
                    field,
                    format!(
                        "must have at most {MAX_CHOICES} choices (got {})",
                        ids.len()
                    ),
                ));
            }
            let mut seen: Vec<&str> = Vec::with_capacity(ids.len());
            for (index, id) in ids.iter().enumerate() {
                let path = format!("{field}[{index}]");
                let id = id
                    .as_str()
                    .ok_or_else(|| wrong_type(&path, "a choice id", id))?;
                validate_question_id(&path, id)?;
                if seen.contains(&id) {
                    return Err(ValidationError::new(
                        path,
                        format!("duplicate choice {id:?}"),
                    ));
                }
                seen.push(id);
            }
            Ok(())
        }
        other => Err(wrong_type(
            field,
            "a choice id, a list of choice ids, a number or a text",
            other,
        )),
    }
}
