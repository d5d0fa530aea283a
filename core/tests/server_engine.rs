//! The sync engine on the in-memory store: exactly-once pushes, refusals per mutation, reused
//! sequence numbers, client ids bound to tokens, clock clamping, record ownership and read
//! scopes.

use serde_json::json;
use tsunagu_core::access::{Principal, Role};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::Hlc;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{
    ErrorCode, Mutation, RejectionCode, SyncRequest, MAX_CLOCK_SKEW_MS, PROTOCOL_VERSION,
};
use tsunagu_core::server::{handle_sync, MemoryStore, SyncStore};

const NOW: u64 = 1_795_000_000_000;
const TONO: &str = "032085";
const MORIOKA: &str = "032018";

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
        seen: None,
    }
}

fn push(client: &str, cursor: u64, mutations: Vec<Mutation>) -> SyncRequest {
    SyncRequest {
        protocol: PROTOCOL_VERSION,
        client_id: client.into(),
        cursor,
        mutations,
        page_size: None,
        epoch: None,
        cursor_tag: None,
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
fn a_forbidden_mutation_is_refused_alone_and_the_rest_is_applied() {
    let mut store = MemoryStore::new();
    let editor = principal(TONO, Role::Editor);
    let request = push(
        "client-a",
        0,
        vec![
            mutation("client-a", 1, TONO, "m", NOW),
            mutation("client-a", 2, MORIOKA, "x", NOW),
            mutation("client-a", 3, TONO, "n", NOW),
        ],
    );
    let response = handle_sync(&mut store, &editor, &request, NOW).expect("accepted");
    assert_eq!(response.acked_through, 3);
    let refused: Vec<(u64, RejectionCode)> =
        response.rejected.iter().map(|r| (r.seq, r.code)).collect();
    assert_eq!(refused, vec![(2, RejectionCode::Forbidden)]);
    let applied: Vec<&str> = store.log().iter().map(|c| &*c.record_id).collect();
    assert_eq!(applied, vec!["m", "n"]);
    // A retry of the same push is answered the same way, and applies nothing twice.
    let again = handle_sync(&mut store, &editor, &request, NOW).expect("accepted");
    assert_eq!(again.rejected, response.rejected);
    assert_eq!(store.log().len(), 2);
}

#[test]
fn a_different_write_under_a_used_sequence_number_is_refused_unapplied() {
    let mut store = MemoryStore::new();
    let editor = principal(TONO, Role::Editor);
    let first = push("client-a", 0, vec![mutation("client-a", 1, TONO, "m", NOW)]);
    handle_sync(&mut store, &editor, &first, NOW).expect("accepted");
    // A second tab (or a restored profile) numbered another write 1.
    let mut other = mutation("client-a", 1, TONO, "other", NOW + 5);
    other.value = json!("the other tab's edit");
    let reused = push("client-a", 0, vec![other.clone()]);
    let response = handle_sync(&mut store, &editor, &reused, NOW).expect("accepted");
    assert_eq!(response.acked_through, 1);
    assert_eq!(response.rejected.len(), 1);
    assert_eq!(response.rejected[0].code, RejectionCode::SequenceReused);
    assert_eq!(store.log().len(), 1, "nothing of the other write applied");
    // Sent again under the next number, it is applied.
    other.seq = 2;
    let resent = push("client-a", 0, vec![other]);
    let response = handle_sync(&mut store, &editor, &resent, NOW).expect("accepted");
    assert!(response.rejected.is_empty());
    assert_eq!(store.log().len(), 2);
}

#[test]
fn a_client_id_belongs_to_the_token_that_first_used_it() {
    let mut store = MemoryStore::new();
    let editor = principal(TONO, Role::Editor);
    let request = push("client-a", 0, vec![mutation("client-a", 1, TONO, "m", NOW)]);
    handle_sync(&mut store, &editor, &request, NOW).expect("accepted");
    let mut colleague = principal(TONO, Role::Editor);
    colleague.token_id = "another-token".into();
    for who in [colleague, principal(MORIOKA, Role::Editor)] {
        let hijack = push("client-a", 0, vec![mutation("client-a", 2, TONO, "m", NOW)]);
        let error = handle_sync(&mut store, &who, &hijack, NOW).expect_err("taken");
        assert_eq!(
            (error.code, error.field.as_deref()),
            (ErrorCode::ClientIdTaken, Some("client_id"))
        );
    }
    assert_eq!(store.log().len(), 1);
    assert_eq!(
        store.client("client-a").expect("store").map(|b| b.last_seq),
        Some(1)
    );
}

#[test]
fn a_write_is_never_stored_with_a_base_at_or_after_itself() {
    let mut store = MemoryStore::new();
    let editor = principal(TONO, Role::Editor);
    let far = NOW + 10 * MAX_CLOCK_SKEW_MS;
    let mut clamped = mutation("client-a", 1, TONO, "m", far);
    clamped.hlc.counter = 3;
    // Ahead of the clamped write by its counter, and by its replica id.
    clamped.base = Some(Hlc::new(far, 7, "client-b"));
    let mut kept = mutation("client-a", 2, TONO, "n", NOW + 1);
    kept.base = Some(Hlc::new(
        NOW + 4 * MAX_CLOCK_SKEW_MS,
        2,
        "zzzz-another-device",
    ));
    let mut same = mutation("client-a", 3, TONO, "o", NOW);
    same.base = Some(Hlc::new(NOW, 0, "zzzz-another-device"));
    let mut honest = mutation("client-a", 4, TONO, "p", NOW + 5);
    honest.base = Some(Hlc::new(NOW + 4, 9, "client-b"));
    let request = push("client-a", 0, vec![clamped, kept, same, honest]);
    handle_sync(&mut store, &editor, &request, NOW).expect("ok");
    for change in store.log() {
        let version = &change.version;
        let base = version.base.as_ref().expect("a base");
        assert!(base < &version.hlc, "{base} is not before {}", version.hlc);
    }
    assert_eq!(
        store.log()[0].version.hlc.wall_ms,
        NOW,
        "clamped to server time"
    );
    assert_eq!(
        store.log()[3].version.base,
        Some(Hlc::new(NOW + 4, 9, "client-b")),
        "a base before its write is kept as sent"
    );
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
    // An id that names no organisation is first come, first served.
    let first = mutation("tono-pc", 1, TONO, "shared", NOW);
    handle_sync(
        &mut store,
        &principal(TONO, Role::Editor),
        &push("tono-pc", 0, vec![first]),
        NOW,
    )
    .expect("accepted");
    let mut second = mutation("morioka-pc", 1, MORIOKA, "shared", NOW + 1);
    second.value = json!("盛岡市の施策");
    let response = handle_sync(
        &mut store,
        &principal(MORIOKA, Role::Editor),
        &push("morioka-pc", 0, vec![second]),
        NOW,
    )
    .expect("accepted");
    let refused: Vec<(u64, RejectionCode)> =
        response.rejected.iter().map(|r| (r.seq, r.code)).collect();
    assert_eq!(refused, vec![(1, RejectionCode::RecordOwnedElsewhere)]);
    assert!(
        !response.rejected[0].message.contains(TONO),
        "never says who owns it: {}",
        response.rejected[0].message
    );
    assert_eq!(store.log().len(), 1);
    assert_eq!(store.log()[0].org, code(TONO));
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
