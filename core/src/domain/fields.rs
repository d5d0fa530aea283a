//! Helpers for the typed models' `from_fields` / `to_fields`.
//!
//! `from_fields` checks the whole map against the schema first ([`FieldReader::checked`]); the
//! getters then only read, and fall back to the default for an absent or `null` field.
//! Cross-field rules (end year after start year) are *not* applied when reading: fields are
//! merged one by one, so a merged record may break them, and it must still open so that staff
//! can see and fix it. `validate()` reports them.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{Number, Value};

use super::schema;
use super::RecordKind;
use crate::calendar::FiscalYear;
use crate::validation::ValidationError;

/// The field map of one record.
pub type Fields = BTreeMap<String, Value>;

/// Read access to a field map that has passed the schema of its kind.
pub struct FieldReader<'a> {
    fields: &'a Fields,
}

impl<'a> FieldReader<'a> {
    /// Fails with the first problem: an unknown field, a bad value, a missing required field.
    pub fn checked(kind: RecordKind, fields: &'a Fields) -> Result<Self, ValidationError> {
        match schema::validate_record(kind, fields).into_iter().next() {
            Some(error) => Err(error),
            None => Ok(Self { fields }),
        }
    }

    /// The value of `name`, or `None` when absent or `null`.
    pub fn value(&self, name: &str) -> Option<&'a Value> {
        self.fields.get(name).filter(|value| !value.is_null())
    }

    /// All fields, for kinds with per-year field names.
    pub fn iter(&self) -> impl Iterator<Item = (&'a String, &'a Value)> {
        self.fields.iter()
    }

    pub fn string(&self, name: &str) -> String {
        self.opt_string(name).unwrap_or_default()
    }

    pub fn opt_string(&self, name: &str) -> Option<String> {
        self.value(name).and_then(Value::as_str).map(str::to_owned)
    }

    pub fn bool(&self, name: &str) -> bool {
        self.value(name).and_then(Value::as_bool).unwrap_or(false)
    }

    pub fn integer(&self, name: &str) -> Option<i64> {
        match self.value(name) {
            Some(Value::Number(number)) => schema::integer_of(number),
            _ => None,
        }
    }

    pub fn number(&self, name: &str) -> Option<f64> {
        self.value(name).and_then(Value::as_f64)
    }

    pub fn fiscal_year(&self, name: &str) -> Option<FiscalYear> {
        self.integer(name)
            .and_then(|year| i32::try_from(year).ok())
            .map(FiscalYear)
    }

    pub fn date(&self, name: &str) -> Option<NaiveDate> {
        self.value(name)
            .and_then(Value::as_str)
            .and_then(schema::parse_iso_date)
    }
}

/// A JSON number for `value`; `null` for NaN and infinities, which JSON cannot hold
/// (`validate()` reports those separately).
pub fn number_value(value: f64) -> Value {
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

pub fn optional<T: Into<Value>>(value: Option<T>) -> Value {
    value.map_or(Value::Null, Into::into)
}

pub fn date_value(date: Option<NaiveDate>) -> Value {
    optional(date.map(crate::calendar::iso_date))
}

pub fn fiscal_year_value(year: Option<FiscalYear>) -> Value {
    optional(year.map(|year| year.0))
}
