//! The prefecture's view of standardisation: per system and step, how many municipalities are
//! at each status, and each municipality's overall completion.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{steps, systems, SystemMigration};
use crate::domain::rate::Rate;
use crate::domain::Status;
use crate::org::OrgCode;

/// How many of something are at each of the five statuses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    /// Indexed like [`Status::ALL`].
    pub counts: [u32; 5],
}

impl StatusCounts {
    pub fn add(&mut self, status: Status) {
        self.counts[status as usize] += 1;
    }

    pub fn get(&self, status: Status) -> u32 {
        self.counts[status as usize]
    }

    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }

    /// 完了 ÷ (all − 実施しない − 対象外).
    pub fn completion(&self) -> Rate {
        let counted = Status::ALL
            .into_iter()
            .filter(|status| status.counts_toward_completion())
            .map(|status| self.get(status))
            .sum();
        Rate::new(self.get(Status::Done), counted)
    }

    fn absorb(&mut self, other: &StatusCounts) {
        for (mine, theirs) in self.counts.iter_mut().zip(other.counts) {
            *mine += theirs;
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepProgress {
    pub step_id: String,
    /// One per municipality.
    pub counts: StatusCounts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemProgress {
    pub system_id: String,
    /// In procedure order.
    pub steps: Vec<StepProgress>,
    /// All steps of all municipalities for this system.
    pub counts: StatusCounts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalityProgress {
    pub org: OrgCode,
    /// Every step of every system of this municipality.
    pub counts: StatusCounts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackerSummary {
    /// The 20 systems in catalogue order.
    pub systems: Vec<SystemProgress>,
    /// In code order.
    pub municipalities: Vec<MunicipalityProgress>,
    /// Every step of every system of every municipality.
    pub overall: StatusCounts,
}

/// Summarises the migrations of `municipalities` (prefecture codes and duplicates are left out).
/// A system or step a municipality has not reported is 未着手; migrations of other
/// organisations and of unknown systems are ignored; of two records for the same town and
/// system (there should be one: the id is deterministic), the later in `migrations` counts.
pub fn summarise(
    municipalities: &[OrgCode],
    migrations: &[(OrgCode, SystemMigration)],
) -> TrackerSummary {
    let mut towns: Vec<&OrgCode> = municipalities
        .iter()
        .filter(|org| !org.is_prefecture())
        .collect();
    crate::sorting::sort(&mut towns);
    towns.dedup();
    // Inserted one by one: collecting would add a copy of the sort to the wasm.
    let mut by_key: BTreeMap<(&OrgCode, &str), &SystemMigration> = BTreeMap::new();
    for (org, migration) in migrations {
        by_key.insert((org, migration.system.as_str()), migration);
    }
    let status = |org: &OrgCode, system: &str, step: &str| {
        by_key
            .get(&(org, system))
            .map_or(Status::NotStarted, |migration| migration.status(step))
    };

    let mut per_town: Vec<StatusCounts> = vec![StatusCounts::default(); towns.len()];
    let mut overall = StatusCounts::default();
    let systems = systems()
        .iter()
        .map(|system| {
            let mut system_counts = StatusCounts::default();
            let steps = steps()
                .iter()
                .map(|step| {
                    let mut counts = StatusCounts::default();
                    for (town, town_counts) in towns.iter().zip(per_town.iter_mut()) {
                        let status = status(town, &system.id, &step.id);
                        counts.add(status);
                        town_counts.add(status);
                    }
                    system_counts.absorb(&counts);
                    StepProgress {
                        step_id: step.id.clone(),
                        counts,
                    }
                })
                .collect();
            overall.absorb(&system_counts);
            SystemProgress {
                system_id: system.id.clone(),
                steps,
                counts: system_counts,
            }
        })
        .collect();
    let municipalities = towns
        .into_iter()
        .zip(per_town)
        .map(|(org, counts)| MunicipalityProgress {
            org: org.clone(),
            counts,
        })
        .collect();
    TrackerSummary {
        systems,
        municipalities,
        overall,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> OrgCode {
        OrgCode::parse(text).expect("valid test code")
    }

    const IWATE: &str = "030007";
    const MORIOKA: &str = "032018";
    const MIYAKO: &str = "032026";
    const TONO: &str = "032085";

    fn migration(system: &str, steps: &[(&str, Status)]) -> SystemMigration {
        SystemMigration {
            steps: steps
                .iter()
                .map(|(step, status)| ((*step).to_owned(), *status))
                .collect(),
            ..SystemMigration::new(system)
        }
    }

    fn summary() -> TrackerSummary {
        let towns = [
            code(TONO),
            code(MORIOKA),
            code(MIYAKO),
            code(IWATE),
            code(TONO),
        ];
        let migrations = [
            (
                code(MORIOKA),
                migration(
                    "resident_registry",
                    &[("2-1", Status::Done), ("2-2", Status::InProgress)],
                ),
            ),
            (
                code(MIYAKO),
                migration(
                    "resident_registry",
                    &[("2-1", Status::WontDo), ("2-2", Status::Done)],
                ),
            ),
            (
                code(TONO),
                migration(
                    "resident_registry",
                    &[("2-1", Status::NotApplicable), ("2-2", Status::Done)],
                ),
            ),
            // Not a town of the list: ignored.
            (
                code("041009"),
                migration("resident_registry", &[("2-1", Status::Done)]),
            ),
        ];
        summarise(&towns, &migrations)
    }

    #[test]
    fn counts_per_system_and_step() {
        let summary = summary();
        assert_eq!(summary.systems.len(), 20);
        let registry = &summary.systems[0];
        assert_eq!(registry.system_id, "resident_registry");
        let step_2_1 = &registry.steps[0].counts;
        assert_eq!(step_2_1.counts, [0, 0, 1, 1, 1]);
        // Done 1 of (3 − 実施しない 1 − 対象外 1).
        assert_eq!(step_2_1.completion(), Rate::new(1, 1));
        assert_eq!(step_2_1.completion().percent(), Some(100.0));
        let step_2_2 = &registry.steps[1].counts;
        assert_eq!(step_2_2.counts, [0, 1, 2, 0, 0]);
        assert_eq!(step_2_2.completion().percent(), Some(66.7));
        // Steps nobody reported are 未着手 for all three towns.
        assert_eq!(registry.steps[8].counts.counts, [3, 0, 0, 0, 0]);
        assert_eq!(registry.counts.total(), 27);
        assert_eq!(registry.counts.completion(), Rate::new(3, 25));
        let pension = &summary.systems[19];
        assert_eq!(pension.counts.counts, [27, 0, 0, 0, 0]);
        assert_eq!(pension.counts.completion().percent(), Some(0.0));
    }

    #[test]
    fn completion_per_municipality_in_code_order() {
        let summary = summary();
        let orgs: Vec<&str> = summary
            .municipalities
            .iter()
            .map(|m| m.org.as_str())
            .collect();
        assert_eq!(orgs, [MORIOKA, MIYAKO, TONO]);
        let per_town = 20 * 9;
        let morioka = &summary.municipalities[0].counts;
        assert_eq!(morioka.total(), per_town);
        assert_eq!(morioka.completion(), Rate::new(1, per_town));
        let miyako = &summary.municipalities[1].counts;
        assert_eq!(miyako.completion(), Rate::new(1, per_town - 1));
        assert_eq!(summary.overall.total(), 3 * per_town);
        assert_eq!(summary.overall.get(Status::Done), 3);
        assert_eq!(summary.overall.completion(), Rate::new(3, 3 * per_town - 2));
    }

    #[test]
    fn only_exclusions_everywhere_leave_no_rate() {
        let mut counts = StatusCounts::default();
        counts.add(Status::WontDo);
        counts.add(Status::NotApplicable);
        assert_eq!(counts.completion(), Rate::new(0, 0));
        assert_eq!(counts.completion().percent(), None);
        assert_eq!(summarise(&[], &[]).overall.total(), 0);
    }
}
