//! Starting over when the server's data is not what the device pulled (`store_replaced`: a
//! backup put back, a store re-created). The device forgets its synced records and takes a
//! fresh snapshot; its unsent writes stay queued, and its own writes that had won in the
//! records it forgets are queued again (with their original timestamps), so a write the
//! restore lost comes back instead of vanishing. One the server still has merges into the same
//! value (the log records it once more; no one sees a conflict, since the value is the same).

use super::{ClientReplica, ReplicaMeta};
use crate::client::Bootstrap;
use crate::protocol::Mutation;

impl ClientReplica {
    /// Forgets the synced records and the pull position, keeping the queue; returns this
    /// device's own winning versions of the records it forgot, as writes to queue again (their
    /// sequence numbers are given by [`ReplicaMeta::start_over`]).
    pub fn start_over(&mut self) -> Vec<Mutation> {
        let again = self.own_winning_writes();
        self.forget_synced();
        again
    }

    /// The fields whose merged value this device wrote (under its current client id), as
    /// writes with their original timestamps; none for a field with a queued write, which
    /// goes out anyway and is newer.
    pub fn own_winning_writes(&self) -> Vec<Mutation> {
        let client_id = self.client_id();
        let mut again = Vec::new();
        for record in self.records.values() {
            for (field, state) in &record.fields {
                let winner = &state.winner;
                let queued = self.pending.iter().any(|m| {
                    m.kind == record.key.kind
                        && m.record_id == record.key.id
                        && *m.field == *field.as_ref()
                });
                if *winner.hlc.replica != *client_id || queued {
                    continue;
                }
                again.push(Mutation {
                    seq: 0,
                    kind: record.key.kind,
                    record_id: record.key.id.clone(),
                    org: record.org.clone(),
                    field: field.to_string(),
                    value: winner.value.clone(),
                    hlc: winner.hlc.clone(),
                    base: winner.base.clone(),
                    seen: winner.seen.clone(),
                });
            }
        }
        again
    }

    /// Drops the synced records and goes back to a new device's pull position (the queue
    /// stays).
    pub fn forget_synced(&mut self) {
        self.records.clear();
        self.cursor = 0;
        self.bootstrap = Bootstrap::Needed;
        self.epoch = None;
        self.cursor_tag = None;
    }

    /// [`ClientReplica::start_over`] for a replica that is its own store: the writes to send
    /// again join the queue at once.
    pub fn start_over_and_queue(&mut self) {
        let again = self.start_over();
        let mut meta = self.meta();
        let mut pending = std::mem::take(&mut self.pending);
        meta.start_over(&mut pending, again);
        self.set_queue(pending, &meta);
    }
}

impl ReplicaMeta {
    /// The stored side of [`ClientReplica::start_over`]: the pull position goes back to a new
    /// device's, and `again` joins the end of `pending` under the next sequence numbers.
    pub fn start_over(&mut self, pending: &mut Vec<Mutation>, again: Vec<Mutation>) {
        for mutation in again {
            pending.push(Mutation {
                seq: self.next_seq,
                ..mutation
            });
            self.next_seq += 1;
        }
        self.cursor = 0;
        self.bootstrap = Bootstrap::Needed;
        self.epoch = None;
        self.cursor_tag = None;
    }
}
