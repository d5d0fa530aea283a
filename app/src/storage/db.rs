//! The IndexedDB database: its versioned schema, opening it, and upgrading older layouts.
//!
//! The schema is its own history: one migration per version, applied in `upgradeneeded` from
//! the version on the device up to the app's, so a database written by any released app opens
//! with its data. An open that another tab blocks ends in an error instead of waiting forever.

use std::cell::Cell;
use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::rc::Rc;
use std::task::Poll;

use gloo_timers::future::TimeoutFuture;
use indexed_db_futures::database::{Database, VersionChangeEvent};
use indexed_db_futures::error::{Error as IdbError, OpenDbError};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyPath;
use tsunagu_core::merge::RecordKey;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::error::dom_name;
use super::StorageError;

/// The app's database.
pub const DEFAULT_NAME: &str = "tsunagu";
/// The schema version this app writes: the number of migrations.
pub const CURRENT_VERSION: u32 = MIGRATIONS.len() as u32;

/// Synced records (`RecordState` as JSON), keyed `"<kind>/<id>"`.
pub(crate) const RECORDS: &str = "records";
/// Unacknowledged mutations, keyed by the first `seq` of the row: since v7 a row is a JSON array
/// of `Mutation`s with consecutive `seq`s (a run, `core::client::queue_rows`); before, one
/// `Mutation` (read as a run of one).
pub(crate) const PENDING: &str = "pending";
/// Single rows: the replica's meta and the server connection.
pub(crate) const META: &str = "meta";
/// Changes pulled from the server, keyed `[record, server_seq]` (since v2).
pub(crate) const HISTORY: &str = "history";
/// `history` by `record`, so one record's history is one query.
pub(crate) const HISTORY_BY_RECORD: &str = "by_record";
/// Per-organisation dashboard rows (organisation and measure summary as JSON), keyed by the
/// organisation code (since v3): the dashboard reads these, never every measure.
pub(crate) const SUMMARIES: &str = "summaries";
/// The first sync's snapshot pages (each the JSON text of a `POST /v1/snapshot` response, whose
/// `records` are `RecordState`s), keyed by the page's first record key (since v4): a few large rows, because IndexedDB writes and reads
/// thousands of small ones far more slowly. A record in `records` supersedes its copy here.
pub(crate) const SNAPSHOT: &str = "snapshot";

/// Writes the server refused (`RefusedWrite` as JSON), keyed by the write's timestamp (since
/// v5): kept until the user exports or discards them, so no refused edit vanishes.
pub(crate) const REFUSED: &str = "refused";

/// Confirmed imports (`core::import::screen::ImportEntry` as JSON text, written by the tools
/// module), keyed by the import's id (since v6): each is one entry of the history and undone
/// in one step.
pub(crate) const IMPORTS: &str = "imports";

/// One step of the schema. Never change a released step: add one, so that every older
/// database upgrades through the same steps a fresh one is built from.
struct Migration {
    /// The stores this step creates; checked after every open.
    creates: &'static [&'static str],
    apply: fn(&Database) -> indexed_db_futures::Result<()>,
}

/// `MIGRATIONS[n]` turns a version-`n` database into version `n + 1`.
const MIGRATIONS: [Migration; 7] = [
    Migration {
        creates: &[RECORDS, PENDING, META],
        apply: v1_replica,
    },
    Migration {
        creates: &[HISTORY],
        apply: v2_history,
    },
    Migration {
        creates: &[SUMMARIES],
        apply: v3_summaries,
    },
    Migration {
        creates: &[SNAPSHOT],
        apply: v4_snapshot,
    },
    Migration {
        creates: &[REFUSED],
        apply: v5_refused,
    },
    Migration {
        creates: &[IMPORTS],
        apply: v6_imports,
    },
    Migration {
        creates: &[],
        apply: v7_queue_runs,
    },
];

/// v1: the replica alone. Keys live outside the JSON values, so values stay opaque text.
fn v1_replica(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(RECORDS).build()?;
    db.create_object_store(PENDING).build()?;
    db.create_object_store(META).build()?;
    Ok(())
}

/// v2: the local history. Rows are `{record, server_seq, change}` objects, because an index
/// needs a property to read; the key `[record, server_seq]` makes a replayed sync overwrite
/// its rows instead of duplicating them.
fn v2_history(db: &Database) -> indexed_db_futures::Result<()> {
    let store = db
        .create_object_store(HISTORY)
        .with_key_path(KeyPath::from(["record", "server_seq"]))
        .build()?;
    store
        .create_index(HISTORY_BY_RECORD, KeyPath::from("record"))
        .build()?;
    Ok(())
}

/// v3: dashboard summaries. Derived data: rebuilt from the records after every load, so an
/// older database simply starts with an empty store.
fn v3_summaries(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(SUMMARIES).build()?;
    Ok(())
}

/// v4: snapshot pages. An older database already synced from the log and never needs them.
fn v4_snapshot(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(SNAPSHOT).build()?;
    Ok(())
}

/// v5: the device's refused writes. Before it a refused write was only shown until dismissed.
fn v5_refused(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(REFUSED).build()?;
    Ok(())
}

/// v6: the imports of Excel and CSV files, for the history and undo. Older databases start
/// with none.
fn v6_imports(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(IMPORTS).build()?;
    Ok(())
}

/// v7: a `pending` row holds a run of writes. The rows of older versions (one write each, keyed
/// by its number) are runs of one and stay as they are; the new version keeps an older app's
/// tab, which would read a run as damaged data, from opening the database.
fn v7_queue_runs(_: &Database) -> indexed_db_futures::Result<()> {
    Ok(())
}

/// The stores a database of `version` has.
pub(crate) fn stores_at(version: u32) -> Vec<&'static str> {
    MIGRATIONS
        .iter()
        .take(version as usize)
        .flat_map(|m| m.creates.iter().copied())
        .collect()
}

/// The key of a record in `records` and of its rows in `history`.
pub(crate) fn record_key(key: &RecordKey) -> String {
    format!("{}/{}", key.kind.as_str(), key.id)
}

/// How long a blocked upgrade may wait for the other tab to close its connection (tabs of
/// this app do so at once) before the user is told.
const BLOCKED_GRACE_MS: u32 = 1_500;
/// An open that neither finishes nor reports being blocked is given up after this long.
const OPEN_TIMEOUT_MS: u32 = 15_000;
const POLL_MS: u32 = 50;

/// Opens `name` at `version` (at most [`CURRENT_VERSION`]), applying the missing migrations.
pub(crate) async fn open(name: &str, version: u32) -> Result<DbHandle, StorageError> {
    let blocked = Rc::new(Cell::new(false));
    let on_blocked = {
        let blocked = Rc::clone(&blocked);
        move |_: VersionChangeEvent| {
            blocked.set(true);
            Ok(())
        }
    };
    let on_upgrade = move |event: VersionChangeEvent, db: Database| {
        migrate(event.old_version() as usize, version as usize, &db)
    };
    let mut request = Database::open(name)
        .with_version(version)
        .with_on_blocked(on_blocked)
        .with_on_upgrade_needed(on_upgrade)
        .build()
        .map_err(StorageError::from_open)?;

    let db = match first_of(&mut request, give_up(Rc::clone(&blocked))).await {
        Some(Ok(db)) => db,
        Some(Err(error)) => return Err(open_failed(name, version, error).await),
        None => {
            // Dropping the request would detach its upgrade handler, and the upgrade would then
            // run without migrations once unblocked. Let it finish unseen (whole) and close.
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(db) = request.await {
                    db.close();
                }
            });
            return Err(if blocked.get() {
                StorageError::UpgradeBlocked { name: name.into() }
            } else {
                StorageError::Other {
                    op: "open the database",
                    message: format!("no answer within {} s", OPEN_TIMEOUT_MS / 1000),
                }
            });
        }
    };
    check_schema(&db, version)?;
    Ok(DbHandle::new(db, version))
}

fn migrate(from: usize, to: usize, db: &Database) -> indexed_db_futures::Result<()> {
    for migration in MIGRATIONS.iter().take(to).skip(from) {
        (migration.apply)(db)?;
    }
    Ok(())
}

/// Polls `work` until it finishes, or returns `None` if `deadline` comes first; `work` stays
/// alive for the caller either way.
async fn first_of<F: Future + Unpin>(
    work: &mut F,
    deadline: impl Future<Output = ()>,
) -> Option<F::Output> {
    let mut deadline = pin!(deadline);
    poll_fn(|cx| {
        if let Poll::Ready(output) = Pin::new(&mut *work).poll(cx) {
            return Poll::Ready(Some(output));
        }
        deadline.as_mut().poll(cx).map(|()| None)
    })
    .await
}

async fn give_up(blocked: Rc<Cell<bool>>) {
    let (mut waited, mut blocked_for) = (0, 0);
    while waited < OPEN_TIMEOUT_MS && blocked_for < BLOCKED_GRACE_MS {
        TimeoutFuture::new(POLL_MS).await;
        waited += POLL_MS;
        if blocked.get() {
            blocked_for += POLL_MS;
        }
    }
}

/// A failed open, in words; a `VersionError` means the device has a newer schema than ours.
async fn open_failed(name: &str, supported: u32, error: OpenDbError) -> StorageError {
    let OpenDbError::Base(IdbError::DomException(dom)) = &error else {
        return StorageError::from_open(error);
    };
    if dom_name(dom) != "VersionError" {
        return StorageError::from_open(error);
    }
    // Opening without a version never upgrades, so it tells the stored version safely.
    match Database::open(name).await {
        Ok(db) => {
            let found = db.version() as u32;
            db.close();
            StorageError::NewerVersion {
                name: name.into(),
                found,
                supported,
            }
        }
        Err(e) => StorageError::from_open(e),
    }
}

/// A database at the right version must have every store of that version; a missing one means
/// it was damaged or written by something else.
fn check_schema(db: &Database, version: u32) -> Result<(), StorageError> {
    let found = db.version() as u32;
    if found != version {
        return Err(StorageError::Corrupt(format!(
            "the database opened at version {found} instead of {version}"
        )));
    }
    let present: Vec<String> = db.object_store_names().collect();
    match stores_at(version)
        .into_iter()
        .find(|store| !present.iter().any(|p| p == store))
    {
        Some(missing) => Err(StorageError::Corrupt(format!(
            "the database lacks its {missing:?} store"
        ))),
        None => Ok(()),
    }
}

/// An open connection that steps aside for other tabs: it closes when another tab needs to
/// upgrade or delete the database, and when dropped.
#[derive(Debug)]
pub(crate) struct DbHandle {
    db: Database,
    version: u32,
    closed: Rc<Cell<bool>>,
    _on_version_change: Closure<dyn FnMut()>,
    _on_close: Closure<dyn FnMut()>,
}

impl DbHandle {
    fn new(db: Database, version: u32) -> Self {
        let closed = Rc::new(Cell::new(false));
        let raw: &web_sys::IdbDatabase = db.as_sys();
        let on_version_change = Closure::<dyn FnMut()>::new({
            let (raw, closed) = (raw.clone(), Rc::clone(&closed));
            move || {
                closed.set(true);
                raw.close();
            }
        });
        // `close` fires when the browser closes the connection itself (site data cleared).
        let on_close = Closure::<dyn FnMut()>::new({
            let closed = Rc::clone(&closed);
            move || closed.set(true)
        });
        raw.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        raw.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Self {
            db,
            version,
            closed,
            _on_version_change: on_version_change,
            _on_close: on_close,
        }
    }

    /// The connection, unless it was closed under us.
    pub(crate) fn database(&self) -> Result<&Database, StorageError> {
        if self.closed.get() {
            Err(StorageError::Closed)
        } else {
            Ok(&self.db)
        }
    }

    pub(crate) fn version(&self) -> u32 {
        self.version
    }
}

impl Drop for DbHandle {
    fn drop(&mut self) {
        let raw: &web_sys::IdbDatabase = self.db.as_sys();
        raw.set_onversionchange(None);
        raw.set_onclose(None);
        raw.close();
    }
}
