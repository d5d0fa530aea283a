//! What the sync engine asks of the workspace: the next request, and taking in what the server
//! answered, stored before it is shown. Only the tab that leads the device's sync calls these.

use leptos::prelude::*;
use tsunagu_core::client::is_oversized;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::protocol::{
    Mutation, Rejection, RejectionCode, SnapshotRequest, SyncRequest, SyncResponse,
    MAX_MUTATION_BYTES, MAX_PAGE_SIZE,
};

use super::{feeds_summaries, mark, new_client_id, now_ms, Workspace};
use crate::storage::{QueueChange, StorageError};
use crate::sync::{client, SyncError};
use crate::tabs::TabMessage;

/// Records per page of the first sync's snapshot (about 1.8 MB of JSON): the next page is
/// fetched while one is decoded and stored, and decoding one blocks the main thread
/// for about 0.1 s. Pages of 5,000 were no faster in the benchmark and block twice as long.
pub(crate) const SNAPSHOT_PAGE_RECORDS: u32 = 2500;

/// Past this many changed records, the other tabs read everything again rather than each.
const MAX_RECORDS_TOLD: usize = 2000;

impl Workspace {
    /// Reads the stored queue, the authority on what is unsent (other tabs add to it), and sets
    /// aside writes too large for any push.
    pub(crate) async fn refresh_queue(self) -> Result<(), StorageError> {
        let store = self.local_store()?;
        let (pending, meta) = store.read_queue().await?;
        let Some(meta) = meta else {
            return Ok(());
        };
        if pending.iter().any(is_oversized) {
            return self
                .rewrite_queue(Box::new(|pending, _| {
                    let (too_large, rest): (Vec<_>, Vec<_>) =
                        std::mem::take(pending).into_iter().partition(is_oversized);
                    *pending = rest;
                    too_large.into_iter().map(refused_as_too_large).collect()
                }))
                .await;
        }
        self.replica.update_value(|r| r.set_queue(pending, &meta));
        self.revision.update(|r| *r += 1);
        Ok(())
    }

    /// The next sync request: the oldest stored writes that fit in one push (none when
    /// `push` is false: a pull only) and the cursor.
    pub(crate) fn sync_request(self, push: bool) -> SyncRequest {
        // The largest page: a first sync of a prefecture is hundreds of thousands of versions.
        let mut request = self.replica.with_value(|r| r.request(Some(MAX_PAGE_SIZE)));
        if !push {
            request.mutations.clear();
        }
        request
    }

    /// The server applied fewer of this device's writes than the device numbered (a sequence
    /// gap): the writes above `last_applied` are numbered again from there.
    pub(crate) async fn renumber_after(self, last_applied: u64) -> Result<(), StorageError> {
        self.rewrite_queue(Box::new(move |pending, meta| {
            meta.renumber_after(pending, last_applied);
            Vec::new()
        }))
        .await
    }

    /// The client id belongs to another token (the user's token was rotated): the queue goes
    /// out again under a new id.
    pub(crate) async fn restart_stream(self) -> Result<(), StorageError> {
        let id = new_client_id();
        self.rewrite_queue(Box::new(move |pending, meta| {
            meta.restart_stream(pending, id);
            Vec::new()
        }))
        .await
    }

    /// The server's data is not what this device pulled (a backup was put back, the store was
    /// made anew: `store_replaced`), or no longer holds every change since it last pulled
    /// (`resync_required`): the device forgets its synced records and takes a fresh snapshot
    /// on the next sync; its unsent writes stay queued, and with `resend_own` its own writes
    /// that had won go out again, so none a restore lost vanishes.
    pub(crate) async fn start_over(self, resend_own: bool) -> Result<(), StorageError> {
        let store = self.local_store()?;
        let (again, fallback) = self.replica.with_value(|r| {
            let again = if resend_own {
                r.own_winning_writes()
            } else {
                Vec::new()
            };
            (again, r.meta())
        });
        let (pending, meta) = store.start_over(&fallback, again).await?;
        self.replica.update_value(|r| {
            r.forget_synced();
            r.set_queue(pending, &meta);
        });
        self.revision.update(|r| *r += 1);
        self.summary_inputs.update(|r| *r += 1);
        self.tell_tabs(&TabMessage::Reload);
        Ok(())
    }

    async fn rewrite_queue(self, change: QueueChange<'static>) -> Result<(), StorageError> {
        let store = self.local_store()?;
        let fallback = self.replica.with_value(|r| r.meta());
        let (pending, meta) = store
            .rewrite_queue(&fallback, now_ms(), &[], change)
            .await?;
        self.replica.update_value(|r| r.set_queue(pending, &meta));
        self.reload_refused().await?;
        self.revision.update(|r| *r += 1);
        self.tell_tabs(&TabMessage::QueueChanged);
        Ok(())
    }

    /// The next page of the first sync's snapshot, while the replica still needs one.
    pub(crate) fn snapshot_request(self) -> Option<SnapshotRequest> {
        self.replica
            .with_value(|r| r.snapshot_request(Some(SNAPSHOT_PAGE_RECORDS)))
    }

    /// Decodes and merges a snapshot page (`json`, the response to the request after `after`)
    /// and stores it: the page as one row, plus the merged state of any record this device
    /// already held. The browser writes the page while it is decoded.
    pub(crate) async fn take_snapshot(
        self,
        after: Option<&RecordKey>,
        json: &[u8],
    ) -> Result<(), SyncError> {
        let store = self.local_store()?;
        let mut taken = None;
        let merge = || {
            let page = client::decode_snapshot(json)?;
            let last_page = page.next.is_none();
            let merged = self.replica.try_update_value(|r| {
                let before = r.pull_position();
                let changed = r.apply_snapshot(page);
                let updated: Vec<_> = changed
                    .updated
                    .iter()
                    .filter_map(|key| r.record(key).cloned())
                    .collect();
                taken = Some((before, !changed.is_empty(), last_page));
                (updated, r.meta())
            });
            // The initial-sync benchmark splits each page's transaction here: before, the put
            // and the decoding and merging; after, the records' writes and the commit.
            mark("tsunagu:page-merged");
            merged.ok_or(SyncError::Storage(StorageError::NotOpen))
        };
        let saved = store.save_snapshot_page(after, json, merge).await;
        let Some((before, changed, last_page)) = taken else {
            return saved;
        };
        if let Err(error) = saved {
            self.replica.update_value(|r| r.rewind_pull(before));
            return Err(error);
        }
        if changed {
            self.revision.update(|r| *r += 1);
            self.summary_inputs.update(|r| *r += 1);
        }
        if last_page {
            // The other tabs read the snapshot's pages, as a new tab would.
            self.tell_tabs(&TabMessage::Reload);
            // The initial-sync benchmark (tests/bench/dashboard.mjs) times up to here.
            mark("tsunagu:snapshot-done");
        }
        Ok(())
    }

    /// Merges a sync response and stores its effects with the settled queue (`request`: the
    /// push it answers); returns whether more is waiting. The response's changes are moved
    /// into the effects (it is left without them).
    pub(crate) async fn take_response(
        self,
        request: &SyncRequest,
        response: &mut SyncResponse,
    ) -> Result<bool, StorageError> {
        let sent: Vec<u64> = request.mutations.iter().map(|m| m.seq).collect();
        let store = self.local_store()?;
        let Some((effects, records, synced, before)) = self.replica.try_update_value(|r| {
            let before = r.pull_position();
            let effects = r.apply_changes(response);
            let records: Vec<_> = effects
                .changed_records
                .iter()
                .filter_map(|key| r.record(key).cloned())
                .collect();
            (effects, records, r.meta(), before)
        }) else {
            return Ok(false);
        };
        let saved = store
            .save_sync(
                &request.client_id,
                &sent,
                response,
                &effects.applied,
                &records,
                &synced,
                now_ms(),
            )
            .await;
        let saved = match saved {
            Ok(saved) => saved,
            Err(error) => {
                self.replica.update_value(|r| r.rewind_pull(before));
                return Err(error);
            }
        };
        let queue = saved.queue;
        let queue_changed = !queue.removed.is_empty() || queue.renumbered;
        let pending_left = !queue.pending.is_empty();
        self.replica
            .update_value(|r| r.set_queue(queue.pending, &saved.meta));
        if !queue.refused.is_empty() {
            self.reload_refused().await?;
        }
        if queue_changed || !effects.changed_records.is_empty() {
            self.revision.update(|r| *r += 1);
            let records: Vec<RecordKey> = effects.changed_records.to_vec();
            self.tell_tabs(&if records.len() > MAX_RECORDS_TOLD {
                TabMessage::Reload
            } else {
                TabMessage::Synced { records }
            });
        }
        if effects
            .changed_records
            .iter()
            .any(|key| feeds_summaries(key.kind))
        {
            self.summary_inputs.update(|r| *r += 1);
        }
        Ok(response.has_more || (pending_left && !sent.is_empty()))
    }
}

/// A write set aside because no push could carry it.
fn refused_as_too_large(mutation: Mutation) -> (Mutation, Rejection) {
    let rejection = Rejection::new(
        mutation.seq,
        RejectionCode::TooLarge,
        format!("value: one write may be at most {MAX_MUTATION_BYTES} bytes"),
    );
    (mutation, rejection)
}
