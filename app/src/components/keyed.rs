//! `<Keyed each=… key=… let:item>…</Keyed>`: Leptos's `<For>` (a keyed list: a row is built
//! when its key appears, kept while it stays, dropped when it goes), built once. `<For>` is
//! generic over the items, keys and row views, so each use made its own copy of the keyed
//! diffing; here each item becomes a key (as text) and a boxed function that builds its row,
//! and one `<For>` over those serves every use. The plan's 300 rows keep their own typed
//! `<For>` (`pages/plan/measure_list.rs`): they are the render the benchmarks time.

use std::fmt::Display;
use std::sync::Arc;

use leptos::prelude::*;

/// One item: its key, and what builds its row (called only when the key is new).
pub struct Row {
    key: String,
    build: Box<dyn FnOnce() -> AnyView + Send>,
}

#[component]
pub fn Keyed<IF, I, T, KF, K, EF, N>(each: IF, key: KF, children: EF) -> impl IntoView
where
    IF: Fn() -> I + Send + Sync + 'static,
    I: IntoIterator<Item = T>,
    T: Send + 'static,
    KF: Fn(&T) -> K + Send + Sync + 'static,
    K: Display,
    EF: Fn(T) -> N + Send + Sync + 'static,
    N: IntoView + 'static,
{
    let children = Arc::new(children);
    let rows = move || {
        each()
            .into_iter()
            .map(|item| {
                let children = Arc::clone(&children);
                Row {
                    key: key(&item).to_string(),
                    build: Box::new(move || children(item).into_any()),
                }
            })
            .collect()
    };
    rows_view(Arc::new(rows))
}

fn rows_view(rows: Arc<dyn Fn() -> Vec<Row> + Send + Sync>) -> AnyView {
    view! {
        <For each=move || rows() key=|row: &Row| row.key.clone() children=|row: Row| (row.build)()/>
    }
    .into_any()
}
