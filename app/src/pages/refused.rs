//! `/refused`: the writes the server refused, kept on this device until the user saves them as
//! CSV or discards them: what was written, where, when, and why it was refused.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::export::{refused_table, rejection_reason, to_csv, RefusedRow};

use crate::i18n::measure::fill;
use crate::i18n::refused::refused_texts;
use crate::i18n::{kind_label, Lang};
use crate::state::{Locale, Workspace};
use crate::storage::RefusedWrite;
use crate::ui::dates::format_timestamp;
use crate::ui::download::{save_file, CSV_MIME};
use crate::ui::field_label::field_label;
use crate::ui::page_title::use_page_title;
use crate::ui::value_text::value_text;

#[component]
pub fn RefusedPage() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || refused_texts(locale.get());
    use_page_title(move || t().heading.to_owned());
    let problem = RwSignal::new(None::<String>);
    let rows = Memo::new(move |_| workspace.refused());

    let export = move |_| {
        let lang = locale.get_untracked();
        let rows = rows.get_untracked();
        let table_rows: Vec<RefusedRow<'_>> = rows
            .iter()
            .map(|row| RefusedRow {
                mutation: &row.mutation,
                rejection: &row.rejection,
                refused_at_ms: row.refused_at_ms,
            })
            .collect();
        let csv = to_csv(&refused_table(&table_rows, lang.into()));
        let saved = save_file(&format!("{}.csv", t().file_stem), CSV_MIME, &csv);
        problem.set(
            saved
                .err()
                .map(|e| fill(t().failed, &[("detail", &e.to_string())])),
        );
    };
    let discard = move |keys: Vec<String>| {
        let question = fill(t().confirm_discard, &[("count", &keys.len().to_string())]);
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        spawn_local(async move {
            let discarded = workspace.discard_refused(keys).await;
            problem.set(
                discarded
                    .err()
                    .map(|e| fill(t().failed, &[("detail", &e.to_string())])),
            );
        });
    };

    view! {
        <h1>{locale.word(|l| refused_texts(l).heading)}</h1>
        <p class="lead">{locale.word(|l| refused_texts(l).intro)}</p>
        {move || {
            problem
                .get()
                .map(|text| view! { <p class="notice notice--error" role="alert">{text}</p> })
        }}
        {move || {
            let lang = locale.get();
            let list = rows.get();
            if list.is_empty() {
                return view! {
                    <p class="notice notice--ok">
                        <span aria-hidden="true">"✔ "</span>
                        {t().none}
                    </p>
                }
                .into_any();
            }
            let all: Vec<String> = list.iter().map(RefusedWrite::key).collect();
            view! {
                <p class="actions no-print">
                    <button type="button" on:click=export>{t().export_csv}</button>
                    <button type="button" on:click=move |_| discard(all.clone())>
                        {t().discard_all}
                    </button>
                </p>
                <div class="table-scroll">
                    <table class="data-table">
                        <caption>{fill(t().caption, &[("count", &list.len().to_string())])}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t().col_record}</th>
                                <th scope="col">{t().col_field}</th>
                                <th scope="col">{t().col_value}</th>
                                <th scope="col">{t().col_written}</th>
                                <th scope="col">{t().col_reason}</th>
                                <th scope="col"><span class="visually-hidden">{t().discard}</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {list
                                .into_iter()
                                .map(|row| refused_row(row, lang, discard))
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
    }
}

fn refused_row(
    row: RefusedWrite,
    lang: Lang,
    discard: impl Fn(Vec<String>) + Copy + 'static,
) -> impl IntoView {
    let t = refused_texts(lang);
    let texts = lang.texts();
    let key = row.key();
    let mutation = &row.mutation;
    let reason = rejection_reason(row.rejection.code, lang.into());
    view! {
        <tr>
            <th scope="row">
                <span class="kind-label">{kind_label(mutation.kind, texts)}</span>
                " "
                {mutation.record_id.clone()}
            </th>
            <td>{field_label(lang, mutation.kind, &mutation.field)}</td>
            <td>{value_text(&mutation.value, texts)}</td>
            <td>{format_timestamp(lang, mutation.hlc.wall_ms)}</td>
            <td>
                {reason}
                <span class="version__meta">{row.rejection.message.clone()}</span>
            </td>
            <td>
                <button type="button" on:click=move |_| discard(vec![key.clone()])>
                    {t.discard}
                </button>
            </td>
        </tr>
    }
}
