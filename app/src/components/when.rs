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
