//! Retention on the real worker (a worker of this test's own, support::spawn): the Durable
//! Object's alarm compacts the change log and the history past the horizon, off the request
//! path; a device that last pulled before it is told `resync_required`, takes a fresh snapshot,
//! keeps its unsent write, and ends with the server's state. The worker's clock for retention
//! is set three years ahead (`RETENTION_TEST_NOW_MS`), so what the test writes now is old.

mod support;

use serde_json::{json, Value};
use std::time::{Duration, Instant};
use support::spawn::{first_admin, issue_by, Spawned};
use support::{unique, Device, Worker};
use tsunagu_core::client::FieldKey;
use tsunagu_core::domain::RecordKind;

const IWATE: &str = "030007";
const TONO: &str = "032085";
const THREE_YEARS_MS: u64 = 3 * 365 * 24 * 60 * 60 * 1000;

fn status(measure: &str) -> FieldKey {
    FieldKey::new(RecordKind::Measure, format!("{TONO}-m-{measure}"), "status")
}

#[test]
fn the_alarm_compacts_old_changes_and_an_old_device_resyncs_keeping_its_write() {
    let dir = std::env::temp_dir().join(unique("retention"));
    let secret = "k".repeat(40);
    let ahead = (support::now_ms() + THREE_YEARS_MS).to_string();
    let mut spawned = Spawned::start_with(
        &dir,
        &secret,
        &[
            ("HOUSEKEEPING_INTERVAL_MS", "2000"),
            ("RETENTION_TEST_NOW_MS", &ahead),
        ],
    );
    let w = Worker::at(&spawned.base, &secret);
    let admin = first_admin(&w, IWATE, "岩手県");
    let mut laptop = Device::new(&issue_by(&w, &admin, TONO, "editor", "遠野市 出張所"));
    let mut office = Device::new(&issue_by(&w, &admin, TONO, "editor", "遠野市 本庁"));
    // Changes 1 to 3: the laptop, one sync each; 4 to 7: the office.
    for (measure, value) in [("1", "未着手"), ("1", "作業中"), ("2", "作業中")] {
        laptop.write(&status(measure), json!(value));
        assert!(laptop.sync_as_the_app(&w).is_empty());
    }
    for n in 3..=6 {
        office.write(&status(&n.to_string()), json!("完了"));
    }
    assert!(office.sync_as_the_app(&w).is_empty());

    // The alarm runs every two seconds and compacts through change 6 (the newest change of
    // all stays). Wait, at most a minute, until a pull from change 1 is told to resync.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let probe = support::pull_request(&unique("probe"), 1, Some(1));
        let reply = w.try_sync(&admin.token, &probe);
        if reply.status == 409 {
            let message =
                reply.expect_error(409, "resync_required", Some("cursor"), "a pull from 1");
            assert!(message.contains("snapshot"), "{message}");
            break;
        }
        assert_eq!(reply.status, 200, "{}", reply.text);
        assert!(
            Instant::now() < deadline,
            "no compaction within a minute; the worker's log:\n{}",
            spawned.log_text()
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    // Each field keeps its newest entry from before the horizon: who set the value it had.
    let entries = w
        .history_entries(&admin.token, RecordKind::Measure, &format!("{TONO}-m-1"))
        .expect("the measure is stored");
    let values: Vec<&Value> = entries.iter().map(|e| &e.new_value).collect();
    assert_eq!(values, [&json!("作業中")]);

    // The laptop comes back with an unsent write.
    laptop.write(&status("2"), json!("実施しない"));
    let met = laptop.sync_as_the_app(&w);
    assert_eq!(met, ["resync_required"]);
    assert!(
        office.sync_as_the_app(&w).is_empty(),
        "the office pulled to the end"
    );
    let mut fresh = Device::new(&admin);
    assert!(fresh.sync_as_the_app(&w).is_empty());
    let server = fresh.values();
    assert_eq!(laptop.values(), server);
    assert_eq!(office.values(), server);
    assert_eq!(server.get(&status("2")), Some(&json!("実施しない")));
    assert_eq!(server.len(), 6, "measures 1 to 6");
    spawned.stop();
    let _ = std::fs::remove_dir_all(&dir);
}
