//! A backup put back under a running service, against a worker of this test's own
//! (support::spawn): the worker's state is copied, a device writes and pulls, the copy is put
//! back, a second device writes; the first device is told `store_replaced`, takes a fresh
//! snapshot, keeps its unsent write and sends its lost writes again, and both devices end with
//! the server's state. Run with `bash scripts/test.sh` (after the shared worker has built the
//! bundle).

mod support;

use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use support::spawn::Spawned;
use support::{bearer, unique, Worker};
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{IssuedToken, SnapshotResponse, SyncRequest, SyncResponse};

const IWATE: &str = "030007";
const TONO: &str = "032085";

fn tono() -> OrgCode {
    OrgCode::parse(TONO).expect("valid code")
}

fn title(measure: &str) -> FieldKey {
    FieldKey::new(RecordKind::Measure, format!("{TONO}-m-{measure}"), "title")
}

/// A device: its replica and its token.
struct Device {
    replica: ClientReplica,
    token: String,
}

impl Device {
    fn new(name: &str, token: &IssuedToken) -> Device {
        Device {
            replica: ClientReplica::new(unique(name)),
            token: token.token.clone(),
        }
    }

    fn write(&mut self, measure: &str, value: &str) {
        let now = support::now_ms();
        self.replica
            .write(&tono(), &title(measure), json!(value), now);
    }

    /// Syncs as the app does: snapshot pages first, then pushes and pulls; a sequence gap
    /// renumbers the queue, `store_replaced` starts over. Returns the error codes met.
    fn sync(&mut self, w: &Worker) -> Vec<String> {
        let mut met = Vec::new();
        for _ in 0..50 {
            if let Some(request) = self.replica.snapshot_request(Some(50)) {
                let body = serde_json::to_vec(&request).expect("JSON");
                let reply = w.send(
                    Method::POST,
                    "/v1/snapshot",
                    Some(&bearer(&self.token)),
                    Some(body),
                );
                if reply.status == 200 {
                    let page: SnapshotResponse = reply.decode();
                    self.replica.apply_snapshot(page);
                } else {
                    self.start_over(&reply.code(), &reply.text, &mut met);
                }
                continue;
            }
            let request = self.replica.request(Some(100));
            let reply = w.try_sync(&self.token, &request);
            if reply.status == 200 {
                let response: SyncResponse = reply.decode();
                self.replica.apply_response(&response);
                if !response.has_more && self.replica.pending().is_empty() {
                    return met;
                }
                continue;
            }
            let code = reply.code();
            if code == "sequence_gap" {
                met.push(code);
                let pull = SyncRequest {
                    mutations: Vec::new(),
                    ..request
                };
                let pulled = w.sync(&self.token, &pull);
                let mut meta = self.replica.meta();
                let mut pending = self.replica.pending().to_vec();
                meta.renumber_after(&mut pending, pulled.acked_through);
                self.replica.set_queue(pending, &meta);
            } else {
                self.start_over(&code, &reply.text, &mut met);
            }
        }
        panic!("the device did not finish syncing in 50 rounds: {met:?}");
    }

    fn start_over(&mut self, code: &str, text: &str, met: &mut Vec<String>) {
        assert_eq!(code, "store_replaced", "{text}");
        met.push(code.to_owned());
        self.replica.start_over_and_queue();
    }

    fn values(&self) -> BTreeMap<FieldKey, Value> {
        self.replica
            .synced_fields()
            .into_iter()
            .map(|(key, state)| (key, state.value().clone()))
            .collect()
    }
}

/// Copies the worker's state directory (the worker is stopped).
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("the copy's directory");
    for entry in fs::read_dir(from).expect("the state directory") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("a copied file");
        }
    }
}

fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(unique(name));
    fs::create_dir_all(&dir).expect("a fresh directory");
    dir
}

#[test]
fn a_backup_put_back_loses_no_device_s_write_and_everyone_converges() {
    let dir = fresh_dir("restore");
    let secret = "b".repeat(40);
    let mut spawned = Spawned::start(&dir, &secret);
    let w = Worker::at(&spawned.base, &secret);
    let admin: IssuedToken = w
        .secret(
            Method::POST,
            "/v1/admin/prefectures/03/tokens",
            Some(json!({"org": IWATE, "role": "prefecture_admin", "label": "岩手県"})),
        )
        .expect(201, "the first administrator");
    let issue = |w: &Worker, label: &str| -> IssuedToken {
        w.send(
            Method::POST,
            "/v1/prefecture/tokens",
            Some(&bearer(&admin.token)),
            Some(
                serde_json::to_vec(&json!({"org": TONO, "role": "editor", "label": label}))
                    .expect("JSON"),
            ),
        )
        .expect(201, "an editor")
    };
    let mut office = Device::new("office", &issue(&w, "遠野市 本庁"));
    let mut laptop = Device::new("laptop", &issue(&w, "遠野市 出張所"));
    office.write("1", "書かない窓口");
    office.write("2", "オンライン申請");
    assert!(office.sync(&w).is_empty());
    laptop.write("3", "テレワーク");
    assert!(laptop.sync(&w).is_empty());
    assert!(office.sync(&w).is_empty());

    // The backup, taken with the worker stopped.
    spawned.stop();
    let backup = dir.join("backup");
    copy_dir(&dir.join("state"), &backup);
    let mut spawned = Spawned::start(&dir, &secret);
    let w = Worker::at(&spawned.base, &secret);
    office.write("1", "書かない窓口 (全庁展開)");
    office.write("4", "AI議事録");
    assert!(office.sync(&w).is_empty());

    // The backup is put back; the laptop, which pulled nothing since, writes first.
    spawned.stop();
    fs::remove_dir_all(dir.join("state")).expect("the live state goes");
    copy_dir(&backup, &dir.join("state"));
    let mut spawned = Spawned::start(&dir, &secret);
    let w = Worker::at(&spawned.base, &secret);
    laptop.write("3", "テレワーク (全職員)");
    laptop.write("5", "電子契約");
    laptop.write("6", "RPA");
    assert!(
        laptop.sync(&w).is_empty(),
        "the laptop pulled only what the backup holds"
    );
    office.write("2", "オンライン申請 (全手続)");

    let met = office.sync(&w);
    assert!(met.contains(&"store_replaced".to_string()), "{met:?}");
    assert!(laptop.sync(&w).is_empty());

    // The server's state, as a new device of the prefecture takes it.
    let mut fresh = Device {
        replica: ClientReplica::new(unique("fresh")),
        token: admin.token.clone(),
    };
    assert!(fresh.sync(&w).is_empty());
    let server = fresh.values();
    assert_eq!(
        office.values(),
        server,
        "the office holds the server's state"
    );
    assert_eq!(
        laptop.values(),
        server,
        "the laptop holds the server's state"
    );
    for (measure, value) in [
        ("1", "書かない窓口 (全庁展開)"),
        ("2", "オンライン申請 (全手続)"),
        ("3", "テレワーク (全職員)"),
        ("4", "AI議事録"),
        ("5", "電子契約"),
        ("6", "RPA"),
    ] {
        assert_eq!(
            server.get(&title(measure)),
            Some(&json!(value)),
            "{measure}"
        );
    }
    spawned.stop();
    let _ = fs::remove_dir_all(&dir);
}
