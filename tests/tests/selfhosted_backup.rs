//! The self-hosted service (plain `workerd serve` with the shipped configuration, see
//! docs/deploy.md): a backup taken with `scripts/backup-selfhosted.sh` while the service runs
//! and a device writes, restored into a second instance. The second instance holds what the
//! backup held; a device that synced after the backup is told `store_replaced` and sends its
//! writes again; every device ends with the server's state.
//!
//! Needs the release directory scripts/test.sh builds (`scripts/serve-selfhosted.sh build`),
//! named by TSUNAGU_SELFHOSTED_RELEASE.

mod support;

use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::{fs, thread};
use support::spawn::{copy_dir, first_admin, issue_by, Spawned};
use support::{unique, Device, Worker};
use tsunagu_core::client::FieldKey;
use tsunagu_core::domain::RecordKind;

const IWATE: &str = "030007";
const TONO: &str = "032085";

fn title(measure: &str) -> FieldKey {
    FieldKey::new(RecordKind::Measure, format!("{TONO}-m-{measure}"), "title")
}

fn release() -> PathBuf {
    let release = std::env::var_os("TSUNAGU_SELFHOSTED_RELEASE").unwrap_or_else(|| {
        panic!(
            "TSUNAGU_SELFHOSTED_RELEASE is not set: build a release with \
             `bash scripts/serve-selfhosted.sh build DIR` and name DIR (scripts/test.sh does)"
        )
    });
    PathBuf::from(release)
}

fn back_up(data: &Path, backup: &Path) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/backup-selfhosted.sh");
    let output = Command::new("bash")
        .arg(script)
        .args([data, backup])
        .output()
        .expect("backup-selfhosted.sh runs");
    assert!(
        output.status.success(),
        "the backup failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_backup_taken_while_it_runs_restores_into_a_second_instance() {
    let release = release();
    let dir = std::env::temp_dir().join(unique("selfhosted"));
    let secret = "s".repeat(40);
    let mut first = Spawned::selfhosted(&release, &dir.join("data"), &secret);
    let w = Worker::at(&first.base, &secret);
    let admin = first_admin(&w, IWATE, "岩手県");
    let mut office = Device::new(&issue_by(&w, &admin, TONO, "editor", "遠野市 本庁"));
    let mut laptop = Device::new(&issue_by(&w, &admin, TONO, "editor", "遠野市 出張所"));
    office.write(&title("1"), json!("書かない窓口"));
    office.write(&title("2"), json!("オンライン申請"));
    assert!(office.sync_as_the_app(&w).is_empty());

    // The backup, taken while the laptop writes and syncs.
    let backup = dir.join("backup");
    let laptop_base = first.base.clone();
    let laptop_secret = secret.clone();
    let writing = thread::spawn(move || {
        let w = Worker::at(&laptop_base, &laptop_secret);
        for n in 0..10 {
            laptop.write(&title(&format!("L{n}")), json!(format!("出張所の施策 {n}")));
            assert!(laptop.sync_as_the_app(&w).is_empty());
        }
        laptop
    });
    back_up(&dir.join("data"), &backup);
    let mut laptop = writing.join().expect("the laptop's writes");

    // After the backup: a write only the first instance holds.
    office.write(&title("3"), json!("テレワーク"));
    assert!(office.sync_as_the_app(&w).is_empty());
    first.stop();

    // Restored into a second instance, from the backup alone.
    copy_dir(&backup, &dir.join("restored"));
    let mut second = Spawned::selfhosted(&release, &dir.join("restored"), &secret);
    let w = Worker::at(&second.base, &secret);
    let mut reader = Device::new(&admin);
    assert!(
        reader.sync_as_the_app(&w).is_empty(),
        "the tokens came back too"
    );
    let restored = reader.values();
    assert_eq!(restored.get(&title("1")), Some(&json!("書かない窓口")));
    assert_eq!(restored.get(&title("2")), Some(&json!("オンライン申請")));
    assert_eq!(restored.get(&title("3")), None, "written after the backup");

    // The office synced after the backup: it is told, and sends its write again.
    let met = office.sync_as_the_app(&w);
    assert!(met.contains(&"store_replaced".to_string()), "{met:?}");
    laptop.sync_as_the_app(&w);
    assert!(office.sync_as_the_app(&w).is_empty());
    let mut fresh = Device::new(&admin);
    assert!(fresh.sync_as_the_app(&w).is_empty());
    let server = fresh.values();
    assert_eq!(server.get(&title("3")), Some(&json!("テレワーク")));
    for n in 0..10 {
        assert_eq!(
            server.get(&title(&format!("L{n}"))),
            Some(&json!(format!("出張所の施策 {n}"))),
            "the laptop's write {n}"
        );
    }
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
    second.stop();
    let _ = fs::remove_dir_all(&dir);
}
