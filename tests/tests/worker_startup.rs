//! Workers this test starts itself (support::spawn): a short or empty admin secret turns the
//! admin API off, and the data and the schema's version survive restarts, an object deployed
//! before versioning being migrated once and never again.
//! Run with `bash scripts/test.sh` (after the shared worker has built the bundle).

mod support;

use reqwest::Method;
use rusqlite::Connection;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use support::spawn::{first_admin, issue_by, Spawned};
use support::{mutation, push_request, unique, Worker};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::protocol::{SyncResponse, TokenList};

/// The schema version the worker writes (`sync-worker/src/schema.rs`, `VERSION`).
const SCHEMA_VERSION: i64 = 6;
const IWATE: &str = "030007";
const TONO: &str = "032085";

/// One of this file's workers at a time: each starts workerd, and the machine may be small.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(unique(name));
    std::fs::create_dir_all(&dir).expect("a fresh directory");
    dir
}

#[test]
fn a_short_or_empty_admin_secret_turns_the_admin_api_off() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    for secret in [String::new(), "s".repeat(31)] {
        let dir = fresh_dir("short-secret");
        let mut spawned = Spawned::start(&dir, &secret);
        let w = Worker::at(&spawned.base, &secret);
        let first = json!({"org": IWATE, "role": "prefecture_admin", "label": "岩手県"});
        let message = w
            .secret(Method::POST, "/v1/admin/prefectures/03/tokens", Some(first))
            .expect_error(
                503,
                "admin_secret_too_short",
                None,
                &format!("a secret of {} characters", secret.len()),
            );
        assert!(message.contains("32"), "{message}");
        assert!(
            message.contains(&format!("has {} characters", secret.len())),
            "{message}"
        );
        // Whatever the caller sends, nothing gets past a short secret.
        for auth in ["Bearer ", "Bearer x"] {
            w.send(
                Method::GET,
                "/v1/admin/prefectures/03/tokens",
                Some(auth),
                None,
            )
            .expect_error(503, "admin_secret_too_short", None, auth);
        }
        let health: Value = w
            .send(Method::GET, "/v1/health", None, None)
            .expect(200, "the rest of the worker runs");
        assert_eq!(health["ok"], json!(true));
        spawned.stop();
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The SQLite file of the one prefecture object a test worker used.
fn object_file(dir: &Path) -> PathBuf {
    let mut found = Vec::new();
    let mut stack = vec![dir.join("state")];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "sqlite")
                && path.to_string_lossy().contains("Prefecture")
                // workerd's own index of the objects, not an object
                && path.file_name().is_some_and(|name| name != "metadata.sqlite")
            {
                found.push(path);
            }
        }
    }
    assert_eq!(found.len(), 1, "one prefecture object: {found:?}");
    found.remove(0)
}

fn tables(db: &Connection) -> Vec<String> {
    let mut statement = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("list tables");
    statement
        .query_map([], |row| row.get::<_, String>(0))
        .expect("tables")
        .map(|name| name.expect("a name"))
        .collect()
}

/// The version in the object's `schema_version` table (the worker cannot use PRAGMA
/// user_version: the Durable Object SQL API refuses it).
fn schema_version(db: &Connection) -> i64 {
    db.query_row(
        "SELECT version FROM schema_version WHERE id = 1",
        [],
        |row| row.get(0),
    )
    .expect("schema_version")
}

/// Tono's editor sets measure `record`'s title, as a new client.
fn push_title(w: &Worker, token: &str, record: &str, title: &str) -> SyncResponse {
    let client = unique("cli");
    w.sync(
        token,
        &push_request(
            &client,
            vec![mutation(
                &client,
                1,
                RecordKind::Measure,
                record,
                TONO,
                "title",
                json!(title),
            )],
        ),
    )
}

#[test]
fn the_schema_migrates_once_and_the_data_survives_restarts() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = fresh_dir("restart");
    let secret = "r".repeat(40);
    let record = unique("m");

    // A fresh object: created at the newest version.
    let mut spawned = Spawned::start(&dir, &secret);
    let w = Worker::at(&spawned.base, &secret);
    let admin = first_admin(&w, IWATE, "岩手県");
    let editor = issue_by(&w, &admin, TONO, "editor", "遠野市");
    let pushed = push_title(&w, &editor.token, &record, "再起動を越える施策");
    assert_eq!(pushed.acked_through, 1);
    spawned.stop();

    let file = object_file(&dir);
    {
        let db = Connection::open(&file).expect("open the object's database");
        assert_eq!(schema_version(&db), SCHEMA_VERSION);
        let names = tables(&db);
        assert!(!names.contains(&"conflicts".to_string()), "{names:?}");
        for table in [
            "records",
            "fields",
            "changes",
            "history",
            "tokens",
            "snapshots",
            "stale_snapshots",
        ] {
            assert!(names.contains(&table.to_string()), "{table}: {names:?}");
        }
        // Back to what a worker deployed before versioning left: its tables (`conflicts`
        // among them), no version.
        db.execute_batch(
            "CREATE TABLE conflicts (
                kind TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL,
                client_id TEXT NOT NULL, client_seq INTEGER NOT NULL, version TEXT NOT NULL,
                PRIMARY KEY (kind, record_id, field, client_id, client_seq));
             DROP TABLE schema_version;",
        )
        .expect("rewind to the pre-versioning schema");
    }

    // Restarted on that state: migrated once, everything still there.
    let mut spawned = Spawned::start(&dir, &secret);
    let w = Worker::at(&spawned.base, &secret);
    let pulled = w.pull_all(&editor.token, &unique("cli"), 0);
    let ids = BTreeSet::from([record.clone()]);
    let title = pulled
        .about(&ids)
        .find(|change| change.field == "title")
        .expect("the record survived the restart");
    assert_eq!(title.version.value, json!("再起動を越える施策"));
    let listed: TokenList = w
        .get("/v1/prefecture/tokens", &admin.token)
        .expect(200, "the administrator survived the restart");
    assert_eq!(listed.tokens.len(), 2);
    spawned.stop();
    {
        let db = Connection::open(&file).expect("open the object's database");
        assert_eq!(schema_version(&db), SCHEMA_VERSION);
        assert!(!tables(&db).contains(&"conflicts".to_string()));
        // A probe: a current object with a table step 2 would drop. Had the steps run again
        // at the next start, it would be gone.
        db.execute_batch("CREATE TABLE conflicts (probe INTEGER)")
            .expect("the probe");
    }

    // A third start migrates nothing.
    let mut spawned = Spawned::start(&dir, &secret);
    let w = Worker::at(&spawned.base, &secret);
    w.get("/v1/me", &editor.token)
        .expect::<Value>(200, "the editor after a third start");
    spawned.stop();
    {
        let db = Connection::open(&file).expect("open the object's database");
        assert_eq!(schema_version(&db), SCHEMA_VERSION);
        assert!(
            tables(&db).contains(&"conflicts".to_string()),
            "a current object's start ran a migration step again"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_second_after_a_push_the_alarm_writes_the_snapshot_forms_it_left_stale() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = fresh_dir("stale-forms");
    let secret = "f".repeat(40);
    let record = unique("m");
    let mut spawned = Spawned::start(&dir, &secret);
    let w = Worker::at(&spawned.base, &secret);
    let admin = first_admin(&w, IWATE, "岩手県");
    let editor = issue_by(&w, &admin, TONO, "editor", "遠野市");
    let pushed = push_title(&w, &editor.token, &record, "後で書かれる形");
    assert_eq!(pushed.acked_through, 1);
    // No snapshot request: the alarm (a second after the push) writes the form.
    std::thread::sleep(std::time::Duration::from_secs(5));
    spawned.stop();
    let db = Connection::open(object_file(&dir)).expect("open the object's database");
    let count = |query: &str| -> i64 {
        db.query_row(query, [&record], |row| row.get(0))
            .expect("a count")
    };
    assert_eq!(
        count("SELECT COUNT(*) FROM stale_snapshots WHERE record_id = ?"),
        0
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM snapshots WHERE record_id = ?"),
        1
    );
    let _ = std::fs::remove_dir_all(&dir);
}
