//! `/trash`: the organisation's deleted measures, who deleted them and when, the edits the
//! person deleting had not seen, and 元に戻す. A delete never hides work silently.

use leptos::prelude::*;
use tsunagu_core::client::DeletedRecord;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::FieldVersion;

use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::measure::fill;
use crate::i18n::trash::trash_texts;
use crate::i18n::Lang;
use crate::state::{Locale, Workspace};
use crate::ui::access::may_write;
use crate::ui::dates::format_timestamp;
use crate::ui::field_label::field_label;
use crate::ui::page_title::use_page_title;
use crate::ui::value_text::value_text;

#[component]
pub fn TrashPage() -> impl IntoView {
    let locale = Locale::expect();
    let t = move || trash_texts(locale.get());
    use_page_title(move || t().heading.to_owned());
    view! {
        <h1>{locale.word(|l| trash_texts(l).heading)}</h1>
        <p class="lead">{locale.word(|l| trash_texts(l).intro)}</p>
        <WorkspaceGate>
            <DeletedMeasures/>
        </WorkspaceGate>
    }
}

#[component]
fn DeletedMeasures() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let deleted = Memo::new(move |_| match workspace.own_org() {
        Some(org) => workspace.deleted(RecordKind::Measure, &org),
        None => Vec::new(),
    });
    move || {
        let lang = locale.get();
        let t = trash_texts(lang);
        let list = deleted.get();
        if list.is_empty() {
            return view! {
                <p class="notice notice--ok">
                    <span aria-hidden="true">"✔ "</span>
                    {t.none}
                </p>
            }
            .into_any();
        }
        let who = workspace.connection().and_then(|c| c.who);
        view! {
            <div class="table-scroll">
                <table class="data-table">
                    <caption>{fill(t.caption, &[("count", &list.len().to_string())])}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t.col_measure}</th>
                            <th scope="col">{t.col_deleted}</th>
                            <th scope="col">{t.col_unseen}</th>
                            <th scope="col"><span class="visually-hidden">{t.restore}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|record| {
                                let writable = may_write(who.as_ref(), record.key.kind, &record.org);
                                deleted_row(record, lang, writable)
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    }
}

fn deleted_row(record: DeletedRecord, lang: Lang, writable: bool) -> impl IntoView {
    let workspace = Workspace::expect();
    let t = trash_texts(lang);
    let texts = lang.texts();
    let title = record
        .values
        .get("title")
        .and_then(|v| v.as_str())
        .map_or_else(|| record.key.id.clone(), str::to_owned);
    let (key, org) = (record.key.clone(), record.org.clone());
    view! {
        <tr>
            <th scope="row">{title}</th>
            <td>{written_by(&record.deleted, lang)}</td>
            <td>
                <ul class="plain-list">
                    {record
                        .unseen
                        .iter()
                        .map(|(field, version)| {
                            view! {
                                <li>
                                    <span aria-hidden="true">"⚠ "</span>
                                    {field_label(lang, record.key.kind, field)} ": "
                                    {value_text(&version.value, texts)} " "
                                    {written_by(version, lang)}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </td>
            <td>
                {writable
                    .then(|| {
                        view! {
                            <button type="button" on:click=move |_| workspace.restore(&org, &key)>
                                {t.restore}
                            </button>
                        }
                    })}
            </td>
        </tr>
    }
}

fn written_by(version: &FieldVersion, lang: Lang) -> impl IntoView {
    view! {
        <span class="version__meta">
            {version.author.to_string()} " · " {format_timestamp(lang, version.hlc.wall_ms)}
        </span>
    }
}
