//! `/conflicts`: every field of the own organisation's records where a concurrent write lost,
//! with the value kept (author, time) and the values that lost. Restoring one happens in the
//! record's editor, which each row links to.

use leptos::prelude::*;
use tsunagu_core::client::FieldConflict;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::feed::screen::editor_path;
use tsunagu_core::merge::FieldVersion;

use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::measure::fill;
use crate::i18n::trash::trash_texts;
use crate::i18n::{kind_label, Lang, Texts};
use crate::state::{Locale, Workspace};
use crate::ui::dates::format_timestamp;
use crate::ui::field_label::field_label;
use crate::ui::page_title::use_page_title;
use crate::ui::value_text::value_text;

#[component]
pub fn ConflictsPage() -> impl IntoView {
    let locale = Locale::expect();
    let t = move || locale.texts();
    use_page_title(move || t().conflicts_heading.to_owned());

    view! {
        <h1>{locale.word(|l| l.texts().conflicts_heading)}</h1>
        <p class="lead">{locale.word(|l| l.texts().conflicts_intro)}</p>
        <WorkspaceGate>
            <HiddenByDelete/>
            <ConflictTable/>
        </WorkspaceGate>
    }
}

/// Deleted measures that carry edits their deleter had not seen: a conflict of its own kind,
/// resolved in the trash (restore, or leave deleted).
#[component]
fn HiddenByDelete() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let count = Memo::new(move |_| {
        workspace.own_org().map_or(0, |org| {
            workspace
                .deleted(RecordKind::Measure, &org)
                .iter()
                .filter(|record| !record.unseen.is_empty())
                .count()
        })
    });
    move || {
        let t = trash_texts(locale.get());
        (count.get() > 0).then(|| {
            view! {
                <p class="notice notice--error">
                    <span aria-hidden="true">"⚠ "</span>
                    {fill(t.unseen_notice, &[("count", &count.get().to_string())])}
                    " "
                    <a href="/trash">{t.open}</a>
                </p>
            }
        })
    }
}

/// One conflicted field, with what the table shows of its record.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    conflict: FieldConflict,
    title: Option<String>,
    link: Option<String>,
}

#[component]
fn ConflictTable() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || locale.texts();
    let rows = Memo::new(move |_| {
        let own = workspace.own_org();
        workspace
            .conflicts()
            .into_iter()
            .filter(|c| Some(&c.org) == own.as_ref())
            .map(|conflict| {
                let view = workspace.view(&conflict.key.record);
                let text = |name: &str| {
                    view.as_ref()
                        .and_then(|v| v.values.get(name))
                        .and_then(|v| v.as_str())
                        .map(str::to_owned)
                };
                let record = &conflict.key.record;
                let title = text("title").or_else(|| text("name"));
                let link = editor_path(record.kind, &record.id, text("measure_id").as_deref());
                Row {
                    conflict,
                    title,
                    link,
                }
            })
            .collect::<Vec<_>>()
    });

    move || {
        let lang = locale.get();
        let t = t();
        let rows = rows.get();
        if rows.is_empty() {
            return view! {
                <p class="notice notice--ok">
                    <span aria-hidden="true">"✔ "</span>
                    {t.conflicts_none}
                </p>
            }
            .into_any();
        }
        view! {
            <p>{t.conflicts_restore_hint}</p>
            <div class="table-scroll">
                <table class="data-table">
                    <caption>{(t.conflicts_caption)(rows.len())}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t.conflicts_record}</th>
                            <th scope="col">{t.conflicts_field}</th>
                            <th scope="col">{t.conflicts_current}</th>
                            <th scope="col">{t.conflicts_losers}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|row| conflict_row(row, lang, t)).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    }
}

fn conflict_row(row: Row, lang: Lang, t: &'static Texts) -> impl IntoView {
    let record = row.conflict.key.record.clone();
    let title = row.title.unwrap_or_else(|| record.id.clone());
    let name = match row.link {
        Some(href) => view! { <a href=href>{title}</a> }.into_any(),
        None => title.into_any(),
    };
    view! {
        <tr>
            <th scope="row">
                <span class="kind-label">{kind_label(record.kind, t)}</span>
                " "
                {name}
            </th>
            <td>{field_label(lang, record.kind, &row.conflict.key.field)}</td>
            <td>{version_view(&row.conflict.current, lang, t)}</td>
            <td>
                <ul class="plain-list">
                    {row
                        .conflict
                        .losers
                        .iter()
                        .map(|loser| view! { <li>{version_view(loser, lang, t)}</li> })
                        .collect_view()}
                </ul>
            </td>
        </tr>
    }
}

/// A value with who wrote it and when.
fn version_view(version: &FieldVersion, lang: Lang, t: &'static Texts) -> impl IntoView {
    let author = if version.author.is_empty() {
        t.conflicts_unknown_author.to_owned()
    } else {
        version.author.to_string()
    };
    view! {
        <span class="version">
            <span class="version__value">{value_text(&version.value, t)}</span>
            <span class="version__meta">
                {author} " · " {format_timestamp(lang, version.hlc.wall_ms)}
            </span>
        </span>
    }
}
