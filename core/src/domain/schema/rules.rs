//! The kinds of value a field can hold, and the check for each.
//!
//! Every message says what was expected and what was found, in the words a form would use.

use chrono::NaiveDate;
use serde_json::{Number, Value};

use super::{nested, survey_rules};
use crate::domain::standardisation;
use crate::org::OrgCode;
use crate::text::char_count;
use crate::validation::ValidationError;

/// Fiscal years a plan may refer to.
pub const FISCAL_YEAR_RANGE: std::ops::RangeInclusive<i64> = 2000..=2100;
/// Longest record id (and policy id).
pub const MAX_ID_LENGTH: usize = 64;

/// Largest `order` (position) of a per-item field such as `policy.<id>`.
pub const MAX_ITEM_ORDER: i64 = 1_000_000_000;

/// What a field's value must be (after `null` has been dealt with by the field's presence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueRule {
    /// A string of `min..=max` characters without line breaks or control characters.
    SingleLine {
        min: usize,
        max: usize,
    },
    /// A string of at most `max` characters; line breaks and tabs allowed, other controls not.
    MultiLine {
        max: usize,
    },
    /// A reference to another record: see [`is_valid_record_id`].
    RecordId,
    /// A JSON integer in `min..=max`.
    Integer {
        min: i64,
        max: i64,
    },
    /// A JSON integer in [`FISCAL_YEAR_RANGE`].
    FiscalYear,
    /// Any JSON number.
    Number,
    Bool,
    /// An ISO date string, `YYYY-MM-DD`.
    Date,
    /// One of these exact strings.
    OneOf(&'static [&'static str]),
    /// A local government code in canonical form (six ASCII digits).
    OrgCode,
    /// A plan's basic policies: an array of `{id, title, description}`.
    Policies,
    /// One basic policy in its own field (`policy.<id>`): `{title, description, order}`.
    PolicyItem,
    /// A measure's schedule: an object from fiscal year (`"2025"`) to text.
    Schedule,
    /// A list of distinct municipality codes (a survey's targets).
    OrgCodeList,
    /// A survey's questions: an array of `{id, kind, text, required, choices, unit}`.
    Questions,
    /// One question in its own field (`question.<id>`): `{kind, text, required, choices,
    /// unit, order}`.
    QuestionItem,
    /// One survey answer: a choice id or text, a list of choice ids, or a number.
    Answer,
    /// The id of one of the 20 standardised business systems.
    SystemId,
    /// A case's vendors: an array of `{vendor, service, operation}`.
    Vendors,
}

/// Checks `value` (not `null`) against `rule`; errors name `field`, or a path under it.
pub fn check(rule: ValueRule, field: &str, value: &Value) -> Result<(), ValidationError> {
    match rule {
        ValueRule::SingleLine { min, max } => check_text(field, value, min, max, false),
        ValueRule::MultiLine { max } => check_text(field, value, 0, max, true),
        ValueRule::RecordId => {
            let id = expect_string(field, value, "an id")?;
            validate_record_id(field, id)
        }
        ValueRule::Integer { min, max } => check_integer(field, value, min, max, ""),
        ValueRule::FiscalYear => check_integer(
            field,
            value,
            *FISCAL_YEAR_RANGE.start(),
            *FISCAL_YEAR_RANGE.end(),
            "a fiscal year ",
        ),
        ValueRule::Number => match value {
            Value::Number(_) => Ok(()),
            other => Err(wrong_type(field, "a number", other)),
        },
        ValueRule::Bool => match value {
            Value::Bool(_) => Ok(()),
            other => Err(ValidationError::new(
                field,
                format!("must be true or false, got {}", describe(other)),
            )),
        },
        ValueRule::Date => check_date(field, value),
        ValueRule::OneOf(allowed) => check_one_of(field, value, allowed),
        ValueRule::OrgCode => check_org_code(field, value),
        ValueRule::Policies => nested::check_policies(field, value),
        ValueRule::PolicyItem => nested::check_policy_item(field, value),
        ValueRule::Schedule => nested::check_schedule(field, value),
        ValueRule::OrgCodeList => survey_rules::check_org_codes(field, value),
        ValueRule::Questions => survey_rules::check_questions(field, value),
        ValueRule::QuestionItem => survey_rules::check_question_item(field, value),
        ValueRule::Answer => survey_rules::check_answer(field, value),
        ValueRule::SystemId => check_system_id(field, value),
        ValueRule::Vendors => nested::check_vendors(field, value),
    }
}

/// A per-item field's value (`policy.<id>`, `question.<id>`) as the array entry it stands
/// for, so the array's item rules apply unchanged: the id comes from the field name (the value
/// must not repeat it, or the two could disagree), and `order` is checked and left out.
pub(super) fn item_as_entry(
    field: &str,
    value: &Value,
    what: &str,
) -> Result<Value, ValidationError> {
    let Value::Object(object) = value else {
        return Err(wrong_type(field, what, value));
    };
    if object.contains_key("id") {
        return Err(ValidationError::new(
            format!("{field}.id"),
            "is not a field here (the id is in the field name)",
        ));
    }
    let order_path = format!("{field}.order");
    match object.get("order") {
        Some(order) => check_integer(&order_path, order, 0, MAX_ITEM_ORDER, "")?,
        None => return Err(ValidationError::new(order_path, "is required")),
    }
    let id = field.split_once('.').map_or(field, |(_, id)| id);
    let mut entry = object.clone();
    entry.remove("order");
    entry.insert("id".to_owned(), Value::from(id));
    Ok(Value::Object(entry))
}

/// True for 1 to 64 characters of `A-Z a-z 0-9 _ -`: safe in URLs, file names and keys.
pub fn is_valid_record_id(id: &str) -> bool {
    (1..=MAX_ID_LENGTH).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// [`is_valid_record_id`] as a rule on `field`.
pub fn validate_record_id(field: &str, id: &str) -> Result<(), ValidationError> {
    if is_valid_record_id(id) {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            format!(
                "must be an id of 1 to {MAX_ID_LENGTH} characters from A-Z, a-z, 0-9, _ and - (got {id:?})"
            ),
        ))
    }
}

/// The integer a JSON number holds, if it holds one that fits `i64`. `12.0` counts as 12:
/// some JSON writers (JavaScript among them) do not keep the distinction.
pub fn integer_of(number: &Number) -> Option<i64> {
    if let Some(integer) = number.as_i64() {
        return Some(integer);
    }
    let float = number.as_f64()?;
    // Every integral f64 in this range converts exactly.
    let in_range = (-9.0e15..=9.0e15).contains(&float);
    (float.fract() == 0.0 && in_range).then_some(float as i64)
}

/// Parses the strict ISO form `2026-03-31` (chrono alone would also take `2026-3-31`).
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return None;
    }
    crate::calendar::parse_ymd(text)
}

/// "a string", "null", "an array": what was found instead, for messages.
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(super) fn wrong_type(field: &str, expected: &str, found: &Value) -> ValidationError {
    ValidationError::new(
        field,
        format!("must be {expected}, got {}", describe(found)),
    )
}

pub(super) fn expect_string<'v>(
    field: &str,
    value: &'v Value,
    expected: &str,
) -> Result<&'v str, ValidationError> {
    value
        .as_str()
        .ok_or_else(|| wrong_type(field, expected, value))
}

pub(super) fn check_text(
    field: &str,
    value: &Value,
    min: usize,
    max: usize,
    multiline: bool,
) -> Result<(), ValidationError> {
    let text = expect_string(field, value, "a string")?;
    let length = char_count(text);
    if length > max {
        return Err(ValidationError::new(
            field,
            format!("must be at most {max} characters (got {length})"),
        ));
    }
    if min > 0 && text.trim().is_empty() {
        return Err(ValidationError::new(field, "must not be blank"));
    }
    if length < min {
        return Err(ValidationError::new(
            field,
            format!("must be at least {min} characters (got {length})"),
        ));
    }
    for (index, c) in text.chars().enumerate() {
        let position = index + 1;
        if c == '\n' && !multiline {
            return Err(ValidationError::new(
                field,
                format!("must be a single line (found a line break at character {position})"),
            ));
        }
        let allowed = multiline && (c == '\n' || c == '\t');
        if c.is_control() && !allowed {
            return Err(ValidationError::new(
                field,
                format!(
                    "must not contain control characters (found U+{:04X} at character {position})",
                    u32::from(c)
                ),
            ));
        }
    }
    Ok(())
}

/// `what` is `""` or `"a fiscal year "`, to read "must be a fiscal year between …".
fn check_integer(
    field: &str,
    value: &Value,
    min: i64,
    max: i64,
    what: &str,
) -> Result<(), ValidationError> {
    let Value::Number(number) = value else {
        return Err(wrong_type(field, "an integer", value));
    };
    let out_of_range = || {
        ValidationError::new(
            field,
            format!("must be {what}between {min} and {max} (got {number})"),
        )
    };
    match integer_of(number) {
        Some(integer) if (min..=max).contains(&integer) => Ok(()),
        Some(_) => Err(out_of_range()),
        // A whole number too large for i64 is still out of range, not "not an integer".
        None if number.is_u64() => Err(out_of_range()),
        None => Err(ValidationError::new(
            field,
            format!("must be an integer (got {number})"),
        )),
    }
}

fn check_date(field: &str, value: &Value) -> Result<(), ValidationError> {
    let text = expect_string(field, value, "a date written as YYYY-MM-DD")?;
    match parse_iso_date(text) {
        Some(_) => Ok(()),
        None => Err(ValidationError::new(
            field,
            format!("must be a date written as YYYY-MM-DD, such as 2026-03-31 (got {text:?})"),
        )),
    }
}

fn check_one_of(field: &str, value: &Value, allowed: &[&str]) -> Result<(), ValidationError> {
    let found = match value {
        Value::String(text) if allowed.contains(&text.as_str()) => return Ok(()),
        Value::String(text) => format!("{text:?}"),
        other => describe(other).to_owned(),
    };
    Err(ValidationError::new(
        field,
        format!("must be one of {} (got {found})", allowed.join(", ")),
    ))
}

fn check_system_id(field: &str, value: &Value) -> Result<(), ValidationError> {
    let id = expect_string(field, value, "a business system id")?;
    match standardisation::system(id) {
        Some(_) => Ok(()),
        None => Err(ValidationError::new(
            field,
            format!(
                "must be one of the 20 business systems ({}) (got {id:?})",
                standardisation::system_ids().join(", ")
            ),
        )),
    }
}

fn check_org_code(field: &str, value: &Value) -> Result<(), ValidationError> {
    let text = expect_string(field, value, "a local government code (a string)")?;
    let code = OrgCode::parse(text).map_err(|error| {
        ValidationError::new(
            field,
            format!("is not a valid local government code: {error}"),
        )
    })?;
    if code.as_str() != text {
        // Stored codes are keys: only the canonical spelling may be stored.
        return Err(ValidationError::new(
            field,
            format!("must be written as {code} (got {text:?})"),
        ));
    }
    Ok(())
}
