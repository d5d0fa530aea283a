//! The floor under the app's size: a Leptos app with the router and two routes, and (feature
//! `engine`) the same with the sync engine the app is built around. Built and measured by
//! scripts/bench-size-floor.sh; nothing here is part of the app.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
fn Counter() -> impl IntoView {
    let (count, set_count) = signal(0);
    view! {
        <h1>"Floor"</h1>
        <button on:click=move |_| set_count.update(|n| *n += 1)>{count}</button>
    }
}

#[component]
fn Engine() -> impl IntoView {
    view! { <p>{engine::changed_records()}</p> }
}

#[cfg(feature = "engine")]
mod engine {
    use tsunagu_core::client::ClientReplica;
    use tsunagu_core::protocol::SyncResponse;

    /// Merges a sync response read from the page, after opening IndexedDB and fetching, so
    /// none of it can be optimised away.
    pub fn changed_records() -> usize {
        leptos::task::spawn_local(async {
            let _ = indexed_db_futures::database::Database::open("floor").await;
            let _ = gloo_net::http::Request::get("/v1/health").send().await;
        });
        let text = leptos::prelude::document().title();
        let mut replica = ClientReplica::new("floor");
        serde_json::from_str::<SyncResponse>(&text)
            .map(|mut response| replica.apply_response(&mut response).changed_records.len())
            .unwrap_or(0)
    }
}

#[cfg(not(feature = "engine"))]
mod engine {
    pub fn changed_records() -> usize {
        0
    }
}

fn main() {
    mount_to_body(|| {
        view! {
            <Router>
                <Routes fallback=|| "Not found">
                    <Route path=path!("/") view=Counter/>
                    <Route path=path!("/engine") view=Engine/>
                </Routes>
            </Router>
        }
    })
}
