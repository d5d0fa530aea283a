//! Retention on the real worker (a worker of this test's own, support::spawn): the Durable
//! Object's alarm compacts the change log and the history past the horizon, off the request
//! path; a device that last pulled before it is told `resync_required`, takes a fresh snapshot,
//! keeps its unsent write, and ends with the server's state. The worker's clock for retention
//! is set three years ahead (`RETENTION_TEST_NOW_MS`), so what the test writes now is old.

mod support;

use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use support::spawn::Spawned;
use support::{bearer, unique, Worker};
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{IssuedToken, SnapshotResponse, SyncResponse};

const IWATE: &str = "030007";
const TONO: &str = "032085";
const THREE_YEARS_MS: u64 = 3 * 365 * 24 * 60 * 60 * 1000;

fn status(measure: &str) -> FieldKey {
    FieldKey::new(RecordKind::Measure, format!("{TONO}-m-{measure}"), "status")
}

struct Device {
    replica: ClientReplica,
    token: String,
}

impl Device {
    fn write(&mut self, measure: &str, value: &str) {
        let tono = OrgCode::parse(TONO).expect("valid code");
        self.replica
            .write(&tono, &status(measure), json!(value), support::now_ms());
    }

    /// One sync as the app runs it; `resync_required` forgets the synced records (the queue
    /// stays) and goes on. Returns the error codes met.
    fn sync(&mut self, w: &Worker) -> Vec<String> {
        let mut met = Vec::new();
        for _ in 0..50 {
            if let Some(request) = self.replica.snapshot_request(Some(100)) {
                let body = serde_json::to_vec(&request).expect("JSON");
                let page: SnapshotResponse = w
                    .send(
                        Method::POST,
                        "/v1/snapshot",
                        Some(&bearer(&self.token)),
                        Some(body),
                    )
                    .expect(200, "a snapshot page");
                self.replica.apply_snapshot(page);
                continue;
            }
            let reply = w.try_sync(&self.token, &self.replica.request(Some(100)));
            if reply.status == 200 {
                let response: SyncResponse = reply.decode();
                self.replica.apply_response(&response);
                if !response.has_more && self.replica.pending().is_empty() {
                    return met;
                }
                continue;
            }
            let code = reply.code();
            assert_eq!(code, "resync_required", "{}", reply.text);
            met.push(code);
            self.replica.forget_synced();
        }
        panic!("the device did not finish syncing: {met:?}");
    }

    fn values(&self) -> BTreeMap<FieldKey, Value> {
        self.replica
            .synced_fields()
            .into_iter()
            .map(|(key, state)| (key, state.value().clone()))
            .collect()
    }
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
    let admin: IssuedToken = w
        .secret(
            Method::POST,
            "/v1/admin/prefectures/03/tokens",
            Some(json!({"org": IWATE, "role": "prefecture_admin", "label": "岩手県"})),
        )
        .expect(201, "the first administrator");
    let editor = |label: &str| -> Device {
        let token: IssuedToken = w
            .send(
                Method::POST,
                "/v1/prefecture/tokens",
                Some(&bearer(&admin.token)),
                Some(
                    serde_json::to_vec(&json!({"org": TONO, "role": "editor", "label": label}))
                        .expect("JSON"),
                ),
            )
            .expect(201, "an editor");
        Device {
            replica: ClientReplica::new(unique("dev")),
            token: token.token,
        }
    };
    let mut laptop = editor("遠野市 出張所");
    let mut office = editor("遠野市 本庁");
    // Changes 1 to 3: the laptop, one sync each; 4 to 7: the office.
    for (measure, value) in [("1", "未着手"), ("1", "作業中"), ("2", "作業中")] {
        laptop.write(measure, value);
        assert!(laptop.sync(&w).is_empty());
    }
    for n in 3..=6 {
        office.write(&n.to_string(), "完了");
    }
    assert!(office.sync(&w).is_empty());

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
    laptop.write("2", "実施しない");
    let met = laptop.sync(&w);
    assert_eq!(met, ["resync_required"]);
    assert!(office.sync(&w).is_empty(), "the office pulled to the end");
    let mut fresh = Device {
        replica: ClientReplica::new(unique("fresh")),
        token: admin.token.clone(),
    };
    assert!(fresh.sync(&w).is_empty());
    let server = fresh.values();
    assert_eq!(laptop.values(), server);
    assert_eq!(office.values(), server);
    assert_eq!(server.get(&status("2")), Some(&json!("実施しない")));
    assert_eq!(server.len(), 6, "measures 1 to 6");
    spawned.stop();
    let _ = std::fs::remove_dir_all(&dir);
}
