//! The server side of the sync protocol, independent of where it runs: the worker's Durable
//! Object supplies a [`SyncStore`] on SQLite, the tests one in memory.

mod audience;
mod budget;
mod deadline;
mod engine;
mod lineage;
mod memory;
mod relay;
mod retention;
mod snapshot;
mod store;

pub use engine::{handle_sync, record_history};
pub use engine::{mutation_digest, KEPT_MUTATIONS_PER_CLIENT};
pub use lineage::{change_tag, check_lineage};
pub use memory::{MemoryStore, StoredSize};
pub use relay::relay_file;
pub use retention::{check_cursor_kept, compact, horizon_ms, Compaction, MIN_KEPT_FISCAL_YEARS};
pub use snapshot::{handle_snapshot, refresh_snapshots, refresh_stale_snapshots};
pub use store::{AppliedMutation, ClientBinding, StoreError, StoredSnapshot, SyncStore};
