//! Answers are cut by bytes: a page of changes, of snapshot records or of a record's history
//! stops at `MAX_PAGE_BYTES` and says more follow, however large the values; and a field's
//! merged state never outgrows `MAX_FIELD_STATE_BYTES` (a write that would pass it is refused
//! alone, `too_large`).

use serde_json::{json, Value};
use std::collections::BTreeSet;
use tsunagu_core::access::{Principal, Role};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{Hlc, RecordKey};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{
    Mutation, RejectionCode, SnapshotRequest, SyncRequest, MAX_FIELD_STATE_BYTES,
    MAX_MUTATION_BYTES, MAX_PAGE_BYTES, PROTOCOL_VERSION,
};
use tsunagu_core::server::{handle_snapshot, handle_sync, record_history, MemoryStore};

const NOW: u64 = 1_795_000_000_000;
const TONO: &str = "032085";

fn tono() -> OrgCode {
    OrgCode::parse(TONO).expect("valid code")
}

fn editor() -> Principal {
    Principal {
        token_id: "t".into(),
        org: tono(),
        role: Role::Editor,
        label: "遠野市".into(),
    }
}

/// A plan's policies just under the largest value a write may carry.
fn big_policies(tag: usize) -> Value {
    let policies: Vec<Value> = (0..50)
        .map(|i| {
            json!({
                "id": format!("p{i}"),
                "title": format!("基本施策 {tag}-{i}"),
                "description": "あ".repeat(1700),
            })
        })
        .collect();
    let value = Value::Array(policies);
    let bytes = serde_json::to_string(&value).expect("JSON").len();
    assert!(bytes > 250_000 && bytes <= MAX_MUTATION_BYTES, "{bytes}");
    value
}

fn write(client: &str, seq: u64, plan: &str, value: Value, wall_ms: u64) -> Mutation {
    Mutation {
        seq,
        kind: RecordKind::Plan,
        record_id: format!("{TONO}-plan-{plan}"),
        org: tono(),
        field: "policies".into(),
        value,
        hlc: Hlc::new(wall_ms, 0, client),
        base: None,
        seen: None,
    }
}

fn push(store: &mut MemoryStore, client: &str, mutations: Vec<Mutation>) -> Vec<RejectionCode> {
    let request = SyncRequest {
        protocol: PROTOCOL_VERSION,
        client_id: client.into(),
        cursor: 0,
        mutations,
        page_size: Some(1),
        epoch: None,
        cursor_tag: None,
    };
    handle_sync(store, &editor(), &request, NOW)
        .expect("accepted")
        .rejected
        .iter()
        .map(|r| r.code)
        .collect()
}

/// Twenty plans of large policies, written by one device.
fn twenty_large_plans() -> MemoryStore {
    let mut store = MemoryStore::new();
    for n in 0..20u64 {
        let refused = push(
            &mut store,
            "office-pc-0001",
            vec![write(
                "office-pc-0001",
                n + 1,
                &n.to_string(),
                big_policies(n as usize),
                NOW + n,
            )],
        );
        assert!(refused.is_empty());
    }
    store
}

#[test]
fn a_page_of_changes_stops_at_the_byte_budget_and_the_next_page_goes_on() {
    let mut store = twenty_large_plans();
    let mut cursor = 0;
    let mut pulled = Vec::new();
    let mut pages = Vec::new();
    for _ in 0..20 {
        let request = SyncRequest {
            protocol: PROTOCOL_VERSION,
            client_id: "reader-pc-0001".into(),
            cursor,
            mutations: Vec::new(),
            page_size: Some(2000),
            epoch: None,
            cursor_tag: None,
        };
        let response = handle_sync(&mut store, &editor(), &request, NOW).expect("accepted");
        let bytes = serde_json::to_string(&response.changes)
            .expect("JSON")
            .len();
        assert!(bytes <= MAX_PAGE_BYTES, "a page of {bytes} bytes");
        pages.push(response.changes.len());
        pulled.extend(response.changes.iter().map(|c| c.seq));
        cursor = response.cursor;
        if !response.has_more {
            break;
        }
    }
    assert!(pages.len() >= 2, "cut into pages: {pages:?}");
    assert_eq!(
        pulled,
        (1..=20).collect::<Vec<u64>>(),
        "every change once, in order"
    );
}

#[test]
fn a_snapshot_page_stops_at_the_byte_budget_and_names_the_next() {
    let mut store = twenty_large_plans();
    let mut after = None;
    let mut keys = BTreeSet::new();
    let mut pages = 0;
    loop {
        let request = SnapshotRequest {
            protocol: PROTOCOL_VERSION,
            after: after.clone(),
            limit: Some(5000),
            epoch: None,
        };
        let body = handle_snapshot(&mut store, &editor(), &request).expect("accepted");
        assert!(body.records_json.len() <= MAX_PAGE_BYTES + 2);
        let page = body.to_response().expect("decodes");
        pages += 1;
        for record in &page.records {
            assert!(keys.insert(record.key.clone()), "a record twice");
        }
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
        assert!(pages < 20);
    }
    assert!(pages >= 2, "cut into pages");
    assert_eq!(keys.len(), 20);
}

#[test]
fn a_long_history_gives_its_newest_entries_and_the_rest_on_request() {
    let mut store = MemoryStore::new();
    for n in 0..20u64 {
        push(
            &mut store,
            "office-pc-0001",
            vec![write(
                "office-pc-0001",
                n + 1,
                "main",
                big_policies(n as usize),
                NOW + n,
            )],
        );
    }
    let key = RecordKey::new(RecordKind::Plan, format!("{TONO}-plan-main"));
    let newest = record_history(&store, &editor(), &key, None).expect("readable");
    assert!(newest.has_more);
    let bytes = serde_json::to_string(&newest.entries).expect("JSON").len();
    assert!(bytes <= MAX_PAGE_BYTES, "{bytes}");
    assert_eq!(
        newest.entries.last().map(|e| e.seq),
        Some(20),
        "the newest is there"
    );
    // Older pages, until none is left.
    let mut all: Vec<u64> = newest.entries.iter().map(|e| e.seq).collect();
    let mut more = newest.has_more;
    for _ in 0..20 {
        if !more {
            break;
        }
        let older =
            record_history(&store, &editor(), &key, all.first().copied()).expect("readable");
        assert!(!older.entries.is_empty());
        let mut seqs: Vec<u64> = older.entries.iter().map(|e| e.seq).collect();
        seqs.extend(all);
        all = seqs;
        more = older.has_more;
    }
    assert_eq!(all, (1..=20).collect::<Vec<u64>>());
}

#[test]
fn a_field_never_grows_past_its_budget_with_concurrent_values() {
    let mut store = MemoryStore::new();
    let mut refused = Vec::new();
    // Offline writers who never saw each other's value: each is kept as a conflict.
    for n in 0..6u64 {
        let client = format!("laptop-{n:04}-pc");
        refused.push(push(
            &mut store,
            &client,
            vec![write(&client, 1, "main", big_policies(n as usize), NOW + n)],
        ));
    }
    assert!(refused[0].is_empty() && refused[1].is_empty());
    assert!(
        refused.iter().any(|r| r == &[RejectionCode::TooLarge]),
        "{refused:?}"
    );
    for state in store.fields().values() {
        let bytes = serde_json::to_string(state).expect("JSON").len();
        assert!(bytes <= MAX_FIELD_STATE_BYTES, "{bytes}");
    }
}
