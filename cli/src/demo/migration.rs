//! Each demo town's progress moving the 20 business systems to the standard (標準化): every
//! step before the town's current one done, the current one in progress, larger towns further
//! along, with a few steps 対象外 or 実施しない.

use super::profile::size;
use crate::api::ApiError;
use crate::push::{invalid, Write};
use crate::rng::Rng;
use tsunagu_core::domain::standardisation::{migration_id, steps, systems};
use tsunagu_core::domain::{RecordKind, Status, SystemMigration};
use tsunagu_core::org::{OrgCode, Organisation};

const NOTES: [&str; 3] = [
    "ベンダと移行時期を協議中",
    "標準仕様との差分を整理中",
    "近隣団体と共同で移行予定",
];

/// One record per business system, in the national order.
pub fn migrations(org: &OrgCode, population: Option<u32>) -> Vec<(String, SystemMigration)> {
    let mut rng = Rng::seeded(org.as_str(), "standardisation");
    let town = 0.15 + 0.6 * size(population) + 0.24 * (rng.unit() - 0.5);
    let steps = steps();
    systems()
        .iter()
        .map(|system| {
            let progress = (town + 0.2 * (rng.unit() - 0.5)).clamp(0.0, 1.0);
            let done = ((progress * (steps.len() as f64 + 0.99)) as usize).min(steps.len());
            let mut migration = SystemMigration::new(system.id.clone());
            for step in &steps[..done] {
                migration.steps.insert(step.id.clone(), Status::Done);
            }
            if let Some(current) = steps.get(done) {
                if rng.chance(0.8) {
                    migration
                        .steps
                        .insert(current.id.clone(), Status::InProgress);
                    if rng.chance(0.25) {
                        migration.note = (*rng.pick(&NOTES)).to_owned();
                    }
                }
                // A town on a jointly procured system leaves vendor coordination to the group.
                if done <= 2 && rng.chance(0.05) {
                    migration.steps.insert("2-3".into(), Status::NotApplicable);
                }
                // Some systems stay on premises, outside the Government Cloud (移行困難システム).
                if rng.chance(0.03) {
                    migration.steps.insert("7".into(), Status::WontDo);
                }
            }
            (migration_id(&system.id, org), migration)
        })
        .collect()
}

pub fn writes(org: &Organisation) -> Result<Vec<Write>, ApiError> {
    migrations(&org.code, org.population)
        .into_iter()
        .map(|(id, migration)| {
            migration
                .validate()
                .map_err(|errors| invalid(&format!("system migration {id}"), &errors))?;
            Ok((
                org.code.clone(),
                RecordKind::SystemMigration,
                id,
                migration.to_fields(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::iwate_municipalities;
    use super::*;

    fn done_steps(org: &str, population: u32) -> usize {
        let code = OrgCode::parse(org).expect("valid code");
        migrations(&code, Some(population))
            .iter()
            .map(|(_, m)| m.steps.values().filter(|s| **s == Status::Done).count())
            .sum()
    }

    #[test]
    fn every_town_has_twenty_valid_records_the_same_each_time() {
        for org in iwate_municipalities() {
            let records = migrations(&org.code, org.population);
            assert_eq!(records.len(), 20);
            assert_eq!(records, migrations(&org.code, org.population));
            let writes = writes(&org).expect("validates");
            crate::push::check_writes(&writes).expect("passes the schema");
        }
    }

    #[test]
    fn larger_towns_are_further_along() {
        // 盛岡市 (about 290,000 people) against 普代村 (about 2,500).
        assert!(done_steps("032018", 289_700) > done_steps("034851", 2_500) + 40);
    }
}
