//! One municipality's progress moving one business system to the standard.
//!
//! Each step is its own field (`step.2-1`), so two staff updating different steps offline never
//! conflict.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::fields::{FieldReader, Fields};
use crate::domain::schema;
use crate::domain::{RecordKind, Status};
use crate::org::OrgCode;
use crate::validation::{into_result, ValidationError};

/// Field names of steps are this prefix and the step id.
pub const STEP_FIELD_PREFIX: &str = "step.";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemMigration {
    /// A [`super::BusinessSystem`] id.
    pub system: String,
    /// Status by step id; an absent step is 未着手.
    pub steps: BTreeMap<String, Status>,
    pub note: String,
}

/// The record id of `org`'s migration of `system_id`: one record per town and system, so every
/// device of the town writes the same record.
pub fn migration_id(system_id: &str, org: &OrgCode) -> String {
    format!("std-{system_id}-{org}")
}

impl SystemMigration {
    pub fn new(system: impl Into<String>) -> SystemMigration {
        SystemMigration {
            system: system.into(),
            steps: BTreeMap::new(),
            note: String::new(),
        }
    }

    /// `"2-1"` → `"step.2-1"`.
    pub fn step_field(step_id: &str) -> String {
        format!("{STEP_FIELD_PREFIX}{step_id}")
    }

    /// The status of a step, 未着手 when never set.
    pub fn status(&self, step_id: &str) -> Status {
        self.steps.get(step_id).copied().unwrap_or_default()
    }

    pub fn validate(&self) -> Result<(), Vec<ValidationError>> {
        into_result(schema::validate_record(
            RecordKind::SystemMigration,
            &self.to_fields(),
        ))
    }

    /// Only the steps that were set, so a new record is three fields, not eleven.
    pub fn to_fields(&self) -> Fields {
        let mut fields = BTreeMap::from([
            ("system".to_owned(), Value::from(self.system.as_str())),
            ("note".to_owned(), Value::from(self.note.as_str())),
        ]);
        for (step, status) in &self.steps {
            fields.insert(Self::step_field(step), Value::from(status.label_ja()));
        }
        fields
    }

    pub fn from_fields(fields: &Fields) -> Result<SystemMigration, ValidationError> {
        let reader = FieldReader::checked(RecordKind::SystemMigration, fields)?;
        let mut migration = SystemMigration {
            note: reader.string("note"),
            ..SystemMigration::new(reader.string("system"))
        };
        for (field, value) in reader.iter() {
            let (Some(step), Some(label)) = (field.strip_prefix(STEP_FIELD_PREFIX), value.as_str())
            else {
                continue;
            };
            // The schema has checked the label already.
            if let Ok(status) = label.parse::<Status>() {
                migration.steps.insert(step.to_owned(), status);
            }
        }
        Ok(migration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::is_valid_record_id;

    fn resident_registry() -> SystemMigration {
        SystemMigration {
            steps: BTreeMap::from([
                ("2-1".to_owned(), Status::Done),
                ("2-2".to_owned(), Status::InProgress),
                ("7".to_owned(), Status::NotApplicable),
            ]),
            note: "ベンダと協議中\n来月回答".into(),
            ..SystemMigration::new("resident_registry")
        }
    }

    #[test]
    fn fields_round_trip_and_pass_the_schema() {
        for migration in [
            resident_registry(),
            SystemMigration::new("national_pension"),
        ] {
            assert_eq!(migration.validate(), Ok(()));
            let fields = migration.to_fields();
            assert_eq!(SystemMigration::from_fields(&fields), Ok(migration));
        }
        let fields = resident_registry().to_fields();
        assert_eq!(fields["step.2-1"], "完了");
        assert_eq!(fields["step.7"], "対象外");
    }

    #[test]
    fn absent_steps_are_not_started() {
        assert_eq!(resident_registry().status("3-2"), Status::NotStarted);
        assert_eq!(resident_registry().status("2-1"), Status::Done);
    }

    #[test]
    fn unknown_systems_steps_and_statuses_are_named() {
        let mut bad = resident_registry();
        bad.system = "pension".into();
        bad.steps.insert("9".into(), Status::Done);
        let fields: Vec<String> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|error| error.field)
            .collect();
        assert_eq!(fields, ["step.9", "system"]);

        let mut fields = resident_registry().to_fields();
        fields.insert("step.2-3".into(), Value::from("done!"));
        let error = SystemMigration::from_fields(&fields).unwrap_err();
        assert_eq!(error.field, "step.2-3");
        assert!(error.message.starts_with("must be one of 未着手"));
    }

    #[test]
    fn record_ids_are_valid_for_every_system() {
        let tono = OrgCode::parse("032085").expect("valid code");
        assert_eq!(
            migration_id("resident_registry", &tono),
            "std-resident_registry-032085"
        );
        for system in super::super::systems() {
            assert!(is_valid_record_id(&migration_id(&system.id, &tono)));
        }
    }
}
