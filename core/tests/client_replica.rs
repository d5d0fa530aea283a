//! A device's replica: pending writes shown on top, persistence round trip, views, conflicts.

use serde_json::json;
use tsunagu_core::access::{Principal, Role};
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{RecordKey, DELETED_FIELD};
use tsunagu_core::org::OrgCode;
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

fn sync(store: &mut MemoryStore, replica: &mut ClientReplica, who: &str) {
    let mut response =
        handle_sync(store, &editor(who), &replica.request(None), NOW).expect("accepted");
    replica.apply_response(&mut response);
}

fn title(id: &str) -> FieldKey {
    FieldKey::new(RecordKind::Measure, id, "title")
}

#[test]
fn a_pending_write_shows_before_and_after_the_sync() {
    let mut store = MemoryStore::new();
    let mut replica = ClientReplica::new("device-a1");
    replica.write(&tono(), &title("m-1"), json!("行政手続のオンライン化"), NOW);
    let before = replica
        .view(&RecordKey::new(RecordKind::Measure, "m-1"))
        .expect("visible");
    assert_eq!(before.values["title"], json!("行政手続のオンライン化"));
    assert!(before.pending.contains("title"));

    sync(&mut store, &mut replica, "a");
    let after = replica
        .view(&RecordKey::new(RecordKind::Measure, "m-1"))
        .expect("visible");
    assert_eq!(after.values["title"], json!("行政手続のオンライン化"));
    assert!(after.pending.is_empty());
}

#[test]
fn a_restored_replica_continues_where_it_stopped() {
    let mut store = MemoryStore::new();
    let mut replica = ClientReplica::new("device-a1");
    replica.write(&tono(), &title("m-1"), json!("A"), NOW);
    sync(&mut store, &mut replica, "a");
    replica.write(&tono(), &title("m-1"), json!("B"), NOW + 1);

    let records = replica
        .record(&RecordKey::new(RecordKind::Measure, "m-1"))
        .cloned()
        .into_iter()
        .collect();
    let mut restored = ClientReplica::restore(replica.meta(), records, replica.pending().to_vec());
    assert_eq!(restored.value(&title("m-1")), Some(&json!("B")));
    let next = restored.write(&tono(), &title("m-1"), json!("C"), NOW + 2);
    assert_eq!(next.seq, 3, "sequence numbers continue after a restore");
    sync(&mut store, &mut restored, "a");
    assert!(restored.pending().is_empty());
    assert_eq!(restored.value(&title("m-1")), Some(&json!("C")));
}

#[test]
fn deleted_records_disappear_from_views() {
    let mut replica = ClientReplica::new("device-a1");
    replica.write(&tono(), &title("m-1"), json!("A"), NOW);
    replica.write(&tono(), &title("m-2"), json!("B"), NOW);
    let deleted = FieldKey::new(RecordKind::Measure, "m-1", DELETED_FIELD);
    replica.write(&tono(), &deleted, json!(true), NOW + 1);
    let ids: Vec<String> = replica
        .views(RecordKind::Measure)
        .into_iter()
        .map(|v| v.key.id)
        .collect();
    assert_eq!(ids, vec!["m-2".to_string()]);
}

#[test]
fn a_concurrent_edit_shows_as_a_conflict_until_restored() {
    let mut store = MemoryStore::new();
    let mut a = ClientReplica::new("device-a1");
    let mut b = ClientReplica::new("device-b1");
    a.write(&tono(), &title("m-1"), json!("原案"), NOW);
    sync(&mut store, &mut a, "a");
    sync(&mut store, &mut b, "b");
    a.write(&tono(), &title("m-1"), json!("Aの案"), NOW + 10);
    b.write(&tono(), &title("m-1"), json!("Bの案"), NOW + 20);
    sync(&mut store, &mut a, "a");
    sync(&mut store, &mut b, "b");
    sync(&mut store, &mut a, "a");

    let conflicts = a.conflicts();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(a.conflict_count(&tono()), 1);
    assert_eq!(
        a.conflict_count(&OrgCode::parse("032018").expect("valid code")),
        0,
        "another organisation's count"
    );
    assert_eq!(conflicts[0].current.value, json!("Bの案"));
    assert_eq!(conflicts[0].losers[0].value, json!("Aの案"));
    assert!(a
        .view(&title("m-1").record)
        .expect("visible")
        .conflicted
        .contains("title"));

    a.write(
        &tono(),
        &title("m-1"),
        conflicts[0].losers[0].value.clone(),
        NOW + 30,
    );
    sync(&mut store, &mut a, "a");
    sync(&mut store, &mut b, "b");
    assert!(a.conflicts().is_empty() && b.conflicts().is_empty());
    assert_eq!(a.conflict_count(&tono()), 0);
    assert_eq!(b.value(&title("m-1")), Some(&json!("Aの案")));
}
