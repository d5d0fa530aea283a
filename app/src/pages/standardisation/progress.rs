//! The prefecture's standardisation progress: completion per system (with each step), per
//! step, and per municipality, lowest first, as the national progress dashboard shows it.

use leptos::prelude::*;
use tsunagu_core::chart::{bar_chart, Bar};
use tsunagu_core::domain::standardisation::{
    steps, summarise, system, tracker_table, StatusCounts,
};
use tsunagu_core::domain::Rate;
use tsunagu_core::org::OrgCode;
use tsunagu_core::sorting;

use super::{migrations, StepHeaders};
use crate::components::export_buttons::{ExportButtons, ExportFiles};
use crate::i18n::measure::fill;
use crate::i18n::prefecture::prefecture_texts;
use crate::i18n::standardisation::standardisation_texts;
use crate::state::{Locale, Workspace};
use crate::ui::org_name::org_name;
use tsunagu_core::survey_results::percent_text;

fn rate_cell(counts: &StatusCounts) -> String {
    percent_text(counts.completion())
}

fn rate_title(counts: &StatusCounts, template: &str) -> String {
    let rate: Rate = counts.completion();
    fill(
        template,
        &[
            ("done", &rate.numerator.to_string()),
            ("counted", &rate.denominator.to_string()),
        ],
    )
}

#[component]
pub fn TrackerProgress() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || standardisation_texts(locale.get());
    let summary = Memo::new(move |_| {
        let towns: Vec<OrgCode> = crate::pages::surveys::municipality_codes(workspace);
        summarise(&towns, &migrations(workspace))
    });
    let name = move |ja: &str, en: &str| locale.get().pick(ja, en).to_owned();

    let system_rows = move || {
        summary.with(|s| {
            s.systems
                .iter()
                .map(|progress| {
                    let label = system(&progress.system_id)
                        .map_or_else(|| progress.system_id.clone(), |sys| name(&sys.name_ja, &sys.name_en));
                    let cells = progress
                        .steps
                        .iter()
                        .map(|step| view! {
                            <td class="num" title=rate_title(&step.counts, t().done_of)>{rate_cell(&step.counts)}</td>
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row">{label}</th>
                            {cells}
                            <td class="num"><strong>{rate_cell(&progress.counts)}</strong></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let step_bars = move || {
        summary.with(|s| {
            steps()
                .iter()
                .enumerate()
                .map(|(index, step)| {
                    let mut counts = StatusCounts::default();
                    for system in &s.systems {
                        if let Some(progress) = system.steps.get(index) {
                            for (mine, theirs) in
                                counts.counts.iter_mut().zip(progress.counts.counts)
                            {
                                *mine += theirs;
                            }
                        }
                    }
                    let rate = counts.completion();
                    Bar {
                        label: name(&step.label_ja, &step.label_en),
                        value: rate.percent().map_or(0, |p| p.round() as u32),
                        note: format!("% ({})", rate_title(&counts, t().done_of)),
                        class: "bar--done",
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let town_rows = move || {
        let mut towns = summary.with(|s| s.municipalities.clone());
        sorting::sort_by(&mut towns, |a, b| {
            let rate = |c: &StatusCounts| c.completion().fraction().unwrap_or(f64::INFINITY);
            rate(&a.counts)
                .total_cmp(&rate(&b.counts))
                .then_with(|| a.org.cmp(&b.org))
        });
        towns
            .into_iter()
            .map(|town| {
                let code = town.org.to_string();
                view! {
                    <tr>
                        <th scope="row"><a href=format!("/orgs/{code}")>{org_name(workspace, &town.org)}</a></th>
                        <td class="num">{rate_cell(&town.counts)}</td>
                        <td class="num">{rate_title(&town.counts, t().done_of)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let files = Callback::new(move |()| {
        let lang = locale.get_untracked().into();
        let table = summary.with_untracked(|s| tracker_table(s, lang));
        Some(ExportFiles::single("standardisation".to_owned(), table))
    });

    view! {
        <ExportButtons files/>
        <dl class="figures">
            <dt>{locale.word(|l| standardisation_texts(l).overall)}</dt>
            <dd class="figures__value">{move || summary.with(|s| rate_cell(&s.overall))}</dd>
        </dl>
        <h2>{locale.word(|l| standardisation_texts(l).by_system)}</h2>
        <div class="matrix-scroll" tabindex="0" role="region" aria-label=locale.word(|l| standardisation_texts(l).by_system)>
            <table class="data-table matrix">
                <thead>
                    <tr>
                        <th scope="col">{locale.word(|l| standardisation_texts(l).col_system)}</th>
                        <StepHeaders/>
                        <th scope="col">{locale.word(|l| standardisation_texts(l).col_overall)}</th>
                    </tr>
                </thead>
                <tbody>{system_rows}</tbody>
            </table>
        </div>
        <h2>{locale.word(|l| standardisation_texts(l).by_step)}</h2>
        <div inner_html=move || {
            let mut html = String::new();
            bar_chart(&mut html, t().by_step, &step_bars(), 100, 300);
            html
        }></div>
        <h2>{locale.word(|l| standardisation_texts(l).by_municipality)}</h2>
        <table class="data-table table--compact">
            <thead>
                <tr>
                    <th scope="col">{locale.word(|l| standardisation_texts(l).col_municipality)}</th>
                    <th scope="col" class="num">{locale.word(|l| prefecture_texts(l).completion)}</th>
                    <th scope="col" class="num">"#"</th>
                </tr>
            </thead>
            <tbody>{town_rows}</tbody>
        </table>
    }
}
