//! The user's data: the replica in memory, persisted to IndexedDB on every change.
//!
//! Views read from the replica through a revision signal, so a write or a sync re-renders what
//! depends on it; every change is stored before it is reported saved.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use tsunagu_core::client::{AppliedChange, ClientReplica, FieldConflict, FieldKey, RecordView};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{RecordKey, DELETED_FIELD};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{
    Rejection, SnapshotRequest, SyncRequest, SyncResponse, MAX_PAGE_SIZE,
};

use crate::storage::{Connection, LocalStore, StorageError};
use crate::sync::{client, SyncError};
use tsunagu_core::dashboard::SummaryRow;

/// Records per page of the first sync's snapshot (about 1.8 MB of JSON): the next page is
/// fetched while one is decoded and stored, and decoding one blocks the main thread
/// for about 0.1 s. Pages of 5,000 were no faster in the benchmark and block twice as long.
pub(crate) const SNAPSHOT_PAGE_RECORDS: u32 = 2500;

/// Where loading the local data stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadState {
    Loading,
    Ready,
    Failed(StorageError),
}

/// Handle to the user's data. `Copy`, so closures can capture it freely.
#[derive(Clone, Copy)]
pub struct Workspace {
    replica: StoredValue<ClientReplica, LocalStorage>,
    store: StoredValue<Option<Rc<LocalStore>>, LocalStorage>,
    connection: RwSignal<Option<Connection>, LocalStorage>,
    /// Bumped on every change of the replica; views track it.
    revision: RwSignal<u64>,
    /// Bumped when a record the dashboard's summaries are made of changes.
    summary_inputs: RwSignal<u64>,
    /// Bumped on every local write; the sync engine watches it.
    local_writes: RwSignal<u64>,
    load_state: RwSignal<LoadState, LocalStorage>,
    opened: RwSignal<bool>,
    preloaded_summaries: StoredValue<Option<Vec<SummaryRow>>, LocalStorage>,
    save_error: RwSignal<Option<StorageError>, LocalStorage>,
    /// When this device last completed a sync (ms since the epoch), kept across reloads so an
    /// offline user sees how current their data is.
    last_sync: RwSignal<Option<u64>>,
    /// Writes the server acknowledged but refused (a survey answer after its deadline), until
    /// the user dismisses the notice.
    rejected: RwSignal<Vec<Rejection>, LocalStorage>,
}

/// A fresh random client id for a new browser profile (16 hex digits).
fn new_client_id() -> String {
    let high = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    let low = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    format!("web-{:016x}", (high << 32) | low)
}

/// The kinds the dashboard's summaries are computed from.
fn feeds_summaries(kind: RecordKind) -> bool {
    matches!(
        kind,
        RecordKind::Measure | RecordKind::Organisation | RecordKind::TaxonomyArea
    )
}

/// A User Timing mark for the benchmarks; nothing happens where the API is missing.
fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

impl Workspace {
    /// Creates the handle, starts loading the local data, and provides it to the tree.
    pub fn provide() -> Self {
        let workspace = Workspace {
            replica: StoredValue::new_local(ClientReplica::new(new_client_id())),
            store: StoredValue::new_local(None),
            connection: RwSignal::new_local(None),
            revision: RwSignal::new(0),
            summary_inputs: RwSignal::new(0),
            local_writes: RwSignal::new(0),
            load_state: RwSignal::new_local(LoadState::Loading),
            opened: RwSignal::new(false),
            preloaded_summaries: StoredValue::new_local(None),
            save_error: RwSignal::new_local(None),
            last_sync: RwSignal::new(None),
            rejected: RwSignal::new_local(Vec::new()),
        };
        provide_context(workspace);
        spawn_local(async move { workspace.load().await });
        workspace
    }

    pub fn expect() -> Self {
        expect_context::<Workspace>()
    }

    async fn load(self) {
        // The render benchmark (tests/bench/render_plan.mjs) measures from here.
        mark("tsunagu:load-start");
        let result = async {
            let store = Rc::new(LocalStore::open().await?);
            // The connection first: screens that read their own small stores (the prefecture
            // dashboard) can start while the whole replica is still being read.
            let connection = store.load_connection().await?;
            let prefecture = connection
                .as_ref()
                .and_then(|c| c.who.as_ref())
                .is_some_and(|who| who.org.is_prefecture());
            if prefecture {
                // Read before the replica: Chromium answers it only after the big read
                // otherwise, and the dashboard would wait for the whole replica. A failure here
                // is only a slower dashboard (it reads again).
                let rows = store.load_summaries::<SummaryRow>().await.ok();
                self.preloaded_summaries.set_value(rows);
            }
            self.store.set_value(Some(Rc::clone(&store)));
            self.connection.set(connection);
            self.opened.set(true);
            let loaded = store.load().await?;
            Ok::<_, StorageError>(loaded)
        }
        .await;
        match result {
            Ok(loaded) => {
                if let Some(meta) = loaded.meta {
                    self.replica.set_value(ClientReplica::restore(
                        meta,
                        loaded.records,
                        loaded.pending,
                    ));
                }
                if self.connection.get_untracked() != loaded.connection {
                    self.connection.set(loaded.connection);
                }
                // A sync that ended while the replica was read is newer than the stored time.
                if self.last_sync.get_untracked().is_none() {
                    self.last_sync.set(loaded.last_sync_ms);
                }
                self.load_state.set(LoadState::Ready);
                self.revision.update(|r| *r += 1);
                self.summary_inputs.update(|r| *r += 1);
                // End-to-end tests wait for it before they act as a user would.
                mark("tsunagu:loaded");
            }
            Err(error) => self.load_state.set(LoadState::Failed(error)),
        }
    }

    /// The dashboard rows read before the replica, handed out once.
    pub(crate) fn take_preloaded_summaries(self) -> Option<Vec<SummaryRow>> {
        self.preloaded_summaries
            .try_update_value(Option::take)
            .flatten()
    }

    /// The database is open and the connection read (the replica may still be loading).
    pub fn opened(self) -> bool {
        self.opened.get()
    }

    /// The open database, for state handles that keep stores of their own.
    pub(crate) fn local_store(self) -> Result<Rc<LocalStore>, StorageError> {
        self.store.get_value().ok_or(StorageError::NotOpen)
    }

    pub fn load_state(self) -> LoadState {
        self.load_state.get()
    }

    /// Refused writes not yet dismissed (reactive).
    pub fn rejected(self) -> Vec<Rejection> {
        self.rejected.get()
    }

    pub fn dismiss_rejected(self) {
        self.rejected.set(Vec::new());
    }

    /// The last error saving a local change, if the latest save failed.
    pub fn save_error(self) -> Option<StorageError> {
        self.save_error.get()
    }

    /// When this device last completed a sync (reactive).
    pub fn last_sync(self) -> Option<u64> {
        self.last_sync.get()
    }

    /// Shows and stores the time of a completed sync. A failure to store it is reported like
    /// any other failed save; the sync itself stands.
    pub(crate) fn mark_synced(self, at_ms: u64) {
        self.last_sync.set(Some(at_ms));
        spawn_local(async move {
            let saved = async { self.local_store()?.save_last_sync(at_ms).await }.await;
            if let Err(error) = saved {
                self.save_error.set(Some(error));
            }
        });
    }

    pub fn connection(self) -> Option<Connection> {
        self.connection.get()
    }

    pub(crate) fn connection_untracked(self) -> Option<Connection> {
        self.connection.get_untracked()
    }

    /// The organisation the user works for, once connected.
    pub fn own_org(self) -> Option<OrgCode> {
        self.connection.with(|c| {
            c.as_ref()
                .and_then(|c| c.who.as_ref())
                .map(|w| w.org.clone())
        })
    }

    pub fn revision(self) -> u64 {
        self.revision.get()
    }

    /// Changes only with measures, organisations and taxonomy areas (reactive).
    pub fn summary_inputs(self) -> u64 {
        self.summary_inputs.get()
    }

    pub fn local_writes(self) -> u64 {
        self.local_writes.get()
    }

    pub fn views(self, kind: RecordKind) -> Vec<RecordView> {
        self.revision.track();
        self.replica.with_value(|r| r.views(kind))
    }

    pub fn view(self, key: &RecordKey) -> Option<RecordView> {
        self.revision.track();
        self.replica.with_value(|r| r.view(key))
    }

    pub fn conflicts(self) -> Vec<FieldConflict> {
        self.revision.track();
        self.replica.with_value(ClientReplica::conflicts)
    }

    /// Conflicts in `org`'s records, without building the list (see `conflicts`).
    pub fn conflict_count(self, org: &OrgCode) -> usize {
        self.revision.track();
        self.replica.with_value(|r| r.conflict_count(org))
    }

    pub fn pending_count(self) -> usize {
        self.revision.track();
        self.replica.with_value(|r| r.pending().len())
    }

    /// Writes one field, shows it at once, and stores it with its pending mutation in one
    /// transaction. Storage errors are reported through [`Workspace::save_error`].
    pub fn write(self, org: &OrgCode, key: FieldKey, value: Value) {
        let Some((mutation, meta)) = self
            .replica
            .try_update_value(|r| (r.write(org, &key, value, now_ms()), r.meta()))
        else {
            return;
        };
        self.revision.update(|r| *r += 1);
        if feeds_summaries(key.record.kind) {
            self.summary_inputs.update(|r| *r += 1);
        }
        let store = self.store.get_value();
        spawn_local(async move {
            let result = match store {
                Some(store) => store.save_write(&mutation, &meta).await,
                None => Err(StorageError::NotOpen),
            };
            self.save_error.set(result.err());
            self.local_writes.update(|w| *w += 1);
        });
    }

    /// Writes several fields of one record (a new record, or a form saved at once).
    pub fn write_fields(
        self,
        org: &OrgCode,
        record: &RecordKey,
        fields: impl IntoIterator<Item = (String, Value)>,
    ) {
        for (field, value) in fields {
            let key = FieldKey {
                record: record.clone(),
                field,
            };
            self.write(org, key, value);
        }
    }

    pub fn delete(self, org: &OrgCode, record: &RecordKey) {
        let key = FieldKey {
            record: record.clone(),
            field: DELETED_FIELD.into(),
        };
        self.write(org, key, Value::Bool(true));
    }

    /// The local history of a record: every change pulled from the server, oldest first.
    pub async fn history(self, key: RecordKey) -> Result<Vec<AppliedChange>, StorageError> {
        match self.store.get_value() {
            Some(store) => store.history(&key).await,
            None => Err(StorageError::NotOpen),
        }
    }

    /// Remembers a verified connection. Connecting as another organisation starts from an
    /// empty local store, so one organisation's unsent data never goes out under another's token.
    pub async fn connect(self, connection: Connection) -> Result<(), StorageError> {
        let store = self.store.get_value().ok_or(StorageError::NotOpen)?;
        let previous_org = self.own_org();
        let new_org = connection.who.as_ref().map(|w| w.org.clone());
        if previous_org.is_some() && previous_org != new_org {
            store.clear_all().await?;
            self.replica.set_value(ClientReplica::new(new_client_id()));
            self.last_sync.set(None);
        }
        store.save_connection(&connection).await?;
        self.connection.set(Some(connection));
        self.revision.update(|r| *r += 1);
        self.summary_inputs.update(|r| *r += 1);
        Ok(())
    }

    pub async fn disconnect(self) -> Result<(), StorageError> {
        if let Some(store) = self.store.get_value() {
            store.clear_connection().await?;
        }
        self.connection.set(None);
        Ok(())
    }

    /// The next sync request (the oldest pending mutations and the cursor).
    pub(crate) fn sync_request(self) -> SyncRequest {
        // The largest page: a first sync of a prefecture is hundreds of thousands of versions.
        self.replica.with_value(|r| r.request(Some(MAX_PAGE_SIZE)))
    }

    /// The next page of the first sync's snapshot, while the replica still needs one.
    pub(crate) fn snapshot_request(self) -> Option<SnapshotRequest> {
        self.replica
            .with_value(|r| r.snapshot_request(Some(SNAPSHOT_PAGE_RECORDS)))
    }

    /// Decodes and merges a snapshot page (`json`, the response to the request after `after`)
    /// and stores it: the page as one row, plus the merged state of any record this device
    /// already held. The browser writes the page while it is decoded.
    pub(crate) async fn take_snapshot(
        self,
        after: Option<&RecordKey>,
        json: &[u8],
    ) -> Result<(), SyncError> {
        let store = self.store.get_value().ok_or(StorageError::NotOpen)?;
        let mut taken = None;
        let merge = || {
            let page = client::decode_snapshot(json)?;
            let last_page = page.next.is_none();
            let merged = self.replica.try_update_value(|r| {
                let before = r.pull_position();
                let changed = r.apply_snapshot(page);
                let updated: Vec<_> = changed
                    .updated
                    .iter()
                    .filter_map(|key| r.record(key).cloned())
                    .collect();
                taken = Some((before, !changed.is_empty(), last_page));
                (updated, r.meta())
            });
            // The initial-sync benchmark splits each page's transaction here: before, the put
            // and the decoding and merging; after, the records' writes and the commit.
            mark("tsunagu:page-merged");
            merged.ok_or(SyncError::Storage(StorageError::NotOpen))
        };
        let saved = store.save_snapshot_page(after, json, merge).await;
        let Some((before, changed, last_page)) = taken else {
            return saved;
        };
        if let Err(error) = saved {
            self.replica.update_value(|r| r.rewind_pull(before));
            return Err(error);
        }
        if changed {
            self.revision.update(|r| *r += 1);
            self.summary_inputs.update(|r| *r += 1);
        }
        if last_page {
            // The initial-sync benchmark (tests/bench/dashboard.mjs) times up to here.
            mark("tsunagu:snapshot-done");
        }
        Ok(())
    }

    /// Merges a sync response and stores its effects; returns whether more is waiting.
    pub(crate) async fn take_response(self, response: &SyncResponse) -> Result<bool, StorageError> {
        let store = self.store.get_value().ok_or(StorageError::NotOpen)?;
        let Some((effects, records, meta, pending_left, before)) =
            self.replica.try_update_value(|r| {
                let before = r.pull_position();
                let effects = r.apply_response(response);
                let records: Vec<_> = effects
                    .changed_records
                    .iter()
                    .filter_map(|key| r.record(key).cloned())
                    .collect();
                (effects, records, r.meta(), !r.pending().is_empty(), before)
            })
        else {
            return Ok(false);
        };
        if !effects.is_empty() {
            self.revision.update(|r| *r += 1);
        }
        if effects
            .changed_records
            .iter()
            .any(|key| feeds_summaries(key.kind))
        {
            self.summary_inputs.update(|r| *r += 1);
        }
        if !effects.rejected.is_empty() {
            self.rejected.update(|list| {
                list.extend(effects.rejected.iter().map(|r| r.rejection.clone()));
            });
        }
        if let Err(error) = store.save_sync(&effects, &records, &meta).await {
            self.replica.update_value(|r| r.rewind_pull(before));
            return Err(error);
        }
        Ok(response.has_more || pending_left)
    }
}
