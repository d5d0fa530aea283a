//! One labelled field: its label, the control, a hint, the error in words (announced), a
//! "waiting to sync" mark, and the notice when a concurrent edit won.

use crate::components::when::When;
use leptos::prelude::*;
use tsunagu_core::client::{FieldKey, RecordView};

use super::conflict_notice::ConflictNotice;
use super::context::{control_id, Editor};

/// Wraps a control whose DOM id is [`control_id`] of `field`, and which is described by
/// `{id}-hint` and `{id}-error` (both rendered here).
#[component]
pub fn FieldRow(
    field: FieldKey,
    record: Memo<Option<RecordView>>,
    #[prop(into)] label: Signal<String>,
    hint: Option<Signal<String>>,
    error: RwSignal<Option<String>>,
    /// Checkboxes come before their label.
    #[prop(optional)]
    checkbox: bool,
    children: Children,
) -> impl IntoView {
    let editor = Editor::expect();
    let id = control_id(&field);
    let name = field.field.clone();
    let pending = move || {
        record.with(|view| {
            view.as_ref()
                .is_some_and(|v| v.pending.contains(name.as_str()))
        })
    };
    let label_view = view! { <label for=id.clone() class="me-label">{label}</label> };
    let (before, after) = if checkbox {
        (children().into_any(), label_view.into_any())
    } else {
        (label_view.into_any(), children().into_any())
    };

    view! {
        <div class="me-field" class:me-field--checkbox=checkbox>
            <div class="me-field__control">{before} {after}</div>
            <p id=format!("{id}-hint") class="me-hint">
                {move || hint.map(|hint| hint.get())}
                <When when=pending>
                    " "
                    <span class="me-pending">
                        <span aria-hidden="true">"⟳ "</span>
                        {move || editor.texts().field_pending_tag}
                    </span>
                </When>
            </p>
            <p id=format!("{id}-error") class="me-error" role="alert">
                {move || {
                    error
                        .get()
                        .map(|message| {
                            view! {
                                <span aria-hidden="true">"⚠ "</span>
                                <span class="me-visually-hidden">{editor.texts().err_prefix}</span>
                                {message}
                            }
                        })
                }}
            </p>
            <ConflictNotice field=field label=label/>
        </div>
    }
}
