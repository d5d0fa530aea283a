//! The user's data: the replica in memory, persisted to IndexedDB on every change.
//!
//! Views read from the replica through a revision signal, so a write or a sync re-renders what
//! depends on it; every change is stored before it is reported saved. Every tab of the profile
//! keeps its own replica in memory over the one stored device (see `crate::tabs`).

mod by_file;
mod refused;
mod sync_io;
mod tab_messages;

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use tsunagu_core::client::{
    batch_stamps, AppliedChange, ClientReplica, DeletedRecord, Edit, FieldConflict, FieldKey,
    RecordView,
};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::feed::screen::ActivityDataRef;
use tsunagu_core::merge::{RecordKey, DELETED_FIELD};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::Mutation;

use crate::storage::{Connection, LocalStore, RefusedWrite, StorageError};
use crate::tabs::{TabChannel, TabMessage};
use tsunagu_core::dashboard::SummaryRow;

pub(crate) use sync_io::SNAPSHOT_PAGE_RECORDS;

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
    /// When data last came in by file (a return file taken in, `by_file.rs`).
    last_by_file: RwSignal<Option<u64>>,
    /// Writes the server refused, as stored, until the user exports or discards them.
    refused: RwSignal<Vec<RefusedWrite>, LocalStorage>,
    /// Bumped when the whole replica was read again (another tab connected elsewhere, or this
    /// tab took over syncing); the sync engine watches it.
    reloads: RwSignal<u64>,
    /// What this tab tells the others about the data it stored.
    tabs: StoredValue<Option<Rc<TabChannel>>, LocalStorage>,
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
            last_by_file: RwSignal::new(Workspace::stored_last_by_file()),
            refused: RwSignal::new_local(Vec::new()),
            reloads: RwSignal::new(0),
            tabs: StoredValue::new_local(None),
        };
        let channel = TabChannel::open(move |message| workspace.on_tab_message(message));
        workspace.tabs.set_value(channel.map(Rc::new));
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
            // A sync that ended while the replica was read is newer than the stored time.
            self.read_stored(&store, true).await
        }
        .await;
        match result {
            Ok(()) => {
                self.load_state.set(LoadState::Ready);
                // End-to-end tests wait for it before they act as a user would.
                mark("tsunagu:loaded");
            }
            Err(error) => self.load_state.set(LoadState::Failed(error)),
        }
    }

    /// Reads the replica, the connection, the refused list and the last sync's time from
    /// `store` and shows them; `keep_newer_sync`: a last sync already shown stays if later.
    async fn read_stored(
        self,
        store: &LocalStore,
        keep_newer_sync: bool,
    ) -> Result<(), StorageError> {
        let loaded = store.load().await?;
        let refused = store.load_refused().await?;
        self.refused.set(refused);
        let replica = match loaded.meta {
            Some(meta) => ClientReplica::restore(meta, loaded.records, loaded.pending),
            None => ClientReplica::new(new_client_id()),
        };
        self.replica.set_value(replica);
        if self.connection.get_untracked() != loaded.connection {
            self.connection.set(loaded.connection);
        }
        let shown = self.last_sync.get_untracked().filter(|_| keep_newer_sync);
        self.last_sync.set(shown.max(loaded.last_sync_ms));
        self.revision.update(|r| *r += 1);
        self.summary_inputs.update(|r| *r += 1);
        Ok(())
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

    pub(crate) fn load_state_untracked(self) -> LoadState {
        self.load_state.get_untracked()
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
    pub(crate) async fn mark_synced(self, at_ms: u64) {
        self.last_sync.set(Some(at_ms));
        let saved = async { self.local_store()?.save_last_sync(at_ms).await }.await;
        if let Err(error) = saved {
            self.save_error.set(Some(error));
        }
    }

    /// Shows the last sync's time as the tab that syncs stored it.
    pub(crate) async fn follow_last_sync(self) {
        let stored = async { self.local_store()?.load_last_sync().await }.await;
        if let Ok(Some(at_ms)) = stored {
            self.last_sync.set(Some(at_ms));
        }
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

    /// The writes this device has not sent yet, oldest first.
    pub fn unsent(self) -> Vec<Mutation> {
        self.replica.with_value(|r| r.pending().to_vec())
    }

    pub fn pending_count(self) -> usize {
        self.revision.track();
        self.replica.with_value(|r| r.pending().len())
    }

    /// Writes one field and shows it at once; the device's stored queue gives it its sequence
    /// number in one transaction (another tab may be writing too), and the other tabs are told.
    /// A write that cannot be stored is no longer shown, and the error says so.
    pub fn write(self, org: &OrgCode, key: FieldKey, value: Value) {
        self.write_in_background(org, vec![Edit::Write(key, value)]);
    }

    /// Writes `edits` as one batch (see [`Workspace::write_batch`]) without waiting for it:
    /// a failure shows as the save error.
    #[inline(never)]
    fn write_in_background(self, org: &OrgCode, edits: Vec<Edit>) {
        let stored = self.write_batch(org, edits);
        spawn_local(async move {
            let _ = stored.await;
        });
    }

    /// Shows `edits` at once (drafted now, before the returned future is awaited) and stores
    /// them in ONE IndexedDB transaction, numbered after whatever another tab stored; the
    /// screen re-renders once and the other tabs are told once. If the transaction fails, none
    /// of them stays shown, the save error says so, and the future returns it.
    pub fn write_batch(
        self,
        org: &OrgCode,
        edits: Vec<Edit>,
    ) -> impl std::future::Future<Output = Result<(), StorageError>> + 'static {
        self.write_batch_shown(org, edits, true)
    }

    /// [`Workspace::write_batch`]; with `shown_at_once` false the screen shows the edits once
    /// stored, not before: for an import's thousands of rows (said to be saving meanwhile),
    /// one render of every view instead of two (drafted, then stored), each about a quarter
    /// of a second for 10,000 measures.
    pub fn write_batch_shown(
        self,
        org: &OrgCode,
        edits: Vec<Edit>,
        shown_at_once: bool,
    ) -> impl std::future::Future<Output = Result<(), StorageError>> + 'static {
        let summaries = edits.iter().any(|edit| {
            feeds_summaries(match edit {
                Edit::Write(key, _) => key.record.kind,
                Edit::Delete(record) => record.kind,
            })
        });
        // The meta before the drafts: a device that stored nothing yet numbers from it.
        let drafted = self
            .replica
            .try_update_value(|r| (r.meta(), r.draft_batch(org, edits, now_ms())));
        if drafted.is_some() && shown_at_once {
            self.changed(summaries);
        }
        let store = self.store.get_value();
        async move {
            let (meta, drafts) = drafted.ok_or(StorageError::NotOpen)?;
            // The drafts go to be numbered as they are; the replica knows its own by stamp.
            let stamps = batch_stamps(&drafts);
            let stored = match store {
                Some(store) => store.store_writes(drafts, &meta).await,
                None => Err(StorageError::NotOpen),
            };
            let result = match stored {
                Ok(stored) => {
                    self.replica
                        .update_value(|r| r.confirm_stamped(&stamps, stored));
                    self.save_error.set(None);
                    self.tell_tabs(&TabMessage::QueueChanged);
                    Ok(())
                }
                Err(error) => {
                    self.replica.update_value(|r| r.drop_stamped(&stamps));
                    if shown_at_once {
                        self.changed(summaries);
                    }
                    self.save_error.set(Some(error.clone()));
                    Err(error)
                }
            };
            if shown_at_once {
                self.revision.update(|r| *r += 1);
            } else {
                self.changed(summaries);
            }
            self.local_writes.update(|w| *w += 1);
            result
        }
    }

    /// Re-renders what shows records; `summaries`: records the dashboard's summaries are made
    /// of among them.
    fn changed(self, summaries: bool) {
        self.revision.update(|r| *r += 1);
        if summaries {
            self.summary_inputs.update(|r| *r += 1);
        }
    }

    /// Writes several fields of one record (a new record, or a form saved at once) as one
    /// batch.
    pub fn write_fields(
        self,
        org: &OrgCode,
        record: &RecordKey,
        fields: impl IntoIterator<Item = (String, Value)>,
    ) {
        // The generic part stays this small: each caller's iterator makes a copy of it.
        self.write_record_fields(org, record, fields.into_iter().collect());
    }

    #[inline(never)]
    fn write_record_fields(self, org: &OrgCode, record: &RecordKey, fields: Vec<(String, Value)>) {
        let edits = fields
            .into_iter()
            .map(|(field, value)| {
                let key = FieldKey {
                    record: record.clone(),
                    field: field.into(),
                };
                Edit::Write(key, value)
            })
            .collect();
        self.write_in_background(org, edits);
    }

    /// Deletes a record; it goes to its organisation's trash (see [`Workspace::deleted`]).
    pub fn delete(self, org: &OrgCode, record: &RecordKey) {
        self.write_in_background(org, vec![Edit::Delete(record.clone())]);
    }

    /// Takes a record out of the trash, with every edit it kept and the records deleted with
    /// it (a measure's KPIs), as one batch.
    pub fn restore(self, org: &OrgCode, record: &RecordKey) {
        let keys = self.replica.with_value(|r| r.deleted_with(record));
        let edits = keys
            .into_iter()
            .map(|record| {
                let key = FieldKey {
                    record,
                    field: DELETED_FIELD.into(),
                };
                Edit::Write(key, Value::Bool(false))
            })
            .collect();
        self.write_in_background(org, edits);
    }

    /// `org`'s deleted records of `kind`, with the edits their deleter had not seen (reactive).
    pub fn deleted(self, kind: RecordKind, org: &OrgCode) -> Vec<DeletedRecord> {
        self.revision.track();
        self.replica.with_value(|r| r.deleted(kind, org))
    }

    /// The local history of a record: every change pulled from the server, oldest first.
    pub async fn history(self, key: RecordKey) -> Result<Vec<AppliedChange>, StorageError> {
        match self.store.get_value() {
            Some(store) => store.history(&key).await,
            None => Err(StorageError::NotOpen),
        }
    }

    /// Every change this device pulled, of every record.
    pub async fn all_history(self) -> Result<Vec<AppliedChange>, StorageError> {
        self.local_store()?.all_history().await
    }

    /// The records this device holds and `history`, as the tools module reads them for the
    /// activity feed (`core::feed::screen::ActivityData`), named by `generation`.
    pub fn activity_data(
        self,
        generation: u64,
        history: &[AppliedChange],
        without_history: bool,
    ) -> Result<String, serde_json::Error> {
        self.replica.with_value(|r| {
            serde_json::to_string(&ActivityDataRef {
                generation,
                records: r.records().collect(),
                history,
                without_history,
            })
        })
    }

    /// Whether connecting with `connection` starts from an empty local store: another
    /// organisation (one organisation's unsent data never goes out under another's token), or
    /// another server (its log positions and sequence numbers mean nothing there).
    pub fn connecting_starts_afresh(self, connection: &Connection) -> bool {
        let current = self.connection.get_untracked();
        let Some(current) = current else {
            return false;
        };
        let org = |c: &Connection| c.who.as_ref().map(|w| w.org.clone());
        org(&current) != org(connection)
            || current.url.trim_end_matches('/') != connection.url.trim_end_matches('/')
    }

    /// Remembers a verified connection; see [`Workspace::connecting_starts_afresh`]. The
    /// connect page asks the user before unsent changes go.
    pub async fn connect(self, connection: Connection) -> Result<(), StorageError> {
        let store = self.store.get_value().ok_or(StorageError::NotOpen)?;
        if self.connecting_starts_afresh(&connection) {
            store.clear_all().await?;
            self.replica.set_value(ClientReplica::new(new_client_id()));
            self.last_sync.set(None);
            self.refused.set(Vec::new());
        }
        store.save_connection(&connection).await?;
        self.connection.set(Some(connection));
        self.revision.update(|r| *r += 1);
        self.summary_inputs.update(|r| *r += 1);
        self.tell_tabs(&TabMessage::Reload);
        Ok(())
    }

    pub async fn disconnect(self) -> Result<(), StorageError> {
        if let Some(store) = self.store.get_value() {
            store.clear_connection().await?;
        }
        self.connection.set(None);
        self.tell_tabs(&TabMessage::Reload);
        Ok(())
    }

    /// Whether the whole replica was read again (reactive; see `reloads`).
    pub fn reloads(self) -> u64 {
        self.reloads.get()
    }
}
