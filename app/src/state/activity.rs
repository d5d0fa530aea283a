//! When each organisation last synced, as the worker last told us (`GET /v1/activity`). Kept in
//! `localStorage` so the prefecture still sees how stale each town's figures are while offline.

use std::collections::BTreeMap;

use leptos::prelude::*;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::ActivityResponse;

use crate::storage;

const ACTIVITY_STORAGE_KEY: &str = "tsunagu.activity";

/// Handle to the last-sync times. `Copy`, so closures can capture it freely.
#[derive(Clone, Copy)]
pub struct Activity {
    last_sync: RwSignal<BTreeMap<OrgCode, u64>>,
}

impl Activity {
    pub fn provide() -> Self {
        let saved = storage::get(ACTIVITY_STORAGE_KEY)
            .ok()
            .flatten()
            .and_then(|json| serde_json::from_str::<ActivityResponse>(&json).ok());
        let activity = Activity {
            last_sync: RwSignal::new(saved.map(by_org).unwrap_or_default()),
        };
        provide_context(activity);
        activity
    }

    pub fn expect() -> Self {
        expect_context::<Activity>()
    }

    /// Server time of `org`'s latest sync, if the worker has reported one (reactive).
    pub fn last_sync_ms(self, org: &OrgCode) -> Option<u64> {
        self.last_sync.with(|map| map.get(org).copied())
    }

    /// Takes a fresh report; failing to remember it only costs the offline view.
    pub fn update(self, response: ActivityResponse) {
        if let Ok(json) = serde_json::to_string(&response) {
            let _ = storage::set(ACTIVITY_STORAGE_KEY, &json);
        }
        self.last_sync.set(by_org(response));
    }
}

fn by_org(response: ActivityResponse) -> BTreeMap<OrgCode, u64> {
    // Extended, not collected: collecting sorts first, a copy of the sort in the wasm per map type.
    let mut last_sync = BTreeMap::new();
    last_sync.extend(
        response
            .organisations
            .into_iter()
            .map(|entry| (entry.org, entry.last_sync_ms)),
    );
    last_sync
}
