//! What the tabs of one profile tell each other. One type for every message, so the app
//! carries one decoder.

use serde::{Deserialize, Serialize};
use tsunagu_core::merge::RecordKey;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TabMessage {
    /// The stored queue changed (a write, a renumbering): read it again.
    QueueChanged,
    /// A sync was stored: these records, the queue, the pull position and the refused list
    /// may have changed.
    Synced { records: Vec<RecordKey> },
    /// Everything may have changed (another connection, a first sync): read it all again.
    Reload,
    /// A tab wants the device synced (an edit, the user's button, a new connection).
    SyncWanted,
    /// The syncing tab's status, for the other tabs' sync bars; `error` in words.
    SyncStatus {
        syncing: bool,
        reachable: Option<bool>,
        error: Option<String>,
    },
}
