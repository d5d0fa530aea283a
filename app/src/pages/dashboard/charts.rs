//! Per area, how many municipalities are at each status: one bar chart each, the numbers
//! written on the bars.

use leptos::prelude::*;
use tsunagu_core::chart::{bar_chart, Bar};
use tsunagu_core::dashboard::{CellStatus, Dashboard};

use super::matrix::cell_label;
use crate::i18n::measure::fill;
use crate::i18n::prefecture::prefecture_texts;
use crate::state::Locale;
use crate::ui::taxonomy::area_name;

/// Statuses in reading order, the empty cell last.
const ORDER: [CellStatus; 6] = [
    CellStatus::NotStarted,
    CellStatus::InProgress,
    CellStatus::Done,
    CellStatus::WontDo,
    CellStatus::NotApplicable,
    CellStatus::Empty,
];

fn bar_class(status: CellStatus) -> &'static str {
    match status {
        CellStatus::Empty => "bar--empty",
        CellStatus::NotStarted => "bar--not-started",
        CellStatus::InProgress => "bar--in-progress",
        CellStatus::Done => "bar--done",
        CellStatus::WontDo => "bar--wont-do",
        CellStatus::NotApplicable => "bar--not-applicable",
    }
}

#[component]
pub fn DistributionCharts(dashboard: Memo<Option<Dashboard>>) -> impl IntoView {
    let locale = Locale::expect();
    let t = move || prefecture_texts(locale.get());
    // One text of every chart: core's SVG markup, shown as HTML.
    let charts = move || {
        let lang = locale.get();
        let mut html = String::new();
        dashboard.with(|d| {
            let Some(d) = d.as_ref() else { return };
            let rows = d.rows.len() as u32;
            for (area, distribution) in d.areas.iter().zip(&d.distribution) {
                let bars: Vec<Bar> = ORDER
                    .into_iter()
                    .map(|status| Bar {
                        label: cell_label(status, lang).to_owned(),
                        value: distribution.get(status),
                        note: String::new(),
                        class: bar_class(status),
                    })
                    .collect();
                let caption = fill(t().chart_caption, &[("area", area_name(area, lang))]);
                bar_chart(&mut html, &caption, &bars, rows, 150);
            }
        });
        html
    };

    view! {
        <section class="charts" aria-labelledby="charts-heading">
            <h2 id="charts-heading">{locale.word(|l| prefecture_texts(l).charts_heading)}</h2>
            <div class="charts__grid" inner_html=charts></div>
        </section>
    }
}
