//! The sync engine on the in-memory store: exactly-once pushes, refusals that change nothing,
//! clock clamping, record ownership and read scopes.

use serde_json::json;
use tsunagu_core::access::{Principal, Role};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::Hlc;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{
    ErrorCode, Mutation, SyncRequest, MAX_CLOCK_SKEW_MS, PROTOCOL_VERSION,
};
use tsunagu_core::server::{handle_sync, MemoryStore, SyncStore};

const NOW: u64 = 1_795_000_000_000;
const TONO: &str = "032085";
const MORIOKA: &str = "032018";
const IWATE: &str = "030007";

fn code(s: &str) -> OrgCode {
    OrgCode::parse(s).expect("valid code")
}

fn principal(org: &str, role: Role) -> Principal {
    Principal {
        token_id: "t".into(),
        org: code(org),
        role,
        label: format!("{org} {role}"),
    }
}

fn mutation(client: &str, seq: u64, org: &str, record: &str, wall_ms: u64) -> Mutation {
    Mutation {
        seq,
        kind: RecordKind::Measure,
        record_id: record.into(),
        org: code(org),
        field: "notes".into(),
        value: json!(format!("{client} {seq}")),
        hlc: Hlc::new(wall_ms, 0, client),
        base: None,
    }
}

fn push(client: &str, cursor: u64, mutations: Vec<Mutation>) -> SyncRequest {
    SyncRequest {
        protocol: PROTOCOL_VERSION,
        client_id: client.into(),
        cursor,
        mutations,
        page_size: None,
    }
}

#[test]
fn a_retried_push_is_applied_once() {
    let mut store = MemoryStore::new();
    let editor = principal(TONO, Role::Editor);
    let request = push(
        "client-a",
        0,
        vec![
            mutation("client-a", 1, TONO, "m", NOW),
            mutation("client-a", 2, TONO, "m", NOW + 1),
        ],
    );
    let first = handle_sync(&mut store, &editor, &request, NOW).expect("accepted");
    let again = handle_sync(&mut store, &editor, &request, NOW).expect("accepted");
    assert_eq!((first.acked_through, again.acked_through), (2, 2));
    assert_eq!(store.log().len(), 2);
}

#[test]
fn a_sequence_gap_refuses_the_whole_push_and_stores_nothing() {
    let mut store = MemoryStore::new();
    let editor = principal(TONO, Role::Editor);
    let request = push(
        "client-a",
        0,
        vec![
            mutation("client-a", 1, TONO, "m", NOW),
            mutation("client-a", 3, TONO, "m", NOW),
        ],
    );
    let error = handle_sync(&mut store, &editor, &request, NOW).expect_err("gap");
    assert_eq!(
        (error.code, error.field.as_deref()),
        (ErrorCode::SequenceGap, Some("mutations[1].seq"))
    );
    assert!(store.log().is_empty());
}

#[test]
fn a_forbidden_mutation_refuses_the_whole_push() {
    let mut store = MemoryStore::new();
    let editor = principal(TONO, Role::Editor);
    let request = push(
        "client-a",
        0,
        vec![
            mutation("client-a", 1, TONO, "m", NOW),
            mutation("client-a", 2, MORIOKA, "x", NOW),
        ],
    );
    let error = handle_sync(&mut store, &editor, &request, NOW).expect_err("forbidden");
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert!(store.log().is_empty());
    assert!(store.client("client-a").expect("store").is_none());
}

#[test]
fn a_clock_far_ahead_is_pulled_back_to_server_time() {
    let mut store = MemoryStore::new();
    let editor = principal(TONO, Role::Editor);
    let year_2099 = 4_070_908_800_000;
    handle_sync(
        &mut store,
        &editor,
        &push(
            "client-a",
            0,
            vec![mutation("client-a", 1, TONO, "m", year_2099)],
        ),
        NOW,
    )
    .expect("accepted");
    // Within the allowed skew, a timestamp is kept as it is.
    let slightly_ahead = NOW + MAX_CLOCK_SKEW_MS - 1;
    handle_sync(
        &mut store,
        &editor,
        &push(
            "client-b",
            0,
            vec![mutation("client-b", 1, TONO, "n", slightly_ahead)],
        ),
        NOW,
    )
    .expect("accepted");
    let stamps: Vec<u64> = store.log().iter().map(|c| c.version.hlc.wall_ms).collect();
    assert_eq!(stamps, vec![NOW, slightly_ahead]);
}

#[test]
fn a_record_keeps_the_organisation_of_its_first_write() {
    let mut store = MemoryStore::new();
    let admin = principal(IWATE, Role::PrefectureAdmin);
    let mut first = mutation("client-a", 1, IWATE, "shared", NOW);
    first.kind = RecordKind::Organisation;
    first.record_id = MORIOKA.into();
    let mut second = first.clone();
    second.seq = 2;
    second.org = code(TONO);
    let error = handle_sync(
        &mut store,
        &admin,
        &push("client-a", 0, vec![first, second]),
        NOW,
    )
    .expect_err("owned elsewhere");
    assert_eq!(error.code, ErrorCode::RecordOwnedElsewhere);
    assert!(store.log().is_empty());
}

#[test]
fn a_municipality_pulls_only_what_it_may_read_in_pages() {
    let mut store = MemoryStore::new();
    for (client, org) in [("client-t", TONO), ("client-m", MORIOKA)] {
        let mutations = (1..=3)
            .map(|seq| mutation(client, seq, org, &format!("m-{org}"), NOW + seq))
            .collect();
        handle_sync(
            &mut store,
            &principal(org, Role::Editor),
            &push(client, 0, mutations),
            NOW,
        )
        .expect("accepted");
    }
    let viewer = principal(TONO, Role::Viewer);
    let mut request = push("viewer-1", 0, vec![]);
    request.page_size = Some(2);
    let page1 = handle_sync(&mut store, &viewer, &request, NOW).expect("pull");
    assert!(page1.has_more);
    request.cursor = page1.cursor;
    let page2 = handle_sync(&mut store, &viewer, &request, NOW).expect("pull");
    assert!(!page2.has_more);
    let seen: Vec<u64> = page1
        .changes
        .iter()
        .chain(&page2.changes)
        .map(|c| c.seq)
        .collect();
    assert_eq!(seen, vec![1, 2, 3]);
    assert!(page1
        .changes
        .iter()
        .chain(&page2.changes)
        .all(|c| c.org.as_str() == TONO));
    assert_eq!(
        page2.cursor, 6,
        "the cursor skips past changes the viewer may not read"
    );
}
