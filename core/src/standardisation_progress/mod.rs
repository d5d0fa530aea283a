//! The prefecture's standardisation progress (`/standardisation`): completion per system (with
//! each migration step), per step as a bar chart, and per municipality, lowest first, as markup
//! text, and its table as CSV or a workbook (`domain::standardisation::tracker_table`), made by
//! the tools module over the replica the app sent, so none of it is in the app's first load.
//! Read as every screen reads: towns from the trusted directory, each migration only as its
//! town's own record (`trust`).

mod texts;

pub use texts::{progress_texts, ProgressTexts};

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::chart::{bar_chart, Bar};
use crate::client::RecordView;
use crate::domain::standardisation::{
    steps, summarise, system, tracker_table, StatusCounts, TrackerSummary,
};
use crate::domain::RecordKind;
use crate::export::{to_csv, to_xlsx, ExportError};
use crate::lang::Lang;
use crate::merge::RecordState;
use crate::org::OrgCode;
use crate::sorting;
use crate::survey_results::percent_text;
use crate::text::escaped;
use crate::tools::ScreenOutput;
use crate::trust::{municipalities, trusted_migrations};

/// The progress as the app asks for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressScreen {
    /// The replica (`ActivityData::generation`) it is about: the tools module refuses another.
    pub generation: u64,
    pub lang: Lang,
    pub output: ScreenOutput,
}

/// The markup, the CSV or the workbook over the replica's `records` (synced organisations and
/// migrations).
pub fn render(screen: &ProgressScreen, records: &[RecordState]) -> Result<Vec<u8>, ExportError> {
    let views: Vec<RecordView> = records
        .iter()
        .filter(|record| {
            matches!(
                record.key.kind,
                RecordKind::Organisation | RecordKind::SystemMigration
            )
        })
        .filter_map(RecordView::synced)
        .collect();
    let towns = municipalities(&views);
    let codes: Vec<OrgCode> = towns.iter().map(|town| town.code.clone()).collect();
    let names: BTreeMap<OrgCode, String> = towns.into_iter().map(|t| (t.code, t.name)).collect();
    let summary = summarise(&codes, &trusted_migrations(&views));
    let lang = screen.lang;
    Ok(match screen.output {
        ScreenOutput::Csv => to_csv(&tracker_table(&summary, lang)),
        ScreenOutput::Xlsx => to_xlsx(&[tracker_table(&summary, lang)])?,
        ScreenOutput::Screen => markup(&summary, &names, lang).into_bytes(),
    })
}

/// `39.4%`, or `—` when no step counts.
fn rate_cell(counts: &StatusCounts) -> String {
    percent_text(counts.completion())
}

/// `3 / 25`: done of the steps that count.
fn rate_title(t: &ProgressTexts, counts: &StatusCounts) -> String {
    let rate = counts.completion();
    (t.done_of)(rate.numerator, rate.denominator)
}

/// The screen below the page's heading and lead: the export buttons, the overall rate, the
/// system × step table, the steps' chart and the towns, lowest completion first.
pub fn markup(summary: &TrackerSummary, names: &BTreeMap<OrgCode, String>, lang: Lang) -> String {
    let t = progress_texts(lang);
    let mut out = String::new();
    let _ = write!(
        out,
        "<p class=\"actions no-print\"><button type=\"button\" data-action=\"csv\">{}</button> \
         <button type=\"button\" data-action=\"xlsx\">{}</button> \
         <button type=\"button\" data-action=\"print\">{}</button></p>\
         <dl class=\"figures\"><dt>{}</dt><dd class=\"figures__value\">{}</dd></dl>\
         <h2>{}</h2><div class=\"matrix-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">\
         <table class=\"data-table matrix\"><thead><tr><th scope=\"col\">{}</th>",
        t.export_csv,
        t.export_xlsx,
        t.print,
        t.overall,
        rate_cell(&summary.overall),
        t.by_system,
        t.by_system,
        t.col_system
    );
    for step in steps() {
        let _ = write!(
            out,
            "<th scope=\"col\">{}</th>",
            escaped(lang.pick(&step.label_ja, &step.label_en))
        );
    }
    let _ = write!(
        out,
        "<th scope=\"col\">{}</th></tr></thead><tbody>",
        t.col_overall
    );
    for progress in &summary.systems {
        let label = system(&progress.system_id).map_or(progress.system_id.as_str(), |sys| {
            lang.pick(&sys.name_ja, &sys.name_en)
        });
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", escaped(label));
        for step in &progress.steps {
            let _ = write!(
                out,
                "<td class=\"num\" title=\"{}\">{}</td>",
                escaped(&rate_title(t, &step.counts)),
                rate_cell(&step.counts)
            );
        }
        let _ = write!(
            out,
            "<td class=\"num\"><strong>{}</strong></td></tr>",
            rate_cell(&progress.counts)
        );
    }
    let _ = write!(out, "</tbody></table></div><h2>{}</h2><div>", t.by_step);
    bar_chart(&mut out, t.by_step, &step_bars(summary, t, lang), 100, 300);
    let _ = write!(
        out,
        "</div><h2>{}</h2><table class=\"data-table table--compact\"><thead><tr>\
         <th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th>\
         <th scope=\"col\" class=\"num\">#</th></tr></thead><tbody>",
        t.by_municipality, t.col_municipality, t.col_completion
    );
    for town in lowest_first(summary) {
        let code = &town.org;
        let name = names.get(code).map_or(code.as_str(), String::as_str);
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"/orgs/{code}\">{}</a></th>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escaped(name),
            rate_cell(&town.counts),
            escaped(&rate_title(t, &town.counts))
        );
    }
    out.push_str("</tbody></table>");
    out
}

/// One bar per step: its completion over every system of every town.
fn step_bars(summary: &TrackerSummary, t: &ProgressTexts, lang: Lang) -> Vec<Bar> {
    steps()
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let mut counts = StatusCounts::default();
            for system in &summary.systems {
                if let Some(progress) = system.steps.get(index) {
                    for (mine, theirs) in counts.counts.iter_mut().zip(progress.counts.counts) {
                        *mine += theirs;
                    }
                }
            }
            Bar {
                label: lang.pick(&step.label_ja, &step.label_en).to_owned(),
                value: counts
                    .completion()
                    .percent()
                    .map_or(0, |p| p.round() as u32),
                note: format!("% ({})", rate_title(t, &counts)),
                class: "bar--done",
            }
        })
        .collect()
}

/// The towns by completion, lowest first (a town with no step that counts last), then by code.
fn lowest_first(
    summary: &TrackerSummary,
) -> Vec<&crate::domain::standardisation::MunicipalityProgress> {
    let mut towns: Vec<_> = summary.municipalities.iter().collect();
    sorting::sort_by(&mut towns, |a, b| {
        let rate = |c: &StatusCounts| c.completion().fraction().unwrap_or(f64::INFINITY);
        rate(&a.counts)
            .total_cmp(&rate(&b.counts))
            .then_with(|| a.org.cmp(&b.org))
    });
    towns
}

#[cfg(test)]
mod tests;
