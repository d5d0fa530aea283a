//! The device's refused writes: kept in storage until the user exports or discards them.

use super::Workspace;
use crate::storage::{RefusedWrite, StorageError};
use crate::tabs::TabMessage;
use leptos::prelude::*;

impl Workspace {
    /// Writes the server refused, oldest first (reactive).
    pub fn refused(self) -> Vec<RefusedWrite> {
        self.refused.get()
    }

    pub fn refused_count(self) -> usize {
        self.refused.with(Vec::len)
    }

    /// Forgets the refused writes with these keys ([`RefusedWrite::key`]).
    pub async fn discard_refused(self, keys: Vec<String>) -> Result<(), StorageError> {
        self.local_store()?.discard_refused(&keys).await?;
        self.refused
            .update(|list| list.retain(|row| !keys.contains(&row.key())));
        self.tell_tabs(&TabMessage::Synced {
            records: Vec::new(),
        });
        Ok(())
    }

    pub(super) async fn reload_refused(self) -> Result<(), StorageError> {
        let refused = self.local_store()?.load_refused().await?;
        if self.refused.with_untracked(|list| *list != refused) {
            self.refused.set(refused);
        }
        Ok(())
    }
}
