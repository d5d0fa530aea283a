//! The device's queue of unsent writes as it is stored, shared by every tab of a browser
//! profile. Each function here is what one storage transaction does to the stored queue and
//! meta row, so two tabs never take the same sequence number or timestamp, and what a tab
//! held only in memory never overwrites what another stored.

use super::{RejectedWrite, ReplicaMeta};
use crate::merge::{Hlc, HlcClock};
use crate::protocol::{encoded_len, Mutation, SyncResponse, MAX_MUTATION_BYTES, MAX_PUSH_BYTES};
use std::sync::Arc;

/// What taking in a sync response did to the stored queue.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SettledQueue {
    /// The queue after the response: what is still to be sent, in order.
    pub pending: Vec<Mutation>,
    /// Sequence numbers of stored rows to delete (acknowledged, refused, or renumbered).
    pub removed: Vec<u64>,
    /// Writes the server refused: kept in the device's refused list, not lost.
    pub refused: Vec<RejectedWrite>,
    /// The queue was renumbered: every row of `pending` is written again.
    pub renumbered: bool,
}

impl ReplicaMeta {
    /// Gives a write made in memory its place in the stored queue: the next sequence number,
    /// and a timestamp after every one this device issued or saw (another tab's included).
    /// The write keeps its own timestamp when that is already later.
    pub fn assign(&mut self, draft: &Mutation) -> Mutation {
        let replica = self.client_id.as_str().into();
        self.assign_as(draft, &replica)
    }

    /// [`ReplicaMeta::assign`] with the client id as a shared name: a batch's writes share one.
    pub(super) fn assign_as(&mut self, draft: &Mutation, replica: &Arc<str>) -> Mutation {
        let mut mutation = draft.clone();
        self.assign_in_place(&mut mutation, replica);
        mutation
    }

    /// [`ReplicaMeta::assign_as`] on the draft itself, not a copy.
    pub(super) fn assign_in_place(&mut self, write: &mut Mutation, replica: &Arc<str>) {
        let stamp = &write.hlc;
        let hlc = if (stamp.wall_ms, stamp.counter) > (self.clock.wall_ms, self.clock.counter) {
            Hlc::new(stamp.wall_ms, stamp.counter, replica.clone())
        } else {
            HlcClock::resume(replica.clone(), Some(&self.clock)).tick(stamp.wall_ms)
        };
        write.seq = self.next_seq;
        write.hlc = hlc.clone();
        self.next_seq += 1;
        self.clock = hlc;
    }

    /// Takes in what the sync that held this meta learnt (cursor, bootstrap) while keeping the
    /// stored sequence and clock, which other tabs may have moved on.
    pub fn merge_progress(&mut self, synced: &ReplicaMeta) {
        self.cursor = synced.cursor;
        self.bootstrap = synced.bootstrap.clone();
        self.epoch = synced.epoch.clone();
        self.cursor_tag = synced.cursor_tag.clone();
        if synced.clock > self.clock {
            self.clock = Hlc::new(
                synced.clock.wall_ms,
                synced.clock.counter,
                self.client_id.as_str(),
            );
        }
    }

    /// Numbers again the writes of the queue above `last_applied` (the server's count for this
    /// client), from `last_applied + 1` in their order: the device's numbering ran ahead of
    /// the server's (a sequence gap). Writes at or below it keep their numbers: the server
    /// tells a retry of those from a different write by its digest.
    pub fn renumber_after(&mut self, pending: &mut [Mutation], last_applied: u64) {
        sort_by_seq(pending);
        let mut next = last_applied + 1;
        for mutation in pending.iter_mut().filter(|m| m.seq > last_applied) {
            mutation.seq = next;
            next += 1;
        }
        self.next_seq = next.max(pending.last().map_or(0, |m| m.seq + 1));
    }

    /// Starts a new stream under `client_id` (the old one belongs to another token): the
    /// queue is sent again from 1 under the new id, with timestamps of the new id.
    pub fn restart_stream(&mut self, pending: &mut [Mutation], client_id: String) {
        let replica: Arc<str> = client_id.as_str().into();
        sort_by_seq(pending);
        for (offset, mutation) in pending.iter_mut().enumerate() {
            mutation.seq = offset as u64 + 1;
            mutation.hlc.replica = replica.clone();
        }
        self.client_id = client_id;
        self.clock.replica = replica;
        self.next_seq = pending.len() as u64 + 1;
    }
}

/// Takes a sync response into the stored queue: drops what the server acknowledged, sets aside
/// what it refused, and numbers again what it asked to be sent again. `pending` is the stored
/// queue as read in the same transaction (it may hold other tabs' writes the syncing tab never
/// saw); `sent` the sequence numbers the push carried.
pub fn settle(
    mut pending: Vec<Mutation>,
    meta: &mut ReplicaMeta,
    sent: &[u64],
    response: &SyncResponse,
) -> SettledQueue {
    sort_by_seq(&mut pending);
    let mut settled = SettledQueue::default();
    let mut resend = Vec::new();
    pending.retain(|mutation| {
        if !sent.contains(&mutation.seq) {
            return true;
        }
        let rejection = response.rejected.iter().find(|r| r.seq == mutation.seq);
        let keep = match rejection {
            Some(rejection) if rejection.code.is_resendable() => {
                resend.push(mutation.clone());
                false
            }
            Some(rejection) => {
                settled.refused.push(RejectedWrite {
                    rejection: rejection.clone(),
                    mutation: Some(mutation.clone()),
                });
                false
            }
            // Sent, and the server counts past it: stored (or a retry of what was).
            None => mutation.seq > response.acked_through,
        };
        if !keep {
            settled.removed.push(mutation.seq);
        }
        keep
    });
    if !resend.is_empty() {
        // After everything queued: no number the server holds, and no gap.
        let first = pending
            .last()
            .map_or(0, |m| m.seq)
            .max(response.acked_through)
            + 1;
        for (offset, mutation) in resend.iter_mut().enumerate() {
            mutation.seq = first + offset as u64;
        }
        meta.next_seq = meta.next_seq.max(first + resend.len() as u64);
        pending.extend(resend);
        settled.renumbered = true;
    }
    settled.pending = pending;
    settled
}

/// Puts a queue in sequence order (numbers are unique within a queue). One sort for every
/// queue, so the wasm carries one copy of it.
pub fn sort_by_seq(queue: &mut [Mutation]) {
    queue.sort_unstable_by_key(|m| m.seq);
}

/// The oldest pending writes that fit in one push: at most `max_count`, and at most
/// [`MAX_PUSH_BYTES`] of them as JSON (always the first one, so a push makes progress).
pub fn next_push(pending: &[Mutation], max_count: usize) -> Vec<Mutation> {
    let mut bytes = 0;
    let mut push = Vec::new();
    for mutation in pending.iter().take(max_count) {
        bytes += encoded_len(mutation);
        if !push.is_empty() && bytes > MAX_PUSH_BYTES {
            break;
        }
        push.push(mutation.clone());
    }
    push
}

/// A write too large for any push: the device keeps it in its refused list instead of sending
/// it, since a push carrying it would be refused whole, every time.
pub fn is_oversized(mutation: &Mutation) -> bool {
    encoded_len(&mutation.value) > MAX_MUTATION_BYTES
}
