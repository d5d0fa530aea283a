//! The domain model of a municipal DX plan: plans, measures, KPIs, the taxonomy of areas, the
//! four-step maturity checklist, prefectural surveys, system standardisation progress, and the
//! field schema all records are synchronised under.
//!
//! Each model has two shapes: a typed struct for the app (serde, snake_case field names), and a
//! flat field map for sync ([`schema`]); `to_fields` / `from_fields` convert between them, and
//! `validate()` applies the schema's rules plus the rules that span fields.

pub mod casebook;
pub mod checklist;
pub mod fields;
pub mod items;
pub mod kpi;
pub mod measure;
pub mod plan;
pub mod rate;
pub mod record_kind;
pub mod schema;
pub mod standardisation;
pub mod status;
pub mod survey;
pub mod taxonomy;

pub use checklist::{Step, StepChecklist, StepEntry};
pub use fields::Fields;
pub use kpi::{Kpi, KpiSeries};
pub use measure::Measure;
pub use plan::{BasicPolicy, Plan};
pub use rate::Rate;
pub use record_kind::{RecordKind, UnknownRecordKind};
pub use schema::{is_valid_record_id, validate_field, validate_record, validate_record_id};
pub use standardisation::SystemMigration;
pub use status::{Status, UnknownStatus};
pub use survey::{Survey, SurveyResponse};
pub use taxonomy::{AreaSource, TaxonomyArea, TaxonomyError};
