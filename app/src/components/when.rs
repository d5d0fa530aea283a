//! `<When when=… fallback=…>children</When>`: Leptos's `<Show>`, built once. `<Show>` is generic
//! over its condition and its children's view, so each of the app's sixty uses made its own
//! copy of the memo, the effect that switches the views and their rendering code; here the
//! condition and the children are boxed before anything is built, so only the boxing is
//! per use. Same behaviour: the condition is memoised, the children are built anew each time it
//! turns true, the fallback (nothing by default) while it is false.

use std::sync::Arc;

use leptos::prelude::*;

#[component]
pub fn When<W>(
    children: ChildrenFn,
    when: W,
    #[prop(optional, into)] fallback: ViewFn,
) -> impl IntoView
where
    W: Fn() -> bool + Send + Sync + 'static,
{
    switch(Arc::new(when), children, fallback)
}

fn switch(
    when: Arc<dyn Fn() -> bool + Send + Sync>,
    children: ChildrenFn,
    fallback: ViewFn,
) -> AnyView {
    let shown = Memo::new(move |_| when());
    (move || {
        if shown.get() {
            children()
        } else {
            fallback.run()
        }
    })
    .into_any()
}

#[cfg(test)]
mod tests {
    use gloo_timers::future::TimeoutFuture;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    async fn the_children_while_true_the_fallback_while_false() {
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
        let shown = RwSignal::new(false);
        let handle = leptos::mount::mount_to(host.clone(), move || {
            view! {
                <When when=move || shown.get() fallback=|| view! { <i>"no"</i> }>
                    <b>"yes"</b>
                </When>
            }
        });
        // Without the empty comments Leptos marks its text nodes with.
        let text = || host.inner_html().replace("<!---->", "");
        assert_eq!(text(), "<i>no</i>");
        shown.set(true);
        TimeoutFuture::new(0).await;
        assert_eq!(text(), "<b>yes</b>");
        shown.set(false);
        TimeoutFuture::new(0).await;
        assert_eq!(text(), "<i>no</i>");
        drop(handle);
    }
}
