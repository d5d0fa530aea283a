//! A measure (個別施策) of a plan: who does what by when, and how far it has got.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::fields::{date_value, fiscal_year_value, optional, FieldReader, Fields};
use super::{schema, RecordKind, Status};
use crate::calendar::FiscalYear;
use crate::validation::{into_result, ValidationError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub plan_id: String,
    /// The basic policy (基本施策) of the plan it falls under.
    pub policy_id: Option<String>,
    pub title: String,
    /// Taxonomy area id (`"online"`, `"iwate_admin"`), for cross-municipality views.
    pub area: Option<String>,
    /// Flagged 【重点】: one of the national priority areas.
    pub priority: bool,
    /// Department responsible (担当課).
    pub department: String,
    pub status: Status,
    /// Progress, 0 to 100.
    pub percent: u8,
    pub start_fy: Option<FiscalYear>,
    pub end_fy: Option<FiscalYear>,
    /// What is planned in each fiscal year (the plan's schedule table, one cell per year).
    pub schedule: BTreeMap<i32, String>,
    pub notes: String,
    #[serde(with = "crate::calendar::iso::option_date_serde", default)]
    pub deadline: Option<NaiveDate>,
}

impl Measure {
    /// A new, not yet started measure of plan `plan_id`.
    pub fn new(plan_id: impl Into<String>, title: impl Into<String>) -> Measure {
        Measure {
            plan_id: plan_id.into(),
            policy_id: None,
            title: title.into(),
            area: None,
            priority: false,
            department: String::new(),
            status: Status::NotStarted,
            percent: 0,
            start_fy: None,
            end_fy: None,
            schedule: BTreeMap::new(),
            notes: String::new(),
            deadline: None,
        }
    }

    /// Still open (未着手 or 作業中) after its deadline, or after the end of its last fiscal
    /// year. The deadline day itself is not overdue.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        if !self.status.is_open() {
            return false;
        }
        let past_deadline = self.deadline.is_some_and(|deadline| today > deadline);
        let past_end_year = self.end_fy.is_some_and(|end| today > end.end_date());
        past_deadline || past_end_year
    }

    /// Every field rule, and that the period does not end before it starts.
    pub fn validate(&self) -> Result<(), Vec<ValidationError>> {
        let mut errors = schema::validate_record(RecordKind::Measure, &self.to_fields());
        if let (Some(start), Some(end)) = (self.start_fy, self.end_fy) {
            if end < start {
                errors.push(ValidationError::new(
                    "end_fy",
                    format!(
                        "must not be before start_fy (got {} before {})",
                        end.label_en(),
                        start.label_en()
                    ),
                ));
            }
        }
        into_result(errors)
    }

    pub fn to_fields(&self) -> Fields {
        let mut schedule = Map::new();
        schedule.extend(
            self.schedule
                .iter()
                .map(|(year, text)| (year.to_string(), Value::from(text.as_str()))),
        );
        BTreeMap::from([
            ("plan_id".to_owned(), Value::from(self.plan_id.as_str())),
            ("policy_id".to_owned(), optional(self.policy_id.clone())),
            ("title".to_owned(), Value::from(self.title.as_str())),
            ("area".to_owned(), optional(self.area.clone())),
            ("priority".to_owned(), Value::from(self.priority)),
            (
                "department".to_owned(),
                Value::from(self.department.as_str()),
            ),
            ("status".to_owned(), Value::from(self.status.label_ja())),
            ("percent".to_owned(), Value::from(self.percent)),
            ("start_fy".to_owned(), fiscal_year_value(self.start_fy)),
            ("end_fy".to_owned(), fiscal_year_value(self.end_fy)),
            ("schedule".to_owned(), Value::Object(schedule)),
            ("notes".to_owned(), Value::from(self.notes.as_str())),
            ("deadline".to_owned(), date_value(self.deadline)),
        ])
    }

    /// Checks each field; absent fields get the defaults of [`Measure::new`] (status 未着手).
    pub fn from_fields(fields: &Fields) -> Result<Measure, ValidationError> {
        let reader = FieldReader::checked(RecordKind::Measure, fields)?;
        let status = match reader.opt_string("status") {
            Some(label) => label
                .parse()
                .map_err(|error| ValidationError::new("status", format!("{error}")))?,
            None => Status::NotStarted,
        };
        let percent = reader
            .integer("percent")
            .map_or(Ok(0), u8::try_from)
            .map_err(|_| ValidationError::new("percent", "must be between 0 and 100"))?;
        Ok(Measure {
            policy_id: reader.opt_string("policy_id"),
            area: reader.opt_string("area"),
            priority: reader.bool("priority"),
            department: reader.string("department"),
            status,
            percent,
            start_fy: reader.fiscal_year("start_fy"),
            end_fy: reader.fiscal_year("end_fy"),
            schedule: read_schedule(reader.value("schedule")),
            notes: reader.string("notes"),
            deadline: reader.date("deadline"),
            ..Measure::new(reader.string("plan_id"), reader.string("title"))
        })
    }
}

/// The schedule object, already checked by the schema (keys are fiscal years).
fn read_schedule(value: Option<&Value>) -> BTreeMap<i32, String> {
    let Some(Value::Object(entries)) = value else {
        return BTreeMap::new();
    };
    // Extended, not collected: collecting sorts first, a copy of the sort in the wasm per map type.
    let mut schedule = BTreeMap::new();
    schedule.extend(
        entries
            .iter()
            .filter_map(|(year, text)| Some((year.parse().ok()?, text.as_str()?.to_owned()))),
    );
    schedule
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn online_forms() -> Measure {
        Measure {
            policy_id: Some("p1".into()),
            area: Some("online".into()),
            priority: true,
            department: "総務課".into(),
            status: Status::InProgress,
            percent: 40,
            start_fy: Some(FiscalYear(2023)),
            end_fy: Some(FiscalYear(2025)),
            schedule: BTreeMap::from([
                (2023, "調査".to_owned()),
                (2024, "システム導入".to_owned()),
                (2025, "運用開始\n効果検証".to_owned()),
            ]),
            notes: "ぴったりサービスの26手続".into(),
            deadline: Some(ymd(2026, 3, 31)),
            ..Measure::new("plan-1", "行政手続のオンライン化")
        }
    }

    #[test]
    fn a_valid_measure_passes() {
        assert_eq!(online_forms().validate(), Ok(()));
        assert_eq!(Measure::new("plan-1", "最小").validate(), Ok(()));
    }

    #[test]
    fn overdue_only_after_the_deadline_day() {
        let measure = Measure {
            end_fy: None,
            ..online_forms()
        };
        assert!(!measure.is_overdue(ymd(2026, 3, 30)));
        assert!(!measure.is_overdue(ymd(2026, 3, 31)));
        assert!(measure.is_overdue(ymd(2026, 4, 1)));
    }

    #[test]
    fn overdue_after_the_last_fiscal_year_ends() {
        let measure = Measure {
            deadline: None,
            end_fy: Some(FiscalYear(2024)),
            ..online_forms()
        };
        assert!(!measure.is_overdue(ymd(2025, 3, 31)));
        assert!(measure.is_overdue(ymd(2025, 4, 1)));
    }

    #[test]
    fn an_early_deadline_counts_even_within_the_period() {
        let measure = Measure {
            deadline: Some(ymd(2024, 9, 30)),
            end_fy: Some(FiscalYear(2025)),
            ..online_forms()
        };
        assert!(measure.is_overdue(ymd(2024, 10, 1)));
    }

    #[test]
    fn closed_measures_are_never_overdue() {
        let late = ymd(2030, 1, 1);
        for status in Status::ALL {
            let measure = Measure {
                status,
                ..online_forms()
            };
            assert_eq!(measure.is_overdue(late), status.is_open(), "{status}");
        }
    }

    #[test]
    fn without_deadline_or_end_year_nothing_is_overdue() {
        let measure = Measure::new("plan-1", "いつか");
        assert!(!measure.is_overdue(ymd(2100, 1, 1)));
    }

    #[test]
    fn validate_reports_field_rules_and_a_reversed_period() {
        let measure = Measure {
            percent: 150,
            start_fy: Some(FiscalYear(2026)),
            schedule: BTreeMap::from([(1999, "昔".to_owned())]),
            ..online_forms()
        };
        let errors = measure.validate().unwrap_err();
        assert_eq!(
            errors,
            [
                ValidationError::new("percent", "must be between 0 and 100 (got 150)"),
                ValidationError::new(
                    "schedule.1999",
                    "fiscal year 1999 is out of range (2000 to 2100)"
                ),
                ValidationError::new(
                    "end_fy",
                    "must not be before start_fy (got FY2025 before FY2026)"
                ),
            ]
        );
    }

    #[test]
    fn fields_round_trip_and_pass_the_schema() {
        for measure in [online_forms(), Measure::new("plan-1", "最小")] {
            let fields = measure.to_fields();
            for (name, value) in &fields {
                schema::validate_field(RecordKind::Measure, name, value).unwrap();
            }
            assert_eq!(Measure::from_fields(&fields), Ok(measure));
        }
    }

    #[test]
    fn from_fields_defaults_missing_fields() {
        let fields = BTreeMap::from([
            ("plan_id".to_owned(), Value::from("plan-1")),
            ("title".to_owned(), Value::from("AI-OCRの導入")),
            ("deadline".to_owned(), Value::Null),
        ]);
        let measure = Measure::from_fields(&fields).unwrap();
        assert_eq!(measure, Measure::new("plan-1", "AI-OCRの導入"));
        assert_eq!(measure.status, Status::NotStarted);
    }

    #[test]
    fn from_fields_rejects_bad_and_unknown_fields() {
        let mut fields = online_forms().to_fields();
        fields.insert("status".into(), Value::from("done"));
        assert_eq!(
            Measure::from_fields(&fields),
            Err(ValidationError::new(
                "status",
                "must be one of 未着手, 作業中, 完了, 実施しない, 対象外 (got \"done\")"
            ))
        );
        let mut fields = online_forms().to_fields();
        fields.insert("owner".into(), Value::from("me"));
        assert_eq!(Measure::from_fields(&fields).unwrap_err().field, "owner");
        let mut fields = online_forms().to_fields();
        fields.remove("title");
        assert_eq!(
            Measure::from_fields(&fields),
            Err(ValidationError::new("title", "is required"))
        );
    }

    #[test]
    fn serde_writes_status_in_japanese_and_dates_in_iso() {
        let json = serde_json::to_value(online_forms()).unwrap();
        assert_eq!(json["status"], "作業中");
        assert_eq!(json["deadline"], "2026-03-31");
        assert_eq!(json["schedule"]["2024"], "システム導入");
        let back: Measure = serde_json::from_value(json).unwrap();
        assert_eq!(back, online_forms());
    }
}
