//! A labelled select bound to one field; the empty choice stores `null`.

use leptos::prelude::*;
use serde_json::Value;
use tsunagu_core::client::{FieldKey, RecordView};

use super::commit::commit;
use super::context::{control_id, Editor};
use super::field_row::FieldRow;

/// One option: the stored string and what the user reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// Options under an optional `<optgroup>` label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceGroup {
    pub label: Option<String>,
    pub choices: Vec<Choice>,
}

#[component]
pub fn SelectField(
    record: Memo<Option<RecordView>>,
    field: FieldKey,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(into)] groups: Signal<Vec<ChoiceGroup>>,
    /// Offer an empty choice with this label (stores `null`).
    #[prop(optional, into)]
    none_label: Option<Signal<String>>,
) -> impl IntoView {
    let editor = Editor::expect();
    let error = RwSignal::new(None);
    let value = editor.value(record, field.field.clone());
    let current = Memo::new(move |_| value.with(|v| v.as_str().unwrap_or_default().to_owned()));
    let key = StoredValue::new(field.clone());
    let id = control_id(&field);
    let on_change = move |ev| {
        let chosen = event_target_value(&ev);
        let stored = if chosen.is_empty() {
            Value::Null
        } else {
            Value::String(chosen)
        };
        match commit(editor, key.get_value(), stored) {
            Ok(()) => error.set(None),
            Err(e) => error.set(Some(e.message(editor.lang(), editor.texts()))),
        }
    };
    let option = move |choice: Choice| {
        let value = choice.value.clone();
        view! {
            <option value=choice.value prop:selected=move || current.with(|c| *c == value)>
                {choice.label}
            </option>
        }
    };
    // A stored value the lists do not offer (an area removed from the taxonomy) stays visible.
    let unknown = move || {
        let value = current.get();
        let offered = groups.with(|groups| {
            groups
                .iter()
                .any(|group| group.choices.iter().any(|choice| choice.value == value))
        });
        (!value.is_empty() && !offered)
            .then(|| view! { <option value=value.clone() selected=true>{value.clone()}</option> })
    };
    let options = move || {
        let none = none_label.map(|label| {
            view! { <option value="" prop:selected=move || current.with(String::is_empty)>{label}</option> }
        });
        let groups = groups
            .get()
            .into_iter()
            .map(|group| match group.label {
                Some(label) => view! {
                    <optgroup label=label>{group.choices.into_iter().map(option).collect_view()}</optgroup>
                }
                .into_any(),
                None => group.choices.into_iter().map(option).collect_view().into_any(),
            })
            .collect_view();
        (none, groups, unknown())
    };

    view! {
        <FieldRow field=field record=record label=label hint=hint error=error>
            <select
                id=id.clone()
                disabled=move || !editor.can_edit()
                aria-describedby=format!("{id}-hint {id}-error")
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                on:change=on_change
            >
                {options}
            </select>
        </FieldRow>
    }
}
