//! When each organisation last synced and how many tokens it holds, as the worker last told us
//! (`GET /v1/activity`). Kept in `localStorage` so the prefecture still sees how stale each
//! town's figures are while offline.

use leptos::prelude::*;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::ActivityResponse;

use crate::storage;

const ACTIVITY_STORAGE_KEY: &str = "tsunagu.activity";

/// Handle to the last-sync times. `Copy`, so closures can capture it freely.
#[derive(Clone, Copy)]
pub struct Activity {
    report: RwSignal<Option<ActivityResponse>>,
}

impl Activity {
    pub fn provide() -> Self {
        let saved = storage::get(ACTIVITY_STORAGE_KEY)
            .ok()
            .flatten()
            .and_then(|json| serde_json::from_str::<ActivityResponse>(&json).ok());
        let activity = Activity {
            report: RwSignal::new(saved),
        };
        provide_context(activity);
        activity
    }

    pub fn expect() -> Self {
        expect_context::<Activity>()
    }

    /// Server time of `org`'s latest sync, if the worker has reported one (reactive).
    pub fn last_sync_ms(self, org: &OrgCode) -> Option<u64> {
        self.report.with(|report| {
            let entries = &report.as_ref()?.organisations;
            let entry = entries.iter().find(|entry| entry.org == *org)?;
            entry.last_sync_ms
        })
    }

    /// The whole report, if the worker has sent one (reactive).
    pub fn report(self) -> Option<ActivityResponse> {
        self.report.get()
    }

    /// Takes a fresh report; failing to remember it only costs the offline view.
    pub fn update(self, response: ActivityResponse) {
        if let Ok(json) = serde_json::to_string(&response) {
            let _ = storage::set(ACTIVITY_STORAGE_KEY, &json);
        }
        self.report.set(Some(response));
    }
}
