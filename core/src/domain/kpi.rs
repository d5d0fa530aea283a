//! A KPI of a measure: baseline, and a target and an actual value per fiscal year.
//!
//! In the field view each year is its own field (`target_fy2025`, `actual_fy2025`), so that two
//! people entering different years' actuals offline never conflict.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::fields::{number_value, optional, FieldReader, Fields};
use super::schema::{self, parse_fiscal_year_key};
use super::RecordKind;
use crate::validation::{into_result, ValidationError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub measure_id: String,
    /// What is measured (オンライン申請件数).
    pub name: String,
    /// 件, %, 人, 時間.
    pub unit: String,
    pub baseline: Option<f64>,
    /// Target by fiscal year.
    pub targets: BTreeMap<i32, f64>,
    /// Actual by fiscal year.
    pub actuals: BTreeMap<i32, f64>,
}

/// Which per-year series a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpiSeries {
    Target,
    Actual,
}

impl KpiSeries {
    fn prefix(self) -> &'static str {
        match self {
            KpiSeries::Target => "target_fy",
            KpiSeries::Actual => "actual_fy",
        }
    }

    /// `Target, 2025` → `"target_fy2025"`.
    pub fn field_name(self, fiscal_year: i32) -> String {
        format!("{}{fiscal_year}", self.prefix())
    }

    /// `None` if `field` is not a per-year field at all; `Some(Err)` if it is one with a bad
    /// year (`target_fy1999`, `actual_fy25`).
    pub fn parse_field(field: &str) -> Option<Result<(KpiSeries, i32), String>> {
        [KpiSeries::Target, KpiSeries::Actual]
            .into_iter()
            .find_map(|series| {
                let year = field.strip_prefix(series.prefix())?;
                Some(parse_fiscal_year_key(year).map(|year| (series, year)))
            })
    }
}

impl Kpi {
    pub fn new(measure_id: impl Into<String>, name: impl Into<String>) -> Kpi {
        Kpi {
            measure_id: measure_id.into(),
            name: name.into(),
            unit: String::new(),
            baseline: None,
            targets: BTreeMap::new(),
            actuals: BTreeMap::new(),
        }
    }

    /// Every field rule, and that every value is a finite number.
    pub fn validate(&self) -> Result<(), Vec<ValidationError>> {
        let mut errors = schema::validate_record(RecordKind::Kpi, &self.to_fields());
        let values = self
            .baseline
            .iter()
            .map(|value| ("baseline".to_owned(), *value));
        let per_year = [
            (KpiSeries::Target, &self.targets),
            (KpiSeries::Actual, &self.actuals),
        ]
        .into_iter()
        .flat_map(|(series, values)| {
            values
                .iter()
                .map(move |(year, value)| (series.field_name(*year), *value))
        });
        for (field, value) in values.chain(per_year) {
            if !value.is_finite() {
                errors.push(ValidationError::new(
                    field,
                    format!("must be a finite number (got {value})"),
                ));
            }
        }
        into_result(errors)
    }

    pub fn to_fields(&self) -> Fields {
        let mut fields = BTreeMap::from([
            (
                "measure_id".to_owned(),
                Value::from(self.measure_id.as_str()),
            ),
            ("name".to_owned(), Value::from(self.name.as_str())),
            ("unit".to_owned(), Value::from(self.unit.as_str())),
            (
                "baseline".to_owned(),
                optional(self.baseline.map(number_value)),
            ),
        ]);
        for (series, values) in [
            (KpiSeries::Target, &self.targets),
            (KpiSeries::Actual, &self.actuals),
        ] {
            for (year, value) in values {
                fields.insert(series.field_name(*year), number_value(*value));
            }
        }
        fields
    }

    /// Checks each field; a `null` year field is the same as an absent one.
    pub fn from_fields(fields: &Fields) -> Result<Kpi, ValidationError> {
        let reader = FieldReader::checked(RecordKind::Kpi, fields)?;
        let mut kpi = Kpi {
            unit: reader.string("unit"),
            baseline: reader.number("baseline"),
            ..Kpi::new(reader.string("measure_id"), reader.string("name"))
        };
        for (field, value) in reader.iter() {
            let (Some(Ok((series, year))), Some(value)) =
                (KpiSeries::parse_field(field), value.as_f64())
            else {
                continue;
            };
            match series {
                KpiSeries::Target => kpi.targets.insert(year, value),
                KpiSeries::Actual => kpi.actuals.insert(year, value),
            };
        }
        Ok(kpi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn online_applications() -> Kpi {
        Kpi {
            unit: "件".into(),
            baseline: Some(120.0),
            targets: BTreeMap::from([(2024, 500.0), (2025, 1000.0)]),
            actuals: BTreeMap::from([(2024, 432.5)]),
            ..Kpi::new("m-online", "オンライン申請件数")
        }
    }

    #[test]
    fn a_valid_kpi_passes() {
        assert_eq!(online_applications().validate(), Ok(()));
    }

    #[test]
    fn per_year_field_names() {
        assert_eq!(KpiSeries::Target.field_name(2025), "target_fy2025");
        assert_eq!(
            KpiSeries::parse_field("actual_fy2025"),
            Some(Ok((KpiSeries::Actual, 2025)))
        );
        assert!(matches!(
            KpiSeries::parse_field("target_fy1999"),
            Some(Err(_))
        ));
        assert!(matches!(
            KpiSeries::parse_field("target_fy25"),
            Some(Err(_))
        ));
        assert_eq!(KpiSeries::parse_field("baseline"), None);
    }

    #[test]
    fn validate_rejects_years_out_of_range_and_non_finite_values() {
        let kpi = Kpi {
            baseline: Some(f64::NAN),
            targets: BTreeMap::from([(1999, 1.0)]),
            actuals: BTreeMap::from([(2025, f64::INFINITY)]),
            ..online_applications()
        };
        let errors = kpi.validate().unwrap_err();
        assert_eq!(
            errors,
            [
                ValidationError::new(
                    "target_fy1999",
                    "fiscal year 1999 is out of range (2000 to 2100)"
                ),
                ValidationError::new("baseline", "must be a finite number (got NaN)"),
                ValidationError::new("actual_fy2025", "must be a finite number (got inf)"),
            ]
        );
    }

    #[test]
    fn validate_checks_name_and_unit() {
        let kpi = Kpi {
            name: String::new(),
            unit: "件".repeat(21),
            ..online_applications()
        };
        let fields: Vec<String> = kpi
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["name", "unit"]);
    }

    #[test]
    fn fields_round_trip_and_pass_the_schema() {
        for kpi in [online_applications(), Kpi::new("m1", "件数")] {
            let fields = kpi.to_fields();
            for (name, value) in &fields {
                schema::validate_field(RecordKind::Kpi, name, value).unwrap();
            }
            assert_eq!(Kpi::from_fields(&fields), Ok(kpi));
        }
        let fields = online_applications().to_fields();
        assert_eq!(fields["target_fy2025"], 1000.0);
        assert_eq!(fields["actual_fy2024"], 432.5);
    }

    #[test]
    fn from_fields_treats_null_years_as_absent() {
        let mut fields = online_applications().to_fields();
        fields.insert("actual_fy2024".into(), Value::Null);
        fields.insert("target_fy2030".into(), Value::from(2000));
        let kpi = Kpi::from_fields(&fields).unwrap();
        assert!(kpi.actuals.is_empty());
        assert_eq!(kpi.targets[&2030], 2000.0);
    }

    #[test]
    fn from_fields_rejects_a_string_number() {
        let mut fields = online_applications().to_fields();
        fields.insert("baseline".into(), Value::from("120"));
        assert_eq!(
            Kpi::from_fields(&fields),
            Err(ValidationError::new(
                "baseline",
                "must be a number, got a string"
            ))
        );
    }
}
