//! Rules for the fields that hold structured values: a plan's policies (the legacy array and
//! one `policy.<id>` field per policy) and a measure's schedule. Errors point inside the value
//! (`policies[2].title`, `policy.p2.title`, `schedule.2025`).

use serde_json::Value;

use super::rules::{
    check_text, describe, item_as_entry, wrong_type, FISCAL_YEAR_RANGE, MAX_ID_LENGTH,
};
use crate::validation::ValidationError;

/// The most policies a plan has (the array, or the `policy.<id>` fields together).
pub const MAX_POLICIES: usize = 50;
const MAX_POLICY_TITLE: usize = 200;
const MAX_POLICY_DESCRIPTION: usize = 2000;
const POLICY_KEYS: [&str; 3] = ["id", "title", "description"];
const MAX_SCHEDULE_YEARS: usize = 20;
const MAX_SCHEDULE_TEXT: usize = 500;

pub(super) fn check_policies(field: &str, value: &Value) -> Result<(), ValidationError> {
    let Value::Array(policies) = value else {
        return Err(wrong_type(field, "an array of policies", value));
    };
    if policies.len() > MAX_POLICIES {
        return Err(ValidationError::new(
            field,
            format!(
                "must have at most {MAX_POLICIES} policies (got {})",
                policies.len()
            ),
        ));
    }
    let mut first_use: Vec<(&str, usize)> = Vec::new();
    for (index, policy) in policies.iter().enumerate() {
        let path = format!("{field}[{index}]");
        let id = check_policy(&path, policy)?;
        if let Some((_, earlier)) = first_use.iter().find(|(seen, _)| *seen == id) {
            return Err(ValidationError::new(
                format!("{path}.id"),
                format!("duplicate id {id:?} (already used by {field}[{earlier}])"),
            ));
        }
        first_use.push((id, index));
    }
    Ok(())
}

/// One `policy.<id>` field: `{title, description, order}`.
pub(super) fn check_policy_item(field: &str, value: &Value) -> Result<(), ValidationError> {
    let entry = item_as_entry(field, value, "an object with title, description and order")?;
    check_policy(field, &entry).map(|_| ())
}

/// Checks one `{id, title, description}` object and returns its id.
fn check_policy<'v>(path: &str, policy: &'v Value) -> Result<&'v str, ValidationError> {
    let Value::Object(object) = policy else {
        return Err(ValidationError::new(
            path,
            format!(
                "must be an object with id, title and description, got {}",
                describe(policy)
            ),
        ));
    };
    if let Some(unknown) = object
        .keys()
        .find(|key| !POLICY_KEYS.contains(&key.as_str()))
    {
        return Err(ValidationError::new(
            format!("{path}.{unknown}"),
            "is not a policy field (expected id, title, description)",
        ));
    }
    let member = |key: &str| (format!("{path}.{key}"), object.get(key));
    let (id_path, id) = member("id");
    let id = match id {
        Some(Value::String(id)) => id.as_str(),
        Some(other) => return Err(wrong_type(&id_path, "an id", other)),
        None => return Err(ValidationError::new(id_path, "is required")),
    };
    validate_policy_id(&id_path, id)?;
    match member("title") {
        (title_path, Some(title)) => check_text(&title_path, title, 1, MAX_POLICY_TITLE, false)?,
        (title_path, None) => return Err(ValidationError::new(title_path, "is required")),
    }
    if let (description_path, Some(description)) = member("description") {
        check_text(
            &description_path,
            description,
            0,
            MAX_POLICY_DESCRIPTION,
            true,
        )?;
    }
    Ok(id)
}

pub(super) fn check_schedule(field: &str, value: &Value) -> Result<(), ValidationError> {
    let Value::Object(entries) = value else {
        return Err(wrong_type(
            field,
            "an object from fiscal year to text",
            value,
        ));
    };
    if entries.len() > MAX_SCHEDULE_YEARS {
        return Err(ValidationError::new(
            field,
            format!(
                "must have at most {MAX_SCHEDULE_YEARS} fiscal years (got {})",
                entries.len()
            ),
        ));
    }
    for (key, text) in entries {
        let path = format!("{field}.{key}");
        parse_fiscal_year_key(key).map_err(|message| ValidationError::new(&path, message))?;
        check_text(&path, text, 0, MAX_SCHEDULE_TEXT, true)?;
    }
    Ok(())
}

/// `"2025"` → 2025, for keys of schedules and for the year in `target_fy2025`.
pub fn parse_fiscal_year_key(key: &str) -> Result<i32, String> {
    let well_formed = key.len() == 4 && key.bytes().all(|b| b.is_ascii_digit());
    let year: i32 = if well_formed {
        key.parse().unwrap_or_default()
    } else {
        return Err(format!(
            "{key:?} is not a fiscal year written as 4 digits, such as 2025"
        ));
    };
    if FISCAL_YEAR_RANGE.contains(&i64::from(year)) {
        Ok(year)
    } else {
        Err(format!(
            "fiscal year {year} is out of range ({} to {})",
            FISCAL_YEAR_RANGE.start(),
            FISCAL_YEAR_RANGE.end()
        ))
    }
}

/// Policy ids appear in documents and URLs of a plan: lower case only, so `P1` and `p1` cannot
/// both exist.
pub fn is_valid_policy_id(id: &str) -> bool {
    (1..=MAX_ID_LENGTH).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

fn validate_policy_id(field: &str, id: &str) -> Result<(), ValidationError> {
    if is_valid_policy_id(id) {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            format!(
                "must be an id of 1 to {MAX_ID_LENGTH} characters from a-z, 0-9, _ and - (got {id:?})"
            ),
        ))
    }
}

/// The most vendors a case lists.
pub const MAX_VENDORS: usize = 20;
const VENDOR_KEYS: [&str; 3] = ["vendor", "service", "operation"];

/// A case's vendors (ベンダー・サービス・運用形態): an array of ≤ 20 objects with the three
/// keys, each text 0–200 on one line.
pub(super) fn check_vendors(field: &str, value: &Value) -> Result<(), ValidationError> {
    let Value::Array(vendors) = value else {
        return Err(wrong_type(field, "an array of vendors", value));
    };
    if vendors.len() > MAX_VENDORS {
        return Err(ValidationError::new(
            field,
            format!(
                "must have at most {MAX_VENDORS} vendors (got {})",
                vendors.len()
            ),
        ));
    }
    for (index, vendor) in vendors.iter().enumerate() {
        let path = format!("{field}[{index}]");
        let Value::Object(object) = vendor else {
            return Err(wrong_type(
                &path,
                "an object with vendor, service and operation",
                vendor,
            ));
        };
        if let Some(key) = object
            .keys()
            .find(|key| !VENDOR_KEYS.contains(&key.as_str()))
        {
            return Err(ValidationError::new(
                format!("{path}.{key}"),
                "is not a field of a vendor (vendor, service, operation)",
            ));
        }
        for key in VENDOR_KEYS {
            if let Some(text) = object.get(key) {
                check_text(&format!("{path}.{key}"), text, 0, 200, false)?;
            }
        }
    }
    Ok(())
}
