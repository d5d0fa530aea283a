//! Taking in the first sync's snapshot pages (see `protocol::snapshot`).

use super::{Bootstrap, ClientReplica, ReplicaMeta};
use crate::merge::RecordKey;
use crate::protocol::{SnapshotRequest, SnapshotResponse, PROTOCOL_VERSION};

/// What a snapshot page changed in a replica.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SnapshotTaken {
    /// How many of the page's records the replica did not hold.
    pub added: usize,
    /// The records it held whose state changed: a device stores these again (the new ones are
    /// in the page it stores).
    pub updated: Vec<RecordKey>,
}

impl SnapshotTaken {
    /// How many records changed.
    pub fn len(&self) -> usize {
        self.added + self.updated.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl ClientReplica {
    /// The next snapshot page to ask for, or `None` once the replica pulls the log instead:
    /// after the last page, or on a replica that pulled the log before snapshots existed.
    pub fn snapshot_request(&self, limit: Option<u32>) -> Option<SnapshotRequest> {
        let after = match &self.bootstrap {
            Bootstrap::Needed if self.cursor == 0 => None,
            Bootstrap::InProgress { after, .. } => Some(after.clone()),
            Bootstrap::Needed | Bootstrap::Done => return None,
        };
        Some(SnapshotRequest {
            protocol: PROTOCOL_VERSION,
            // The first page's store: a later page from another one is refused.
            epoch: after.as_ref().and(self.epoch.clone()),
            after,
            limit,
        })
    }

    /// Merges one snapshot page and advances the bootstrap; returns what changed.
    /// Taking in the same page twice changes nothing more.
    pub fn apply_snapshot(&mut self, page: SnapshotResponse) -> SnapshotTaken {
        let mut changed = SnapshotTaken::default();
        for incoming in page.records {
            for state in incoming.fields.values() {
                self.clock.observe(&state.winner.hlc);
            }
            match self.records.get_mut(&incoming.key) {
                None => {
                    changed.added += 1;
                    self.records.insert(incoming);
                }
                Some(record) => {
                    let mut any = false;
                    for (field, state) in &incoming.fields {
                        any |= match record.fields.get_mut(field) {
                            Some(existing) => existing.absorb(state),
                            None => {
                                record.fields.insert(field.clone(), state.clone());
                                true
                            }
                        };
                    }
                    if any {
                        changed.updated.push(incoming.key);
                    }
                }
            }
        }
        // The log is pulled from the earliest page's position: later pages may hold newer
        // states, and pulling those changes again merges nothing twice. A page arriving after
        // the last one (a retried request) must not move the cursor past changes of records
        // it does not hold.
        let as_of = match &self.bootstrap {
            Bootstrap::InProgress { as_of, .. } => (*as_of).min(page.as_of),
            Bootstrap::Needed => page.as_of,
            Bootstrap::Done => return changed,
        };
        if matches!(self.bootstrap, Bootstrap::Needed) || page.as_of == as_of {
            // The tag of the position the log is pulled from once the snapshot is whole.
            self.cursor_tag = page.as_of_tag.clone();
        }
        if page.epoch.is_some() {
            self.epoch = page.epoch.clone();
        }
        self.bootstrap = match page.next {
            Some(after) => Bootstrap::InProgress { as_of, after },
            None => {
                self.cursor = self.cursor.max(as_of);
                Bootstrap::Done
            }
        };
        changed
    }

    pub fn bootstrap(&self) -> &Bootstrap {
        &self.bootstrap
    }

    /// Where the replica stands in the server's data: the log cursor, the bootstrap, and the
    /// store they belong to.
    pub fn pull_position(&self) -> PullPosition {
        PullPosition::of(self.cursor, &self.bootstrap, &self.epoch, &self.cursor_tag)
    }

    /// Goes back to an earlier [`ClientReplica::pull_position`] when what was taken in since
    /// could not be stored: the next sync asks for it again (merging it twice changes nothing),
    /// so the stored replica never skips data the device did not keep.
    pub fn rewind_pull(&mut self, position: PullPosition) {
        self.cursor = position.cursor;
        self.bootstrap = position.bootstrap;
        self.epoch = position.epoch;
        self.cursor_tag = position.cursor_tag;
    }
}

/// Where a replica stands in the server's data ([`ClientReplica::pull_position`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PullPosition {
    pub cursor: u64,
    pub bootstrap: Bootstrap,
    pub epoch: Option<String>,
    pub cursor_tag: Option<String>,
}

impl PullPosition {
    fn of(
        cursor: u64,
        bootstrap: &Bootstrap,
        epoch: &Option<String>,
        cursor_tag: &Option<String>,
    ) -> PullPosition {
        PullPosition {
            cursor,
            bootstrap: bootstrap.clone(),
            epoch: epoch.clone(),
            cursor_tag: cursor_tag.clone(),
        }
    }
}

impl ReplicaMeta {
    /// The pull position this meta row stores.
    pub fn pull_position(&self) -> PullPosition {
        PullPosition::of(self.cursor, &self.bootstrap, &self.epoch, &self.cursor_tag)
    }
}
