//! The record-as-fields view used by sync: a record is a flat map from field name to JSON value,
//! and each field is merged and validated on its own. This module says which fields each
//! [`RecordKind`] has and what each may hold.
//!
//! The typed models (`Plan`, `Measure`, …) convert to and from this view with `to_fields` /
//! `from_fields`, and their `validate()` runs these same rules, so there is one rule set.
//!
//! Presence: **required** fields must be present when a record is read and never `null`;
//! **defaulted** fields may be absent (the model's default applies) but never `null`;
//! **nullable** fields may be absent or `null`, and `null` clears them. Text lengths count
//! characters, not bytes. Single-line text rejects line breaks and control characters;
//! long text allows `\n` and `\t` only. Integers must be JSON numbers (`"12"` is a string).
//!
//! | kind | field | value | presence |
//! |---|---|---|---|
//! | organisation | `code` | local government code, canonical six digits | required |
//! | | `kind` | `"prefecture"` or `"municipality"` | defaulted (from the code) |
//! | | `name` | text 1–100 | required |
//! | | `kana` | text 0–200 | defaulted |
//! | | `population` | integer 0–50,000,000 | nullable |
//! | plan | `title` | text 1–200 | required |
//! | | `start_fy`, `end_fy` | integer 2000–2100 | required |
//! | | `vision` | long text 0–4000 | defaulted |
//! | | `policies` | array of ≤ 50 `{id, title, description}`: id 1–64 of `a-z 0-9 _ -`, unique; title 1–200; description long text 0–2000 | defaulted |
//! | | `policy.<policy id>` | one policy `{title, description, order}` (rules as in `policies`; `order` integer 0–1,000,000,000 sorts them); `null` = removed. Current apps write these and `policies` as `[]`; `policies` is read first, these over it | nullable |
//! | measure | `plan_id` | record id | required |
//! | | `policy_id` | record id | nullable |
//! | | `title` | text 1–200 | required |
//! | | `area` | taxonomy area id | nullable |
//! | | `priority` | bool (【重点】) | defaulted |
//! | | `department` | text 0–100 | defaulted |
//! | | `status` | 未着手, 作業中, 完了, 実施しない or 対象外 | defaulted (未着手) |
//! | | `percent` | integer 0–100 | defaulted |
//! | | `start_fy`, `end_fy` | integer 2000–2100 | nullable |
//! | | `schedule` | object of ≤ 20 entries, key a fiscal year `"2025"`, value long text 0–500 | defaulted |
//! | | `notes` | long text 0–4000 | defaulted |
//! | | `deadline` | date `"2026-03-31"` | nullable |
//! | kpi | `measure_id` | record id | required |
//! | | `name` | text 1–200 | required |
//! | | `unit` | text 0–20 | defaulted |
//! | | `baseline` | number | nullable |
//! | | `target_fyYYYY`, `actual_fyYYYY` | number; YYYY a fiscal year 2000–2100 | nullable |
//! | taxonomy_area | `name_ja` | text 1–100 | required |
//! | | `name_en` | text 0–200 | defaulted |
//! | | `parent` | taxonomy area id | nullable |
//! | | `order` | integer 0–100,000 | defaulted |
//! | | `priority_area` | bool (one of the six 重点取組事項) | defaulted |
//! | | `source` | `"national"` or `"prefecture"` | defaulted (prefecture) |
//! | step_checklist | `step0_done` … `step3_done` | bool | defaulted |
//! | | `step0_date` … `step3_date` | date | nullable |
//! | | `step0_note` … `step3_note` | long text 0–2000 | defaulted |
//! | survey | `title` | text 1–200 | required |
//! | | `description` | long text 0–4000 | defaulted |
//! | | `deadline` | date; answers written after 24:00 JST that day are refused | required |
//! | | `targets` | array of ≤ 200 distinct municipality codes; empty = every municipality | defaulted |
//! | | `published` | bool (drafts are hidden from municipalities) | defaulted |
//! | | `questions` | array of ≤ 100 `{id, kind, text, required, choices, unit}`: id 1–32 of `a-z 0-9 _ -`, unique; kind `single`, `multiple`, `number` or `text`; text long text 1–500; 2–40 choices `{id, label 1–200}` with unique ids for single/multiple, none otherwise; unit text 0–20, number questions only | defaulted |
//! | | `question.<question id>` | one question `{kind, text, required, choices, unit, order}` (rules as in `questions`; `order` integer 0–1,000,000,000); `null` = removed. Current apps write these and `questions` as `[]`; `questions` is read first, these over it | nullable |
//! | survey_response | `survey_id` | record id | required |
//! | | `submitted` | bool (回答を提出) | defaulted |
//! | | `q.<question id>` | a choice id or text (long text 0–4000), a list of ≤ 40 distinct choice ids, or a number | nullable |
//! | system_migration | `system` | one of the 20 business system ids | required |
//! | | `step.<step id>` | 未着手, 作業中, 完了, 実施しない or 対象外 (step ids in `data/standardisation-steps.json`) | defaulted (未着手) |
//! | | `note` | long text 0–4000 | defaulted |
//!
//! A record's own id is not a field: it is the key the record is stored under (see
//! [`is_valid_record_id`]).

mod dynamic;
mod nested;
mod rules;
mod survey_rules;
mod tables;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::domain::RecordKind;
use crate::validation::ValidationError;

pub use nested::{is_valid_policy_id, parse_fiscal_year_key, MAX_POLICIES};
pub use rules::{
    describe, integer_of, is_valid_record_id, parse_iso_date, validate_record_id, ValueRule,
    FISCAL_YEAR_RANGE, MAX_ID_LENGTH, MAX_ITEM_ORDER,
};
pub use survey_rules::{
    is_valid_question_id, MAX_ANSWER_TEXT, MAX_CHOICES, MAX_QUESTIONS, MAX_QUESTION_ID_LENGTH,
    MIN_CHOICES,
};
pub use tables::{FieldSpec, Presence};

/// Checks one field of a record of `kind`: the name must be a field of that kind and the value
/// must satisfy its rule. The error's `field` is the field name (or a path below it, such as
/// `policies[2].title` or `schedule.2025`).
pub fn validate_field(kind: RecordKind, field: &str, value: &Value) -> Result<(), ValidationError> {
    let spec = tables::lookup(kind, field)?;
    if value.is_null() {
        return match spec.presence {
            Presence::Nullable => Ok(()),
            Presence::Required | Presence::Defaulted => Err(ValidationError::new(
                field,
                "cannot be null (the field is not optional)",
            )),
        };
    }
    rules::check(spec.rule, field, value)
}

/// Checks a whole record: every field, and that required fields are present. Returns every
/// problem found, in field order.
pub fn validate_record(kind: RecordKind, fields: &BTreeMap<String, Value>) -> Vec<ValidationError> {
    let mut errors: Vec<ValidationError> = tables::static_fields(kind)
        .iter()
        .filter(|(name, spec)| spec.presence == Presence::Required && !fields.contains_key(*name))
        .map(|(name, _)| ValidationError::new(*name, "is required"))
        .collect();
    errors.extend(
        fields
            .iter()
            .filter_map(|(name, value)| validate_field(kind, name, value).err()),
    );
    errors
}

/// The fixed field names of `kind` with their specs, in documentation order. Plans, surveys,
/// KPIs, survey responses and migrations also have data-named fields (`policy.<id>`,
/// `question.<id>`, `target_fy2025`, `q.<id>`, `step.<id>`) that are not listed.
pub fn fields_of(kind: RecordKind) -> &'static [(&'static str, FieldSpec)] {
    tables::static_fields(kind)
}

#[cfg(test)]
mod tests;

/// Whether `field` is a field of `kind` (including the data-named fields).
pub fn is_known_field(kind: RecordKind, field: &str) -> bool {
    tables::lookup(kind, field).is_ok()
}
