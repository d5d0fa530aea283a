//! Standardisation progress: a `system_migration` record counts for town T's system X only
//! under T's own id for X (`std-X-T`) and owned by T, so a town cannot report, or block, another
//! town's progress.

use super::owner_claims::claims_agree;
use crate::client::RecordView;
use crate::domain::{RecordKind, SystemMigration};
use crate::org::OrgCode;

/// The town and its progress on one system, when `view` is a trusted migration record.
pub fn trusted_migration(view: &RecordView) -> Option<(OrgCode, SystemMigration)> {
    if view.key.kind != RecordKind::SystemMigration || !claims_agree(view, &["system"]) {
        return None;
    }
    let migration = SystemMigration::from_fields(&view.values).ok()?;
    Some((view.org.clone(), migration))
}

/// Every trusted migration record among `views`, with its town.
pub fn trusted_migrations(views: &[RecordView]) -> Vec<(OrgCode, SystemMigration)> {
    views.iter().filter_map(trusted_migration).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::standardisation::migration_id;
    use crate::trust::test_records::{code, record, MORIOKA, TONO};

    fn migration(id: &str, owner: &str, system: &str) -> RecordView {
        let fields = SystemMigration::new(system).to_fields();
        record(RecordKind::SystemMigration, id, owner, fields)
    }

    #[test]
    fn a_migration_counts_only_under_its_owners_id_for_its_system() {
        let tono_id = migration_id("resident_registry", &code(TONO));
        let records = [
            migration(&tono_id, TONO, "resident_registry"),
            // Morioka writing under Tono's id.
            migration(&tono_id, MORIOKA, "resident_registry"),
            // Tono's record for one system claiming another.
            migration(&tono_id, TONO, "family_register"),
            migration("free-form", TONO, "resident_registry"),
        ];
        let trusted = trusted_migrations(&records);
        assert_eq!(trusted.len(), 1);
        assert_eq!(trusted[0].0, code(TONO));
        assert_eq!(trusted[0].1.system, "resident_registry");
    }
}
