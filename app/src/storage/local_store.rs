//! The replica kept in IndexedDB: what `ClientReplica` needs to resume, the pending queue, the
//! local history, the server connection and when it last synced.
//!
//! Values are JSON text: serde_json is fast in wasm, the text clones cheaply across the
//! structured-clone boundary, and anything unreadable is reported as damaged data rather than
//! mistaken for something else. Every save is one transaction, so a change is stored whole or
//! not at all.

use std::rc::Rc;

use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tsunagu_core::client::{queue_of, AppliedChange, ReplicaMeta};
use tsunagu_core::merge::{RecordKey, RecordState};
use tsunagu_core::protocol::{stored_page_records, Mutation, WhoAmI};
use wasm_bindgen::{JsCast, JsValue};

use super::db::{
    self, DbHandle, CURRENT_VERSION, DEFAULT_NAME, HISTORY, HISTORY_BY_RECORD, META, PENDING,
    RECORDS, SNAPSHOT, SUMMARIES,
};
use super::queue_store::queue_row;
use super::StorageError;

/// The `meta` row holding the replica's [`ReplicaMeta`].
pub(super) const REPLICA_ROW: &str = "replica";
/// The `meta` row holding the [`Connection`].
const CONNECTION_ROW: &str = "connection";
/// The `meta` row holding when this device last completed a sync (ms since the epoch).
const LAST_SYNC_ROW: &str = "last_sync";

/// The sync server this device talks to, and who its token says the user is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Connection {
    pub url: String,
    pub token: String,
    pub who: Option<WhoAmI>,
}

/// Everything needed to resume: `ClientReplica::restore(meta, records, pending)`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    /// `None` on a device that never stored anything.
    pub meta: Option<ReplicaMeta>,
    /// Snapshot copies first, then the records synced since: a later entry for the same key
    /// replaces an earlier one.
    pub records: Vec<RecordState>,
    /// Oldest first.
    pub pending: Vec<Mutation>,
    pub connection: Option<Connection>,
    /// When this device last completed a sync with the server (ms since the epoch).
    pub last_sync_ms: Option<u64>,
}

/// One step of a save; a save is a list of them applied in one transaction.
///
/// Public only so tests can prove that a failing step rolls back the steps before it.
#[doc(hidden)]
#[derive(Clone, Debug)]
pub enum Write {
    /// `key: None` for stores whose key is inside the value (`history`).
    Put {
        store: &'static str,
        key: Option<JsValue>,
        value: JsValue,
    },
    Delete {
        store: &'static str,
        key: JsValue,
    },
    Clear {
        store: &'static str,
    },
}

/// The app's IndexedDB database. `!Send` (it holds JavaScript objects); clones share one
/// connection, which closes when the last clone is dropped.
#[derive(Clone, Debug)]
pub struct LocalStore {
    pub(super) handle: Rc<DbHandle>,
}

impl LocalStore {
    /// Opens (creating or upgrading) the app's database, `"tsunagu"`.
    pub async fn open() -> Result<LocalStore, StorageError> {
        Self::open_named(DEFAULT_NAME).await
    }

    /// Opens the database `name` at the current schema version.
    pub async fn open_named(name: &str) -> Result<LocalStore, StorageError> {
        Self::open_at(name, CURRENT_VERSION).await
    }

    /// Opens `name` at an older schema `version`, as an older app did: for upgrade tests.
    #[doc(hidden)]
    pub async fn open_at(name: &str, version: u32) -> Result<LocalStore, StorageError> {
        if version == 0 || version > CURRENT_VERSION {
            return Err(StorageError::Other {
                op: "open the database",
                message: format!(
                    "no schema version {version} (this app knows 1 to {CURRENT_VERSION})"
                ),
            });
        }
        let handle = db::open(name, version).await?;
        Ok(LocalStore {
            handle: Rc::new(handle),
        })
    }

    /// The schema version of the open database.
    pub fn version(&self) -> u32 {
        self.handle.version()
    }

    /// Closes the connection (once no clone is left), so the database can be deleted or
    /// upgraded by another tab.
    pub fn close(self) {}

    /// Reads the whole replica with bulk reads in one transaction.
    pub async fn load(&self) -> Result<Loaded, StorageError> {
        const OP: &str = "load the local data";
        let fail = |e| StorageError::from_idb(OP, e);
        let db = self.handle.database()?;
        let has_snapshot = db::stores_at(self.version()).contains(&SNAPSHOT);
        let stores: &[&str] = if has_snapshot {
            &[RECORDS, PENDING, META, SNAPSHOT]
        } else {
            &[RECORDS, PENDING, META]
        };
        let tx = db.transaction(stores).build().map_err(fail)?;
        let (record_store, pending_store, meta_store) = (
            tx.object_store(RECORDS).map_err(fail)?,
            tx.object_store(PENDING).map_err(fail)?,
            tx.object_store(META).map_err(fail)?,
        );
        // Every request goes out before the first await: one round trip, not five.
        let pages = if has_snapshot {
            let store = tx.object_store(SNAPSHOT).map_err(fail)?;
            Some(store.get_all::<JsValue>().primitive().map_err(fail)?)
        } else {
            None
        };
        let records = record_store
            .get_all::<JsValue>()
            .primitive()
            .map_err(fail)?;
        let pending = pending_store
            .get_all::<JsValue>()
            .primitive()
            .map_err(fail)?;
        let replica = meta_store
            .get::<JsValue, _, _>(js(REPLICA_ROW))
            .primitive()
            .map_err(fail)?;
        let connection = meta_store
            .get::<JsValue, _, _>(js(CONNECTION_ROW))
            .primitive()
            .map_err(fail)?;
        let last_sync = meta_store
            .get::<JsValue, _, _>(js(LAST_SYNC_ROW))
            .primitive()
            .map_err(fail)?;

        let mut all_records: Vec<RecordState> = Vec::new();
        if let Some(pages) = pages {
            for page in pages.await.map_err(fail)? {
                // A `snapshot` row is a `POST /v1/snapshot` response body as it arrived: its
                // bytes (text in rows stored by earlier versions of the app).
                let page = page.map_err(fail)?;
                let corrupt = |e: &dyn std::fmt::Display| {
                    StorageError::Corrupt(format!("a snapshot page: {e}"))
                };
                let text = match page.dyn_ref::<js_sys::Uint8Array>() {
                    Some(bytes) => String::from_utf8(bytes.to_vec()).map_err(|e| corrupt(&e))?,
                    None => page
                        .as_string()
                        .ok_or_else(|| corrupt(&"neither bytes nor text"))?,
                };
                let records = stored_page_records(&text).map_err(|e| corrupt(&e))?;
                all_records.extend(records);
            }
        }
        let records = records.await.map_err(fail)?;
        let pending = pending.await.map_err(fail)?;
        let replica = replica.await.map_err(fail)?;
        let connection = connection.await.map_err(fail)?;
        let last_sync = last_sync.await.map_err(fail)?;
        // After the snapshot's copies: a record in `records` is newer and replaces its copy.
        for record in records {
            all_records.push(decode("a stored record", &record.map_err(fail)?)?);
        }
        Ok(Loaded {
            meta: replica
                .map(|v| decode("the replica's meta row", &v))
                .transpose()?,
            records: all_records,
            pending: queue_of(
                pending
                    .map(|row| queue_row(&row.map_err(fail)?))
                    .collect::<Result<_, _>>()?,
            ),
            connection: connection
                .map(|v| decode("the connection row", &v))
                .transpose()?,
            last_sync_ms: last_sync
                .map(|v| decode("the last sync's time", &v))
                .transpose()?,
        })
    }

    /// Only the connection row: who the user is, before the whole replica is read.
    pub async fn load_connection(&self) -> Result<Option<Connection>, StorageError> {
        const OP: &str = "read the connection";
        let fail = |e| StorageError::from_idb(OP, e);
        let db = self.handle.database()?;
        let tx = db.transaction(META).build().map_err(fail)?;
        let store = tx.object_store(META).map_err(fail)?;
        let row = store
            .get::<JsValue, _, _>(js(CONNECTION_ROW))
            .primitive()
            .map_err(fail)?
            .await
            .map_err(fail)?;
        row.map(|v| decode("the connection row", &v)).transpose()
    }

    /// One transaction for a snapshot page: the page as it arrived (`bytes`, one row keyed by
    /// where it starts: `after`, or "" for the first page), then what `merge` returns: the
    /// records it changed that were already here, in their merged state, and the meta with the
    /// bootstrap's progress. The page's row is handed to the browser before `merge` runs, so
    /// the browser writes it while the page is decoded. A page taken in twice overwrites its
    /// row; when `merge` fails, nothing is stored.
    pub async fn save_snapshot_page<E: From<StorageError>>(
        &self,
        after: Option<&RecordKey>,
        bytes: &[u8],
        merge: impl FnOnce() -> Result<(Vec<RecordState>, ReplicaMeta), E>,
    ) -> Result<(), E> {
        const OP: &str = "save a snapshot page";
        let fail = |e| StorageError::from_idb(OP, e);
        let db = self.handle.database()?;
        let tx = db
            .transaction([META, RECORDS, SNAPSHOT])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(fail)?;
        let row = after.map_or_else(String::new, db::record_key);
        let page = js_sys::Uint8Array::from(bytes);
        issue(&tx, &put(SNAPSHOT, js(&row), page.into())).map_err(fail)?;
        // Other tabs may have stored writes meanwhile: their sequence and clock stay.
        let meta_row = tx
            .object_store(META)
            .map_err(fail)?
            .get::<JsValue, _, _>(js(REPLICA_ROW))
            .primitive()
            .map_err(fail)?;
        // Still the same task: the transaction stays open while `merge` works. On an error,
        // `tx` is dropped uncommitted, which aborts it.
        let (updated, synced) = merge()?;
        for record in &updated {
            let row = put(RECORDS, js(&db::record_key(&record.key)), encode(record)?);
            issue(&tx, &row).map_err(fail)?;
        }
        let meta = match meta_row.await.map_err(fail)? {
            Some(row) => {
                let mut stored: ReplicaMeta = decode("the replica's meta row", &row)?;
                stored.merge_progress(&synced);
                stored
            }
            None => synced,
        };
        issue(&tx, &put(META, js(REPLICA_ROW), encode(&meta)?)).map_err(fail)?;
        Ok(commit(tx, OP).await?)
    }

    /// The local history of one record (changes pulled from the server), oldest first.
    pub async fn history(&self, key: &RecordKey) -> Result<Vec<AppliedChange>, StorageError> {
        const OP: &str = "read a record's history";
        let fail = |e| StorageError::from_idb(OP, e);
        let db = self.handle.database()?;
        let tx = db.transaction(HISTORY).build().map_err(fail)?;
        let store = tx.object_store(HISTORY).map_err(fail)?;
        let index = store.index(HISTORY_BY_RECORD).map_err(fail)?;
        // Equal index keys come in primary-key order, [record, server_seq]: oldest first.
        let rows = index
            .get_all::<JsValue>()
            .with_query(js(&db::record_key(key)))
            .primitive()
            .map_err(fail)?
            .await
            .map_err(fail)?;
        rows.map(|row| history_change(row.map_err(fail)?)).collect()
    }

    /// Every change this device pulled, of every record (the activity feed's older writes).
    pub async fn all_history(&self) -> Result<Vec<AppliedChange>, StorageError> {
        const OP: &str = "read the local history";
        let fail = |e| StorageError::from_idb(OP, e);
        let db = self.handle.database()?;
        let tx = db.transaction(HISTORY).build().map_err(fail)?;
        let store = tx.object_store(HISTORY).map_err(fail)?;
        let rows = store
            .get_all::<JsValue>()
            .primitive()
            .map_err(fail)?
            .await
            .map_err(fail)?;
        rows.map(|row| history_change(row.map_err(fail)?)).collect()
    }

    /// Every dashboard summary row, in key (organisation code) order.
    pub async fn load_summaries<T: DeserializeOwned>(&self) -> Result<Vec<T>, StorageError> {
        self.read_all(
            SUMMARIES,
            "read the dashboard summaries",
            "a dashboard summary",
        )
        .await
    }

    /// Every row of `store`, in key order, each read as JSON (`what` names one in errors).
    pub(super) async fn read_all<T: DeserializeOwned>(
        &self,
        store: &str,
        op: &'static str,
        what: &str,
    ) -> Result<Vec<T>, StorageError> {
        let db = self.handle.database()?;
        let tx = db
            .transaction(store)
            .build()
            .map_err(|e| StorageError::from_idb(op, e))?;
        all_rows(&tx, store, op, what).await
    }

    /// One transaction: puts `rows` (keyed by organisation code) and deletes `removed`; with
    /// `replace_all`, every other row goes too.
    pub async fn save_summaries<T: Serialize>(
        &self,
        rows: &[(String, T)],
        removed: &[String],
        replace_all: bool,
    ) -> Result<(), StorageError> {
        let mut writes = Vec::with_capacity(rows.len() + removed.len() + 1);
        if replace_all {
            writes.push(Write::Clear { store: SUMMARIES });
        }
        for (key, row) in rows {
            writes.push(put(SUMMARIES, js(key), encode(row)?));
        }
        writes.extend(removed.iter().map(|key| Write::Delete {
            store: SUMMARIES,
            key: js(key),
        }));
        self.write_batch(&writes).await
    }

    pub async fn save_connection(&self, connection: &Connection) -> Result<(), StorageError> {
        self.write_batch(&[put(META, js(CONNECTION_ROW), encode(connection)?)])
            .await
    }

    /// When this device last completed a sync, as stored.
    pub async fn load_last_sync(&self) -> Result<Option<u64>, StorageError> {
        const OP: &str = "read the last sync's time";
        let fail = |e| StorageError::from_idb(OP, e);
        let db = self.handle.database()?;
        let tx = db.transaction(META).build().map_err(fail)?;
        let row = tx
            .object_store(META)
            .map_err(fail)?
            .get::<JsValue, _, _>(js(LAST_SYNC_ROW))
            .primitive()
            .map_err(fail)?
            .await
            .map_err(fail)?;
        row.map(|v| decode("the last sync's time", &v)).transpose()
    }

    /// Remembers when this device last completed a sync, so it is shown after a reload.
    pub async fn save_last_sync(&self, at_ms: u64) -> Result<(), StorageError> {
        self.write_batch(&[put(META, js(LAST_SYNC_ROW), encode(&at_ms)?)])
            .await
    }

    pub async fn clear_connection(&self) -> Result<(), StorageError> {
        self.write_batch(&[Write::Delete {
            store: META,
            key: js(CONNECTION_ROW),
        }])
        .await
    }

    /// Deletes everything (used when connecting to another organisation).
    pub async fn clear_all(&self) -> Result<(), StorageError> {
        let writes: Vec<Write> = db::stores_at(self.handle.version())
            .into_iter()
            .map(|store| Write::Clear { store })
            .collect();
        self.write_batch(&writes).await
    }

    /// Applies `writes` in one read-write transaction: all of them, or none if any fails.
    #[doc(hidden)]
    pub async fn write_batch(&self, writes: &[Write]) -> Result<(), StorageError> {
        const OP: &str = "save";
        let fail = |e| StorageError::from_idb(OP, e);
        let mut stores: Vec<&str> = writes.iter().map(Write::store).collect();
        stores.sort_unstable();
        stores.dedup();
        if stores.is_empty() {
            return Ok(());
        }
        let db = self.handle.database()?;
        let tx = db
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(fail)?;
        for write in writes {
            // On error `tx` is dropped here uncommitted, which aborts it: earlier steps vanish.
            issue(&tx, write).map_err(fail)?;
        }
        commit(tx, OP).await
    }
}

impl Write {
    fn store(&self) -> &'static str {
        match self {
            Write::Put { store, .. } | Write::Delete { store, .. } | Write::Clear { store } => {
                store
            }
        }
    }
}

/// Every row of `store` in `tx`, in key order, each read as JSON (`what` names one in errors).
pub(super) async fn all_rows<T: DeserializeOwned>(
    tx: &Transaction<'_>,
    store: &str,
    op: &'static str,
    what: &str,
) -> Result<Vec<T>, StorageError> {
    raw_rows(tx, store, op)
        .await?
        .iter()
        .map(|row| decode(what, row))
        .collect()
}

/// Every row of `store` as it is stored, in key order.
pub(super) async fn raw_rows(
    tx: &Transaction<'_>,
    store: &str,
    op: &'static str,
) -> Result<Vec<JsValue>, StorageError> {
    let fail = |e| StorageError::from_idb(op, e);
    let rows = tx
        .object_store(store)
        .map_err(fail)?
        .get_all::<JsValue>()
        .primitive()
        .map_err(fail)?
        .await
        .map_err(fail)?;
    rows.map(|row| row.map_err(fail)).collect()
}

/// Every row of `store` as the text it holds, in key order (rows that are not text are left
/// out: nothing else is written there).
pub(super) async fn all_text_rows(
    local: &LocalStore,
    store: &str,
    op: &'static str,
) -> Result<Vec<String>, StorageError> {
    let fail = |e| StorageError::from_idb(op, e);
    let db = local.handle.database()?;
    let tx = db.transaction(store).build().map_err(fail)?;
    let rows = raw_rows(&tx, store, op).await?;
    Ok(rows.iter().filter_map(JsValue::as_string).collect())
}

/// Places one request. Its future is not awaited: a failing request aborts the transaction,
/// which `commit` reports, and awaiting each request would cost a round trip per row.
pub(super) fn issue(tx: &Transaction<'_>, write: &Write) -> indexed_db_futures::Result<()> {
    let store = tx.object_store(write.store())?;
    let request = match write {
        Write::Put {
            key: Some(key),
            value,
            ..
        } => store
            .put(value)
            .with_key(key)
            .without_key_type()
            .primitive()?,
        Write::Put {
            key: None, value, ..
        } => store.put(value).primitive()?,
        Write::Delete { key, .. } => store.delete(key.clone()).primitive()?,
        Write::Clear { .. } => store.clear()?,
    };
    drop(request);
    Ok(())
}

/// Commits, naming the transaction's own error (such as a full disk) when it aborted.
pub(super) async fn commit(tx: Transaction<'_>, op: &'static str) -> Result<(), StorageError> {
    let raw: web_sys::IdbTransaction = (**tx.as_sys()).clone();
    tx.commit().await.map_err(|e| match raw.error() {
        Some(dom) => StorageError::from_dom_sys(op, dom),
        None => StorageError::from_idb(op, e),
    })
}

pub(super) fn js(text: &str) -> JsValue {
    JsValue::from_str(text)
}

pub(super) fn seq_key(seq: u64) -> JsValue {
    JsValue::from_f64(seq as f64)
}

pub(super) fn put(store: &'static str, key: JsValue, value: JsValue) -> Write {
    Write::Put {
        store,
        key: Some(key),
        value,
    }
}

pub(super) fn encode<T: Serialize>(value: &T) -> Result<JsValue, StorageError> {
    serde_json::to_string(value)
        .map(|text| js(&text))
        .map_err(|e| StorageError::Other {
            op: "encode data for storage",
            message: e.to_string(),
        })
}

pub(super) fn decode<T: DeserializeOwned>(what: &str, value: &JsValue) -> Result<T, StorageError> {
    let text = value
        .as_string()
        .ok_or_else(|| StorageError::Corrupt(format!("{what} is not text")))?;
    serde_json::from_str(&text).map_err(|e| StorageError::Corrupt(format!("{what}: {e}")))
}

/// The change a history row holds.
fn history_change(row: JsValue) -> Result<AppliedChange, StorageError> {
    let change = js_sys::Reflect::get(&row, &js("change")).unwrap_or(JsValue::UNDEFINED);
    decode("a history row", &change)
}

/// A history row: its key parts as properties (the store's key path and index read them) and
/// the change as JSON.
pub(super) fn history_row(change: &AppliedChange) -> Result<JsValue, StorageError> {
    let row = js_sys::Object::new();
    let record = js(&db::record_key(&change.key.record));
    for (name, value) in [
        ("record", record),
        ("server_seq", seq_key(change.server_seq)),
        ("change", encode(change)?),
    ] {
        js_sys::Reflect::set(&row, &js(name), &value).map_err(|_| StorageError::Other {
            op: "encode data for storage",
            message: format!("could not set {name} on a history row"),
        })?;
    }
    Ok(row.into())
}
