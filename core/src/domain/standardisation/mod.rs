//! System standardisation (自治体情報システムの標準化・共通化): the 20 business systems every
//! municipality moves to standard-compliant systems, the migration steps progress is reported
//! by, each municipality's progress per system, and the prefecture's aggregate view.

mod catalog;
mod migration;
mod table;
mod tracker;

pub use catalog::{
    step, step_ids, steps, system, system_ids, systems, BusinessSystem, MigrationStep,
};
pub use migration::{migration_id, SystemMigration, STEP_FIELD_PREFIX};
pub use table::tracker_table;
pub use tracker::{
    summarise, MunicipalityProgress, StatusCounts, StepProgress, SystemProgress, TrackerSummary,
};
