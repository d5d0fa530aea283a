//! Exact conflict notices through the whole sync path (issue 27): devices send what they had
//! seen with each write, the server keeps it honest, and an edit nobody saw is never lost
//! without a notice.

use serde_json::json;
use std::sync::Arc;
use tsunagu_core::access::{Principal, Role};
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{Hlc, Seen};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{Mutation, SyncRequest, SyncResponse, PROTOCOL_VERSION};
use tsunagu_core::server::{handle_sync, MemoryStore};

const NOW: u64 = 1_795_000_000_000;

fn tono() -> OrgCode {
    OrgCode::parse("032085").expect("valid")
}

fn editor(label: &str) -> Principal {
    Principal {
        token_id: label.into(),
        org: tono(),
        role: Role::Editor,
        label: label.into(),
    }
}

fn sync(store: &mut MemoryStore, replica: &mut ClientReplica, who: &str) -> SyncResponse {
    let response = handle_sync(store, &editor(who), &replica.request(None), NOW).expect("accepted");
    replica.apply_response(&mut response.clone());
    response
}

fn title() -> FieldKey {
    FieldKey::new(RecordKind::Measure, "m-1", "title")
}

fn losers(replica: &ClientReplica) -> Vec<serde_json::Value> {
    replica
        .field_state(&title())
        .map(|s| s.conflicts().iter().map(|v| v.value.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn an_offline_edit_that_lost_shows_to_both_devices_until_someone_writes_after_seeing_it() {
    let mut store = MemoryStore::new();
    let mut x = ClientReplica::new("device-x1");
    let mut y = ClientReplica::new("device-y1");
    // X, offline, sets A; Y, online, sets B, then C having seen B.
    x.write(&tono(), &title(), json!("A"), NOW + 1);
    y.write(&tono(), &title(), json!("B"), NOW + 5);
    sync(&mut store, &mut y, "y");
    y.write(&tono(), &title(), json!("C"), NOW + 6);
    sync(&mut store, &mut y, "y");
    // X comes back online.
    sync(&mut store, &mut x, "x");
    sync(&mut store, &mut y, "y");
    for device in [&x, &y] {
        assert_eq!(device.value(&title()), Some(&json!("C")));
        assert_eq!(losers(device), vec![json!("A")], "{}", device.client_id());
    }
    // Y writes again having seen both values: both are settled.
    y.write(&tono(), &title(), json!("D"), NOW + 7);
    sync(&mut store, &mut y, "y");
    sync(&mut store, &mut x, "x");
    for device in [&x, &y] {
        assert_eq!(device.value(&title()), Some(&json!("D")));
        assert!(losers(device).is_empty(), "{}", device.client_id());
    }
}

#[test]
fn restoring_the_offline_value_from_the_notice_settles_it() {
    let mut store = MemoryStore::new();
    let mut x = ClientReplica::new("device-x1");
    let mut y = ClientReplica::new("device-y1");
    x.write(&tono(), &title(), json!("A"), NOW + 1);
    y.write(&tono(), &title(), json!("B"), NOW + 5);
    sync(&mut store, &mut y, "y");
    sync(&mut store, &mut x, "x");
    let conflict = x.conflicts().remove(0);
    x.write(&tono(), &title(), conflict.losers[0].value.clone(), NOW + 9);
    sync(&mut store, &mut x, "x");
    sync(&mut store, &mut y, "y");
    for device in [&x, &y] {
        assert_eq!(device.value(&title()), Some(&json!("A")));
        assert!(device.conflicts().is_empty());
    }
}

fn push(seq: u64, value: &str, wall: u64, seen: Option<Seen>) -> SyncRequest {
    SyncRequest {
        protocol: PROTOCOL_VERSION,
        client_id: "device-z1".into(),
        cursor: 0,
        mutations: vec![Mutation {
            seq,
            kind: RecordKind::Measure,
            record_id: "m-1".into(),
            org: tono(),
            field: "title".into(),
            value: json!(value),
            hlc: Hlc::new(wall, 0, "device-z1"),
            base: None,
            seen,
        }],
        page_size: None,
        epoch: None,
        cursor_tag: None,
    }
}

#[test]
fn a_write_cannot_claim_to_have_seen_what_the_server_never_had() {
    let mut store = MemoryStore::new();
    let mut y = ClientReplica::new("device-y1");
    y.write(&tono(), &title(), json!("B"), NOW + 5);
    y.write(&tono(), &title(), json!("C"), NOW + 6);
    sync(&mut store, &mut y, "y");
    // Z claims to have seen Y's versions up to 1000, its own up to 7 and a device never heard of.
    let claimed: Seen = [
        (Arc::from("device-y1"), 1_000),
        (Arc::from("device-z1"), 7),
        (Arc::from("device-q1"), 3),
    ]
    .into_iter()
    .collect();
    let response = handle_sync(
        &mut store,
        &editor("z"),
        &push(1, "Z", NOW + 7, Some(claimed)),
        NOW,
    )
    .expect("accepted");
    let stored = response.changes.last().expect("Z's write");
    let kept: Seen = [(Arc::from("device-y1"), 2)].into_iter().collect();
    assert_eq!(stored.version.seen.as_ref(), Some(&kept));
    // So a later write of Y that Z could not have seen is a conflict when it loses.
    y.write(&tono(), &title(), json!("E"), NOW + 6);
    sync(&mut store, &mut y, "y");
    sync(&mut store, &mut y, "y");
    assert_eq!(y.value(&title()), Some(&json!("Z")));
    assert_eq!(losers(&y), vec![json!("E")]);
}

/// What the newest version pulled by `device` had seen.
fn store_version_seen(store: &mut MemoryStore, device: &mut ClientReplica) -> Option<Seen> {
    let response = sync(store, device, "y");
    response.changes.last().and_then(|c| c.version.seen.clone())
}

#[test]
fn a_write_queued_by_an_app_from_before_seen_still_means_what_its_base_meant() {
    // Version 1 apps queued writes with a base only; the current app sends such a queue as it
    // is (an app of version 1 itself is refused with `unsupported_protocol` and reloads).
    let mut store = MemoryStore::new();
    let mut y = ClientReplica::new("device-y1");
    y.write(&tono(), &title(), json!("B"), NOW + 5);
    sync(&mut store, &mut y, "y");
    let mut old = push(1, "Z", NOW + 7, None);
    old.mutations[0].base = Some(Hlc::new(NOW + 5, 0, "device-y1"));
    old.mutations[0].seen = None;
    let response = handle_sync(&mut store, &editor("z"), &old, NOW).expect("accepted");
    assert_eq!(response.acked_through, 1);
    // Its base still means what it meant: B, which it saw, is no conflict. The server says
    // so in the version's `seen`, for every device.
    let stored = store_version_seen(&mut store, &mut y);
    assert_eq!(
        stored,
        Some([(Arc::from("device-y1"), 1)].into_iter().collect())
    );
    assert_eq!(y.value(&title()), Some(&json!("Z")));
    assert!(losers(&y).is_empty());
}
