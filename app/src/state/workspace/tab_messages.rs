//! What the tabs of one profile tell each other about the data they stored, and how a tab
//! follows: it reads what changed from storage, never trusting a message's copy, so a late or
//! lost message only delays what it shows.

use leptos::prelude::*;
use tsunagu_core::merge::RecordKey;

use super::{LoadState, Workspace};
use crate::storage::StorageError;
use crate::tabs::TabMessage;

impl Workspace {
    pub(super) fn tell_tabs(self, message: &TabMessage) {
        if let Some(channel) = self.tabs.get_value() {
            channel.post(message);
        }
    }

    pub(super) fn on_tab_message(self, message: TabMessage) {
        if self.load_state.get_untracked() != LoadState::Ready {
            // Still loading: the load reads what the message is about.
            return;
        }
        leptos::task::spawn_local(async move {
            let followed = match message {
                TabMessage::QueueChanged => self.follow_queue().await,
                TabMessage::Synced { records } => self.follow_sync(&records).await,
                TabMessage::Reload => self.reload().await,
                // For the sync engine.
                TabMessage::SyncWanted | TabMessage::SyncStatus { .. } => Ok(()),
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

    /// Before this tab syncs for the device: if the stored pull position is not this tab's
    /// (another tab synced, and its last message never came), reads everything again;
    /// otherwise only the queue.
    pub(crate) async fn catch_up(self) -> Result<(), StorageError> {
        let (pending, meta) = self.local_store()?.read_queue().await?;
        let Some(meta) = meta else {
            return Ok(());
        };
        let behind = self
            .replica
            .with_value(|r| r.pull_position() != meta.pull_position());
        if behind {
            return self.reload().await;
        }
        self.replica.update_value(|r| r.set_queue(pending, &meta));
        self.revision.update(|r| *r += 1);
        Ok(())
    }

    /// Reads the whole replica again, as a new tab would, when another tab changed everything.
    pub(crate) async fn reload(self) -> Result<(), StorageError> {
        let store = self.local_store()?;
        self.read_stored(&store, false).await?;
        self.reloads.update(|r| *r += 1);
        Ok(())
    }
}
