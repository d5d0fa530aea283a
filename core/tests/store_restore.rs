//! A store put back from a backup, or re-created empty: every device that pulled what the
//! store no longer has takes a fresh snapshot, keeps its unsent writes and sends its own lost
//! writes again; devices that pulled only what the store still has carry on. Everyone ends
//! with the server's state.

mod common;

use common::assert_converged;
use serde_json::json;
use tsunagu_core::access::{Principal, Role};
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{ApiError, ErrorCode, SyncResponse};
use tsunagu_core::server::{handle_snapshot, handle_sync, MemoryStore};

const NOW: u64 = 1_795_000_000_000;
const TONO: &str = "032085";

fn editor(label: &str) -> Principal {
    Principal {
        token_id: label.into(),
        org: tono(),
        role: Role::Editor,
        label: label.into(),
    }
}

fn tono() -> OrgCode {
    OrgCode::parse(TONO).expect("valid code")
}

fn title(measure: &str) -> FieldKey {
    FieldKey::new(RecordKind::Measure, format!("{TONO}-m-{measure}"), "title")
}

/// A device as the app runs it: the snapshot first, then pushes and pulls; a sequence gap
/// renumbers the queue, `store_replaced` starts over. Returns the errors it met.
fn sync(store: &mut MemoryStore, device: &mut ClientReplica, who: &Principal) -> Vec<ErrorCode> {
    let mut met = Vec::new();
    for _ in 0..100 {
        if let Some(request) = device.snapshot_request(Some(3)) {
            match handle_snapshot(store, who, &request) {
                Ok(body) => {
                    device.apply_snapshot(body.to_response().expect("decodes"));
                }
                Err(error) => on_error(device, &error, &mut met),
            }
            continue;
        }
        let request = device.request(Some(5));
        match handle_sync(store, who, &request, NOW) {
            Ok(mut response) => {
                device.apply_response(&mut response);
                if !response.has_more && device.pending().is_empty() {
                    return met;
                }
            }
            Err(error) if error.code == ErrorCode::SequenceGap => {
                met.push(error.code);
                let pull = ClientReplica::request(device, Some(5));
                let pulled: SyncResponse = handle_sync(
                    store,
                    who,
                    &tsunagu_core::protocol::SyncRequest {
                        mutations: Vec::new(),
                        ..pull
                    },
                    NOW,
                )
                .expect("a pull is accepted");
                let mut meta = device.meta();
                let mut pending = device.pending().to_vec();
                meta.renumber_after(&mut pending, pulled.acked_through);
                device.set_queue(pending, &meta);
            }
            Err(error) => on_error(device, &error, &mut met),
        }
    }
    panic!("sync did not finish in 100 rounds: {met:?}");
}

fn on_error(device: &mut ClientReplica, error: &ApiError, met: &mut Vec<ErrorCode>) {
    assert_eq!(error.code, ErrorCode::StoreReplaced, "{error:?}");
    met.push(error.code);
    device.start_over_and_queue();
}

fn write(device: &mut ClientReplica, measure: &str, value: &str, at: u64) {
    device.write(&tono(), &title(measure), json!(value), NOW + at);
}

/// Two devices with a few synced measures each, and the store they synced with.
fn two_devices() -> (MemoryStore, ClientReplica, ClientReplica) {
    let mut store = MemoryStore::new();
    let mut office = ClientReplica::new("office-pc");
    let mut laptop = ClientReplica::new("field-laptop");
    write(&mut office, "1", "書かない窓口", 1);
    write(&mut office, "2", "オンライン申請", 2);
    assert!(sync(&mut store, &mut office, &editor("office")).is_empty());
    write(&mut laptop, "3", "テレワーク", 3);
    assert!(sync(&mut store, &mut laptop, &editor("laptop")).is_empty());
    assert!(sync(&mut store, &mut office, &editor("office")).is_empty());
    (store, office, laptop)
}

#[test]
fn a_backup_put_back_under_new_writes_makes_the_device_that_pulled_more_start_over() {
    let (mut store, mut office, mut laptop) = two_devices();
    let backup = store.clone();
    // The office writes after the backup was taken, and pulls its own write back.
    write(&mut office, "1", "書かない窓口 (全庁展開)", 10);
    write(&mut office, "4", "AI議事録", 11);
    assert!(sync(&mut store, &mut office, &editor("office")).is_empty());
    let office_cursor = office.cursor();
    // The backup is put back, and the laptop (which pulled nothing since) writes first: its
    // changes take the log positions the office already pulled.
    store = backup;
    write(&mut laptop, "3", "テレワーク (全職員)", 12);
    write(&mut laptop, "5", "電子契約", 13);
    write(&mut laptop, "6", "RPA", 14);
    assert!(
        sync(&mut store, &mut laptop, &editor("laptop")).is_empty(),
        "the laptop pulled only what the restored store still has"
    );
    assert!(store.log().len() as u64 >= office_cursor);
    // An unsent write of the office, made offline meanwhile.
    write(&mut office, "2", "オンライン申請 (全手続)", 15);

    let met = sync(&mut store, &mut office, &editor("office"));
    assert!(met.contains(&ErrorCode::StoreReplaced), "{met:?}");
    assert!(sync(&mut store, &mut laptop, &editor("laptop")).is_empty());
    assert_converged(&store, &[&office, &laptop]);
    // The office's writes the restore lost came back, and its unsent one went out.
    for (measure, value) in [
        ("1", "書かない窓口 (全庁展開)"),
        ("4", "AI議事録"),
        ("2", "オンライン申請 (全手続)"),
        ("5", "電子契約"),
    ] {
        assert_eq!(
            office.value(&title(measure)),
            Some(&json!(value)),
            "{measure}"
        );
    }
}

#[test]
fn a_backup_put_back_before_anyone_writes_again_is_seen_by_the_cursor() {
    let (mut store, mut office, mut laptop) = two_devices();
    let backup = store.clone();
    write(&mut office, "4", "AI議事録", 10);
    assert!(sync(&mut store, &mut office, &editor("office")).is_empty());
    store = backup;
    let met = sync(&mut store, &mut office, &editor("office"));
    assert_eq!(met.first(), Some(&ErrorCode::StoreReplaced), "{met:?}");
    assert!(sync(&mut store, &mut laptop, &editor("laptop")).is_empty());
    assert_converged(&store, &[&office, &laptop]);
    assert_eq!(office.value(&title("4")), Some(&json!("AI議事録")));
}

#[test]
fn a_re_created_store_has_a_new_epoch_and_every_device_starts_over() {
    let (_, mut office, mut laptop) = two_devices();
    let mut store = MemoryStore::new();
    for (device, who) in [(&mut office, "office"), (&mut laptop, "laptop")] {
        let met = sync(&mut store, device, &editor(who));
        assert_eq!(
            met.first(),
            Some(&ErrorCode::StoreReplaced),
            "{who}: {met:?}"
        );
    }
    assert!(sync(&mut store, &mut office, &editor("office")).is_empty());
    assert_converged(&store, &[&office, &laptop]);
    // Everything the two devices had written is on the new store.
    for (measure, value) in [
        ("1", "書かない窓口"),
        ("2", "オンライン申請"),
        ("3", "テレワーク"),
    ] {
        assert_eq!(
            office.value(&title(measure)),
            Some(&json!(value)),
            "{measure}"
        );
    }
}

#[test]
fn writes_the_restored_store_still_has_change_nothing_anyone_sees() {
    let (mut store, mut office, mut laptop) = two_devices();
    let backup = store.clone();
    write(&mut office, "4", "AI議事録", 10);
    assert!(sync(&mut store, &mut office, &editor("office")).is_empty());
    store = backup;
    sync(&mut store, &mut office, &editor("office"));
    assert!(sync(&mut store, &mut laptop, &editor("laptop")).is_empty());
    assert_converged(&store, &[&office, &laptop]);
    for ((key, field), state) in store.fields() {
        assert_eq!(
            state.disagreements().count(),
            0,
            "{key:?} {field}: a write sent again is no conflict"
        );
    }
    assert_eq!(laptop.value(&title("1")), Some(&json!("書かない窓口")));
}
