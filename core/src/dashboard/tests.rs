//! Every number the dashboard shows, worked out by hand on five Iwate municipalities.
//!
//! Today is 2025-06-01; columns are 標準化 (`std`) and オンライン化 (`online`).
//!
//! | municipality (population) | std | online | no area |
//! |---|---|---|---|
//! | 盛岡 032018 (280,000) | 完了 100 ×2 【重点】 | 作業中 50 【重点】 overdue, 未着手 0 | 完了 100 |
//! | 宮古 032026 (48,000) | 対象外 | 完了 100 【重点】, 実施しない 0 | |
//! | 大船渡 032034 (unknown) | 未着手 0 【重点】 overdue, 未着手 0 | 作業中 30 | |
//! | 花巻 032051 (93,000) | no summary at all | | |
//! | 北上 032069 (92,000) | 完了 100, 未着手 0 | 作業中 60 | |

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::*;
use crate::calendar::FiscalYear;
use crate::domain::taxonomy::national_default;
use crate::domain::{Measure, Status, TaxonomyArea};
use crate::export::{to_csv, Cell};
use crate::lang::Lang;
use crate::org::{OrgCode, OrgKind, Organisation, PopulationClass};

use Status::{Done, InProgress, NotApplicable, NotStarted, WontDo};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
}

fn code(text: &str) -> OrgCode {
    OrgCode::parse(text).unwrap()
}

fn org(code_text: &str, name: &str, kana: &str, population: Option<u32>) -> Organisation {
    let code = code(code_text);
    Organisation {
        kind: OrgKind::of_code(&code),
        code,
        name: name.into(),
        kana: kana.into(),
        population,
    }
}

fn measure(area: Option<&str>, status: Status, percent: u8, priority: bool) -> Measure {
    Measure {
        area: area.map(str::to_owned),
        status,
        percent,
        priority,
        ..Measure::new("plan", "施策")
    }
}

/// Past its deadline on [`today`].
fn late(mut measure: Measure) -> Measure {
    measure.deadline = NaiveDate::from_ymd_opt(2025, 3, 31);
    measure
}

fn columns() -> Vec<TaxonomyArea> {
    let national = national_default();
    ["std", "online"]
        .iter()
        .filter_map(|id| national.iter().find(|area| area.id == *id).cloned())
        .collect()
}

fn orgs() -> Vec<Organisation> {
    vec![
        org("030007", "岩手県", "イワテケン", None),
        org("032018", "盛岡市", "モリオカシ", Some(280_000)),
        org("032026", "宮古市", "ミヤコシ", Some(48_000)),
        org("032034", "大船渡市", "オオフナトシ", None),
        org("032051", "花巻市", "ハナマキシ", Some(93_000)),
        org("032069", "北上市", "キタカミシ", Some(92_000)),
    ]
}

fn summaries() -> BTreeMap<OrgCode, OrgSummary> {
    let std = Some("std");
    let online = Some("online");
    let measures = [
        // The prefecture's own measures never make a row.
        ("030007", vec![measure(std, NotStarted, 0, true)]),
        (
            "032018",
            vec![
                measure(std, Done, 100, true),
                measure(std, Done, 100, true),
                late(measure(online, InProgress, 50, true)),
                measure(online, NotStarted, 0, false),
                measure(None, Done, 100, false),
            ],
        ),
        (
            "032026",
            vec![
                measure(std, NotApplicable, 0, false),
                measure(online, Done, 100, true),
                measure(online, WontDo, 0, false),
            ],
        ),
        (
            "032034",
            vec![
                Measure {
                    end_fy: Some(FiscalYear(2024)),
                    ..measure(std, NotStarted, 0, true)
                },
                measure(std, NotStarted, 0, false),
                measure(online, InProgress, 30, false),
            ],
        ),
        (
            "032069",
            vec![
                measure(std, Done, 100, false),
                measure(std, NotStarted, 0, false),
                measure(online, InProgress, 60, false),
            ],
        ),
    ];
    measures
        .into_iter()
        .map(|(text, measures)| {
            let code = code(text);
            let summary = OrgSummary::from_measures(&code, &measures, today());
            (code, summary)
        })
        .collect()
}

fn build(query: DashboardQuery) -> Dashboard {
    Dashboard::build(&orgs(), &summaries(), &columns(), &query)
}

fn names(dashboard: &Dashboard) -> Vec<&str> {
    dashboard
        .rows
        .iter()
        .map(|row| row.org.name.as_str())
        .collect()
}

fn counts(counts: [u32; 5]) -> StatusCounts {
    StatusCounts(counts)
}

fn tally(statuses: [u32; 5], percent_sum: u32, overdue: u32) -> Tally {
    Tally {
        statuses: counts(statuses),
        percent_sum,
        overdue,
    }
}

fn assert_close(actual: Option<f64>, expected: Option<f64>) {
    match (actual, expected) {
        (Some(a), Some(e)) => assert!((a - e).abs() < 1e-12, "{a} != {e}"),
        _ => assert_eq!(actual, expected),
    }
}

// --- summaries ---

#[test]
fn a_summary_counts_each_area_and_the_priority_measures_apart() {
    let summary = &summaries()[&code("032018")];
    assert_eq!(summary.as_of, today());
    assert_eq!(summary.areas.len(), 2);
    let online = summary.areas["online"];
    assert_eq!(online.all, tally([1, 1, 0, 0, 0], 50, 1));
    assert_eq!(online.priority, tally([0, 1, 0, 0, 0], 50, 1));
    let std = summary.areas["std"];
    assert_eq!(std.all, tally([0, 0, 2, 0, 0], 200, 0));
    assert_eq!(std.priority.total(), 2, "【重点】 measures");
    assert_eq!(summary.unclassified.all, tally([0, 0, 1, 0, 0], 100, 0));
    assert_eq!(summary.unclassified.priority, Tally::default());
    assert_eq!(summary.total(false), tally([1, 1, 3, 0, 0], 350, 1));
    assert_eq!(summary.total(true), tally([0, 1, 2, 0, 0], 250, 1));
}

#[test]
fn percent_is_summed_over_counting_measures_only() {
    let measures = [
        measure(Some("std"), InProgress, 40, false),
        measure(Some("std"), WontDo, 90, false),
        measure(Some("std"), NotApplicable, 70, false),
    ];
    let summary = OrgSummary::from_measures(&code("032018"), &measures, today());
    let std = summary.areas["std"].all;
    assert_eq!(std.percent_sum, 40);
    assert_close(std.mean_percent(), Some(40.0));
}

#[test]
fn an_empty_area_id_counts_as_no_area() {
    let measures = [measure(Some(""), Done, 100, false)];
    let summary = OrgSummary::from_measures(&code("032018"), &measures, today());
    assert!(summary.areas.is_empty());
    assert_eq!(summary.unclassified.all.total(), 1);
}

#[test]
fn overdue_is_judged_on_the_summary_day() {
    let measures = [late(measure(Some("std"), InProgress, 10, false))];
    let on = |date| OrgSummary::from_measures(&code("032018"), &measures, date);
    let before = on(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap());
    assert_eq!(before.areas["std"].all.overdue, 0);
    assert_eq!(on(today()).areas["std"].all.overdue, 1);
    assert!(before.is_stale(today()));
    assert!(!on(today()).is_stale(today()));
}

#[test]
fn summary_json_uses_short_names_and_omits_zeros() {
    let summary = &summaries()[&code("032018")];
    let json = serde_json::to_string(summary).unwrap();
    assert_eq!(
        json,
        concat!(
            r#"{"c":"032018","d":"2025-06-01","a":{"#,
            r#""online":{"t":{"s":[1,1,0,0,0],"p":50,"o":1},"j":{"s":[0,1,0,0,0],"p":50,"o":1}},"#,
            r#""std":{"t":{"s":[0,0,2,0,0],"p":200},"j":{"s":[0,0,2,0,0],"p":200}}},"#,
            r#""u":{"t":{"s":[0,0,1,0,0],"p":100}}}"#
        )
    );
    let back: OrgSummary = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, summary);
    let empty = OrgSummary::from_measures(&code("032051"), &[], today());
    assert_eq!(
        serde_json::to_string(&empty).unwrap(),
        r#"{"c":"032051","d":"2025-06-01"}"#
    );
}

// --- one cell ---

#[test]
fn completion_excludes_wont_do_and_not_applicable() {
    // 2 done of 6, of which 2 do not count: 2 ÷ 4.
    let cell = tally([1, 1, 2, 1, 1], 240, 0);
    assert_close(cell.completion_rate(), Some(0.5));
    assert_close(cell.mean_percent(), Some(60.0));
    assert_eq!(cell.statuses.counting(), 4);
    assert_eq!(cell.total(), 6);
}

#[test]
fn nothing_counting_means_no_rate() {
    for statuses in [[0, 0, 0, 0, 0], [0, 0, 0, 2, 0], [0, 0, 0, 1, 3]] {
        let cell = tally(statuses, 0, 0);
        assert_eq!(cell.completion_rate(), None, "{statuses:?}");
        assert_eq!(cell.mean_percent(), None, "{statuses:?}");
    }
    assert_close(tally([3, 0, 0, 0, 0], 0, 0).completion_rate(), Some(0.0));
}

#[test]
fn the_colour_of_a_cell() {
    let cases = [
        ([0, 0, 0, 0, 0], CellStatus::Empty),
        ([0, 0, 3, 0, 0], CellStatus::Done),
        ([0, 0, 3, 1, 1], CellStatus::Done),
        ([2, 0, 0, 0, 0], CellStatus::NotStarted),
        ([2, 0, 0, 1, 0], CellStatus::NotStarted),
        ([0, 1, 0, 0, 0], CellStatus::InProgress),
        ([1, 0, 1, 0, 0], CellStatus::InProgress),
        ([1, 1, 1, 0, 0], CellStatus::InProgress),
        ([0, 0, 0, 0, 2], CellStatus::NotApplicable),
        ([0, 0, 0, 2, 0], CellStatus::WontDo),
        ([0, 0, 0, 1, 1], CellStatus::WontDo),
    ];
    for (statuses, expected) in cases {
        assert_eq!(
            tally(statuses, 0, 0).cell_status(),
            expected,
            "{statuses:?}"
        );
    }
    assert_eq!(CellStatus::Empty.label_ja(), "施策なし");
    assert_eq!(CellStatus::WontDo.label_ja(), "実施しない");
    assert_eq!(CellStatus::NotApplicable.label_en(), "Not applicable");
}

// --- the dashboard ---

#[test]
fn rows_are_the_municipalities_furthest_behind_first() {
    let dashboard = build(DashboardQuery::default());
    // 0 %, 33.3 %, 60 %, 100 %, then 花巻 with no rate.
    assert_eq!(
        names(&dashboard),
        ["大船渡市", "北上市", "盛岡市", "宮古市", "花巻市"]
    );
    assert_eq!(dashboard.municipality_count, 5);
    let rates: Vec<Option<f64>> = dashboard
        .rows
        .iter()
        .map(|row| row.total.completion_rate())
        .collect();
    assert_close(rates[0], Some(0.0));
    assert_close(rates[1], Some(1.0 / 3.0));
    assert_close(rates[2], Some(0.6));
    assert_close(rates[3], Some(1.0));
    assert_eq!(rates[4], None);
}

#[test]
fn cells_and_row_totals() {
    let dashboard = build(DashboardQuery::default());
    let morioka = &dashboard.rows[2];
    assert_eq!(morioka.org.name, "盛岡市");
    assert_eq!(
        morioka.cells,
        [
            tally([0, 0, 2, 0, 0], 200, 0),
            tally([1, 1, 0, 0, 0], 50, 1)
        ]
    );
    assert_eq!(morioka.other, tally([0, 0, 1, 0, 0], 100, 0));
    assert_eq!(morioka.total, tally([1, 1, 3, 0, 0], 350, 1));
    assert_close(morioka.cells[1].completion_rate(), Some(0.0));
    assert_close(morioka.cells[1].mean_percent(), Some(25.0));
    assert_close(morioka.total.mean_percent(), Some(70.0));
    assert_eq!(morioka.cells[0].cell_status(), CellStatus::Done);
    assert_eq!(morioka.cells[1].cell_status(), CellStatus::InProgress);

    let miyako = &dashboard.rows[3];
    assert_eq!(miyako.cells[0].cell_status(), CellStatus::NotApplicable);
    assert_eq!(miyako.cells[0].completion_rate(), None);
    // 完了 1, 実施しない 1: only the done one counts.
    assert_close(miyako.cells[1].completion_rate(), Some(1.0));
    assert_close(miyako.cells[1].mean_percent(), Some(100.0));
    assert_eq!(miyako.total.cell_status(), CellStatus::Done);

    let hanamaki = &dashboard.rows[4];
    assert_eq!(hanamaki.cells, [Tally::default(), Tally::default()]);
    assert_eq!(hanamaki.total.cell_status(), CellStatus::Empty);
}

#[test]
fn column_totals_grand_total_and_distribution() {
    let dashboard = build(DashboardQuery::default());
    let [std, online] = dashboard.column_totals[..] else {
        panic!("two columns");
    };
    assert_eq!(std, tally([3, 0, 3, 0, 1], 300, 1));
    assert_close(std.completion_rate(), Some(0.5));
    assert_close(std.mean_percent(), Some(50.0));
    assert_eq!(online, tally([1, 3, 1, 1, 0], 240, 1));
    assert_close(online.completion_rate(), Some(0.2));
    assert_close(online.mean_percent(), Some(48.0));
    assert_eq!(dashboard.other_total, tally([0, 0, 1, 0, 0], 100, 0));

    let total = dashboard.grand_total;
    assert_eq!(total, tally([4, 3, 5, 1, 1], 640, 2));
    assert_close(total.completion_rate(), Some(5.0 / 12.0));
    assert_close(total.mean_percent(), Some(640.0 / 12.0));
    assert_eq!(total.total(), 14);

    // Empty, 未着手, 作業中, 完了, 実施しない, 対象外.
    assert_eq!(dashboard.distribution[0].0, [1, 1, 1, 1, 0, 1]);
    assert_eq!(dashboard.distribution[1].0, [1, 0, 3, 1, 0, 0]);
    assert_eq!(dashboard.total_distribution.0, [1, 0, 3, 1, 0, 0]);
    assert_eq!(dashboard.distribution[1].get(CellStatus::InProgress), 3);
}

#[test]
fn priority_only_counts_only_priority_measures() {
    let dashboard = build(DashboardQuery {
        priority_only: true,
        ..DashboardQuery::default()
    });
    // 0 %, 66.7 %, 100 %, then 花巻 and 北上 (no 【重点】 measure) by code.
    assert_eq!(
        names(&dashboard),
        ["大船渡市", "盛岡市", "宮古市", "花巻市", "北上市"]
    );
    let morioka = &dashboard.rows[1];
    assert_eq!(morioka.total, tally([0, 1, 2, 0, 0], 250, 1));
    assert_close(morioka.total.completion_rate(), Some(2.0 / 3.0));
    assert_eq!(morioka.other, Tally::default());
    assert_eq!(dashboard.column_totals[0], tally([1, 0, 2, 0, 0], 200, 1));
    assert_close(
        dashboard.column_totals[0].completion_rate(),
        Some(2.0 / 3.0),
    );
    assert_eq!(dashboard.column_totals[1], tally([0, 1, 1, 0, 0], 150, 1));
    assert_close(dashboard.column_totals[1].completion_rate(), Some(0.5));
    assert_close(dashboard.column_totals[1].mean_percent(), Some(75.0));
    assert_eq!(dashboard.grand_total, tally([1, 1, 3, 0, 0], 350, 2));
    assert_close(dashboard.grand_total.completion_rate(), Some(0.6));
    assert_eq!(dashboard.total_distribution.0, [2, 1, 1, 1, 0, 0]);
}

#[test]
fn overdue_only_keeps_municipalities_with_an_overdue_measure() {
    let dashboard = build(DashboardQuery {
        overdue_only: true,
        ..DashboardQuery::default()
    });
    assert_eq!(names(&dashboard), ["大船渡市", "盛岡市"]);
    assert_eq!(dashboard.municipality_count, 5);
    assert_eq!(dashboard.grand_total, tally([3, 2, 3, 0, 0], 380, 2));
    assert_close(dashboard.grand_total.completion_rate(), Some(3.0 / 8.0));
}

#[test]
fn status_filter_keeps_rows_with_that_status_and_full_cells() {
    let dashboard = build(DashboardQuery {
        status: Some(InProgress),
        ..DashboardQuery::default()
    });
    assert_eq!(names(&dashboard), ["大船渡市", "北上市", "盛岡市"]);
    let morioka = &dashboard.rows[2];
    assert_eq!(morioka.cells[1], tally([1, 1, 0, 0, 0], 50, 1));
    assert_eq!(dashboard.matching(&morioka.cells[1]), Some(1));
    assert_eq!(dashboard.matching(&morioka.cells[0]), Some(0));
    assert_eq!(dashboard.matching(&dashboard.grand_total), Some(3));

    let not_applicable = build(DashboardQuery {
        status: Some(NotApplicable),
        ..DashboardQuery::default()
    });
    assert_eq!(names(&not_applicable), ["宮古市"]);
    assert_eq!(
        build(DashboardQuery::default()).matching(&morioka.total),
        None
    );
}

#[test]
fn filters_combine() {
    let dashboard = build(DashboardQuery {
        status: Some(InProgress),
        priority_only: true,
        ..DashboardQuery::default()
    });
    // 大船渡 and 北上 have 作業中 measures, but none of them is 【重点】.
    assert_eq!(names(&dashboard), ["盛岡市"]);
    let both = build(DashboardQuery {
        overdue_only: true,
        population: PopulationFilter::Unknown,
        ..DashboardQuery::default()
    });
    assert_eq!(names(&both), ["大船渡市"]);
}

#[test]
fn population_filter() {
    let class = |class| {
        let query = DashboardQuery {
            population: PopulationFilter::Class(class),
            sort: DashboardSort::Code,
            ..DashboardQuery::default()
        };
        names(&build(query))
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(class(PopulationClass::From50kTo100k), ["花巻市", "北上市"]);
    assert_eq!(class(PopulationClass::From10kTo50k), ["宮古市"]);
    assert_eq!(class(PopulationClass::From100kTo300k), ["盛岡市"]);
    assert!(class(PopulationClass::Under10k).is_empty());
    let unknown = build(DashboardQuery {
        population: PopulationFilter::Unknown,
        ..DashboardQuery::default()
    });
    assert_eq!(names(&unknown), ["大船渡市"]);

    let nobody = build(DashboardQuery {
        population: PopulationFilter::Class(PopulationClass::Under10k),
        ..DashboardQuery::default()
    });
    assert_eq!(nobody.grand_total, Tally::default());
    assert_eq!(nobody.grand_total.completion_rate(), None);
    assert_eq!(nobody.distribution[0], StatusDistribution::default());
}

#[test]
fn sort_by_code_and_by_kana() {
    let by_code = build(DashboardQuery {
        sort: DashboardSort::Code,
        ..DashboardQuery::default()
    });
    assert_eq!(
        names(&by_code),
        ["盛岡市", "宮古市", "大船渡市", "花巻市", "北上市"]
    );
    let by_kana = build(DashboardQuery {
        sort: DashboardSort::Kana,
        ..DashboardQuery::default()
    });
    // オオフナトシ, キタカミシ, ハナマキシ, ミヤコシ, モリオカシ.
    assert_eq!(
        names(&by_kana),
        ["大船渡市", "北上市", "花巻市", "宮古市", "盛岡市"]
    );
}

#[test]
fn sorting_ties() {
    let orgs = vec![
        org("032018", "A", "カ", None),
        org("032026", "B", "カ", None),
        org("032034", "C", "ア", None),
        org("032051", "D", "ア", None),
    ];
    let tallies = [
        // A: 1 of 2 done, nothing overdue.
        vec![
            measure(Some("std"), Done, 100, false),
            measure(Some("std"), NotStarted, 0, false),
        ],
        // B: 2 of 4 (the same rate, exactly), one overdue.
        vec![
            measure(Some("std"), Done, 100, false),
            measure(Some("std"), Done, 100, false),
            late(measure(Some("std"), NotStarted, 0, false)),
            measure(Some("std"), NotStarted, 0, false),
        ],
        // C: 1 of 2, one overdue: ties with B, which has the lower code.
        vec![
            measure(Some("std"), Done, 100, false),
            late(measure(Some("std"), InProgress, 0, false)),
        ],
        // D: only 対象外, so no rate: last.
        vec![measure(Some("std"), NotApplicable, 0, false)],
    ];
    let summaries: BTreeMap<OrgCode, OrgSummary> = orgs
        .iter()
        .zip(tallies)
        .map(|(org, measures)| {
            let summary = OrgSummary::from_measures(&org.code, &measures, today());
            (org.code.clone(), summary)
        })
        .collect();
    let rows = |sort| {
        let query = DashboardQuery {
            sort,
            ..DashboardQuery::default()
        };
        let dashboard = Dashboard::build(&orgs, &summaries, &columns(), &query);
        dashboard
            .rows
            .iter()
            .map(|row| row.org.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(DashboardSort::FurthestBehind), ["B", "C", "A", "D"]);
    assert_eq!(rows(DashboardSort::Kana), ["C", "D", "A", "B"]);
}

#[test]
fn measures_outside_the_columns_count_in_other() {
    let measures = [
        measure(Some("iwate_admin"), Done, 100, false),
        measure(Some("online"), NotStarted, 0, false),
    ];
    let orgs = vec![org("032018", "盛岡市", "モリオカシ", None)];
    let summaries = BTreeMap::from([(
        code("032018"),
        OrgSummary::from_measures(&code("032018"), &measures, today()),
    )]);
    let dashboard = Dashboard::build(&orgs, &summaries, &columns(), &DashboardQuery::default());
    let row = &dashboard.rows[0];
    assert_eq!(row.cells, [Tally::default(), tally([1, 0, 0, 0, 0], 0, 0)]);
    assert_eq!(row.other, tally([0, 0, 1, 0, 0], 100, 0));
    assert_close(row.total.completion_rate(), Some(0.5));
}

// --- as a table ---

#[test]
fn the_dashboard_as_a_japanese_table() {
    let table = dashboard_table(&build(DashboardQuery::default()), Lang::Ja);
    assert_eq!(table.title, "進捗一覧");
    assert_eq!(
        table.headers,
        [
            "団体コード",
            "市区町村",
            "自治体の情報システムの標準化・共通化 状況",
            "自治体の情報システムの標準化・共通化 完了率(%)",
            "自治体の行政手続のオンライン化 状況",
            "自治体の行政手続のオンライン化 完了率(%)",
            "その他・未分類 状況",
            "その他・未分類 完了率(%)",
            "全体 状況",
            "全体 完了率(%)",
            "施策数",
            "期限超過",
        ]
    );
    assert_eq!(table.rows.len(), 6);
    assert_eq!(
        table.rows[0],
        [
            Cell::text("032034"),
            Cell::text("大船渡市"),
            Cell::text("未着手"),
            Cell::Percent(0.0),
            Cell::text("作業中"),
            Cell::Percent(0.0),
            Cell::Empty,
            Cell::Empty,
            Cell::text("作業中"),
            Cell::Percent(0.0),
            Cell::Integer(3),
            Cell::Integer(1),
        ]
    );
    // 宮古: 対象外 has no rate.
    assert_eq!(table.rows[3][2..4], [Cell::text("対象外"), Cell::Empty]);
    // 花巻: nothing at all.
    assert_eq!(table.rows[4][2..10], vec![Cell::Empty; 8][..]);
    assert_eq!(table.rows[4][10..], [Cell::Integer(0), Cell::Integer(0)]);
    let total = &table.rows[5];
    assert_eq!(
        total[..4],
        [
            Cell::Empty,
            Cell::text("合計"),
            Cell::text("作業中"),
            Cell::Percent(0.5)
        ]
    );
    assert_eq!(total[10..], [Cell::Integer(14), Cell::Integer(2)]);

    let csv = String::from_utf8(to_csv(&table)).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[1],
        "032034,大船渡市,未着手,0.0,作業中,0.0,,,作業中,0.0,3,1"
    );
    assert_eq!(
        lines[2],
        "032069,北上市,作業中,50.0,作業中,0.0,,,作業中,33.3,3,0"
    );
    assert_eq!(
        lines[6],
        ",合計,作業中,50.0,作業中,20.0,完了,100.0,作業中,41.7,14,2"
    );
}

#[test]
fn the_dashboard_as_an_english_table_without_other_columns() {
    let dashboard = build(DashboardQuery {
        priority_only: true,
        ..DashboardQuery::default()
    });
    let table = dashboard_table(&dashboard, Lang::En);
    assert_eq!(table.title, "Progress (priority)");
    assert_eq!(
        table.headers[..3],
        [
            "Code",
            "Municipality",
            "Standardisation of local government information systems status"
        ]
    );
    assert_eq!(
        table.headers[6..8],
        ["Overall status", "Overall completion (%)"]
    );
    assert_eq!(table.headers.len(), 10);
    assert_eq!(
        table.rows[1][6..8],
        [Cell::text("In progress"), Cell::Percent(2.0 / 3.0)]
    );
}
