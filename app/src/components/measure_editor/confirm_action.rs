//! A destructive action behind a confirmation: the button opens a question with "delete" and
//! "cancel"; focus goes to "cancel", and back to the button when cancelled.

use crate::components::when::When;
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn ConfirmAction(
    /// The button's text, which also names it (削除: KPI名).
    #[prop(into)]
    label: Signal<String>,
    #[prop(into)] question: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    #[prop(into)] cancel_label: Signal<String>,
    on_confirm: Callback<()>,
    /// A unique DOM id prefix.
    id: String,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let opener = NodeRef::<html::Button>::new();
    let cancel = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        if asking.get() {
            if let Some(button) = cancel.get() {
                let _ = button.focus();
            }
        }
    });
    let close = move || {
        asking.set(false);
        if let Some(button) = opener.get_untracked() {
            let _ = button.focus();
        }
    };
    let question_id = format!("{id}-question");

    view! {
        <div class="me-confirm">
            <button
                type="button"
                class="me-button me-button--danger"
                node_ref=opener
                aria-expanded=move || asking.get().to_string()
                aria-controls=question_id.clone()
                on:click=move |_| asking.set(true)
            >
                {label}
            </button>
            <div id=question_id.clone() class="me-confirm__question" hidden=move || !asking.get()>
                <When when=move || asking.get()>
                    <p role="alert">{question}</p>
                    <button
                        type="button"
                        class="me-button me-button--danger-solid"
                        on:click=move |_| {
                            asking.set(false);
                            on_confirm.run(());
                        }
                    >
                        {confirm_label}
                    </button>
                    " "
                    <button type="button" class="me-button" node_ref=cancel on:click=move |_| close()>
                        {cancel_label}
                    </button>
                </When>
            </div>
        </div>
    }
}
