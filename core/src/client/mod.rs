//! A client replica: what a browser (or any device) keeps between syncs.
//!
//! The synced state holds only versions that came back from the server's log, so every client
//! that has pulled the same log holds the same state as the server, byte for byte. The user's
//! own writes wait in `pending` until acknowledged and are shown on top of the synced state.

mod batch;
mod bootstrap;
mod effects;
mod lineage;
mod queue;
mod queue_rows;
mod record_table;
mod replica;
mod trash;
mod view;

pub use batch::{batch_stamps, Edit};
pub use bootstrap::{PullPosition, SnapshotTaken};
pub use effects::{AppliedChange, Bootstrap, RejectedWrite, ReplicaMeta, SyncEffects};
pub use queue::{is_oversized, next_push, settle, sort_by_seq, SettledQueue};
pub use queue_rows::{
    queue_of, row_changes, row_writes, rows_of, QueueRow, RowChanges, ROW_WRITES,
};
pub use replica::{ClientReplica, FieldKey};
pub use trash::DeletedRecord;
pub use view::{FieldConflict, RecordView};
