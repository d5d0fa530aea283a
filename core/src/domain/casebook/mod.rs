//! The casebook (横展開): cases of good practice in the shape of MIC's 自治体DX推進参考事例集
//! (point, overview, effects, cost, schedule, vendors, contact, interview), as records.
//!
//! Who writes what follows from ownership (docs/casebook.md):
//! - a town's **own case** (`<town>-case-<random>`, owned by the town) is its draft; submitting
//!   it sets `state` to `proposed` and counts up `round`. A town's case is never `returned` or
//!   `published` (`access::claims` refuses it).
//! - the prefecture's **review** of that case is a record the prefecture owns, under the id
//!   [`review_id`] derives from the town's (`<pref>-case-<town>-<random>`): `returned` with a
//!   `review_comment`, or `published` with the case's fields copied, and `reviewed_round` the
//!   round it answered. Only the prefecture can write it, so only the prefecture publishes,
//!   and a published case is read-only for everyone else.
//! - the prefecture's **own cases** (`<pref>-case-<random>`) are its drafts or published cases.
//! - the **national starter set** ([`national`]) ships with the app: MIC's cases, not records.
//!
//! Every town reads its prefecture's records, so published cases reach every town's device;
//! a town's proposal is read by the prefecture only.

mod cost;
mod from_measure;
mod messages;
mod model;
pub mod national;
mod readiness;
mod review;

pub use cost::{parse_yen, YenError};
pub use from_measure::draft_from_measure;
pub use messages::{problem_in_words, rule_in_japanese};
pub use model::{population_class_id, population_class_of, Case, CaseState, Vendor};
pub use readiness::{case_field_label, missing_to_propose, missing_to_publish};
pub use review::{
    case_state_of, is_review_id, review_id, reviewed_case_id, town_case_id, ProposalState,
};

/// The `state` field's values, as stored.
pub const STATES: [&str; 4] = ["draft", "proposed", "returned", "published"];

/// Population classes as stored (`org::PopulationClass`'s serde ids).
pub const POPULATION_CLASSES: [&str; 5] = [
    "under_10k",
    "10k_to_50k",
    "50k_to_100k",
    "100k_to_300k",
    "300k_and_over",
];

/// The largest cost a case states, in yen (one trillion: more than any municipal project).
pub const MAX_YEN: i64 = 1_000_000_000_000;
