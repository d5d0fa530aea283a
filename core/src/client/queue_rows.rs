//! How the device's stored queue is laid out in storage rows. One row per write made a batch of
//! 80,000 writes (an import of 10,000 measures) cost the browser 18–35 s to store and every
//! push a read of 80,000 rows; a row now holds a RUN of writes with consecutive sequence
//! numbers (a single edit is a row of one), keyed by its first write's number: the batch is
//! 160 rows, and settling a push reads 160 rows, not 80,000.
//!
//! Storage only moves rows; these functions say which. The queue they hold is exactly the
//! queue of one-write rows: `settle`, `renumber_after`, `restart_stream` and `start_over` work
//! on the writes, and [`row_changes`] turns their result back into rows.

use crate::protocol::{Mutation, MAX_MUTATIONS_PER_PUSH};
use crate::sorting;

/// The most writes a row holds: one push's worth, so a push of a batch touches at most two
/// rows and a fully acknowledged row is deleted without being read again.
pub const ROW_WRITES: usize = MAX_MUTATIONS_PER_PUSH;

/// A row of the stored queue: its key (its first write's number) and its writes, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueRow {
    pub key: u64,
    pub writes: Vec<Mutation>,
}

/// Splits `writes` (in sequence order) into rows: runs of consecutive numbers, each at most
/// [`ROW_WRITES`] long. A row's key is its first write's number.
pub fn rows_of(writes: &[Mutation]) -> Vec<&[Mutation]> {
    let mut rows = Vec::new();
    let mut start = 0;
    for end in 1..=writes.len() {
        if end == writes.len()
            || end - start == ROW_WRITES
            || writes[end].seq != writes[end - 1].seq + 1
        {
            rows.push(&writes[start..end]);
            start = end;
        }
    }
    rows
}

/// What storage does to take the rows `before` (every stored row) to the queue `after` (their
/// writes once changed, in sequence order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RowChanges<'a> {
    /// Keys of rows to delete.
    pub deleted: Vec<u64>,
    /// Rows to put, each keyed by its first write's number.
    pub put: Vec<&'a [Mutation]>,
}

/// The least that takes rows `before` to the queue `after`: a row whose writes all stay
/// exactly as they are is left alone; any other row is deleted, and the writes of `after` no
/// remaining row holds go in new rows ([`rows_of`]). So a partly acknowledged row is written
/// again with what remains, and a renumbered queue is written anew.
pub fn row_changes<'a>(before: &[QueueRow], after: &'a [Mutation]) -> RowChanges<'a> {
    let stays = |write: &Mutation| {
        after
            .binary_search_by_key(&write.seq, |m| m.seq)
            .is_ok_and(|at| after[at] == *write)
    };
    let mut kept = Vec::new();
    let mut deleted = Vec::new();
    for row in before {
        let whole = row.writes.first().is_some_and(|first| first.seq == row.key);
        if whole && row.writes.iter().all(stays) {
            kept.extend(row.writes.iter().map(|m| m.seq));
        } else {
            deleted.push(row.key);
        }
    }
    sorting::sort(&mut kept);
    let mut put = Vec::new();
    let mut start = 0;
    for end in 0..=after.len() {
        let held = after
            .get(end)
            .is_some_and(|m| kept.binary_search(&m.seq).is_ok());
        if end == after.len() || held {
            put.extend(rows_of(&after[start..end]));
            start = end + 1;
        }
    }
    // A row put under a deleted row's key replaces it.
    deleted.retain(|key| {
        put.binary_search_by_key(key, |row: &&[Mutation]| row[0].seq)
            .is_err()
    });
    RowChanges { deleted, put }
}

/// The writes a stored row holds: its JSON array, or one write's JSON object (a row stored
/// before rows held runs, up to schema version 6, is a run of one).
pub fn row_writes(json: &str) -> Result<Vec<Mutation>, serde_json::Error> {
    // One reader of arrays for both forms keeps the app smaller than two.
    if json.trim_start().starts_with('[') {
        serde_json::from_str(json)
    } else {
        serde_json::from_str(&format!("[{json}]"))
    }
}

/// Every write of `rows` (in key order), in sequence order.
pub fn queue_of(rows: Vec<QueueRow>) -> Vec<Mutation> {
    let mut queue: Vec<Mutation> = rows.into_iter().flat_map(|row| row.writes).collect();
    super::sort_by_seq(&mut queue);
    queue
}
