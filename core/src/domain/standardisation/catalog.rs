//! The business systems and migration steps, as data (`core/data/standardisation-*.json`),
//! parsed once on first use.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

const SYSTEMS_JSON: &str = include_str!("../../../data/standardisation-systems.json");
const STEPS_JSON: &str = include_str!("../../../data/standardisation-steps.json");

/// One of the 20 business systems (市区町村20業務).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessSystem {
    /// Stable ascii id used in record ids (`std-<id>-<org>`); never renamed.
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
}

/// One step of the migration procedure, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationStep {
    /// Stable id used in field names (`step.2-1`); never renamed.
    pub id: String,
    pub label_ja: String,
    pub label_en: String,
    /// True for the steps quoted from the national PMO tool, false for the ones added here.
    pub from_source: bool,
}

#[derive(Deserialize)]
struct SystemsFile {
    systems: Vec<BusinessSystem>,
}

#[derive(Deserialize)]
struct StepsFile {
    steps: Vec<MigrationStep>,
}

static SYSTEMS: LazyLock<Vec<BusinessSystem>> = LazyLock::new(|| {
    serde_json::from_str::<SystemsFile>(SYSTEMS_JSON)
        .expect("core/data/standardisation-systems.json is valid (tested)")
        .systems
});

static STEPS: LazyLock<Vec<MigrationStep>> = LazyLock::new(|| {
    serde_json::from_str::<StepsFile>(STEPS_JSON)
        .expect("core/data/standardisation-steps.json is valid (tested)")
        .steps
});

/// The 20 systems, in the order the national lists use.
pub fn systems() -> &'static [BusinessSystem] {
    &SYSTEMS
}

/// The migration steps, in procedure order.
pub fn steps() -> &'static [MigrationStep] {
    &STEPS
}

pub fn system(id: &str) -> Option<&'static BusinessSystem> {
    systems().iter().find(|system| system.id == id)
}

pub fn step(id: &str) -> Option<&'static MigrationStep> {
    steps().iter().find(|step| step.id == id)
}

pub fn system_ids() -> Vec<&'static str> {
    systems().iter().map(|system| system.id.as_str()).collect()
}

pub fn step_ids() -> Vec<&'static str> {
    steps().iter().map(|step| step.id.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::domain::schema::is_valid_question_id;

    #[test]
    fn the_data_parses_with_twenty_systems() {
        let systems = systems();
        assert_eq!(systems.len(), 20);
        assert_eq!(systems[0].name_ja, "住民基本台帳");
        assert_eq!(systems[19].name_ja, "国民年金");
        let ids: HashSet<_> = systems.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), 20, "system ids are unique");
        for system in systems {
            assert!(system
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_'));
            assert!(!system.name_ja.is_empty() && !system.name_en.is_empty());
        }
    }

    #[test]
    fn the_steps_parse_in_order_and_name_their_source() {
        let steps = steps();
        assert_eq!(
            step_ids(),
            ["2-1", "2-2", "2-3", "3-1", "3-2", "4", "5", "6", "7"]
        );
        assert_eq!(steps[4].label_ja, "③-2 Fit&Gap分析");
        let quoted = steps.iter().filter(|step| step.from_source).count();
        assert_eq!(quoted, 5);
        for step in steps {
            assert!(
                is_valid_question_id(&step.id),
                "{} is a safe field suffix",
                step.id
            );
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(
            system("national_pension").map(|s| s.name_ja.as_str()),
            Some("国民年金")
        );
        assert_eq!(system("pension"), None);
        assert_eq!(step("3-2").map(|s| s.from_source), Some(true));
        assert_eq!(step("7").map(|s| s.from_source), Some(false));
        assert_eq!(step("8"), None);
    }
}
