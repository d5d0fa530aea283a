//! Retention: changes and history older than the horizon (the current and previous fiscal
//! years) are compacted away; a device that last pulled before it is told `resync_required`,
//! takes a fresh snapshot, keeps its unsent write, and ends with the server's state.

mod common;

use chrono::NaiveDate;
use common::assert_converged;
use serde_json::json;
use tsunagu_core::access::{Principal, Role};
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{ErrorCode, SyncResponse};
use tsunagu_core::server::{
    compact, handle_snapshot, handle_sync, horizon_ms, record_history, MemoryStore, SyncStore,
};

const TONO: &str = "032085";

fn at(y: i32, m: u32, d: u32) -> u64 {
    let ms = NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|date| date.and_hms_opt(3, 0, 0))
        .map(|time| time.and_utc().timestamp_millis())
        .expect("a valid date");
    u64::try_from(ms).expect("after 1970")
}

fn tono() -> OrgCode {
    OrgCode::parse(TONO).expect("valid code")
}

fn editor(label: &str) -> Principal {
    Principal {
        token_id: label.into(),
        org: tono(),
        role: Role::Editor,
        label: label.into(),
    }
}

fn status(measure: &str) -> FieldKey {
    FieldKey::new(RecordKind::Measure, format!("{TONO}-m-{measure}"), "status")
}

/// Syncs at server time `now`: the snapshot first, then pushes and pulls; `resync_required`
/// forgets the synced records (the queue stays). Returns the error codes met.
fn sync(store: &mut MemoryStore, device: &mut ClientReplica, now: u64) -> Vec<ErrorCode> {
    let who = editor(device.client_id());
    let mut met = Vec::new();
    for _ in 0..100 {
        if let Some(request) = device.snapshot_request(Some(4)) {
            let body = handle_snapshot(store, &who, &request).expect("a snapshot page");
            device.apply_snapshot(body.to_response().expect("decodes"));
            continue;
        }
        match handle_sync(store, &who, &device.request(Some(3)), now) {
            Ok(response) => {
                let mut response: SyncResponse = response;
                device.apply_response(&mut response);
                if !response.has_more && device.pending().is_empty() {
                    return met;
                }
            }
            Err(error) => {
                assert_eq!(error.code, ErrorCode::ResyncRequired, "{error:?}");
                assert_eq!(error.field.as_deref(), Some("cursor"));
                met.push(error.code);
                device.forget_synced();
            }
        }
    }
    panic!("sync did not finish: {met:?}");
}

#[test]
fn a_device_older_than_the_horizon_resyncs_and_keeps_its_unsent_write() {
    let mut store = MemoryStore::new();
    let mut old_laptop = ClientReplica::new("old-laptop-0001");
    let mut office = ClientReplica::new("office-pc-0001");
    // Fiscal 2023 and 2024: the laptop and the office write, and both sync.
    for (n, date) in [at(2023, 6, 1), at(2024, 6, 1), at(2024, 11, 1)]
        .into_iter()
        .enumerate()
    {
        old_laptop.write(
            &tono(),
            &status("1"),
            json!(["未着手", "作業中", "完了"][n]),
            date,
        );
        assert!(sync(&mut store, &mut old_laptop, date).is_empty());
    }
    office.write(&tono(), &status("2"), json!("作業中"), at(2024, 12, 1));
    assert!(sync(&mut store, &mut office, at(2024, 12, 1)).is_empty());
    // Fiscal 2025 and 2026: the office goes on; the laptop stays in a drawer.
    for (n, date) in [at(2025, 5, 1), at(2026, 7, 1)].into_iter().enumerate() {
        office.write(
            &tono(),
            &status("2"),
            json!(["完了", "実施しない"][n]),
            date,
        );
        office.write(&tono(), &status(&format!("new{n}")), json!("作業中"), date);
        assert!(sync(&mut store, &mut office, date).is_empty());
    }
    let log_before = store.last_change_seq().expect("read");

    let now = at(2026, 12, 6);
    let horizon = horizon_ms(now, 2);
    let compaction = compact(&mut store, horizon)
        .expect("compacted")
        .expect("something to compact");
    assert_eq!(
        compaction.through_seq, 4,
        "the four changes of fiscal 2023 and 2024"
    );
    assert_eq!(compaction.changes_dropped, 4);
    assert_eq!(
        store.last_change_seq().expect("read"),
        log_before,
        "the log's end stays"
    );
    assert_eq!(
        compact(&mut store, horizon).expect("ran"),
        None,
        "once is enough"
    );

    // Each field keeps its newest entry from before the horizon: who set the value it had.
    let key = RecordKey::new(RecordKind::Measure, format!("{TONO}-m-1"));
    let history = record_history(&store, &editor("office-pc-0001"), &key, None).expect("read");
    let values: Vec<_> = history
        .entries
        .iter()
        .map(|e| e.new_value.clone())
        .collect();
    assert_eq!(values, [json!("完了")]);

    // The laptop comes back with an unsent write made offline.
    old_laptop.write(&tono(), &status("1"), json!("実施しない"), now);
    let met = sync(&mut store, &mut old_laptop, now);
    assert_eq!(met, [ErrorCode::ResyncRequired]);
    assert!(sync(&mut store, &mut office, now).is_empty());
    assert_converged(&store, &[&old_laptop, &office]);
    assert_eq!(office.value(&status("1")), Some(&json!("実施しない")));
}

#[test]
fn a_log_older_than_the_horizon_keeps_its_newest_change() {
    let mut store = MemoryStore::new();
    let mut device = ClientReplica::new("office-pc-0001");
    device.write(&tono(), &status("1"), json!("作業中"), at(2020, 6, 1));
    device.write(&tono(), &status("1"), json!("完了"), at(2020, 6, 2));
    assert!(sync(&mut store, &mut device, at(2020, 6, 2)).is_empty());
    let compaction = compact(&mut store, horizon_ms(at(2026, 12, 6), 2))
        .expect("ran")
        .expect("compacted");
    assert_eq!(compaction.through_seq, 1);
    // The device pulled up to the end, which is kept: it carries on without a snapshot.
    assert!(sync(&mut store, &mut device, at(2026, 12, 6)).is_empty());
}
