//! The device's queue of unsent writes, shared by every tab of the profile. Each operation reads
//! the stored queue and meta row and writes them back in one transaction, so two tabs never
//! take the same sequence number and what one tab held only in memory never overwrites what
//! another stored (see `core::client::queue`).
//!
//! A row of `pending` holds a run of writes with consecutive sequence numbers, keyed by the
//! first (`core::client::queue_rows` says which writes go in which row): an import's 80,000
//! writes are a few hundred rows, and settling a push reads only the rows it touched.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use serde::{Deserialize, Serialize};
use tsunagu_core::client::{
    queue_of, row_changes, row_writes, rows_of, settle, AppliedChange, QueueRow, ReplicaMeta,
    SettledQueue,
};
use tsunagu_core::merge::{RecordKey, RecordState};
use tsunagu_core::protocol::{Mutation, Rejection, SyncResponse};
use wasm_bindgen::JsValue;

use super::db::{self, HISTORY, META, PENDING, RECORDS, REFUSED, SNAPSHOT};
use super::local_store::{
    commit, decode, encode, history_row, issue, js, put, raw_rows, seq_key, LocalStore, Write,
    REPLICA_ROW,
};
use super::StorageError;

/// A change of the stored queue and meta ([`LocalStore::rewrite_queue`]); returns the writes it
/// set aside as refused.
pub type QueueChange<'a> =
    Box<dyn FnOnce(&mut Vec<Mutation>, &mut ReplicaMeta) -> Vec<(Mutation, Rejection)> + 'a>;

/// A write the server refused, kept until its user exports or discards it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RefusedWrite {
    pub rejection: Rejection,
    pub mutation: Mutation,
    /// When the device learnt of the refusal (ms since the epoch).
    pub refused_at_ms: u64,
}

impl RefusedWrite {
    /// Its row key: the write's timestamp, unique to the write.
    pub fn key(&self) -> String {
        self.mutation.hlc.to_string()
    }
}

/// What taking in a sync response left in storage.
#[derive(Clone, Debug, PartialEq)]
pub struct SyncSaved {
    pub queue: SettledQueue,
    /// The stored meta after the response (another tab's writes may have moved its sequence).
    pub meta: ReplicaMeta,
}

impl LocalStore {
    /// Gives a write made in memory its place in the stored queue (the next sequence number, a
    /// timestamp after every one this device issued) and stores it, in one transaction.
    /// `fallback` is the meta of a device that has stored none yet.
    pub async fn store_write(
        &self,
        draft: &Mutation,
        fallback: &ReplicaMeta,
    ) -> Result<Mutation, StorageError> {
        let mut stored = self.store_writes(vec![draft.clone()], fallback).await?;
        stored.pop().ok_or(StorageError::Other {
            op: "save a change",
            message: "nothing was stored".into(),
        })
    }

    /// Gives writes made in memory together (an import, a form) their places in the stored
    /// queue, in order, and stores them all in ONE transaction: all of them or, if it fails,
    /// none. The meta is read in the same transaction, so another tab's writes stored
    /// meanwhile keep their numbers and these follow them.
    ///
    /// The drafts themselves are numbered, not copies (an import's 80,000): the caller settles
    /// its own by their stamps.
    pub async fn store_writes(
        &self,
        drafts: Vec<Mutation>,
        fallback: &ReplicaMeta,
    ) -> Result<Vec<Mutation>, StorageError> {
        const OP: &str = "save a change";
        let fail = |e| StorageError::from_idb(OP, e);
        let tx = self.readwrite(&[META, PENDING], OP)?;
        let mut meta = stored_meta(&tx, OP)
            .await?
            .unwrap_or_else(|| fallback.clone());
        let stored = meta.assign_batch(drafts);
        for row in rows_of(&stored) {
            issue(&tx, &put(PENDING, seq_key(row[0].seq), encode(&row)?)).map_err(fail)?;
        }
        issue(&tx, &put(META, js(REPLICA_ROW), encode(&meta)?)).map_err(fail)?;
        commit(tx, OP).await?;
        Ok(stored)
    }

    /// The stored queue (oldest first) and meta row, as one consistent read.
    pub async fn read_queue(&self) -> Result<(Vec<Mutation>, Option<ReplicaMeta>), StorageError> {
        const OP: &str = "read the unsent changes";
        let fail = |e| StorageError::from_idb(OP, e);
        let db = self.handle.database()?;
        let tx = db.transaction([META, PENDING]).build().map_err(fail)?;
        let pending = queue_of(stored_rows(&tx, OP).await?);
        let meta = stored_meta(&tx, OP).await?;
        Ok((pending, meta))
    }

    /// One transaction for a sync response: settles the stored queue (`sent`: the sequence
    /// numbers the push carried under `client_id`), keeps refused writes in the refused list,
    /// puts the changed `records` and the `applied` history, and the pull position of `synced`.
    /// A response to a push under another client id than the stored one (the device has since
    /// started a new one) settles nothing: its numbers are not the queue's any more.
    ///
    /// Every row is read: an import's 80,000 writes are 160 rows, and the whole stored queue
    /// stays the authority, as another tab may have added to it.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_sync(
        &self,
        client_id: &str,
        sent: &[u64],
        response: &SyncResponse,
        applied: &[AppliedChange],
        records: &[RecordState],
        synced: &ReplicaMeta,
        now_ms: u64,
    ) -> Result<SyncSaved, StorageError> {
        const OP: &str = "save the synced data";
        let fail = |e| StorageError::from_idb(OP, e);
        let tx = self.readwrite(&self.with_refused(&[HISTORY, META, PENDING, RECORDS]), OP)?;
        let mut meta = stored_meta(&tx, OP)
            .await?
            .unwrap_or_else(|| synced.clone());
        let sent = if meta.client_id == client_id {
            sent
        } else {
            &[]
        };
        let rows = stored_rows(&tx, OP).await?;
        let queue = settle(queue_of(rows.clone()), &mut meta, sent, response);
        meta.merge_progress(synced);
        let mut writes = row_writes_for(&rows, &queue.pending)?;
        for refused in &queue.refused {
            if let Some(mutation) = &refused.mutation {
                let row = RefusedWrite {
                    rejection: refused.rejection.clone(),
                    mutation: mutation.clone(),
                    refused_at_ms: now_ms,
                };
                writes.push(put(REFUSED, js(&row.key()), encode(&row)?));
            }
        }
        for record in records {
            let key = js(&db::record_key(&record.key));
            writes.push(put(RECORDS, key, encode(record)?));
        }
        for change in applied {
            writes.push(Write::Put {
                store: HISTORY,
                key: None,
                value: history_row(change)?,
            });
        }
        writes.push(put(META, js(REPLICA_ROW), encode(&meta)?));
        for write in &writes {
            issue(&tx, write).map_err(fail)?;
        }
        commit(tx, OP).await?;
        Ok(SyncSaved { queue, meta })
    }

    /// Changes the stored queue and meta in one transaction (numbering the queue again, a new
    /// client id, starting over) and returns them as stored; `clear` names stores emptied in
    /// the same transaction. `change` may also set writes aside as refused. One body for every
    /// change (a boxed closure), which keeps the app smaller than one copy per caller.
    pub async fn rewrite_queue(
        &self,
        fallback: &ReplicaMeta,
        now_ms: u64,
        clear: &[&'static str],
        change: QueueChange<'_>,
    ) -> Result<(Vec<Mutation>, ReplicaMeta), StorageError> {
        const OP: &str = "save the unsent changes";
        let fail = |e| StorageError::from_idb(OP, e);
        let mut stores = vec![META, PENDING];
        stores.extend_from_slice(clear);
        let tx = self.readwrite(&self.with_refused(&stores), OP)?;
        let rows = stored_rows(&tx, OP).await?;
        let mut pending = queue_of(rows.clone());
        let mut meta = stored_meta(&tx, OP)
            .await?
            .unwrap_or_else(|| fallback.clone());
        let refused = change(&mut pending, &mut meta);
        let mut writes = row_writes_for(&rows, &pending)?;
        writes.extend(clear.iter().map(|&store| Write::Clear { store }));
        for (mutation, rejection) in refused {
            let row = RefusedWrite {
                rejection,
                mutation,
                refused_at_ms: now_ms,
            };
            writes.push(put(REFUSED, js(&row.key()), encode(&row)?));
        }
        writes.push(put(META, js(REPLICA_ROW), encode(&meta)?));
        for write in &writes {
            issue(&tx, write).map_err(fail)?;
        }
        commit(tx, OP).await?;
        Ok((pending, meta))
    }

    /// The server's data is not what this device pulled (`store_replaced`, `resync_required`):
    /// in one transaction, the synced records, snapshot pages and local history go, the pull
    /// position goes back to a new device's, and `again` (this device's own writes to send
    /// again) joins the stored queue after every unsent write, which stays.
    pub async fn start_over(
        &self,
        fallback: &ReplicaMeta,
        again: Vec<Mutation>,
    ) -> Result<(Vec<Mutation>, ReplicaMeta), StorageError> {
        let change: QueueChange = Box::new(move |pending, meta| {
            meta.start_over(pending, again);
            Vec::new()
        });
        self.rewrite_queue(fallback, 0, &[HISTORY, RECORDS, SNAPSHOT], change)
            .await
    }

    /// Every refused write this device keeps, in the order of their timestamps (the key).
    pub async fn load_refused(&self) -> Result<Vec<RefusedWrite>, StorageError> {
        self.read_all(REFUSED, "read the refused changes", "a refused change")
            .await
    }

    /// Forgets refused writes (the user discarded them), by [`RefusedWrite::key`].
    pub async fn discard_refused(&self, keys: &[String]) -> Result<(), StorageError> {
        let writes: Vec<Write> = keys
            .iter()
            .map(|key| Write::Delete {
                store: REFUSED,
                key: js(key),
            })
            .collect();
        self.write_batch(&writes).await
    }

    /// The stored state of some records (another tab synced them).
    pub async fn read_records(&self, keys: &[RecordKey]) -> Result<Vec<RecordState>, StorageError> {
        const OP: &str = "read synced records";
        let fail = |e| StorageError::from_idb(OP, e);
        let db = self.handle.database()?;
        let tx = db.transaction(RECORDS).build().map_err(fail)?;
        let store = tx.object_store(RECORDS).map_err(fail)?;
        let requests = keys
            .iter()
            .map(|key| {
                store
                    .get::<JsValue, _, _>(js(&db::record_key(key)))
                    .primitive()
                    .map_err(fail)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut records = Vec::with_capacity(requests.len());
        for request in requests {
            if let Some(row) = request.await.map_err(fail)? {
                records.push(decode("a stored record", &row)?);
            }
        }
        Ok(records)
    }

    /// `stores` and the refused list, where this database has one (an older schema opened by
    /// the upgrade tests has not).
    fn with_refused(&self, stores: &[&'static str]) -> Vec<&'static str> {
        let mut stores = stores.to_vec();
        if db::stores_at(self.version()).contains(&REFUSED) {
            stores.push(REFUSED);
        }
        stores
    }

    fn readwrite(
        &self,
        stores: &[&str],
        op: &'static str,
    ) -> Result<Transaction<'_>, StorageError> {
        self.handle
            .database()?
            .transaction(stores.to_vec())
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(|e| StorageError::from_idb(op, e))
    }
}

/// The writes that take the stored rows `before` to the queue `after` ([`row_changes`]).
fn row_writes_for(before: &[QueueRow], after: &[Mutation]) -> Result<Vec<Write>, StorageError> {
    let changes = row_changes(before, after);
    let mut writes: Vec<Write> = changes
        .deleted
        .iter()
        .map(|&key| Write::Delete {
            store: PENDING,
            key: seq_key(key),
        })
        .collect();
    for row in changes.put {
        writes.push(put(PENDING, seq_key(row[0].seq), encode(&row)?));
    }
    Ok(writes)
}

async fn stored_meta(
    tx: &Transaction<'_>,
    op: &'static str,
) -> Result<Option<ReplicaMeta>, StorageError> {
    let fail = |e| StorageError::from_idb(op, e);
    let row = tx
        .object_store(META)
        .map_err(fail)?
        .get::<JsValue, _, _>(js(REPLICA_ROW))
        .primitive()
        .map_err(fail)?
        .await
        .map_err(fail)?;
    row.map(|v| decode("the replica's meta row", &v))
        .transpose()
}

/// Every row of the stored queue, in key order.
async fn stored_rows(
    tx: &Transaction<'_>,
    op: &'static str,
) -> Result<Vec<QueueRow>, StorageError> {
    raw_rows(tx, PENDING, op)
        .await?
        .iter()
        .map(queue_row)
        .collect()
}

/// A stored queue row: a run of writes (or, stored before v7, one write).
pub(super) fn queue_row(row: &JsValue) -> Result<QueueRow, StorageError> {
    let corrupt = |e: String| StorageError::Corrupt(format!("a pending change: {e}"));
    // A row that is not text reads as empty text: refused below, with the reader's words.
    let writes =
        row_writes(&row.as_string().unwrap_or_default()).map_err(|e| corrupt(e.to_string()))?;
    let key = writes
        .first()
        .map(|m| m.seq)
        .ok_or_else(|| corrupt("an empty row".into()))?;
    Ok(QueueRow { key, writes })
}
