//! Deleting the measure (after a confirmation): the measure and its KPIs are marked deleted,
//! and the user goes back to the plan.

use crate::i18n::measure::measure_texts;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use tsunagu_core::client::RecordView;

use super::confirm_action::ConfirmAction;
use super::context::Editor;
use super::text_field::value_text;
use crate::i18n::measure::fill;

#[component]
pub fn DeleteMeasure(record: Memo<Option<RecordView>>) -> impl IntoView {
    let editor = Editor::expect();
    let navigate = use_navigate();
    let title = editor.value(record, "title");
    let t = move || editor.texts();
    let on_confirm = Callback::new(move |()| {
        // KPIs first: they are shown only while their measure exists.
        for key in editor.record_keys().iter().rev() {
            editor.delete(key);
        }
        navigate("/plan", NavigateOptions::default());
    });

    view! {
        <section class="me-section me-delete" aria-labelledby="me-delete-heading">
            <h2 id="me-delete-heading">{editor.locale.word(|l| measure_texts(l).section_delete)}</h2>
            <ConfirmAction
                id="me-delete".to_owned()
                label=Signal::derive(move || t().delete_button.to_owned())
                question=Signal::derive(move || {
                    fill(t().delete_confirm_text, &[("title", &title.with(value_text))])
                })
                confirm_label=Signal::derive(move || t().delete_confirm.to_owned())
                cancel_label=Signal::derive(move || t().cancel.to_owned())
                on_confirm=on_confirm
            />
        </section>
    }
}
