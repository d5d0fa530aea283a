//! The prefecture dashboard at Hokkaido's size (179 municipalities) and Japan's (1,741), each
//! with 60 measures over the 13 national areas; printed as figures (median of N runs).
//!
//! `cargo bench -p tsunagu-core --bench dashboard`
//!
//! Targets: the dashboard computed and rendered in ≤ 100 ms for a prefecture and ≤ 1 s for
//! the nation, so building it must take a small part of that.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::dashboard::{
    dashboard_table, Dashboard, DashboardQuery, DashboardSort, OrgSummary, PopulationFilter,
};
use tsunagu_core::domain::taxonomy::national_default;
use tsunagu_core::domain::{Measure, Status, TaxonomyArea};
use tsunagu_core::export::{to_csv, to_xlsx};
use tsunagu_core::lang::Lang;
use tsunagu_core::org::{load_csv, OrgCode, OrgKind, Organisation, PopulationClass};

const CODE_LIST: &str = include_str!("../../data/local-governments.csv");
const MEASURES_PER_ORG: usize = 60;
const RUNS: usize = 21;

/// A cheap deterministic generator, so every run sees the same data.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default()
}

/// 60 measures spread over the areas: roughly 25 % 未着手, 35 % 作業中, 30 % 完了, 5 % each
/// 実施しない and 対象外; half of those in priority areas flagged 【重点】; some past due.
fn measures(areas: &[TaxonomyArea], rng: &mut u64) -> Vec<Measure> {
    (0..MEASURES_PER_ORG)
        .map(|index| {
            let area = &areas[index % areas.len()];
            let roll = next(rng) % 100;
            let status = match roll {
                0..25 => Status::NotStarted,
                25..60 => Status::InProgress,
                60..90 => Status::Done,
                90..95 => Status::WontDo,
                _ => Status::NotApplicable,
            };
            let percent = match status {
                Status::Done => 100,
                Status::InProgress => (next(rng) % 99 + 1) as u8,
                _ => 0,
            };
            Measure {
                area: Some(area.id.clone()),
                priority: area.priority_area && next(rng).is_multiple_of(2),
                status,
                percent,
                end_fy: Some(FiscalYear(2023 + (next(rng) % 4) as i32)),
                ..Measure::new("plan", format!("施策{index}"))
            }
        })
        .collect()
}

fn median_ms(runs: usize, mut work: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

struct Scale {
    label: &'static str,
    orgs: Vec<Organisation>,
    measures: Vec<(OrgCode, Vec<Measure>)>,
}

fn scale(
    label: &'static str,
    all: &[Organisation],
    areas: &[TaxonomyArea],
    keep: impl Fn(&Organisation) -> bool,
) -> Scale {
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let orgs: Vec<Organisation> = all
        .iter()
        .filter(|org| keep(org))
        .map(|org| Organisation {
            // Two in three have a population entered, spread over the classes.
            population: (!next(&mut rng).is_multiple_of(3))
                .then(|| (next(&mut rng) % 400_000) as u32),
            ..org.clone()
        })
        .collect();
    let measures = orgs
        .iter()
        .filter(|org| org.kind == OrgKind::Municipality)
        .map(|org| (org.code.clone(), measures(areas, &mut rng)))
        .collect();
    Scale {
        label,
        orgs,
        measures,
    }
}

fn summarise(scale: &Scale) -> BTreeMap<OrgCode, OrgSummary> {
    scale
        .measures
        .iter()
        .map(|(code, measures)| {
            (
                code.clone(),
                OrgSummary::from_measures(code, measures, today()),
            )
        })
        .collect()
}

fn row(name: &str, figures: &[String]) {
    print!("{name:<44}");
    for figure in figures {
        print!("{figure:>18}");
    }
    println!();
}

fn main() {
    let all = match load_csv(CODE_LIST) {
        Ok(all) => all,
        Err(error) => {
            eprintln!("data/local-governments.csv: {error}");
            std::process::exit(1);
        }
    };
    let areas = national_default();
    let scales = [
        scale("Hokkaido", &all, &areas, |org| {
            org.code.prefecture_number() == 1
        }),
        scale("national", &all, &areas, |_| true),
    ];
    let summaries: Vec<BTreeMap<OrgCode, OrgSummary>> = scales.iter().map(summarise).collect();

    let header: Vec<String> = scales
        .iter()
        .map(|scale| format!("{} ({})", scale.label, scale.measures.len()))
        .collect();
    println!(
        "dashboard: {MEASURES_PER_ORG} measures per municipality over {} areas, median of {RUNS} runs",
        areas.len()
    );
    row("", &header);
    row(
        "measures",
        &scales
            .iter()
            .map(|s| (s.measures.len() * MEASURES_PER_ORG).to_string())
            .collect::<Vec<_>>(),
    );

    let per_scale =
        |work: &dyn Fn(usize) -> String| -> Vec<String> { (0..scales.len()).map(work).collect() };

    row(
        "OrgSummary::from_measures, all orgs",
        &per_scale(&|i| {
            format!(
                "{:.2} ms",
                median_ms(RUNS, || {
                    black_box(summarise(&scales[i]));
                })
            )
        }),
    );
    let json: Vec<Vec<Vec<u8>>> = summaries
        .iter()
        .map(|all| {
            all.values()
                .filter_map(|summary| serde_json::to_vec(summary).ok())
                .collect()
        })
        .collect();
    row(
        "summaries as JSON, total size",
        &per_scale(&|i| {
            let bytes: usize = json[i].iter().map(Vec::len).sum();
            format!("{:.0} KB", bytes as f64 / 1024.0)
        }),
    );
    row(
        "  per municipality",
        &per_scale(&|i| {
            let bytes: usize = json[i].iter().map(Vec::len).sum();
            format!("{} B", bytes / json[i].len().max(1))
        }),
    );
    row(
        "  parse all (as when loading IndexedDB)",
        &per_scale(&|i| {
            format!(
                "{:.2} ms",
                median_ms(RUNS, || {
                    for bytes in &json[i] {
                        black_box(serde_json::from_slice::<OrgSummary>(bytes).ok());
                    }
                })
            )
        }),
    );

    let queries = [
        (
            "Dashboard::build, default (furthest behind)",
            DashboardQuery::default(),
        ),
        (
            "  【重点】 only",
            DashboardQuery {
                priority_only: true,
                ..DashboardQuery::default()
            },
        ),
        (
            "  overdue only, status 作業中",
            DashboardQuery {
                overdue_only: true,
                status: Some(Status::InProgress),
                ..DashboardQuery::default()
            },
        ),
        (
            "  population 10k–50k, by kana",
            DashboardQuery {
                population: PopulationFilter::Class(PopulationClass::From10kTo50k),
                sort: DashboardSort::Kana,
                ..DashboardQuery::default()
            },
        ),
    ];
    for (name, query) in queries {
        row(
            name,
            &per_scale(&|i| {
                let mut shown = 0;
                let ms = median_ms(RUNS, || {
                    let dashboard =
                        Dashboard::build(&scales[i].orgs, &summaries[i], &areas, &query);
                    shown = dashboard.rows.len();
                    black_box(dashboard);
                });
                format!("{ms:.2} ms ({shown})")
            }),
        );
    }

    let dashboards: Vec<Dashboard> = (0..scales.len())
        .map(|i| {
            Dashboard::build(
                &scales[i].orgs,
                &summaries[i],
                &areas,
                &DashboardQuery::default(),
            )
        })
        .collect();
    row(
        "dashboard_table",
        &per_scale(&|i| {
            format!(
                "{:.2} ms",
                median_ms(RUNS, || {
                    black_box(dashboard_table(&dashboards[i], Lang::Ja));
                })
            )
        }),
    );
    let tables: Vec<_> = dashboards
        .iter()
        .map(|d| dashboard_table(d, Lang::Ja))
        .collect();
    row(
        "to_csv",
        &per_scale(&|i| {
            let size = to_csv(&tables[i]).len();
            let ms = median_ms(RUNS, || {
                black_box(to_csv(&tables[i]));
            });
            format!("{ms:.2} ms {:.0}KB", size as f64 / 1024.0)
        }),
    );
    row(
        "to_xlsx",
        &per_scale(&|i| {
            let size = to_xlsx(std::slice::from_ref(&tables[i])).map_or(0, |bytes| bytes.len());
            let ms = median_ms(RUNS, || {
                black_box(to_xlsx(std::slice::from_ref(&tables[i])).ok());
            });
            format!("{ms:.2} ms {:.0}KB", size as f64 / 1024.0)
        }),
    );
}
