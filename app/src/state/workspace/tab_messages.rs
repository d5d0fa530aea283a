//! What the tabs of one profile tell each other about the data they stored, and how a tab
//! follows: it reads what changed from storage, never trusting a message's copy, so a late or
//! lost message only delays what it shows.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use tsunagu_core::client::ClientReplica;
use tsunagu_core::merge::RecordKey;

use super::{LoadState, Workspace};
use crate::storage::StorageError;

/// The channel's name (one per database).
pub(super) const CHANNEL: &str = "tsunagu-data";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum DataMessage {
    /// The stored queue changed (a write, a renumbering): read it again.
    QueueChanged,
    /// A sync was stored: these records, the queue, the pull position and the refused list
    /// may have changed.
    Synced { records: Vec<RecordKey> },
    /// Everything may have changed (another connection, a first sync): read it all again.
    Reload,
}

impl Workspace {
    pub(super) fn tell_tabs(self, message: &DataMessage) {
        if let Some(channel) = self.tabs.get_value() {
            channel.post(message);
        }
    }

    pub(super) fn on_tab_message(self, message: DataMessage) {
        if self.load_state.get_untracked() != LoadState::Ready {
            // Still loading: the load reads what the message is about.
            return;
        }
        leptos::task::spawn_local(async move {
            let followed = match message {
                DataMessage::QueueChanged => self.follow_queue().await,
                DataMessage::Synced { records } => self.follow_sync(&records).await,
                DataMessage::Reload => self.reload().await,
            };
            if let Err(error) = followed {
                self.save_error.set(Some(error));
            }
        });
    }

    async fn follow_queue(self) -> Result<(), StorageError> {
        let (pending, meta) = self.local_store()?.read_queue().await?;
        if let Some(meta) = meta {
            self.replica.update_value(|r| r.set_queue(pending, &meta));
            self.revision.update(|r| *r += 1);
            self.summary_inputs.update(|r| *r += 1);
        }
        Ok(())
    }

    async fn follow_sync(self, keys: &[RecordKey]) -> Result<(), StorageError> {
        let store = self.local_store()?;
        let records = store.read_records(keys).await?;
        let (pending, meta) = store.read_queue().await?;
        let last_sync = store.load_last_sync().await?;
        self.replica.update_value(|r| {
            for record in records {
                r.put_record(record);
            }
            if let Some(meta) = &meta {
                r.set_pull_position(meta);
                r.set_queue(pending, meta);
            }
        });
        self.reload_refused().await?;
        if last_sync.is_some() {
            self.last_sync.set(last_sync);
        }
        self.revision.update(|r| *r += 1);
        self.summary_inputs.update(|r| *r += 1);
        Ok(())
    }

    /// Reads the whole replica again, as a new tab would: when another tab changed everything,
    /// and when this tab takes over syncing (it may have missed a message).
    pub(crate) async fn reload(self) -> Result<(), StorageError> {
        let store = self.local_store()?;
        let loaded = store.load().await?;
        let refused = store.load_refused().await?;
        let replica = match loaded.meta {
            Some(meta) => ClientReplica::restore(meta, loaded.records, loaded.pending),
            None => ClientReplica::new(super::new_client_id()),
        };
        self.replica.set_value(replica);
        self.refused.set(refused);
        if self.connection.get_untracked() != loaded.connection {
            self.connection.set(loaded.connection);
        }
        self.last_sync.set(loaded.last_sync_ms);
        self.revision.update(|r| *r += 1);
        self.summary_inputs.update(|r| *r += 1);
        self.reloads.update(|r| *r += 1);
        Ok(())
    }
}
