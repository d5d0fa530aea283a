//! A record's history for the history view: the server's, which is complete, when it answers;
//! otherwise the changes this device pulled (a device that started from a snapshot has only
//! the changes since).

use std::time::Duration;
use tsunagu_core::sorting;

use tsunagu_core::client::AppliedChange;
use tsunagu_core::merge::RecordKey;

use super::client;
use crate::state::Workspace;
use crate::storage::StorageError;

/// How long the history view waits for the server before it shows the local history.
const SERVER_TIMEOUT: Duration = Duration::from_secs(5);

/// Every change of `keys`, newest first.
pub async fn record_history(
    workspace: Workspace,
    keys: Vec<RecordKey>,
) -> Result<Vec<AppliedChange>, StorageError> {
    let mut changes = Vec::new();
    // After the server fails once, the other records use the local history at once.
    let mut server = workspace.connection_untracked();
    for key in keys {
        let from_server = match &server {
            Some(c) => client::history(&c.url, &c.token, &key, SERVER_TIMEOUT)
                .await
                .ok(),
            None => None,
        };
        match from_server {
            Some(entries) => changes.extend(entries.into_iter().map(AppliedChange::from)),
            None => {
                server = None;
                changes.extend(workspace.history(key).await?);
            }
        }
    }
    sorting::sort_by(&mut changes, |a, b| b.server_seq.cmp(&a.server_seq));
    Ok(changes)
}
