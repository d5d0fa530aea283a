//! The municipalities × areas table. Up to 1,741 rows of 15 cells: the body is written as one
//! HTML string (every text escaped) rather than as reactive nodes, which keeps a national
//! dashboard within a second; links inside it are ordinary `<a>` the router still handles.

use std::fmt::Write;

use leptos::prelude::*;
use tsunagu_core::dashboard::{CellStatus, Dashboard, Tally};

use crate::components::last_sync::is_stale;
use crate::components::status_badge::status_icon;
use crate::components::when::When;
use crate::i18n::measure::fill;
use crate::i18n::prefecture::{prefecture_texts, PrefectureTexts};
use crate::i18n::Lang;
use crate::state::workspace::now_ms;
use crate::state::{Activity, Locale};
use crate::ui::dates::format_recent;
use crate::ui::taxonomy::area_name;
use tsunagu_core::text::escaped;

pub fn cell_class(status: CellStatus) -> &'static str {
    match status {
        CellStatus::Empty => "cell--empty",
        CellStatus::NotStarted => "cell--not-started",
        CellStatus::InProgress => "cell--in-progress",
        CellStatus::Done => "cell--done",
        CellStatus::WontDo => "cell--wont-do",
        CellStatus::NotApplicable => "cell--not-applicable",
    }
}

pub fn cell_label(status: CellStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => status.label_ja(),
        Lang::En => status.label_en(),
    }
}

/// `75%`, or `—` when no measure counts.
pub fn completion_text(tally: &Tally) -> String {
    tally
        .completion_rate()
        .map_or_else(|| "—".to_owned(), |rate| format!("{:.0}%", rate * 100.0))
}

fn write_cell(
    html: &mut String,
    tally: &Tally,
    matching: Option<u32>,
    lang: Lang,
    t: &PrefectureTexts,
) {
    let status = tally.cell_status();
    let _ = write!(html, "<td class=\"cell {}\">", cell_class(status));
    if status == CellStatus::Empty {
        let _ = write!(
            html,
            "<span class=\"cell__none\">{}</span></td>",
            escaped(t.cell_empty)
        );
        return;
    }
    let icon = status.status().map(status_icon).unwrap_or_default();
    let _ = write!(
        html,
        "<span aria-hidden=\"true\">{icon}</span><span class=\"visually-hidden\">{}</span> {} <span class=\"cell__n\">{}</span>",
        escaped(cell_label(status, lang)),
        completion_text(tally),
        escaped(&(t.cell_measures)(tally.total())),
    );
    if tally.overdue > 0 {
        let _ = write!(
            html,
            " <span class=\"cell__overdue\">⚠ {}</span>",
            escaped(&fill(t.cell_overdue, &[("n", &tally.overdue.to_string())]))
        );
    }
    if let Some(n) = matching.filter(|n| *n > 0) {
        let _ = write!(html, " <mark class=\"cell__match\">{n}</mark>");
    }
    html.push_str("</td>");
}

/// The table body as HTML.
fn body_html(dashboard: &Dashboard, activity: Activity, lang: Lang, t: &PrefectureTexts) -> String {
    let now = now_ms();
    let mut html = String::with_capacity(dashboard.rows.len() * 1200);
    for row in &dashboard.rows {
        let code = row.org.code.as_str();
        let _ = write!(
            html,
            "<tr data-org=\"{code}\"><th scope=\"row\"><a href=\"/orgs/{code}\">{}</a> <span class=\"org-code\">{code}</span></th>",
            escaped(&row.org.name),
        );
        for cell in &row.cells {
            write_cell(&mut html, cell, dashboard.matching(cell), lang, t);
        }
        write_cell(
            &mut html,
            &row.total,
            dashboard.matching(&row.total),
            lang,
            t,
        );
        let last = activity.last_sync_ms(&row.org.code);
        let stale = is_stale(last, now);
        let when = last.map_or_else(|| t.never_synced.to_owned(), |ms| format_recent(lang, ms));
        let _ = write!(
            html,
            "<td class=\"last-sync{}\">{}{}</td></tr>",
            if stale { " last-sync--stale" } else { "" },
            if stale { "⚠ " } else { "" },
            escaped(&when),
        );
    }
    html
}

#[component]
pub fn Matrix(dashboard: Memo<Option<Dashboard>>) -> impl IntoView {
    let locale = Locale::expect();
    let activity = Activity::expect();
    let t = move || prefecture_texts(locale.get());
    let body = move || {
        let lang = locale.get();
        dashboard.with(|d| {
            d.as_ref()
                .map(|d| body_html(d, activity, lang, t()))
                .unwrap_or_default()
        })
    };
    let footer = move || {
        let lang = locale.get();
        dashboard.with(|d| {
            d.as_ref()
                .map(|d| {
                    let mut html = format!("<tr><th scope=\"row\">{}</th>", escaped(t().row_total));
                    for cell in &d.column_totals {
                        write_cell(&mut html, cell, d.matching(cell), lang, t());
                    }
                    write_cell(
                        &mut html,
                        &d.grand_total,
                        d.matching(&d.grand_total),
                        lang,
                        t(),
                    );
                    html.push_str("<td></td></tr>");
                    html
                })
                .unwrap_or_default()
        })
    };
    let headers = move || {
        let lang = locale.get();
        dashboard.with(|d| {
            d.as_ref().map(|d| {
                d.areas
                    .iter()
                    .map(|area| view! { <th scope="col">{area_name(area, lang).to_owned()}</th> })
                    .collect_view()
            })
        })
    };
    let empty = move || dashboard.with(|d| d.as_ref().is_some_and(|d| d.rows.is_empty()));

    view! {
        <div class="matrix-scroll" tabindex="0" role="region" aria-labelledby="matrix-caption">
            <table class="data-table matrix" data-testid="dashboard-matrix">
                <caption id="matrix-caption">{locale.word(|l| prefecture_texts(l).matrix_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{locale.word(|l| prefecture_texts(l).col_municipality)}</th>
                        {headers}
                        <th scope="col">{locale.word(|l| prefecture_texts(l).col_total)}</th>
                        <th scope="col">{locale.word(|l| prefecture_texts(l).col_last_sync)}</th>
                    </tr>
                </thead>
                <tbody inner_html=body></tbody>
                <tfoot inner_html=footer></tfoot>
            </table>
        </div>
        <When when=empty>
            <p class="notice">{locale.word(|l| prefecture_texts(l).no_rows)}</p>
        </When>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn escapes_markup_in_names() {
        assert_eq!(
            escaped("<b>\"A&B\"</b>'"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;'"
        );
        assert_eq!(escaped("遠野市"), "遠野市");
    }
}
