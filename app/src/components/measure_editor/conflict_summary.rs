//! At the top of the page: every field of the measure and its KPIs where a concurrent edit won,
//! each a link to the notice beside the field.

use leptos::prelude::*;
use tsunagu_core::client::FieldKey;
use tsunagu_core::domain::RecordKind;

use super::conflict_notice::notice_id;
use super::context::Editor;
use super::text_field::value_text;
use crate::i18n::measure::fill;

/// Moves focus to the notice (it has `tabindex="-1"`) and scrolls it into view; the router is
/// not involved, and keyboard and screen reader users land on it.
fn go_to(id: &str) {
    let target = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id));
    if let Some(target) = target {
        target.scroll_into_view();
        if let Ok(target) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(target) {
            let _ = target.focus();
        }
    }
}

#[component]
pub fn ConflictSummary() -> impl IntoView {
    let editor = Editor::expect();
    let conflicts = Memo::new(move |_| {
        let keys = editor.record_keys();
        editor
            .workspace
            .conflicts()
            .into_iter()
            .filter(|c| keys.contains(&c.key.record))
            .map(|c| c.key)
            .collect::<Vec<FieldKey>>()
    });
    let name_of = move |key: &FieldKey| {
        let t = editor.texts();
        let field = t.field_label(editor.lang(), key.record.kind, &key.field);
        if key.record.kind != RecordKind::Kpi {
            return field;
        }
        let kpi = editor
            .workspace
            .view(&key.record)
            .and_then(|view| view.values.get("name").map(value_text))
            .unwrap_or_else(|| key.record.id.clone());
        format!("{}: {field}", fill(t.kpi_prefix, &[("name", &kpi)]))
    };

    move || {
        let keys = conflicts.get();
        if keys.is_empty() {
            return None;
        }
        let t = editor.texts();
        let items = keys
            .iter()
            .map(|key| {
                let id = notice_id(key);
                let href = format!("#{id}");
                view! {
                    <li>
                        <a
                            href=href
                            on:click=move |ev| {
                                ev.prevent_default();
                                go_to(&id);
                            }
                        >
                            {name_of(key)}
                        </a>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="me-conflict-summary" role="alert" aria-labelledby="me-conflicts-heading">
                <h2 id="me-conflicts-heading">
                    <span aria-hidden="true">"⚠ "</span>
                    {t.conflict_summary_heading}
                </h2>
                <p>{t.conflict_summary_intro}</p>
                <ul>{items}</ul>
            </section>
        })
    }
}
