//! The stored queue's rows (`core::client::queue_rows`): a row holds a run of consecutive
//! sequence numbers keyed by its first; settling a push from only the rows it touched leaves
//! storage and the tab's copy exactly where settling the whole queue leaves them.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::json;
use tsunagu_core::client::{
    queue_of, row_changes, row_writes, rows_of, settle, Bootstrap, QueueRow, ReplicaMeta,
    ROW_WRITES,
};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::Hlc;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{Mutation, Rejection, RejectionCode, SyncResponse, PROTOCOL_VERSION};

const DEVICE: &str = "web-tono-0001";

fn write(seq: u64) -> Mutation {
    Mutation {
        seq,
        kind: RecordKind::Measure,
        record_id: format!("tono-m-{seq}"),
        org: OrgCode::parse("032085").expect("Tono's code is valid"),
        field: "title".into(),
        value: json!(format!("施策 {seq}")),
        hlc: Hlc::new(1_000 + seq, 0, DEVICE),
        base: None,
        seen: None,
    }
}

fn writes(seqs: impl IntoIterator<Item = u64>) -> Vec<Mutation> {
    seqs.into_iter().map(write).collect()
}

fn meta(next_seq: u64) -> ReplicaMeta {
    ReplicaMeta {
        client_id: DEVICE.into(),
        clock: Hlc::new(0, 0, DEVICE),
        next_seq,
        cursor: 0,
        bootstrap: Bootstrap::Needed,
        epoch: None,
        cursor_tag: None,
    }
}

fn response(acked_through: u64, rejected: Vec<Rejection>) -> SyncResponse {
    SyncResponse {
        protocol: PROTOCOL_VERSION,
        acked_through,
        changes: Vec::new(),
        cursor: 0,
        has_more: false,
        server_time_ms: 0,
        rejected,
        epoch: None,
        cursor_tag: None,
    }
}

/// Storage as IndexedDB keeps it: rows by key.
type Stored = BTreeMap<u64, Vec<Mutation>>;

fn store(queue: &[Mutation]) -> Stored {
    rows_of(queue)
        .into_iter()
        .map(|row| (row[0].seq, row.to_vec()))
        .collect()
}

fn rows(stored: &Stored, keys: &[u64]) -> Vec<QueueRow> {
    keys.iter()
        .filter_map(|key| {
            stored.get(key).map(|writes| QueueRow {
                key: *key,
                writes: writes.clone(),
            })
        })
        .collect()
}

fn all_rows(stored: &Stored) -> Vec<QueueRow> {
    rows(stored, &stored.keys().copied().collect::<Vec<_>>())
}

/// Applies what `row_changes` says, as the storage layer does; returns how many rows it put.
fn apply(stored: &mut Stored, before: &[QueueRow], after: &[Mutation]) -> usize {
    let changes = row_changes(before, after);
    for key in &changes.deleted {
        stored.remove(key);
    }
    for row in &changes.put {
        stored.insert(row[0].seq, row.to_vec());
    }
    changes.put.len()
}

/// Every row is a run of consecutive numbers keyed by its first, at most `ROW_WRITES` long,
/// and every number of a row is below the next row's key.
fn assert_well_formed(stored: &Stored) {
    let mut last = None;
    for (key, writes) in stored {
        assert!(
            !writes.is_empty() && writes.len() <= ROW_WRITES,
            "row {key}"
        );
        assert_eq!(writes[0].seq, *key);
        assert!(
            writes.windows(2).all(|w| w[1].seq == w[0].seq + 1),
            "row {key} is a run"
        );
        if let Some(last) = last {
            assert!(last < *key, "row {key} overlaps the one before");
        }
        last = writes.last().map(|m| m.seq);
    }
}

#[test]
fn a_batch_is_stored_in_runs_of_at_most_one_push() {
    let batch = writes(1..=1_201);
    let rows = rows_of(&batch);
    let lens: Vec<usize> = rows.iter().map(|r| r.len()).collect();
    assert_eq!(lens, vec![ROW_WRITES, ROW_WRITES, 201]);
    assert_eq!(rows[1][0].seq, 501);
}

#[test]
fn a_gap_in_the_numbers_starts_a_new_row() {
    let queue = writes([1, 2, 3, 7, 8, 10]);
    let keys: Vec<u64> = rows_of(&queue).iter().map(|r| r[0].seq).collect();
    assert_eq!(keys, vec![1, 7, 10]);
    assert!(rows_of(&[]).is_empty());
}

#[test]
fn a_fully_acknowledged_row_is_deleted_and_the_others_untouched() {
    let mut stored = store(&writes(1..=1_500));
    let before = all_rows(&stored);
    let after = writes(501..=1_500);
    let changes = row_changes(&before, &after);
    assert_eq!(changes.deleted, vec![1]);
    assert!(changes.put.is_empty(), "no row written again");
    apply(&mut stored, &before, &after);
    assert_eq!(queue_of(all_rows(&stored)), after);
}

#[test]
fn a_partly_acknowledged_row_is_written_again_with_what_remains() {
    let mut stored = store(&writes(1..=800));
    let before = rows(&stored, &[1]);
    let after = writes(301..=500);
    let changes = row_changes(&before, &after);
    assert_eq!(changes.deleted, vec![1]);
    assert_eq!(changes.put.len(), 1);
    assert_eq!(changes.put[0][0].seq, 301);
    apply(&mut stored, &before, &after);
    assert_eq!(stored.keys().copied().collect::<Vec<_>>(), vec![301, 501]);
    assert_eq!(queue_of(all_rows(&stored)), writes(301..=800));
    assert_well_formed(&stored);
}

#[test]
fn a_refused_write_in_the_middle_splits_its_row() {
    let mut stored = store(&writes(1..=10));
    let before = all_rows(&stored);
    let after: Vec<Mutation> = writes((1..=10).filter(|&s| s != 4));
    apply(&mut stored, &before, &after);
    assert_eq!(stored.keys().copied().collect::<Vec<_>>(), vec![1, 5]);
    assert_eq!(queue_of(all_rows(&stored)), after);
}

#[test]
fn a_renumbered_row_is_written_anew_under_its_new_first_number() {
    let mut stored = store(&writes(1..=3));
    let before = all_rows(&stored);
    let mut after = writes(1..=3);
    for m in &mut after {
        m.hlc.replica = "web-new-id".into();
    }
    apply(&mut stored, &before, &after);
    assert_eq!(
        queue_of(all_rows(&stored)),
        after,
        "same numbers, new stamps: written"
    );
}

#[test]
fn rows_stored_one_write_each_read_as_runs_of_one() {
    let single = serde_json::to_string(&write(7)).expect("json");
    assert_eq!(row_writes(&single).expect("a v6 row"), vec![write(7)]);
    let run = serde_json::to_string(&writes(7..=9)).expect("json");
    assert_eq!(row_writes(&run).expect("a run"), writes(7..=9));
    assert!(
        row_writes("{\"seq\":").is_err(),
        "damaged text is an error, not an empty row"
    );
    // Legacy rows: each keyed by its own number, and settling them works as on runs.
    let mut stored: Stored = (1..=4).map(|s| (s, vec![write(s)])).collect();
    let before = all_rows(&stored);
    apply(&mut stored, &before, &writes(3..=4));
    assert_eq!(
        stored.keys().copied().collect::<Vec<_>>(),
        vec![3, 4],
        "untouched rows stay"
    );
}

/// A push of the oldest `sent_count` writes, answered with `acked` of them acknowledged and
/// `refused` / `resend` (positions among the sent) refused or asked to be sent again.
#[derive(Clone, Debug)]
struct Push {
    sent_count: usize,
    acked: usize,
    refused: Vec<usize>,
    resend: Vec<usize>,
}

fn push() -> impl Strategy<Value = Push> {
    (
        1usize..700,
        0usize..700,
        prop::collection::vec(0usize..700, 0..4),
        prop::collection::vec(0usize..700, 0..4),
    )
        .prop_map(|(sent_count, acked, refused, resend)| Push {
            sent_count,
            acked,
            refused,
            resend,
        })
}

/// Numbers of a queue: runs separated by gaps (acknowledged or refused writes of earlier
/// pushes, another tab's batch).
fn queue_seqs() -> impl Strategy<Value = Vec<u64>> {
    prop::collection::vec((1u64..4, 1u64..900), 1..5).prop_map(|runs| {
        let mut seqs = Vec::new();
        let mut next = 1;
        for (gap, len) in runs {
            next += gap - 1;
            seqs.extend(next..next + len);
            next += len;
        }
        seqs
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Settling a push from the rows holding the sent numbers (and the last row) leaves
    /// storage, the meta and the tab's copy exactly as settling the whole queue does.
    #[test]
    fn settling_the_stored_rows_equals_settling_the_queue_of_one_write_rows(seqs in queue_seqs(), push in push()) {
        let queue = writes(seqs.iter().copied());
        let next_seq = seqs.last().map_or(1, |s| s + 1);
        let sent: Vec<u64> = seqs.iter().copied().take(push.sent_count).collect();
        let acked_through = sent.get(push.acked.min(sent.len()).saturating_sub(1)).copied().unwrap_or(0);
        let pick = |positions: &[usize], code| -> Vec<Rejection> {
            positions.iter().filter_map(|&p| sent.get(p)).filter(|&&s| s > acked_through)
                .map(|&s| Rejection::new(s, code, "test")).collect()
        };
        let mut rejected = pick(&push.refused, RejectionCode::Forbidden);
        rejected.extend(pick(&push.resend, RejectionCode::SequenceReused).into_iter()
            .filter(|r| !push.refused.iter().any(|&p| sent.get(p) == Some(&r.seq))));
        let answer = response(acked_through, rejected);

        // The whole queue, as before rows held runs.
        let mut whole_meta = meta(next_seq);
        let whole = settle(queue.clone(), &mut whole_meta, &sent, &answer);

        // The same queue stored in rows of runs.
        let mut stored = store(&queue);
        let before = all_rows(&stored);
        let mut rows_meta = meta(next_seq);
        let settled = settle(queue_of(before.clone()), &mut rows_meta, &sent, &answer);
        apply(&mut stored, &before, &settled.pending);

        prop_assert_eq!(&settled.removed, &whole.removed);
        prop_assert_eq!(&settled.refused, &whole.refused);
        prop_assert_eq!(settled.renumbered, whole.renumbered);
        prop_assert_eq!(&rows_meta, &whole_meta);
        prop_assert_eq!(queue_of(all_rows(&stored)), whole.pending.clone());
        assert_well_formed(&stored);
    }

    /// Any queue change (renumbering after a count, a new stream) stored through
    /// `row_changes` reads back as the changed queue, in well-formed rows.
    #[test]
    fn a_rewritten_queue_reads_back_the_same(seqs in queue_seqs(), last_applied in 0u64..2_000, restart in any::<bool>()) {
        let mut queue = writes(seqs.iter().copied());
        let mut stored = store(&queue);
        let mut meta = meta(seqs.last().map_or(1, |s| s + 1));
        if restart {
            meta.restart_stream(&mut queue, "web-new-id".into());
        } else {
            meta.renumber_after(&mut queue, last_applied);
        }
        let before = all_rows(&stored);
        apply(&mut stored, &before, &queue);
        prop_assert_eq!(queue_of(all_rows(&stored)), queue);
        assert_well_formed(&stored);
    }
}
