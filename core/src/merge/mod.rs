//! The merge engine: every field of every record is a last-writer-wins register ordered by a
//! hybrid logical clock, with the losers nobody had seen kept as conflicts.
//!
//! The state of a field is a pure function of the *set* of versions written to it, so merging is
//! commutative, associative and idempotent: replicas that saw the same versions in any order, any
//! number of times, hold identical state.

mod clock;
mod field_name;
mod field_state;
mod hlc;
mod record;
mod seen;
mod split_store;
mod version;

pub use clock::{HlcClock, MAX_HLC_COUNTER};
pub use field_name::FieldName;
pub use field_state::{FieldState, MergeOutcome};
pub use hlc::Hlc;
pub use record::{FieldStates, RecordKey, RecordState, DELETED_FIELD};
pub use seen::Seen;
pub use split_store::SplitStore;
#[cfg(test)]
pub(crate) use version::{test_seen_version, test_version};
pub use version::{FieldVersion, VersionId};
