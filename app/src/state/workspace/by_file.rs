//! Sync by file (issue 26, `core::sync_file`): what the 「ファイルで同期」 screen asks of the
//! workspace: the queue and pull position a file is written from, and a return file's sync
//! response taken in exactly as a sync's (`take_response`: the same merge and the same
//! settling of the stored queue), and when data last came in by file.

use leptos::prelude::*;
use tsunagu_core::protocol::{SyncRequest, SyncResponse, PROTOCOL_VERSION};

use super::{now_ms, Workspace};
use crate::storage::{self as settings, StorageError};

/// Where the time data last came in by file is kept (localStorage: a fact for the sync bar).
const LAST_BY_FILE_KEY: &str = "tsunagu.last_by_file";

impl Workspace {
    /// What a file of this device carries: the sync request it would send (client id, pull
    /// position), with every unsent write, oldest first.
    pub(crate) fn file_source(self) -> SyncRequest {
        self.replica.with_value(|r| {
            let meta = r.meta();
            SyncRequest {
                protocol: PROTOCOL_VERSION,
                client_id: meta.client_id,
                cursor: meta.cursor,
                mutations: r.pending().to_vec(),
                page_size: None,
                epoch: meta.epoch,
                cursor_tag: meta.cursor_tag,
            }
        })
    }

    /// Takes in a checked return file's sync response (`json`), which acknowledged this
    /// device's writes up to `acked_through`; returns how many changes it merged and how many
    /// writes it settled. Taking the same file in again changes nothing.
    pub(crate) async fn take_return_file(
        self,
        json: &str,
        acked_through: u64,
    ) -> Result<(usize, usize), StorageError> {
        let mut response: SyncResponse = serde_json::from_str(json)
            .map_err(|e| StorageError::Corrupt(format!("return file: {e}")))?;
        // What `take_response` reads of the request it answers: the client id and the writes
        // sent (here, those the file carried that the server acknowledged).
        let mut request = self.file_source();
        request.mutations.retain(|m| m.seq <= acked_through);
        let settled = request.mutations.len();
        let cursor = self.replica.with_value(|r| r.cursor());
        let changes = response.changes.iter().filter(|c| c.seq > cursor).count();
        self.take_response(&request, &mut response).await?;
        // When it came in (the return file says when the server wrote it).
        let at_ms = now_ms();
        let _ = settings::set(LAST_BY_FILE_KEY, &at_ms.to_string());
        self.last_by_file.set(Some(at_ms));
        Ok((changes, settled))
    }

    /// When data last came in by file on this device (reactive).
    pub fn last_by_file(self) -> Option<u64> {
        self.last_by_file.get()
    }

    pub(crate) fn stored_last_by_file() -> Option<u64> {
        settings::get(LAST_BY_FILE_KEY)
            .ok()
            .flatten()
            .and_then(|text| text.parse().ok())
    }
}
