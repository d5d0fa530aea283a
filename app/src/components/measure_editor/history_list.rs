//! 変更履歴: the changes of the measure and its KPIs (from the server when it answers, else
//! those this device pulled), newest first:
//! when, who, which field, old → new, and a mark when a change lost to a concurrent one.

use crate::components::when::When;
use crate::i18n::measure::measure_texts;
use leptos::prelude::*;
use serde_json::Value;
use tsunagu_core::client::AppliedChange;
use tsunagu_core::domain::RecordKind;

use super::choices::Choices;
use super::context::Editor;
use super::format::{display_value, time_label};
use super::text_field::value_text;
use crate::i18n::measure::fill;

/// Rows shown at first, and added by "show more".
const PAGE: usize = 10;

#[component]
pub fn HistoryList() -> impl IntoView {
    let editor = Editor::expect();
    let history = LocalResource::new(move || {
        // Reload when anything changes (a sync brings new entries).
        editor.workspace.revision();
        let keys = editor.record_keys();
        crate::sync::history::record_history(editor.workspace, keys)
    });
    let shown = RwSignal::new(PAGE);
    let t = move || editor.texts();

    let body = move || match history.get() {
        None => view! { <p role="status" aria-busy="true">{t().history_loading}</p> }.into_any(),
        Some(Err(error)) => view! {
            <p class="me-error" role="alert">{t().history_error} " (" {error.to_string()} ")"</p>
        }
        .into_any(),
        Some(Ok(changes)) if changes.is_empty() => view! { <p>{t().history_empty}</p> }.into_any(),
        Some(Ok(changes)) => {
            let total = changes.len();
            let rows = changes
                .into_iter()
                .take(shown.get())
                .map(|change| view! { <HistoryRow change=change/> })
                .collect_view();
            view! {
                <table class="me-table me-history">
                    <caption>{t().history_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t().history_when}</th>
                            <th scope="col">{t().history_who}</th>
                            <th scope="col">{t().history_field}</th>
                            <th scope="col">{t().history_change}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <When when=move || { shown.get() < total }>
                    <button type="button" class="me-button" on:click=move |_| shown.update(|n| *n += PAGE)>
                        {t().history_show_more}
                    </button>
                </When>
            }
            .into_any()
        }
    };

    view! {
        <section class="me-section" aria-labelledby="me-history-heading">
            <h2 id="me-history-heading">{editor.locale.word(|l| measure_texts(l).section_history)}</h2>
            {body}
        </section>
    }
}

#[component]
fn HistoryRow(change: AppliedChange) -> impl IntoView {
    let editor = Editor::expect();
    let choices = Choices::expect();
    let lang = editor.lang();
    let t = editor.texts();
    let kind = change.key.record.kind;
    let field = &change.key.field;
    let mut field_name = t.field_label(lang, kind, field);
    if kind == RecordKind::Kpi {
        let kpi_name = editor
            .workspace
            .view(&change.key.record)
            .and_then(|view| view.values.get("name").map(value_text))
            .unwrap_or_else(|| change.key.record.id.clone());
        field_name = format!(
            "{}: {field_name}",
            fill(t.kpi_prefix, &[("name", &kpi_name)])
        );
    }
    let show = |value: &Value| display_value(value, kind, field, lang, t, choices);
    let old = show(change.previous.as_ref().unwrap_or(&Value::Null));
    let new = show(&change.version.value);
    let (iso, when) = time_label(change.version.hlc.wall_ms, lang);
    let lost = (!change.won).then(|| {
        view! {
            <span class="me-history__lost">
                <span aria-hidden="true">"⚠ "</span>
                {t.history_lost}
            </span>
        }
    });

    view! {
        <tr class:me-history--lost=!change.won>
            <td><time datetime=iso>{when}</time></td>
            <td>{change.version.author}</td>
            <td>{field_name}</td>
            <td>
                <span class="me-history__old">{old}</span>
                " "
                <span aria-hidden="true">"→"</span>
                <span class="me-visually-hidden">{t.history_arrow_label}</span>
                " "
                <span class="me-history__new">{new}</span>
                {lost}
            </td>
        </tr>
    }
}
