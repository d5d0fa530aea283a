//! A backup put back under a running service, against a worker of this test's own
//! (support::spawn): the worker's state is copied, a device writes and pulls, the copy is put
//! back, a second device writes; the first device is told `store_replaced`, takes a fresh
//! snapshot, keeps its unsent write and sends its lost writes again, and both devices end with
//! the server's state. Run with `bash scripts/test.sh` (after the shared worker has built the
//! bundle).

mod support;

use serde_json::json;
use std::fs;
use support::spawn::{copy_dir, first_admin, issue_by, Spawned};
use support::{unique, Device, Worker};
use tsunagu_core::client::FieldKey;
use tsunagu_core::domain::RecordKind;

const IWATE: &str = "030007";
const TONO: &str = "032085";

fn title(measure: &str) -> FieldKey {
    FieldKey::new(RecordKind::Measure, format!("{TONO}-m-{measure}"), "title")
}

#[test]
fn a_backup_put_back_loses_no_device_s_write_and_everyone_converges() {
    let dir = std::env::temp_dir().join(unique("restore"));
    let secret = "b".repeat(40);
    let mut spawned = Spawned::start(&dir, &secret);
    let w = Worker::at(&spawned.base, &secret);
    let admin = first_admin(&w, IWATE, "岩手県");
    let mut office = Device::new(&issue_by(&w, &admin, TONO, "editor", "遠野市 本庁"));
    let mut laptop = Device::new(&issue_by(&w, &admin, TONO, "editor", "遠野市 出張所"));
    office.write(&title("1"), json!("書かない窓口"));
    office.write(&title("2"), json!("オンライン申請"));
    assert!(office.sync_as_the_app(&w).is_empty());
    laptop.write(&title("3"), json!("テレワーク"));
    assert!(laptop.sync_as_the_app(&w).is_empty());
    assert!(office.sync_as_the_app(&w).is_empty());

    // The backup, taken with the worker stopped.
    spawned.stop();
    let backup = dir.join("backup");
    copy_dir(&dir.join("state"), &backup);
    let mut spawned = Spawned::start(&dir, &secret);
    let w = Worker::at(&spawned.base, &secret);
    office.write(&title("1"), json!("書かない窓口 (全庁展開)"));
    office.write(&title("4"), json!("AI議事録"));
    assert!(office.sync_as_the_app(&w).is_empty());

    // The backup is put back; the laptop, which pulled nothing since, writes first.
    spawned.stop();
    fs::remove_dir_all(dir.join("state")).expect("the live state goes");
    copy_dir(&backup, &dir.join("state"));
    let mut spawned = Spawned::start(&dir, &secret);
    let w = Worker::at(&spawned.base, &secret);
    laptop.write(&title("3"), json!("テレワーク (全職員)"));
    laptop.write(&title("5"), json!("電子契約"));
    laptop.write(&title("6"), json!("RPA"));
    assert!(
        laptop.sync_as_the_app(&w).is_empty(),
        "the laptop pulled only what the backup holds"
    );
    office.write(&title("2"), json!("オンライン申請 (全手続)"));

    let met = office.sync_as_the_app(&w);
    assert!(met.contains(&"store_replaced".to_string()), "{met:?}");
    assert!(laptop.sync_as_the_app(&w).is_empty());

    // The server's state, as a new device of the prefecture takes it.
    let mut fresh = Device::new(&admin);
    assert!(fresh.sync_as_the_app(&w).is_empty());
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
