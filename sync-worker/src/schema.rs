//! The Durable Object's schema, versioned: each step runs once, in one transaction with
//! setting the version, so a cold start reads one number and migrates nothing when the object
//! is current. The number is kept in the one-row table `schema_version`, not SQLite's
//! `PRAGMA user_version`, which the Durable Object SQL API refuses (SQLITE_AUTH).

use crate::random::random_word;
use crate::sql_store::SqlStore;
use crate::transaction::transaction_sync;
use serde::Deserialize;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::protocol::ApiError;
use tsunagu_core::server::refresh_snapshots;
use worker::{console_error, console_log, Error, Result, SqlStorage, SqlStorageValue, Storage};

/// One migration: its statements, the columns it adds, then (for step 1) the snapshot
/// backfill and (for step 3) the store's epoch.
struct Step {
    statements: &'static [&'static str],
    /// `(table, column definition)`: added unless already there (an object from before
    /// versioning runs every step, whatever its tables hold).
    add_columns: &'static [(&'static str, &'static str)],
    backfill_snapshots: bool,
    make_epoch: bool,
}

/// Step `n` (1-based) brings an object from version `n - 1` to `n`. Append new steps; never
/// change one that has shipped.
static STEPS: &[Step] = &[
    // 1: the schema as it was before versioning. Every statement is idempotent and the
    // backfill only fills what is missing, so an object deployed before versioning (its tables
    // there, no version yet: 0) passes through this step unchanged but for what it lacked.
    Step {
        statements: VERSION_1,
        add_columns: &[],
        backfill_snapshots: true,
        make_epoch: false,
    },
    // 2: `conflicts` was written on every push but never read: a field's conflicts are
    // derived from its state in `fields` (core::merge::FieldState::conflicts).
    Step {
        statements: &["DROP TABLE IF EXISTS conflicts"],
        add_columns: &[],
        backfill_snapshots: false,
        make_epoch: false,
    },
    // The store's identity (core::server::check_lineage): made once, with the store.
    Step {
        statements: &["CREATE TABLE IF NOT EXISTS store_meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL)"],
        add_columns: &[],
        backfill_snapshots: false,
        make_epoch: true,
    },
    // When each token was last used and last synced, for the members screen and the
    // dashboard's list of who is behind on connecting.
    Step {
        statements: &[],
        add_columns: &[
            ("tokens", "last_used_ms INTEGER"),
            ("tokens", "last_sync_ms INTEGER"),
        ],
        backfill_snapshots: false,
        make_epoch: false,
    },
    // 5: a push no longer writes the snapshot form of each record it changes; it marks the
    // record here, and the next snapshot page writes the forms of every marked record first
    // (core::server::refresh_stale_snapshots). Every form stored before is current: nothing
    // to mark.
    Step {
        statements: &["CREATE TABLE IF NOT EXISTS stale_snapshots (
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            PRIMARY KEY (kind, record_id)) WITHOUT ROWID"],
        add_columns: &[],
        backfill_snapshots: false,
        make_epoch: false,
    },
    // 6: sync files relayed (POST /v1/sync-file), by signature, so the same file relayed
    // twice, or on two relays, is refused the second time (core::server::relay_file).
    Step {
        statements: &["CREATE TABLE IF NOT EXISTS relayed_files (
            signature TEXT PRIMARY KEY,
            client_id TEXT NOT NULL,
            relayed_at_ms INTEGER NOT NULL)"],
        add_columns: &[],
        backfill_snapshots: false,
        make_epoch: false,
    },
];

/// The schema version this build writes.
pub const VERSION: usize = STEPS.len();

const VERSION_1: &[&str] = &[
    // Which organisation each client id belongs to and how far its mutations were applied.
    "CREATE TABLE IF NOT EXISTS clients (
        client_id TEXT PRIMARY KEY,
        org TEXT NOT NULL,
        last_seq INTEGER NOT NULL)",
    // The owner of each record, fixed by its first write.
    "CREATE TABLE IF NOT EXISTS records (
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        org TEXT NOT NULL,
        PRIMARY KEY (kind, record_id))",
    // The merged state of every field (core::merge::FieldState as JSON).
    "CREATE TABLE IF NOT EXISTS fields (
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        field TEXT NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (kind, record_id, field))",
    // The change log clients pull from; seq is the cursor.
    "CREATE TABLE IF NOT EXISTS changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        org TEXT NOT NULL,
        field TEXT NOT NULL,
        version TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS changes_by_org ON changes (org, seq)",
    // Unresolved conflicts: values that lost to a concurrent write, derived from `fields`.
    "CREATE TABLE IF NOT EXISTS conflicts (
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        field TEXT NOT NULL,
        client_id TEXT NOT NULL,
        client_seq INTEGER NOT NULL,
        version TEXT NOT NULL,
        PRIMARY KEY (kind, record_id, field, client_id, client_seq))",
    // Every applied write, with the value it replaced.
    "CREATE TABLE IF NOT EXISTS history (
        seq INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        entry TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS history_by_record ON history (kind, record_id, seq)",
    // Access tokens: only a hash of each secret is kept.
    "CREATE TABLE IF NOT EXISTS tokens (
        id TEXT PRIMARY KEY,
        secret_hash TEXT NOT NULL,
        org TEXT NOT NULL,
        role TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        revoked_at_ms INTEGER)",
    // Each record's compact snapshot form (core::protocol::encode_snapshot_record), written
    // again after a push changes the record (when the next snapshot page is asked for, since
    // step 5): a new device's first sync reads these rows.
    "CREATE TABLE IF NOT EXISTS snapshots (
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        org TEXT NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (kind, record_id))",
    // When each organisation last synced (any of its clients), for the prefecture's dashboard.
    "CREATE TABLE IF NOT EXISTS activity (
        org TEXT PRIMARY KEY,
        last_sync_ms INTEGER NOT NULL)",
    // The token each client id belongs to (clients stored before this have none until their
    // next push): no other token may push under that id.
    "CREATE TABLE IF NOT EXISTS client_tokens (
        client_id TEXT PRIMARY KEY,
        token_id TEXT NOT NULL)",
    // Each client's newest mutations (core::server::KEPT_MUTATIONS_PER_CLIENT): a digest of the
    // write and its refusal (core::protocol::Rejection as JSON), so a retry is answered as the
    // first time and a different write under a used sequence number is refused.
    "CREATE TABLE IF NOT EXISTS applied_mutations (
        client_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        digest TEXT NOT NULL,
        rejection TEXT,
        PRIMARY KEY (client_id, seq))",
];

#[derive(Deserialize)]
struct VersionRow {
    version: i64,
}

/// The object's schema version; 0 for a new object and for one from before versioning.
fn stored_version(sql: &SqlStorage) -> Result<usize> {
    // Idempotent and cheap: the only statement a current object runs when it starts.
    sql.exec(
        "CREATE TABLE IF NOT EXISTS schema_version (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL)",
        None,
    )?;
    let rows: Vec<VersionRow> = sql
        .exec("SELECT version FROM schema_version WHERE id = 1", None)?
        .to_array()?;
    let version = rows.first().map_or(0, |row| row.version);
    usize::try_from(version).map_err(|_| Error::RustError(format!("schema version {version}")))
}

/// Runs every step after the object's version, each in its own transaction with its version
/// number, so a failure leaves the object at the last whole step.
pub fn migrate(storage: &Storage) -> std::result::Result<(), ApiError> {
    let sql = storage.sql();
    let failed = |e: Error| ApiError::internal(format!("schema: {e}"));
    let mut version = stored_version(&sql).map_err(failed)?;
    if version > VERSION {
        // A rolled-back deployment: its tables are still there; it must not undo anything.
        console_error!("schema: the object is at version {version}, this build knows {VERSION}");
        return Ok(());
    }
    while version < VERSION {
        let step = &STEPS[version];
        let next = version + 1;
        let sql = sql.clone();
        transaction_sync(storage, move || {
            run_step(&sql, step, next).map_err(|e| ApiError::internal(format!("schema: {e}")))
        })?;
        console_log!("schema: migrated to version {next}");
        version = next;
    }
    Ok(())
}

fn run_step(sql: &SqlStorage, step: &Step, version: usize) -> Result<()> {
    for statement in step.statements {
        sql.exec(statement, None)?;
    }
    for (table, column) in step.add_columns {
        if let Err(error) = sql.exec(&format!("ALTER TABLE {table} ADD COLUMN {column}"), None) {
            // SQLite has no ADD COLUMN IF NOT EXISTS; the Durable Object refuses PRAGMAs.
            if !error.to_string().contains("duplicate column") {
                return Err(error);
            }
        }
    }
    if step.backfill_snapshots {
        backfill_snapshots(sql)?;
    }
    if step.make_epoch {
        let epoch = random_word(16).map_err(|e| Error::RustError(e.message))?;
        sql.exec(
            "INSERT OR IGNORE INTO store_meta (key, value) VALUES ('epoch', ?)",
            vec![worker::SqlStorageValue::String(epoch)],
        )?;
    }
    sql.exec(
        "INSERT INTO schema_version (id, version) VALUES (1, ?)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version",
        vec![SqlStorageValue::Integer(version as i64)],
    )?;
    Ok(())
}

#[derive(Deserialize)]
struct KeyRow {
    kind: String,
    record_id: String,
}

/// Records stored before snapshots were kept get theirs once, when the object next starts.
fn backfill_snapshots(sql: &SqlStorage) -> Result<()> {
    let missing: Vec<KeyRow> = sql
        .exec(
            "SELECT kind, record_id FROM records
             WHERE NOT EXISTS (SELECT 1 FROM snapshots
                               WHERE snapshots.kind = records.kind
                                 AND snapshots.record_id = records.record_id)",
            None,
        )?
        .to_array()?;
    if missing.is_empty() {
        return Ok(());
    }
    let keys = missing
        .into_iter()
        .map(|row| {
            let kind = row
                .kind
                .parse()
                .map_err(|e| Error::RustError(format!("stored record kind: {e}")))?;
            Ok(RecordKey::new(kind, row.record_id))
        })
        .collect::<Result<Vec<_>>>()?;
    refresh_snapshots(&mut SqlStore::new(sql.clone()), &keys)
        .map_err(|e| Error::RustError(e.to_string()))
}
