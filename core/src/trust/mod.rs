//! What a device trusts among the records it holds: a record's owner (fixed by the server at its
//! first write) and its id, never a field that claims an organisation, a survey or a parent.
//!
//! The server refuses writes whose fields or ids contradict the writer, but old data and a
//! misbehaving server must not let one town rename another, override a national taxonomy area,
//! put a survey into the prefecture's list or answer for another town. Every screen reads the
//! synced records through these functions, so each rule is written once and tested here. What
//! ids and fields may claim is the server's own rule (`access::id_contradiction`,
//! `access::field_contradiction`), checked again here; what each screen may take from whom is added
//! on top.
//!
//! - [`directory`]: `organisation` records whose id, owner and `code` agree;
//! - [`taxonomy`]: the built-in national areas plus the areas the prefecture owns;
//! - [`surveys`]: surveys owned by a prefecture, addressed to its own municipalities;
//! - [`responses`]: a town's answer only under its own id, owner and survey;
//! - [`links`]: a KPI's measure and a measure's plan share their owner;
//! - [`migrations`]: a town's standardisation progress only under its own id;
//! - [`cases`]: published cases only from the prefecture, reviews only under their derived id.

pub mod cases;
pub mod directory;
pub mod links;
pub mod migrations;
mod owner_claims;
pub mod responses;
pub mod surveys;
pub mod taxonomy;

#[cfg(test)]
pub(crate) mod test_records;

pub use cases::{published_cases, town_cases, trusted_case, trusted_cases, CaseRecord, TownCase};
pub use directory::{municipalities, organisation_directory, trusted_organisation};
pub use links::{is_kpi_of, is_measure_of};
pub use migrations::{trusted_migration, trusted_migrations};
pub use responses::{responses_to, trusted_response};
pub use surveys::{surveys, trusted_survey, SurveyRecord};
pub use taxonomy::taxonomy_areas;
