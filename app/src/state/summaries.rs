//! The dashboard's cache: per organisation, its directory entry and an `OrgSummary` of its
//! measures, kept in IndexedDB's `summaries` store. The prefecture dashboard reads these rows
//! (one per municipality) instead of every measure, so it opens fast even before the whole
//! replica has loaded. Derived data: rebuilt from the replica after loading and after changes.

use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::dashboard::{summary_rows_from_records, DashboardData, SummaryRow};
use tsunagu_core::domain::RecordKind;

use super::{LoadState, Workspace};
use crate::storage::StorageError;
use crate::ui::dates::today;

/// Changes arrive in bursts (a sync is several rounds): summarise once they settle.
const SETTLE: Duration = Duration::from_millis(400);

/// Handle to the cache: a revision the dashboard watches, bumped after each save.
#[derive(Clone, Copy)]
pub struct Summaries {
    revision: RwSignal<u64>,
    /// The JSON of each row as last saved, so only changed rows are written.
    saved: StoredValue<HashMap<String, String>>,
    pending: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    last_error: RwSignal<Option<StorageError>, LocalStorage>,
    /// The stored rows reflect the loaded replica: set once the first refresh after loading
    /// has been saved (or the replica failed to load), so an empty cache is not mistaken for a
    /// prefecture without data.
    current: RwSignal<bool>,
}

impl Summaries {
    /// Provides the handle and keeps the cache current for prefecture users (the only ones
    /// with a dashboard).
    pub fn provide(workspace: Workspace) -> Summaries {
        let summaries = Summaries {
            revision: RwSignal::new(0),
            saved: StoredValue::new(HashMap::new()),
            pending: StoredValue::new_local(None),
            last_error: RwSignal::new_local(None),
            current: RwSignal::new(false),
        };
        provide_context(summaries);
        Effect::new(move |_| {
            let state = workspace.load_state();
            // A replica that failed to load is never summarised: the empty cache is all there is.
            if matches!(state, LoadState::Failed(_)) {
                summaries.current.set(true);
            }
            let ready = state == LoadState::Ready;
            let revision = workspace.summary_inputs();
            let prefecture = workspace.own_org().is_some_and(|org| org.is_prefecture());
            if ready && prefecture {
                summaries.schedule(workspace);
            }
            revision
        });
        summaries
    }

    pub fn expect() -> Summaries {
        expect_context::<Summaries>()
    }

    /// Bumped after every save (reactive).
    pub fn revision(self) -> u64 {
        self.revision.get()
    }

    pub fn last_error(self) -> Option<StorageError> {
        self.last_error.get()
    }

    /// Whether the stored rows have caught up with the replica since the page loaded
    /// (reactive). Until then an empty cache may only mean "not summarised yet".
    pub fn current(self) -> bool {
        self.current.get()
    }

    /// Reads the cached rows straight from IndexedDB.
    pub async fn load(workspace: Workspace) -> Result<DashboardData, StorageError> {
        if let Some(rows) = workspace.take_preloaded_summaries() {
            return Ok(DashboardData::from_rows(rows));
        }
        let store = workspace.local_store()?;
        let rows: Vec<SummaryRow> = store.load_summaries().await?;
        Ok(DashboardData::from_rows(rows))
    }

    fn schedule(self, workspace: Workspace) {
        if let Some(Some(previous)) = self.pending.try_update_value(Option::take) {
            previous.clear();
        }
        let handle = set_timeout_with_handle(move || self.refresh(workspace), SETTLE).ok();
        self.pending.set_value(handle);
    }

    fn refresh(self, workspace: Workspace) {
        let rows = untrack(|| compute_rows(workspace));
        let mut changed = Vec::new();
        let mut keys = Vec::with_capacity(rows.len());
        let first = self.saved.with_value(HashMap::is_empty);
        self.saved.update_value(|saved| {
            for (key, row) in rows {
                let json = serde_json::to_string(&row).unwrap_or_default();
                keys.push(key.clone());
                if saved.get(&key) != Some(&json) {
                    saved.insert(key.clone(), json);
                    changed.push((key, row));
                }
            }
        });
        let removed: Vec<String> = self.saved.with_value(|saved| {
            saved
                .keys()
                .filter(|key| !keys.contains(key))
                .cloned()
                .collect()
        });
        self.saved
            .update_value(|saved| saved.retain(|key, _| keys.contains(key)));
        if changed.is_empty() && removed.is_empty() {
            self.current.set(true);
            return;
        }
        spawn_local(async move {
            let result = async {
                let store = workspace.local_store()?;
                // The first save of a session replaces everything: rows of organisations that
                // no longer exist must not linger from an earlier session.
                store.save_summaries(&changed, &removed, first).await
            }
            .await;
            self.last_error.set(result.err());
            self.current.set(true);
            self.revision.update(|r| *r += 1);
        });
    }
}

/// Every trusted organisation with the summary of the measures it owns, and the areas, from
/// the replica in memory.
pub fn compute_rows(workspace: Workspace) -> Vec<(String, SummaryRow)> {
    summary_rows_from_records(
        &workspace.views(RecordKind::Organisation),
        &workspace.views(RecordKind::Measure),
        &workspace.views(RecordKind::TaxonomyArea),
        today(),
    )
}
