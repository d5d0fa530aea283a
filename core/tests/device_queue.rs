//! The device's stored queue, shared by every tab of a browser profile: what one storage
//! transaction does to the stored meta row and queue (`ReplicaMeta::assign`, `settle`,
//! `renumber_after`, `restart_stream`, `merge_progress`), what one push carries (`next_push`,
//! `is_oversized`), and how a tab's in-memory replica shows drafts and stored writes.

use serde_json::{json, Value};
use tsunagu_core::client::{
    batch_stamps, is_oversized, next_push, settle, Bootstrap, ClientReplica, Edit, FieldKey,
    ReplicaMeta,
};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{Hlc, RecordKey};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{
    Mutation, Rejection, RejectionCode, SyncResponse, MAX_MUTATIONS_PER_PUSH, MAX_MUTATION_BYTES,
    MAX_PUSH_BYTES, PROTOCOL_VERSION,
};

const NOW: u64 = 1_795_000_000_000;
const DEVICE: &str = "web-tono-0001";

fn tono() -> OrgCode {
    OrgCode::parse("032085").expect("Tono's code is valid")
}

fn field(record: &str, name: &str) -> FieldKey {
    FieldKey::new(RecordKind::Measure, record, name)
}

/// The stored meta row of a device that has issued nothing yet.
fn fresh_meta(client_id: &str) -> ReplicaMeta {
    ReplicaMeta {
        client_id: client_id.into(),
        clock: Hlc::new(0, 0, client_id),
        next_seq: 1,
        cursor: 0,
        bootstrap: Bootstrap::Needed,
        epoch: None,
        cursor_tag: None,
    }
}

/// A stored queue row: the title of measure `record`.
fn row(seq: u64, wall_ms: u64, value: Value) -> Mutation {
    Mutation {
        seq,
        kind: RecordKind::Measure,
        record_id: "tono-m-1".into(),
        org: tono(),
        field: "title".into(),
        value,
        hlc: Hlc::new(wall_ms, 0, DEVICE),
        base: None,
        seen: None,
    }
}

/// Rows `seqs`, each with a value naming its number so a renumbered row is still recognised.
fn rows(seqs: &[u64]) -> Vec<Mutation> {
    seqs.iter()
        .map(|&seq| {
            row(
                seq,
                NOW + seq,
                json!(format!("行政手続のオンライン化 {seq}")),
            )
        })
        .collect()
}

fn response(acked_through: u64, rejected: Vec<Rejection>) -> SyncResponse {
    SyncResponse {
        protocol: PROTOCOL_VERSION,
        acked_through,
        changes: Vec::new(),
        cursor: 0,
        has_more: false,
        server_time_ms: NOW,
        rejected,
        epoch: None,
        cursor_tag: None,
    }
}

fn reused(seq: u64) -> Rejection {
    Rejection::new(
        seq,
        RejectionCode::SequenceReused,
        "used by a different write",
    )
}

fn seqs(pending: &[Mutation]) -> Vec<u64> {
    pending.iter().map(|m| m.seq).collect()
}

fn values(pending: &[Mutation]) -> Vec<String> {
    pending
        .iter()
        .map(|m| m.value.as_str().unwrap_or_default().to_string())
        .collect()
}

fn title(n: u64) -> String {
    format!("行政手続のオンライン化 {n}")
}

// ---- ReplicaMeta::assign ---------------------------------------------------------------------

#[test]
fn two_tabs_with_equal_clocks_get_consecutive_numbers_and_increasing_stamps() {
    let mut stored = fresh_meta(DEVICE);
    stored.clock = Hlc::new(NOW, 4, DEVICE);
    stored.next_seq = 7;
    // Both tabs opened from the same stored row: their clocks are equal.
    let mut tab_a = ClientReplica::restore(stored.clone(), Vec::new(), Vec::new());
    let mut tab_b = ClientReplica::restore(stored.clone(), Vec::new(), Vec::new());
    let draft_a = tab_a.draft(&tono(), &field("tono-m-1", "title"), json!("A"), NOW);
    let draft_b = tab_b.draft(&tono(), &field("tono-m-1", "notes"), json!("B"), NOW);
    assert_eq!(
        draft_a.hlc, draft_b.hlc,
        "the premise: two tabs issued the same stamp"
    );
    assert_eq!(
        (draft_a.seq, draft_b.seq),
        (0, 0),
        "a draft has no number yet"
    );

    // Each tab stores its draft in its own transaction against the one stored row.
    let stored_b = stored.assign(&draft_b);
    let stored_a = stored.assign(&draft_a);
    assert_eq!((stored_b.seq, stored_a.seq), (7, 8));
    assert!(stored_b.hlc > Hlc::new(NOW, 4, DEVICE));
    assert!(
        stored_a.hlc > stored_b.hlc,
        "{} then {}",
        stored_b.hlc,
        stored_a.hlc
    );
    assert_eq!(&*stored_a.hlc.replica, DEVICE);
    assert_eq!(&*stored_b.hlc.replica, DEVICE);
    assert_eq!(stored.next_seq, 9);
    assert_eq!(
        stored.clock, stored_a.hlc,
        "the stored clock is the last stamp issued"
    );
    // Everything else of the write is the draft's.
    assert_eq!(
        (stored_a.value.clone(), stored_a.field.as_str()),
        (json!("A"), "title")
    );
    assert_eq!(
        (stored_b.value.clone(), stored_b.field.as_str()),
        (json!("B"), "notes")
    );
}

#[test]
fn many_drafts_with_one_stamp_get_distinct_increasing_stamps() {
    let mut stored = fresh_meta(DEVICE);
    let draft = row(0, NOW, json!("x"));
    let mut previous: Option<Mutation> = None;
    for expected_seq in 1..=50 {
        let assigned = stored.assign(&draft);
        assert_eq!(assigned.seq, expected_seq);
        if let Some(previous) = &previous {
            assert!(assigned.hlc > previous.hlc);
        }
        previous = Some(assigned);
    }
    assert_eq!(stored.next_seq, 51);
}

#[test]
fn a_draft_with_a_later_stamp_keeps_it_under_the_device_id() {
    let mut stored = fresh_meta(DEVICE);
    stored.clock = Hlc::new(NOW, 0, DEVICE);
    // A tab whose clock is ahead (it observed a later server change), under a stale id.
    let mut draft = row(0, NOW + 60_000, json!("later"));
    draft.hlc = Hlc::new(NOW + 60_000, 3, "web-other-tab-id");
    let assigned = stored.assign(&draft);
    assert_eq!(
        (assigned.hlc.wall_ms, assigned.hlc.counter),
        (NOW + 60_000, 3)
    );
    assert_eq!(
        &*assigned.hlc.replica, DEVICE,
        "the replica is the meta's client id"
    );
    assert_eq!(stored.clock, assigned.hlc);

    // A draft made earlier than that, stored afterwards, still orders after it.
    let earlier = stored.assign(&row(0, NOW + 1, json!("earlier")));
    assert!(earlier.hlc > assigned.hlc);
    assert_eq!(&*earlier.hlc.replica, DEVICE);
    assert_eq!((assigned.seq, earlier.seq), (1, 2));
}

#[test]
fn a_draft_with_an_equal_or_older_stamp_is_ticked_past_the_stored_clock() {
    let mut stored = fresh_meta(DEVICE);
    stored.clock = Hlc::new(NOW, 2, DEVICE);
    let mut equal = row(0, NOW, json!("x"));
    equal.hlc = Hlc::new(NOW, 2, DEVICE);
    let assigned = stored.assign(&equal);
    assert_eq!((assigned.hlc.wall_ms, assigned.hlc.counter), (NOW, 3));
    let older = stored.assign(&row(0, NOW - 5_000, json!("y")));
    assert_eq!((older.hlc.wall_ms, older.hlc.counter), (NOW, 4));
    assert_eq!((assigned.seq, older.seq), (1, 2));
}

// ---- settle ------------------------------------------------------------------------------------

#[test]
fn settle_drops_acknowledged_rows_and_keeps_the_rest_in_order() {
    let mut meta = fresh_meta(DEVICE);
    meta.next_seq = 6;
    let settled = settle(
        rows(&[5, 3, 4, 1, 2]),
        &mut meta,
        &[1, 2, 3],
        &response(3, vec![]),
    );
    assert_eq!(seqs(&settled.pending), vec![4, 5]);
    let mut removed = settled.removed.clone();
    removed.sort_unstable();
    assert_eq!(removed, vec![1, 2, 3]);
    assert!(settled.refused.is_empty());
    assert!(!settled.renumbered);
    assert_eq!(meta.next_seq, 6);
}

#[test]
fn settle_sets_refused_rows_aside_with_their_write() {
    let mut meta = fresh_meta(DEVICE);
    meta.next_seq = 4;
    let refusal = Rejection::new(2, RejectionCode::ValidationFailed, "percent: 101");
    let forbidden = Rejection::new(3, RejectionCode::Forbidden, "another organisation");
    let pending = rows(&[1, 2, 3]);
    let settled = settle(
        pending.clone(),
        &mut meta,
        &[1, 2, 3],
        &response(3, vec![refusal.clone(), forbidden.clone()]),
    );
    assert!(settled.pending.is_empty());
    assert_eq!(settled.refused.len(), 2);
    assert_eq!(settled.refused[0].rejection, refusal);
    assert_eq!(settled.refused[0].mutation.as_ref(), Some(&pending[1]));
    assert_eq!(settled.refused[1].rejection, forbidden);
    assert_eq!(settled.refused[1].mutation.as_ref(), Some(&pending[2]));
    assert!(!settled.renumbered);
    let mut removed = settled.removed.clone();
    removed.sort_unstable();
    assert_eq!(removed, vec![1, 2, 3]);
}

#[test]
fn a_reused_number_is_renumbered_after_everything_queued_without_a_gap() {
    let mut meta = fresh_meta(DEVICE);
    meta.next_seq = 8;
    // Rows 3..=7 stored (6 and 7 by another tab after the push left); 3 and 4 were sent.
    let settled = settle(
        rows(&[3, 4, 5, 6, 7]),
        &mut meta,
        &[3, 4],
        &response(4, vec![reused(3)]),
    );
    assert_eq!(seqs(&settled.pending), vec![5, 6, 7, 8]);
    assert_eq!(
        values(&settled.pending),
        vec![title(5), title(6), title(7), title(3)],
        "the resent write goes after every queued one"
    );
    assert!(settled.renumbered);
    assert!(
        settled.refused.is_empty(),
        "a reused number is not a refusal"
    );
    let mut removed = settled.removed.clone();
    removed.sort_unstable();
    assert_eq!(
        removed,
        vec![3, 4],
        "row 3 is written again under its new number"
    );
    assert_eq!(meta.next_seq, 9);
}

#[test]
fn a_reused_number_is_renumbered_after_what_the_server_counts() {
    let mut meta = fresh_meta(DEVICE);
    meta.next_seq = 3;
    // The server holds this client's writes through 9 (a restored device reused 1 and 2).
    let settled = settle(
        rows(&[1, 2]),
        &mut meta,
        &[1, 2],
        &response(9, vec![reused(1), reused(2)]),
    );
    assert_eq!(seqs(&settled.pending), vec![10, 11]);
    assert_eq!(
        values(&settled.pending),
        vec![title(1), title(2)],
        "order kept"
    );
    assert!(settled.renumbered);
    assert_eq!(
        meta.next_seq, 12,
        "the next write follows the renumbered rows"
    );
}

#[test]
fn the_next_number_never_goes_back_when_renumbering() {
    let mut meta = fresh_meta(DEVICE);
    meta.next_seq = 40;
    let settled = settle(rows(&[1]), &mut meta, &[1], &response(1, vec![reused(1)]));
    assert_eq!(seqs(&settled.pending), vec![2]);
    assert_eq!(meta.next_seq, 40);
}

#[test]
fn rows_not_sent_are_untouched_even_at_or_below_the_acknowledgement() {
    let mut meta = fresh_meta(DEVICE);
    meta.next_seq = 6;
    let pending = rows(&[2, 3, 4, 5]);
    // Only row 3 was in the push; the server counts through 5.
    let settled = settle(
        pending.clone(),
        &mut meta,
        &[3],
        &response(
            5,
            vec![Rejection::new(2, RejectionCode::Forbidden, "not sent")],
        ),
    );
    assert_eq!(
        settled.pending,
        vec![pending[0].clone(), pending[2].clone(), pending[3].clone()]
    );
    assert_eq!(settled.removed, vec![3]);
    assert!(
        settled.refused.is_empty(),
        "a rejection of a row not sent is not taken in"
    );
    assert_eq!(meta.next_seq, 6);
}

#[test]
fn a_sent_row_above_the_acknowledgement_stays_queued() {
    let mut meta = fresh_meta(DEVICE);
    meta.next_seq = 4;
    // A late response to an earlier push: it counts through 1 only.
    let settled = settle(
        rows(&[1, 2, 3]),
        &mut meta,
        &[1, 2, 3],
        &response(1, vec![]),
    );
    assert_eq!(seqs(&settled.pending), vec![2, 3]);
    assert_eq!(settled.removed, vec![1]);
}

#[test]
fn settling_the_same_response_twice_changes_nothing_more() {
    let mut meta = fresh_meta(DEVICE);
    meta.next_seq = 5;
    let answer = response(
        3,
        vec![Rejection::new(
            2,
            RejectionCode::ValidationFailed,
            "percent",
        )],
    );
    let once = settle(rows(&[1, 2, 3, 4]), &mut meta, &[1, 2, 3], &answer);
    let twice = settle(once.pending.clone(), &mut meta, &[1, 2, 3], &answer);
    assert_eq!(twice.pending, once.pending);
    assert!(twice.removed.is_empty() && twice.refused.is_empty() && !twice.renumbered);
}

// ---- renumber_after, restart_stream, merge_progress ------------------------------------------

#[test]
fn renumber_after_numbers_rows_above_the_server_count_from_the_next() {
    let mut meta = fresh_meta(DEVICE);
    meta.next_seq = 10;
    let mut pending = rows(&[8, 2, 9, 3]);
    meta.renumber_after(&mut pending, 3);
    assert_eq!(seqs(&pending), vec![2, 3, 4, 5]);
    assert_eq!(
        values(&pending),
        vec![title(2), title(3), title(8), title(9)],
        "rows at or below the count keep their numbers; the rest keep their order"
    );
    assert_eq!(meta.next_seq, 6);
}

#[test]
fn renumber_after_a_count_past_every_row_changes_no_row() {
    let mut meta = fresh_meta(DEVICE);
    meta.next_seq = 4;
    let mut pending = rows(&[2, 3]);
    meta.renumber_after(&mut pending, 10);
    assert_eq!(seqs(&pending), vec![2, 3]);
    assert_eq!(meta.next_seq, 11);

    let mut empty = Vec::new();
    meta.renumber_after(&mut empty, 20);
    assert_eq!(meta.next_seq, 21);
}

#[test]
fn restart_stream_numbers_the_queue_from_one_under_the_new_id() {
    let mut meta = fresh_meta(DEVICE);
    meta.clock = Hlc::new(NOW + 9, 2, DEVICE);
    meta.next_seq = 10;
    meta.cursor = 77;
    let mut pending = rows(&[9, 5, 7]);
    meta.restart_stream(&mut pending, "web-tono-0002".into());
    assert_eq!(seqs(&pending), vec![1, 2, 3]);
    assert_eq!(values(&pending), vec![title(5), title(7), title(9)]);
    for (mutation, old_seq) in pending.iter().zip([5, 7, 9]) {
        assert_eq!(&*mutation.hlc.replica, "web-tono-0002");
        assert_eq!(
            (mutation.hlc.wall_ms, mutation.hlc.counter),
            (NOW + old_seq, 0)
        );
    }
    assert_eq!(meta.client_id, "web-tono-0002");
    assert_eq!(&*meta.clock.replica, "web-tono-0002");
    assert_eq!((meta.clock.wall_ms, meta.clock.counter), (NOW + 9, 2));
    assert_eq!(meta.next_seq, 4);
    assert_eq!(
        meta.cursor, 77,
        "the pull position belongs to the prefecture, not the id"
    );
    // The next write continues the new stream.
    let next = meta.assign(&row(0, NOW, json!("next")));
    assert_eq!(next.seq, 4);
    assert_eq!(&*next.hlc.replica, "web-tono-0002");
}

#[test]
fn merge_progress_takes_the_pull_position_and_keeps_the_queue_numbering() {
    let mut stored = fresh_meta(DEVICE);
    stored.clock = Hlc::new(NOW + 10, 0, DEVICE);
    stored.next_seq = 9;
    stored.cursor = 12;
    // What the syncing tab held: an older numbering, a further cursor.
    let mut synced = fresh_meta("web-syncing-tab");
    synced.clock = Hlc::new(NOW + 5, 0, "web-syncing-tab");
    synced.next_seq = 3;
    synced.cursor = 42;
    synced.bootstrap = Bootstrap::InProgress {
        as_of: 40,
        after: RecordKey::new(RecordKind::Measure, "tono-m-9"),
    };
    stored.merge_progress(&synced);
    assert_eq!(stored.cursor, 42);
    assert_eq!(stored.bootstrap, synced.bootstrap);
    assert_eq!(stored.next_seq, 9);
    assert_eq!(
        stored.clock,
        Hlc::new(NOW + 10, 0, DEVICE),
        "an older clock changes nothing"
    );
    assert_eq!(stored.client_id, DEVICE);

    synced.clock = Hlc::new(NOW + 99, 2, "web-syncing-tab");
    synced.bootstrap = Bootstrap::Done;
    stored.merge_progress(&synced);
    assert_eq!(
        stored.clock,
        Hlc::new(NOW + 99, 2, DEVICE),
        "a later clock, under this id"
    );
    assert_eq!(stored.bootstrap, Bootstrap::Done);
}

// ---- next_push, is_oversized -------------------------------------------------------------------

/// A row whose compact JSON is exactly `bytes` long.
fn row_of_len(seq: u64, bytes: usize) -> Mutation {
    let empty = serde_json::to_vec(&row(seq, NOW, json!(""))).unwrap().len();
    let mutation = row(seq, NOW, json!("x".repeat(bytes - empty)));
    assert_eq!(serde_json::to_vec(&mutation).unwrap().len(), bytes);
    mutation
}

#[test]
fn next_push_takes_at_most_the_count_oldest_first() {
    let pending = rows(&[1, 2, 3, 4, 5]);
    assert_eq!(seqs(&next_push(&pending, 3)), vec![1, 2, 3]);
    assert_eq!(
        seqs(&next_push(&pending, MAX_MUTATIONS_PER_PUSH)),
        vec![1, 2, 3, 4, 5]
    );
    assert!(next_push(&[], MAX_MUTATIONS_PER_PUSH).is_empty());
    let many = (1..=600)
        .map(|seq| row(seq, NOW, json!("t")))
        .collect::<Vec<_>>();
    assert_eq!(
        next_push(&many, MAX_MUTATIONS_PER_PUSH).len(),
        MAX_MUTATIONS_PER_PUSH
    );
}

#[test]
fn next_push_stops_at_the_byte_budget() {
    let half = MAX_PUSH_BYTES / 2;
    // Two rows fill the budget exactly: both go; a third, however small, waits.
    let pending = vec![
        row_of_len(1, half),
        row_of_len(2, MAX_PUSH_BYTES - half),
        row(3, NOW, json!("t")),
    ];
    assert_eq!(
        seqs(&next_push(&pending, MAX_MUTATIONS_PER_PUSH)),
        vec![1, 2]
    );
    // One byte more and the second waits too.
    let pending = vec![
        row_of_len(1, half),
        row_of_len(2, MAX_PUSH_BYTES - half + 1),
    ];
    assert_eq!(seqs(&next_push(&pending, MAX_MUTATIONS_PER_PUSH)), vec![1]);
}

#[test]
fn next_push_always_carries_the_first_row_even_when_it_alone_is_too_big() {
    let pending = vec![
        row_of_len(1, MAX_PUSH_BYTES + 1000),
        row(2, NOW, json!("t")),
    ];
    let push = next_push(&pending, MAX_MUTATIONS_PER_PUSH);
    assert_eq!(seqs(&push), vec![1]);
    assert_eq!(push[0], pending[0]);
}

#[test]
fn a_value_over_the_mutation_limit_is_oversized() {
    // A JSON string's length is its characters plus two quotes.
    let at_limit = row(1, NOW, json!("x".repeat(MAX_MUTATION_BYTES - 2)));
    let over = row(1, NOW, json!("x".repeat(MAX_MUTATION_BYTES - 1)));
    assert!(!is_oversized(&at_limit));
    assert!(is_oversized(&over));
    assert!(!is_oversized(&row(1, NOW, json!(100))));
    // Multi-byte text counts in bytes.
    let kanji = row(1, NOW, json!("遠".repeat(MAX_MUTATION_BYTES / 3 + 1)));
    assert!(is_oversized(&kanji));
}

// ---- ClientReplica: drafts and the stored queue -----------------------------------------------

#[test]
fn a_draft_is_shown_but_never_sent_until_confirmed() {
    let mut stored = fresh_meta(DEVICE);
    let mut tab = ClientReplica::restore(stored.clone(), Vec::new(), Vec::new());
    let key = field("tono-m-1", "status");
    let draft = tab.draft(&tono(), &key, json!("作業中"), NOW);
    assert_eq!(tab.value(&key), Some(&json!("作業中")));
    assert!(tab.pending().is_empty());
    assert!(
        tab.request(None).mutations.is_empty(),
        "a draft is never sent"
    );

    let assigned = stored.assign(&draft);
    tab.confirm(&draft.hlc, assigned.clone());
    assert_eq!(tab.pending(), std::slice::from_ref(&assigned));
    assert_eq!(tab.request(None).mutations, vec![assigned.clone()]);
    assert_eq!(tab.request(None).client_id, DEVICE);
    assert_eq!(tab.value(&key), Some(&json!("作業中")));
    // The tab's clock moved past the stored stamp.
    let next = tab.draft(&tono(), &key, json!("完了"), NOW);
    assert!(next.hlc > assigned.hlc);
    assert_eq!(
        next.base.as_ref(),
        Some(&assigned.hlc),
        "the base is what the user saw"
    );
}

#[test]
fn a_dropped_draft_is_no_longer_shown() {
    let mut tab = ClientReplica::new(DEVICE);
    let key = field("tono-m-1", "percent");
    let first = tab.draft(&tono(), &key, json!(30), NOW);
    let second = tab.draft(&tono(), &key, json!(60), NOW + 1);
    assert_eq!(tab.value(&key), Some(&json!(60)));
    tab.drop_draft(&second.hlc);
    assert_eq!(tab.value(&key), Some(&json!(30)));
    tab.drop_draft(&first.hlc);
    assert_eq!(tab.value(&key), None);
    assert!(tab.request(None).mutations.is_empty());
}

#[test]
fn confirming_one_draft_leaves_the_others_drafts() {
    let mut stored = fresh_meta(DEVICE);
    let mut tab = ClientReplica::restore(stored.clone(), Vec::new(), Vec::new());
    let title_key = field("tono-m-1", "title");
    let notes_key = field("tono-m-1", "notes");
    let a = tab.draft(&tono(), &title_key, json!("窓口のキャッシュレス化"), NOW);
    let b = tab.draft(&tono(), &notes_key, json!("庁内調整中"), NOW);
    let stored_b = stored.assign(&b);
    tab.confirm(&b.hlc, stored_b.clone());
    assert_eq!(tab.request(None).mutations, vec![stored_b]);
    assert_eq!(
        tab.value(&title_key),
        Some(&json!("窓口のキャッシュレス化")),
        "still a draft"
    );
    tab.drop_draft(&a.hlc);
    assert_eq!(tab.value(&title_key), None);
    assert_eq!(tab.value(&notes_key), Some(&json!("庁内調整中")));
}

#[test]
fn set_queue_replaces_the_queue_and_follows_the_stored_meta() {
    let mut stored = fresh_meta(DEVICE);
    let mut tab = ClientReplica::restore(stored.clone(), Vec::new(), Vec::new());
    let draft = tab.draft(&tono(), &field("tono-m-2", "title"), json!("draft"), NOW);
    // Another tab stored rows 1..=3; this tab's view of the queue is replaced whole.
    let mut others = Vec::new();
    for n in 1..=3 {
        others.push(stored.assign(&row(0, NOW + 100 * n, json!(title(n)))));
    }
    let mut shuffled = others.clone();
    shuffled.reverse();
    tab.set_queue(shuffled, &stored);
    assert_eq!(tab.pending(), &others[..], "sorted by sequence number");
    assert_eq!(tab.request(None).mutations, others);
    assert_eq!(
        tab.value(&field("tono-m-2", "title")),
        Some(&json!("draft")),
        "drafts kept"
    );
    // Its next draft orders after every stored stamp.
    let next = tab.draft(&tono(), &field("tono-m-2", "notes"), json!("n"), NOW);
    assert!(next.hlc > stored.clock);
    tab.drop_draft(&draft.hlc);

    // After an acknowledgement, rows gone from the store are gone from the tab.
    tab.set_queue(others[2..].to_vec(), &stored);
    assert_eq!(tab.pending(), &others[2..]);
}

#[test]
fn set_queue_takes_a_new_client_id_from_the_meta() {
    let mut stored = fresh_meta(DEVICE);
    let mut tab = ClientReplica::restore(stored.clone(), Vec::new(), Vec::new());
    let mut pending = vec![stored.assign(&row(0, NOW, json!("a")))];
    stored.restart_stream(&mut pending, "web-tono-0002".into());
    tab.set_queue(pending.clone(), &stored);
    assert_eq!(tab.client_id(), "web-tono-0002");
    assert_eq!(tab.request(None).client_id, "web-tono-0002");
    assert_eq!(tab.pending(), &pending[..]);
    let draft = tab.draft(&tono(), &field("tono-m-1", "notes"), json!("b"), NOW);
    assert_eq!(&*draft.hlc.replica, "web-tono-0002");
    assert!(draft.hlc > pending[0].hlc);
}

#[test]
fn insert_pending_keeps_the_queue_sorted_and_replaces_a_row_of_the_same_number() {
    let mut tab = ClientReplica::new(DEVICE);
    let [one, two, three] = [1, 2, 3].map(|n| row(n, NOW + n, json!(title(n))));
    tab.insert_pending(three.clone());
    tab.insert_pending(one.clone());
    tab.insert_pending(two.clone());
    assert_eq!(tab.pending(), &[one.clone(), two.clone(), three.clone()]);
    let mut renumbered = one.clone();
    renumbered.value = json!("replaced");
    tab.insert_pending(renumbered.clone());
    assert_eq!(tab.pending(), &[renumbered, two, three.clone()]);
    // The clock observed the stored stamps.
    let draft = tab.draft(&tono(), &field("tono-m-1", "notes"), json!("n"), NOW);
    assert!(draft.hlc > three.hlc);
}

#[test]
fn two_tabs_store_into_one_queue_and_each_sees_both_after_reading_it() {
    let mut stored = fresh_meta(DEVICE);
    let mut stored_queue: Vec<Mutation> = Vec::new();
    let mut tabs = [
        ClientReplica::restore(stored.clone(), Vec::new(), Vec::new()),
        ClientReplica::restore(stored.clone(), Vec::new(), Vec::new()),
    ];
    let key = field("tono-m-1", "percent");
    let drafts = [
        tabs[0].draft(&tono(), &key, json!(40), NOW),
        tabs[1].draft(&tono(), &key, json!(50), NOW),
    ];
    // Tab 1 stores first, then tab 0.
    for index in [1, 0] {
        let assigned = stored.assign(&drafts[index]);
        stored_queue.push(assigned.clone());
        tabs[index].confirm(&drafts[index].hlc, assigned);
    }
    assert_eq!(seqs(&stored_queue), vec![1, 2]);
    assert!(stored_queue[1].hlc > stored_queue[0].hlc);
    for tab in &mut tabs {
        tab.set_queue(stored_queue.clone(), &stored);
        assert_eq!(tab.pending(), &stored_queue[..]);
        // The newest stored write shows: tab 0's, stored last.
        assert_eq!(tab.value(&key), Some(&json!(40)));
    }
}

// ---- A batch: many writes drafted, numbered and settled together -------------------------------

#[test]
fn a_batch_is_drafted_like_writes_one_after_another_and_settles_whole() {
    let mut stored = fresh_meta(DEVICE);
    let mut tab = ClientReplica::restore(stored.clone(), Vec::new(), Vec::new());
    let earlier = tab.draft(&tono(), &field("tono-m-1", "title"), json!("旧"), NOW);
    let earlier = {
        let assigned = stored.assign(&earlier);
        tab.confirm(&earlier.hlc, assigned.clone());
        assigned
    };
    let title = field("tono-m-1", "title");
    let edits = vec![
        Edit::Write(title.clone(), json!("窓口DX")),
        Edit::Write(title.clone(), json!("窓口DX推進")),
        Edit::Write(field("tono-m-2", "title"), json!("RPA")),
        Edit::Delete(RecordKey::new(RecordKind::Measure, "tono-m-1")),
    ];
    let drafts = tab.draft_batch(&tono(), edits, NOW + 10);
    assert_eq!(drafts.len(), 4);
    // Each write's base is the newest one before it, the batch's own included.
    assert_eq!(drafts[0].base.as_ref(), Some(&earlier.hlc));
    assert_eq!(drafts[1].base.as_ref(), Some(&drafts[0].hlc));
    assert_eq!(drafts[2].base, None);
    assert_eq!(drafts[3].field, tsunagu_core::merge::DELETED_FIELD);
    assert_eq!(drafts[3].value, json!(true));
    assert_eq!(
        drafts[3].base.as_ref(),
        Some(&drafts[1].hlc),
        "the newest seen in the record"
    );
    assert!(drafts.windows(2).all(|w| w[0].hlc < w[1].hlc));
    assert!(
        tab.view(&RecordKey::new(RecordKind::Measure, "tono-m-1"))
            .is_none(),
        "deleted at once"
    );
    let shown = tab.views(RecordKind::Measure);
    assert_eq!(shown.len(), 1);
    assert!(shown[0].saving.contains("title"), "being stored");
    assert_eq!(
        tab.request(None).mutations.len(),
        1,
        "drafts are never sent"
    );

    // Another tab stored a write meanwhile: the batch is numbered after it.
    let other = stored.assign(&row(0, NOW + 5, json!("別タブ")));
    let numbered = stored.assign_batch(drafts.clone());
    assert_eq!(
        numbered.iter().map(|m| m.seq).collect::<Vec<_>>(),
        vec![other.seq + 1, other.seq + 2, other.seq + 3, other.seq + 4]
    );
    tab.confirm_stamped(&batch_stamps(&drafts), numbered.clone());
    assert_eq!(tab.pending().len(), 5);
    assert!(tab.views(RecordKind::Measure)[0].saving.is_empty());
    assert_eq!(tab.value(&field("tono-m-2", "title")), Some(&json!("RPA")));
}

#[test]
fn a_dropped_batch_leaves_nothing_of_it_shown() {
    let mut tab = ClientReplica::new(DEVICE);
    let kept = tab.draft(&tono(), &field("tono-m-9", "title"), json!("別の編集"), NOW);
    let edits: Vec<Edit> = (0..100)
        .map(|n| Edit::Write(field(&format!("tono-m-{n}"), "status"), json!("完了")))
        .collect();
    let drafts = tab.draft_batch(&tono(), edits, NOW);
    assert_eq!(tab.views(RecordKind::Measure).len(), 100);
    tab.drop_stamped(&batch_stamps(&drafts));
    assert_eq!(
        tab.views(RecordKind::Measure).len(),
        1,
        "only the other edit"
    );
    assert_eq!(tab.value(&field("tono-m-9", "title")), Some(&kept.value));
}

#[test]
fn ten_thousand_records_of_eight_fields_draft_and_show_quickly() {
    let mut stored = fresh_meta(DEVICE);
    let mut tab = ClientReplica::restore(stored.clone(), Vec::new(), Vec::new());
    let edits: Vec<Edit> = (0..10_000)
        .flat_map(|n| {
            [
                "plan_id",
                "title",
                "area",
                "department",
                "status",
                "percent",
                "deadline",
                "notes",
            ]
            .map(|name| Edit::Write(field(&format!("tono-m-{n:05}"), name), json!(n)))
        })
        .collect();
    let started = std::time::Instant::now();
    let drafts = tab.draft_batch(&tono(), edits, NOW);
    let numbered = stored.assign_batch(drafts.clone());
    tab.confirm_stamped(&batch_stamps(&drafts), numbered);
    assert_eq!(tab.views(RecordKind::Measure).len(), 10_000);
    assert_eq!(tab.pending().len(), 80_000);
    // One at a time this took minutes (each write scanned the whole queue).
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}
