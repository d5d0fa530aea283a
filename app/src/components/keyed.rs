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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use gloo_timers::future::TimeoutFuture;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn host() -> web_sys::HtmlElement {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .expect("a document");
        let host: web_sys::HtmlElement = document
            .create_element("div")
            .expect("a div")
            .unchecked_into();
        document
            .body()
            .expect("a body")
            .append_child(&host)
            .expect("the host appended");
        host
    }

    fn item(host: &web_sys::HtmlElement, index: u32) -> web_sys::Node {
        host.query_selector_all("li")
            .expect("a selector")
            .item(index)
            .expect("an item")
    }

    #[wasm_bindgen_test]
    async fn rows_are_built_once_per_key_and_kept_while_it_stays() {
        let host = host();
        let items = RwSignal::new(vec![1, 2, 3]);
        let built = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&built);
        let handle = leptos::mount::mount_to(host.clone(), move || {
            let counter = Arc::clone(&counter);
            view! {
                <ul>
                    <Keyed
                        each=move || items.get()
                        key=|n| *n
                        children=move |n: i32| {
                            counter.fetch_add(1, Ordering::SeqCst);
                            view! { <li>{n}</li> }
                        }
                    />
                </ul>
            }
        });
        assert_eq!(host.text_content().as_deref(), Some("123"));
        let three = item(&host, 2);

        items.set(vec![3, 1, 4]);
        TimeoutFuture::new(0).await;
        assert_eq!(host.text_content().as_deref(), Some("314"));
        assert!(
            item(&host, 0).is_same_node(Some(&three)),
            "3's row moved, not rebuilt"
        );
        assert_eq!(built.load(Ordering::SeqCst), 4, "only 4's row was new");

        items.set(Vec::new());
        TimeoutFuture::new(0).await;
        assert_eq!(host.text_content().as_deref(), Some(""));
        drop(handle);
    }
}
