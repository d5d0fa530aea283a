//! A municipal DX plan (自治体DX推進計画): title, period, vision and basic policies (基本施策).
//! Measures (個別施策) are separate records that point at the plan.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::fields::{FieldReader, Fields};
use super::items::ItemFields;
use super::{schema, RecordKind};
use crate::calendar::FiscalYear;
use crate::validation::{into_result, ValidationError};

/// Each policy is its own field, `policy.<id>` (see [`crate::domain::items`]).
pub const POLICY_FIELD_PREFIX: &str = "policy.";

/// The legacy `policies` array and the `policy.<id>` fields.
///
/// Once a current device saves a plan, `policies` is written as `[]`: an app from before the
/// split would otherwise show (and could edit) a stale list that nothing reads any more; with
/// the array empty it shows no policies until it updates, which it does on its next load.
const POLICIES: ItemFields = ItemFields {
    legacy: "policies",
    prefix: POLICY_FIELD_PREFIX,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub title: String,
    /// First fiscal year covered (令和4年6月 to 令和8年3月 is FY2022 to FY2025).
    pub start_fy: FiscalYear,
    /// Last fiscal year covered; not before `start_fy`.
    pub end_fy: FiscalYear,
    pub vision: String,
    pub policies: Vec<BasicPolicy>,
}

/// A basic policy (基本施策); measures refer to it by `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasicPolicy {
    /// 1 to 64 characters of `a-z 0-9 _ -`, unique within the plan.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
}

impl Plan {
    /// Every field rule, and that the period does not end before it starts.
    pub fn validate(&self) -> Result<(), Vec<ValidationError>> {
        let fields = POLICIES.with_array(self.own_fields(), self.policy_entries());
        let mut errors = schema::validate_record(RecordKind::Plan, &fields);
        if self.end_fy < self.start_fy {
            errors.push(ValidationError::new(
                "end_fy",
                format!(
                    "must not be before start_fy (got {} before {})",
                    self.end_fy.label_en(),
                    self.start_fy.label_en()
                ),
            ));
        }
        into_result(errors)
    }

    /// The policies alone, checked as one list (count, unique ids, each policy), for a screen
    /// that edits only them.
    pub fn validate_policies(&self) -> Result<(), ValidationError> {
        schema::validate_field(
            RecordKind::Plan,
            POLICIES.legacy,
            &Value::Array(self.policy_entries()),
        )
    }

    /// The policy with this id, if any.
    pub fn policy(&self, id: &str) -> Option<&BasicPolicy> {
        self.policies.iter().find(|policy| policy.id == id)
    }

    fn policy_entries(&self) -> Vec<Value> {
        self.policies
            .iter()
            .map(|policy| {
                serde_json::json!({
                    "id": policy.id,
                    "title": policy.title,
                    "description": policy.description,
                })
            })
            .collect()
    }

    /// Every field of a plan written from scratch: one `policy.<id>` per policy and the
    /// legacy `policies` array empty. To save over a stored plan, use [`Plan::writes_over`].
    pub fn to_fields(&self) -> Fields {
        let mut fields = self.own_fields();
        fields.extend(POLICIES.fields(&self.policy_entries()));
        fields
    }

    /// The fields but the policies.
    fn own_fields(&self) -> Fields {
        BTreeMap::from([
            ("title".to_owned(), Value::from(self.title.as_str())),
            ("start_fy".to_owned(), Value::from(self.start_fy.0)),
            ("end_fy".to_owned(), Value::from(self.end_fy.0)),
            ("vision".to_owned(), Value::from(self.vision.as_str())),
        ])
    }

    /// The field writes that save this plan over the `stored` fields (empty for a new plan):
    /// only what changed, `null` for removed policies, and a plan still holding the legacy
    /// array is migrated (every policy written as its own field, the array cleared).
    pub fn writes_over(&self, stored: &Fields) -> Vec<(String, Value)> {
        POLICIES.writes_over(stored, self.own_fields(), &self.policy_entries())
    }

    /// The policies in `fields`, in either shape (legacy array, per-policy fields, or both).
    pub fn policies_from_fields(fields: &Fields) -> Result<Vec<BasicPolicy>, ValidationError> {
        // Read by hand rather than through serde: smaller in the app's download.
        let mut policies = Vec::new();
        for entry in POLICIES.read(fields) {
            let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_owned);
            let (Some(id), Some(title)) = (text("id"), text("title")) else {
                return Err(ValidationError::new(
                    "policies",
                    "each policy needs an id and a title",
                ));
            };
            let description = text("description").unwrap_or_default();
            policies.push(BasicPolicy {
                id,
                title,
                description,
            });
        }
        Ok(policies)
    }

    /// Checks each field; does not check the period order (see [`crate::domain::fields`]).
    pub fn from_fields(fields: &Fields) -> Result<Plan, ValidationError> {
        let reader = FieldReader::checked(RecordKind::Plan, fields)?;
        let policies = Plan::policies_from_fields(fields)?;
        let year = |name: &str| {
            reader
                .fiscal_year(name)
                .ok_or_else(|| ValidationError::new(name, "is required"))
        };
        Ok(Plan {
            title: reader.string("title"),
            start_fy: year("start_fy")?,
            end_fy: year("end_fy")?,
            vision: reader.string("vision"),
            policies,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tono_plan() -> Plan {
        Plan {
            title: "遠野市DX推進計画".into(),
            start_fy: FiscalYear(2022),
            end_fy: FiscalYear(2025),
            vision: "市民の暮らしを便利に。\n職員の働き方を変える。".into(),
            policies: vec![
                BasicPolicy {
                    id: "p1".into(),
                    title: "行政サービスのデジタル化".into(),
                    description: "手続のオンライン化".into(),
                },
                BasicPolicy {
                    id: "p2".into(),
                    title: "業務の効率化".into(),
                    description: String::new(),
                },
            ],
        }
    }

    #[test]
    fn a_valid_plan_passes() {
        assert_eq!(tono_plan().validate(), Ok(()));
        assert_eq!(tono_plan().policy("p2").unwrap().title, "業務の効率化");
        assert!(tono_plan().policy("p3").is_none());
    }

    #[test]
    fn a_single_year_plan_is_valid() {
        let plan = Plan {
            end_fy: FiscalYear(2022),
            ..tono_plan()
        };
        assert_eq!(plan.validate(), Ok(()));
    }

    #[test]
    fn the_period_must_not_end_before_it_starts() {
        let plan = Plan {
            start_fy: FiscalYear(2025),
            end_fy: FiscalYear(2024),
            ..tono_plan()
        };
        assert_eq!(
            plan.validate(),
            Err(vec![ValidationError::new(
                "end_fy",
                "must not be before start_fy (got FY2024 before FY2025)"
            )])
        );
    }

    #[test]
    fn validate_reports_field_rules() {
        let mut plan = Plan {
            title: String::new(),
            start_fy: FiscalYear(1999),
            ..tono_plan()
        };
        plan.policies[1].id = "P 2".into();
        let errors = plan.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["policies[1].id", "start_fy", "title"]);
        assert_eq!(
            errors[1].message,
            "must be a fiscal year between 2000 and 2100 (got 1999)"
        );
    }

    #[test]
    fn fields_round_trip_and_pass_the_schema() {
        let plan = tono_plan();
        let fields = plan.to_fields();
        for (name, value) in &fields {
            schema::validate_field(RecordKind::Plan, name, value).unwrap();
        }
        assert_eq!(Plan::from_fields(&fields), Ok(plan));
    }

    #[test]
    fn from_fields_defaults_optional_fields() {
        let fields = BTreeMap::from([
            ("title".to_owned(), Value::from("計画")),
            ("start_fy".to_owned(), Value::from(2024)),
            ("end_fy".to_owned(), Value::from(2027)),
        ]);
        let plan = Plan::from_fields(&fields).unwrap();
        assert_eq!(plan.vision, "");
        assert!(plan.policies.is_empty());
    }

    #[test]
    fn from_fields_requires_title_and_period() {
        let fields = BTreeMap::from([("title".to_owned(), Value::from("計画"))]);
        assert_eq!(
            Plan::from_fields(&fields),
            Err(ValidationError::new("start_fy", "is required"))
        );
    }

    #[test]
    fn from_fields_reads_a_reversed_period_so_it_can_be_fixed() {
        let mut fields = tono_plan().to_fields();
        fields.insert("start_fy".into(), Value::from(2026));
        let plan = Plan::from_fields(&fields).unwrap();
        assert!(plan.validate().is_err());
    }

    #[test]
    fn serde_uses_snake_case_field_names() {
        let json = serde_json::to_value(tono_plan()).unwrap();
        assert_eq!(json["start_fy"], 2022);
        assert_eq!(json["policies"][0]["id"], "p1");
    }
}
