//! Importing a plan of 10,000 measures: the file read (CSV text and XLSX bytes, as the app's
//! own export writes them), the headers recognised, and the preview against a plan holding
//! 10,000 measures with 10 changed rows. Printed as figures (median of runs).
//!
//! `cargo bench -p tsunagu-core --bench import`
//!
//! Target (issue 24): a 10,000-row file imports in at most 2 s in headless Chromium; wasm
//! runs this code about 1.5 to 2 times slower than native, so the native figure should stay
//! well under 1 s.

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::domain::taxonomy::national_default;
use tsunagu_core::domain::{BasicPolicy, Measure, Plan, Status};
use tsunagu_core::export::{plan_table_with_ids, to_csv, to_xlsx, Cell};
use tsunagu_core::import::{
    preview_plan_import, read_csv, read_xlsx, ColumnMapping, ImportBatch, PlanContext, SheetChoice,
};
use tsunagu_core::lang::Lang;

const ROWS: usize = 10_000;
const CHANGED: usize = 10;

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

fn plan() -> Plan {
    Plan {
        title: "大規模計画".into(),
        start_fy: FiscalYear(2022),
        end_fy: FiscalYear(2027),
        vision: String::new(),
        policies: (1..=5)
            .map(|n| BasicPolicy {
                id: format!("p{n}"),
                title: format!("基本施策{n}"),
                description: String::new(),
            })
            .collect(),
    }
}

fn measures(count: usize) -> Vec<(String, Measure)> {
    let areas = national_default();
    (0..count)
        .map(|i| {
            let measure = Measure {
                policy_id: Some(format!("p{}", i % 5 + 1)),
                area: Some(areas[i % areas.len()].id.clone()),
                priority: i % 3 == 0,
                department: format!("第{}課", i % 40),
                status: Status::ALL[i % 5],
                percent: (i % 101) as u8,
                start_fy: Some(FiscalYear(2023)),
                end_fy: Some(FiscalYear(2026)),
                notes: format!("備考 {i}: 住民の利便性向上のための取組"),
                deadline: NaiveDate::from_ymd_opt(2026, 3, 31),
                ..Measure::new("plan-1", format!("施策{i}の推進"))
            };
            (format!("032085-m-{i:08x}"), measure)
        })
        .collect()
}

fn main() {
    let quick = !std::env::args().any(|arg| arg == "--bench");
    let (rows, runs) = if quick { (200, 1) } else { (ROWS, 9) };
    let plan = plan();
    let measures = measures(rows);
    let areas = national_default();
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
    let mut table = plan_table_with_ids(&plan, &measures, &areas, today, Lang::Ja);
    let status = table.headers.iter().position(|h| h == "状況").unwrap_or(5);
    for row in table.rows.iter_mut().step_by(rows / CHANGED) {
        row[status] = Cell::text("完了");
    }
    let csv = String::from_utf8(to_csv(&table)).unwrap_or_default();
    let xlsx = to_xlsx(std::slice::from_ref(&table)).unwrap_or_default();
    let context = PlanContext {
        plan_id: "plan-1",
        plan: &plan,
        measures: &measures,
        kpis: &[],
        areas: &areas,
        lang: Lang::Ja,
    };

    let import = |sheet: &tsunagu_core::import::Sheet| {
        let mapping = ColumnMapping::recognise("plan", sheet).expect("headers");
        let preview = preview_plan_import("plan", sheet, &mapping, &context).expect("preview");
        let batch = ImportBatch::from_preview(&preview, "bench", |_| "new".to_owned());
        (preview, batch)
    };
    let (preview, _) = import(&read_csv("plan.csv", &csv).expect("csv"));
    assert!(preview.refused.is_empty(), "{:?}", preview.refused.first());
    assert!(
        preview.changes.len() >= CHANGED - 1,
        "{}",
        preview.changes.len()
    );

    println!(
        "import: {rows} measures (CSV {:.1} MB, XLSX {:.1} MB), median of {runs} runs",
        csv.len() as f64 / 1e6,
        xlsx.len() as f64 / 1e6
    );
    let read_csv_ms = median_ms(runs, || {
        black_box(read_csv("plan.csv", black_box(&csv)).expect("csv"));
    });
    let read_xlsx_ms = median_ms(runs, || {
        black_box(read_xlsx("plan.xlsx", black_box(&xlsx), &SheetChoice::First).expect("xlsx"));
    });
    let sheet = read_csv("plan.csv", &csv).expect("csv");
    let preview_ms = median_ms(runs, || {
        black_box(import(black_box(&sheet)));
    });
    let csv_total = median_ms(runs, || {
        black_box(import(&read_csv("plan.csv", &csv).expect("csv")));
    });
    let xlsx_total = median_ms(runs, || {
        black_box(import(
            &read_xlsx("plan.xlsx", &xlsx, &SheetChoice::First).expect("xlsx"),
        ));
    });
    println!("  read CSV            {read_csv_ms:8.1} ms");
    println!("  read XLSX           {read_xlsx_ms:8.1} ms");
    println!("  map + preview + batch {preview_ms:6.1} ms");
    println!("  CSV total           {csv_total:8.1} ms");
    println!("  XLSX total          {xlsx_total:8.1} ms");
}
