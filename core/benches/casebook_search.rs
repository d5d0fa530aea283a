//! The casebook's search at a prefecture's scale (issue 25): 2,000 published cases (each with
//! an overview, effects and an interview of a few hundred characters) plus the 14 national
//! ones, over a replica that also holds Hokkaido's 10,000 measures (adoptions counted from
//! them). Printed as figures (median of N runs), natively; tests/bench/casebook_search.mjs
//! gives the browser's figure through the tools module.
//!
//! `cargo bench -p tsunagu-core --bench casebook_search`
//!
//! What is timed: building the casebook from the records once per revision (trust, search
//! keys, reach), a search as the person types (`catalogue::select`: words, filters, the order
//! of towns like mine), the whole list page's markup for a query, and the same words matched
//! over the 10,000 measures' titles and notes (`text::Query`, keys made once); then the
//! prefecture's measure search (施策検索) as the tools module answers it, over the same records
//! as the replica's synced records: reading them once (`measure_search::Prepared`, kept while
//! the replica and the day stay the same), then each search's markup (`render_prepared`). The replica holds Hokkaido's organisations (the measure search lists
//! only trusted organisations' measures; "towns like mine" needs the viewer's).

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use serde_json::json;
use tsunagu_core::casebook::catalogue::{select, Filter};
use tsunagu_core::casebook::request::ScreenState;
use tsunagu_core::casebook::{render, Casebook, CasebookData, CasebookRequest};
use tsunagu_core::domain::casebook::Case;
use tsunagu_core::domain::{Measure, RecordKind};
use tsunagu_core::import::screen::ContextRecord;
use tsunagu_core::lang::Lang;
use tsunagu_core::measure_search::{self, MeasureSearchScreen, ScreenOutput, SearchFilter};
use tsunagu_core::merge::{FieldVersion, Hlc, RecordKey, RecordState};
use tsunagu_core::org::{OrgCode, OrgKind, Organisation, PopulationClass};
use tsunagu_core::text::{search_key, Query};

const HOKKAIDO: &str = "010006";
const CASES: usize = 2_000;
const MEASURES: usize = 10_000;
const RUNS: usize = 11;
const WORDS: [&str; 12] = [
    "書かない窓口",
    "オンライン申請",
    "RPA",
    "ＡＩ議事録",
    "テレワーク",
    "マイナンバーカード",
    "標準化",
    "キャッシュレス",
    "ペーパーレス",
    "デジタル人材",
    "オープンデータ",
    "GIS",
];

fn data() -> CasebookData {
    let mut records = Vec::new();
    for n in 0..CASES {
        let word = WORDS[n % WORDS.len()];
        let case = Case {
            state: tsunagu_core::domain::casebook::CaseState::Published,
            category: format!("分類{}", n % 7),
            organisation: format!("北海道の町{n}"),
            population_class: Some(PopulationClass::ALL[n % 5]),
            point: format!("{word}で住民の手間を減らした事例{n}"),
            overview: format!("{word}を導入し、窓口と庁内の事務を見直した。").repeat(8),
            effects: "待ち時間が半分になり、職員の残業が減った。".repeat(6),
            interview: "取組の経緯、工夫、今後の展望を聞いた。".repeat(12),
            cost_initial: Some((n as i64 % 50) * 100_000),
            ..Case::new(format!("{word}の取組 {n}"))
        };
        records.push(ContextRecord {
            kind: RecordKind::Case,
            id: format!("{HOKKAIDO}-case-{n:08x}"),
            org: HOKKAIDO.into(),
            values: case.to_fields(),
        });
    }
    // Hokkaido's organisations, as the replica holds them: the measure search lists only the
    // measures of organisations the directory trusts, and "towns like mine" needs the viewer's.
    let hokkaido: Vec<(&str, &str)> = include_str!("../../data/local-governments.csv")
        .lines()
        .filter(|line| line.starts_with("01"))
        .filter_map(|line| {
            let mut cells = line.split(',');
            Some((cells.next()?, cells.nth(1)?))
        })
        .collect();
    for (n, (code, city)) in hokkaido.iter().enumerate() {
        let Ok(parsed) = OrgCode::parse(code) else {
            continue;
        };
        let prefecture = parsed.is_prefecture();
        let org = Organisation {
            code: parsed,
            kind: if prefecture {
                OrgKind::Prefecture
            } else {
                OrgKind::Municipality
            },
            name: if prefecture { "北海道" } else { city }.to_owned(),
            kana: String::new(),
            population: Some(3_000 + (n as u32 % 5) * 60_000),
        };
        records.push(ContextRecord {
            kind: RecordKind::Organisation,
            id: (*code).to_owned(),
            org: (*code).to_owned(),
            values: org.to_fields(),
        });
    }
    let towns: Vec<String> = hokkaido
        .iter()
        .filter(|(code, _)| *code != HOKKAIDO)
        .map(|(code, _)| (*code).to_owned())
        .collect();
    for n in 0..MEASURES {
        let town = &towns[n % towns.len()];
        let mut measure = Measure::new(
            format!("{town}-plan"),
            format!("{}の推進 {n}", WORDS[n % WORDS.len()]),
        );
        measure.notes = "計画に基づき段階的に進める。".repeat(4);
        let mut values = measure.to_fields();
        if n % 10 == 0 {
            values.insert(
                "source_case".into(),
                json!(format!("{HOKKAIDO}-case-{:08x}", n % CASES)),
            );
        }
        records.push(ContextRecord {
            kind: RecordKind::Measure,
            id: format!("{town}-m-{n:08x}"),
            org: town.clone(),
            values,
        });
    }
    CasebookData {
        generation: 1,
        records,
    }
}

fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

fn time(label: &str, mut job: impl FnMut()) {
    let runs: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            job();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    println!("{label:<58} {:>9.2} ms", median(runs));
}

fn main() {
    let data = data();
    let mut book = Casebook::default();
    time("build the casebook (2,014 cases, 10,000 measures)", || {
        book = black_box(Casebook::build(data.clone()));
    });
    println!(
        "entries: {}, cases adopted: {}",
        book.entries.len(),
        book.reach.len()
    );
    for query in [
        "窓口",
        "ＤＸ",
        "まいなんばー",
        "オンライン 申請",
        "存在しない言葉",
    ] {
        let filter = Filter {
            query: query.into(),
            ..Filter::default()
        };
        let mut found = 0;
        time(&format!("search {query:?}"), || {
            found = black_box(select(
                &book.entries,
                &filter,
                &[],
                Some(PopulationClass::Under10k),
            ))
            .len();
        });
        println!("  found {found}");
    }
    let request = CasebookRequest {
        generation: 1,
        lang: Lang::Ja,
        own: "011002".into(),
        state: ScreenState {
            page: "list".into(),
            filter: Filter {
                query: "窓口".into(),
                ..Filter::default()
            },
            ..ScreenState::default()
        },
        ..CasebookRequest::default()
    };
    time("the list page's markup for \"窓口\"", || {
        black_box(render(&request, &book));
    });
    let keys: Vec<String> = data
        .records
        .iter()
        .filter(|r| r.kind == RecordKind::Measure)
        .map(|r| {
            let text = |f: &str| {
                r.values
                    .get(f)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            search_key(&format!("{} {}", text("title"), text("notes")))
        })
        .collect();
    let query = Query::new("窓口");
    time("the same words over 10,000 measures' keys", || {
        black_box(keys.iter().filter(|key| query.matches(key)).count());
    });
    // The prefecture's measure search (施策検索) as the tools module answers it: the replica's
    // synced records read once per revision and day, then each search as the person types.
    let replica = replica(&data);
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date");
    let mut prepared = measure_search::Prepared::new(1, today, &[]);
    time("read the replica for the measure search (once)", || {
        prepared = black_box(measure_search::Prepared::new(1, today, &replica));
    });
    for query in ["窓口", "ＤＸ", "存在しない言葉"] {
        let screen = MeasureSearchScreen {
            generation: 1,
            today,
            lang: Lang::Ja,
            filter: SearchFilter {
                query: query.into(),
                ..SearchFilter::default()
            },
            output: ScreenOutput::Screen,
        };
        let mut bytes = 0;
        time(&format!("measure search {query:?} (markup)"), || {
            bytes = black_box(measure_search::render_prepared(&screen, &prepared))
                .map_or(0, |markup| markup.len());
        });
        println!("  markup {bytes} B");
    }
}

/// The records as the app's replica holds them once synced (one version per field).
fn replica(data: &CasebookData) -> Vec<RecordState> {
    let mut wall_ms = 1_000;
    data.records
        .iter()
        .filter_map(|record| {
            let owner = OrgCode::parse(&record.org).ok()?;
            let mut state = RecordState::new(RecordKey::new(record.kind, &record.id), owner);
            for (field, value) in &record.values {
                wall_ms += 1;
                let version = FieldVersion {
                    value: value.clone(),
                    hlc: Hlc::new(wall_ms, 0, "bench"),
                    base: None,
                    seen: None,
                    seq: wall_ms,
                    author: "bench".into(),
                };
                state.merge(field, version);
            }
            Some(state)
        })
        .collect()
}
