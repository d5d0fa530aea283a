//! A new device's first sync by snapshot: the same state as pulling the whole change log,
//! within the token's read scope, whatever happens between pages.

use serde_json::json;
use std::collections::BTreeSet;
use tsunagu_core::access::{Principal, Role};
use tsunagu_core::client::{Bootstrap, ClientReplica, FieldKey, ReplicaMeta};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{RecordKey, RecordState};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{
    decode_snapshot_request, ErrorCode, SnapshotRequest, SnapshotResponse, PROTOCOL_VERSION,
};
use tsunagu_core::server::{
    handle_snapshot, handle_sync, refresh_snapshots, MemoryStore, SyncStore,
};

const NOW: u64 = 1_795_000_000_000;

fn org(code: &str) -> OrgCode {
    OrgCode::parse(code).expect("valid code")
}

fn principal(code: &str, role: Role) -> Principal {
    Principal {
        token_id: format!("token-{code}"),
        org: org(code),
        role,
        label: format!("{code} staff"),
    }
}

/// Pushes every pending write of `replica` and pulls the log until nothing is waiting.
fn sync(store: &mut MemoryStore, replica: &mut ClientReplica, who: &Principal) {
    for _ in 0..100 {
        let mut response =
            handle_sync(store, who, &replica.request(Some(7)), NOW).expect("sync accepted");
        replica.apply_response(&mut response);
        if !response.has_more && replica.pending().is_empty() {
            return;
        }
    }
    panic!("sync did not finish in 100 rounds");
}

/// A new device that pulled the whole log: what a first sync by snapshot must equal.
fn pulled_whole_log(store: &mut MemoryStore, who: &Principal) -> ClientReplica {
    let mut by_log = ClientReplica::new("device-log");
    sync(store, &mut by_log, who);
    by_log
}

/// One page, as a client decodes it from the server's body.
fn snapshot(
    store: &mut MemoryStore,
    who: &Principal,
    request: &SnapshotRequest,
) -> SnapshotResponse {
    handle_snapshot(store, who, request)
        .expect("snapshot accepted")
        .to_response()
        .expect("the body decodes as a response")
}

/// Takes snapshot pages of `limit` records until the last one; `between` runs after each.
fn bootstrap(
    store: &mut MemoryStore,
    replica: &mut ClientReplica,
    who: &Principal,
    limit: u32,
    mut between: impl FnMut(&mut MemoryStore, usize),
) -> usize {
    let mut pages = 0;
    while let Some(request) = replica.snapshot_request(Some(limit)) {
        replica.apply_snapshot(snapshot(store, who, &request));
        pages += 1;
        between(store, pages);
        assert!(pages < 100, "snapshot did not finish in 100 pages");
    }
    pages
}

/// Two towns and the prefecture write measures, a few fields each, some several times.
fn populated_store() -> MemoryStore {
    let mut store = MemoryStore::new();
    for (code, count) in [("032018", 6), ("032085", 5), ("030007", 2)] {
        let who = principal(code, Role::Editor);
        let mut device = ClientReplica::new(format!("device-{code}"));
        for n in 0..count {
            let id = format!("m-{code}-{n}");
            for (field, value) in [
                ("title", json!(format!("施策 {n}"))),
                ("percent", json!(n * 10)),
            ] {
                device.write(
                    &org(code),
                    &FieldKey::new(RecordKind::Measure, &id, field),
                    value,
                    NOW + n,
                );
            }
            device.write(
                &org(code),
                &FieldKey::new(RecordKind::Measure, &id, "percent"),
                json!(n * 10 + 5),
                NOW + 100 + n,
            );
        }
        sync(&mut store, &mut device, &who);
    }
    // The directory is the prefecture administrator's to keep.
    let admin = principal("030007", Role::PrefectureAdmin);
    let mut device = ClientReplica::new("device-admin");
    for code in ["032018", "032085", "030007"] {
        device.write(
            &org(code),
            &FieldKey::new(RecordKind::Organisation, code, "name"),
            json!(format!("団体 {code}")),
            NOW,
        );
    }
    sync(&mut store, &mut device, &admin);
    store
}

#[test]
fn a_snapshot_then_the_log_equals_pulling_the_whole_log() {
    let mut store = populated_store();
    let admin = principal("030007", Role::PrefectureAdmin);
    let by_log = pulled_whole_log(&mut store, &admin);

    let mut by_snapshot = ClientReplica::new("device-snap");
    let pages = bootstrap(&mut store, &mut by_snapshot, &admin, 4, |_, _| {});
    assert_eq!(
        pages, 5,
        "16 records: four full pages of 4, then an empty one"
    );
    assert_eq!(by_snapshot.bootstrap(), &Bootstrap::Done);
    assert_eq!(by_snapshot.cursor(), by_log.cursor());
    sync(&mut store, &mut by_snapshot, &admin);
    assert_eq!(by_snapshot.synced_fields(), by_log.synced_fields());
    assert_eq!(by_snapshot.snapshot_request(Some(4)), None, "only once");
}

#[test]
fn each_page_names_where_the_page_after_the_next_starts() {
    let mut store = populated_store();
    for who in [
        principal("030007", Role::PrefectureAdmin),
        principal("032018", Role::Editor),
    ] {
        let mut replica = ClientReplica::new("device-ahead");
        let mut heads = Vec::new();
        while let Some(request) = replica.snapshot_request(Some(3)) {
            let page = snapshot(&mut store, &who, &request);
            heads.push((page.next.clone(), page.after_next.clone()));
            replica.apply_snapshot(page);
            assert!(heads.len() < 100, "snapshot did not finish in 100 pages");
        }
        assert!(heads.len() >= 3, "{}: {} pages", who.org, heads.len());
        for (at, pair) in heads.windows(2).enumerate() {
            assert_eq!(pair[0].1, pair[1].0, "{}: page {at}", who.org);
        }
        assert_eq!(heads.last(), Some(&(None, None)));
    }
}

#[test]
fn writes_between_pages_arrive_by_the_log_afterwards() {
    let mut store = populated_store();
    let admin = principal("030007", Role::PrefectureAdmin);
    let tono = principal("032085", Role::Editor);
    let mut tono_device = ClientReplica::new("device-tono-2");
    sync(&mut store, &mut tono_device, &tono);

    let mut by_snapshot = ClientReplica::new("device-snap");
    bootstrap(&mut store, &mut by_snapshot, &admin, 3, |store, page| {
        // Each page, Tono edits a record already paged past, one not yet reached, and a new one.
        for (id, field, value) in [
            ("m-032085-0", "title", json!(format!("改訂 {page}"))),
            ("m-032085-4", "percent", json!(page)),
            (&*format!("m-new-{page}"), "title", json!("新しい施策")),
        ] {
            let key = FieldKey::new(RecordKind::Measure, id, field);
            tono_device.write(&org("032085"), &key, value, NOW + 1_000 + page as u64);
        }
        sync(store, &mut tono_device, &tono);
    });
    sync(&mut store, &mut by_snapshot, &admin);

    let by_log = pulled_whole_log(&mut store, &admin);
    assert_eq!(by_snapshot.synced_fields(), by_log.synced_fields());
    let title = by_snapshot
        .value(&FieldKey::new(RecordKind::Measure, "m-032085-0", "title"))
        .cloned();
    assert!(title.is_some_and(|t| t.as_str().is_some_and(|t| t.starts_with("改訂"))));
}

#[test]
fn a_town_gets_its_own_and_its_prefectures_records_and_the_directory() {
    let mut store = populated_store();
    let morioka = principal("032018", Role::Editor);
    let mut device = ClientReplica::new("device-morioka");
    bootstrap(&mut store, &mut device, &morioka, 1000, |_, _| {});
    let measures: Vec<_> = device
        .views(RecordKind::Measure)
        .into_iter()
        .map(|v| v.key.id)
        .collect();
    // Its own six and the two its prefecture publishes; none of Tono's.
    assert_eq!(measures.len(), 8, "{measures:?}");
    assert!(
        measures
            .iter()
            .all(|id| id.starts_with("m-032018-") || id.starts_with("m-030007-")),
        "{measures:?}"
    );
    assert_eq!(
        device.views(RecordKind::Organisation).len(),
        3,
        "the directory is public"
    );

    let mut by_log = ClientReplica::new("device-morioka-log");
    sync(&mut store, &mut by_log, &morioka);
    sync(&mut store, &mut device, &morioka);
    assert_eq!(device.synced_fields(), by_log.synced_fields());
}

#[test]
fn taking_in_a_page_twice_changes_nothing() {
    let mut store = populated_store();
    let admin = principal("030007", Role::PrefectureAdmin);
    let mut device = ClientReplica::new("device-twice");
    let request = device
        .snapshot_request(Some(5))
        .expect("a new replica starts with a snapshot");
    let page = snapshot(&mut store, &admin, &request);
    assert_eq!(device.apply_snapshot(page.clone()).len(), 5);
    let once = device.synced_fields();
    assert!(device.apply_snapshot(page.clone()).is_empty());
    assert_eq!(device.synced_fields(), once);
    bootstrap(&mut store, &mut device, &admin, 5, |_, _| {});
    let cursor = device.cursor();
    let mut late = page.clone();
    late.as_of = cursor + 10;
    device.apply_snapshot(late);
    assert_eq!(
        device.cursor(),
        cursor,
        "a page after the last one leaves the cursor"
    );
    sync(&mut store, &mut device, &admin);
    let by_log = pulled_whole_log(&mut store, &admin);
    assert_eq!(device.synced_fields(), by_log.synced_fields());
}

#[test]
fn an_empty_prefecture_bootstraps_once() {
    let mut store = MemoryStore::new();
    let admin = principal("030007", Role::PrefectureAdmin);
    let mut device = ClientReplica::new("device-empty");
    let request = device.snapshot_request(None).expect("first");
    let page = snapshot(&mut store, &admin, &request);
    assert_eq!(
        (page.as_of, page.records.len(), page.next.clone()),
        (0, 0, None)
    );
    device.apply_snapshot(page);
    assert_eq!(
        device.snapshot_request(None),
        None,
        "done even though the cursor is 0"
    );
}

#[test]
fn a_replica_stored_before_snapshots_keeps_pulling_the_log() {
    let old_row = r#"{"client_id":"web-0123456789abcdef","clock":{"wall_ms":5,"counter":0,"replica":"web-0123456789abcdef"},"next_seq":3,"cursor":42}"#;
    let meta: ReplicaMeta = serde_json::from_str(old_row).expect("old rows still decode");
    assert_eq!(meta.bootstrap, Bootstrap::Needed);
    let replica = ClientReplica::restore(meta, Vec::new(), Vec::new());
    assert_eq!(replica.snapshot_request(None), None);

    let mut resumed = ClientReplica::new("web-resume");
    let mut store = populated_store();
    let admin = principal("030007", Role::PrefectureAdmin);
    let page = snapshot(
        &mut store,
        &admin,
        &resumed.snapshot_request(Some(2)).expect("first"),
    );
    let next_page = page.next.clone();
    resumed.apply_snapshot(page);
    let meta = resumed.meta();
    let json = serde_json::to_string(&meta).expect("encodes");
    let restored = ClientReplica::restore(
        serde_json::from_str(&json).expect("decodes"),
        Vec::new(),
        Vec::new(),
    );
    let next = restored
        .snapshot_request(Some(2))
        .expect("still in progress");
    assert_eq!(
        next.after, next_page,
        "a reload resumes after the last page taken in"
    );
    assert!(matches!(meta.bootstrap, Bootstrap::InProgress { .. }));
}

#[test]
fn bad_snapshot_requests_are_refused_with_the_field_named() {
    let cases: [(&str, ErrorCode, Option<&str>); 6] = [
        (
            r#"{"protocol":3,"limit":0}"#,
            ErrorCode::ValidationFailed,
            Some("limit"),
        ),
        (
            r#"{"protocol":3,"limit":5001}"#,
            ErrorCode::ValidationFailed,
            Some("limit"),
        ),
        (
            r#"{"protocol":4}"#,
            ErrorCode::UnsupportedProtocol,
            Some("protocol"),
        ),
        (
            // An app of an older version reloads to get the current one.
            r#"{"protocol":2}"#,
            ErrorCode::UnsupportedProtocol,
            Some("protocol"),
        ),
        (
            r#"{"protocol":3,"after":{"kind":"measure","id":"a b"}}"#,
            ErrorCode::ValidationFailed,
            Some("after.id"),
        ),
        (
            r#"{"protocol":3,"cursor":3}"#,
            ErrorCode::InvalidRequest,
            None,
        ),
    ];
    for (body, code, field) in cases {
        let error = decode_snapshot_request(body.as_bytes()).expect_err(body);
        assert_eq!(error.code, code, "{body}");
        if let Some(field) = field {
            assert_eq!(error.field.as_deref(), Some(field), "{body}");
        }
    }
    let ok = decode_snapshot_request(
        br#"{"protocol":3,"after":{"kind":"measure","id":"m-1"},"limit":10}"#,
    )
    .expect("valid");
    assert_eq!(ok.after, Some(RecordKey::new(RecordKind::Measure, "m-1")));
}

#[test]
fn a_page_that_could_not_be_stored_is_asked_for_again() {
    let mut store = populated_store();
    let admin = principal("030007", Role::PrefectureAdmin);
    let mut device = ClientReplica::new("device-rewind");
    let first = device.snapshot_request(Some(6)).expect("first page");
    device.apply_snapshot(snapshot(&mut store, &admin, &first));
    let before = device.pull_position();
    let second = device.snapshot_request(Some(6)).expect("second page");
    device.apply_snapshot(snapshot(&mut store, &admin, &second));
    // Storing the second page failed: the device goes back and asks for it again.
    device.rewind_pull(before);
    assert_eq!(device.snapshot_request(Some(6)), Some(second));
    bootstrap(&mut store, &mut device, &admin, 6, |_, _| {});
    sync(&mut store, &mut device, &admin);
    let by_log = pulled_whole_log(&mut store, &admin);
    assert_eq!(device.synced_fields(), by_log.synced_fields());
}

#[test]
fn records_stored_before_snapshots_were_kept_are_served_once_refreshed() {
    let populated = populated_store();
    // The same fields in a store that kept no snapshot forms (as the worker's database did
    // before them): the worker refreshes every such record when its object starts.
    let mut store = MemoryStore::new();
    for ((key, field), state) in populated.fields().iter() {
        let owner = populated.record_org(key).expect("read").expect("owned");
        store
            .put_field_state(key, &owner, field, state.clone())
            .expect("stored");
    }
    let keys: BTreeSet<RecordKey> = populated.fields().keys().map(|(k, _)| k.clone()).collect();
    let admin = principal("030007", Role::PrefectureAdmin);
    let first_page = SnapshotRequest {
        protocol: PROTOCOL_VERSION,
        after: None,
        limit: Some(100),
        epoch: None,
    };
    assert!(snapshot(&mut store, &admin, &first_page).records.is_empty());

    refresh_snapshots(&mut store, &keys).expect("refreshed");
    let served = snapshot(&mut store, &admin, &first_page).records;
    let expected: Vec<RecordState> = keys
        .iter()
        .map(|key| populated.record_state(key).expect("read").expect("present"))
        .collect();
    assert_eq!(served.len(), 16);
    assert_eq!(served, expected);
}

#[test]
fn a_push_marks_its_records_and_the_next_page_writes_their_forms() {
    let mut store = populated_store();
    // The 16 records the pushes wrote: none encoded yet.
    assert_eq!(store.stale_snapshots(usize::MAX).expect("read").len(), 16);
    assert_eq!(store.stale_snapshots(3).expect("read").len(), 3);
    let admin = principal("030007", Role::PrefectureAdmin);
    let first_page = SnapshotRequest {
        protocol: PROTOCOL_VERSION,
        after: None,
        limit: Some(1),
        epoch: None,
    };
    // Even a page of one record writes every stale form: the next pages are served as stored.
    let served = snapshot(&mut store, &admin, &first_page);
    assert_eq!(served.records.len(), 1);
    assert!(store.stale_snapshots(usize::MAX).expect("read").is_empty());

    // A later push marks only what it changed; the page then serves the new value.
    let who = principal("032018", Role::Editor);
    let mut device = ClientReplica::new("device-later");
    device.write(
        &org("032018"),
        &FieldKey::new(RecordKind::Measure, "m-032018-0", "title"),
        json!("施策 改"),
        NOW + 1_000,
    );
    sync(&mut store, &mut device, &who);
    let key = RecordKey::new(RecordKind::Measure, "m-032018-0");
    assert_eq!(
        store.stale_snapshots(usize::MAX).expect("read"),
        vec![key.clone()]
    );
    let mut fresh = ClientReplica::new("device-fresh");
    bootstrap(&mut store, &mut fresh, &admin, 100, |_, _| {});
    let record = fresh.record(&key).expect("served");
    let title = record.fields.get("title").expect("a title");
    assert_eq!(title.value(), &json!("施策 改"));
}
