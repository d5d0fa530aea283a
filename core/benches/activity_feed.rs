//! The activity feed (活動) over a Hokkaido-sized replica: 180 organisations (the prefecture
//! and its 179 municipalities) with 61 records each (60 measures and a plan), about 11,000
//! records and 600,000 field versions written by three people per organisation over a year,
//! and 50,000 pulled changes of local history. Printed as figures (median of N runs).
//!
//! `cargo bench -p tsunagu-core --bench activity_feed` (`FEED_CASE=last` runs only the cases
//! whose label starts so, for a profiler).
//!
//! The data is the worst case for grouping: every write at a random time of the year, so
//! nearly every version is an entry of its own (people's real edits come in bursts).
//!
//! Target: the first page of any filter in well under 100 ms natively, so the browser (a few
//! times slower) answers a change of filter at once.

use std::hint::black_box;
use std::time::Instant;

use serde_json::json;
use tsunagu_core::client::{AppliedChange, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::export::to_csv;
use tsunagu_core::feed::{build_feed, feed_table, FeedLabels, FeedQuery, Period};
use tsunagu_core::lang::Lang;
use tsunagu_core::merge::{FieldVersion, Hlc, RecordKey, RecordState};
use tsunagu_core::org::OrgCode;

const CODE_LIST: &str = include_str!("../../data/local-governments.csv");
const RECORDS_PER_ORG: u64 = 61;
const FIELDS_PER_RECORD: u64 = 55;
const HISTORY: u64 = 50_000;
const RUNS: usize = 11;
const DAY_MS: u64 = 86_400_000;
/// 2026-12-07 09:00 JST.
const NOW_MS: u64 = 1_796_601_600_000;

/// A cheap deterministic generator, so every run sees the same data.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn version(rng: &mut u64, org: usize, seq: u64) -> FieldVersion {
    let person = next(rng) % 3;
    FieldVersion {
        value: json!(seq),
        hlc: Hlc::new(
            NOW_MS - next(rng) % (365 * DAY_MS),
            0,
            format!("d{org}-{person}"),
        ),
        base: None,
        seen: None,
        seq,
        author: format!("団体{org}の職員{person}").into(),
    }
}

fn replica(orgs: &[OrgCode]) -> (Vec<RecordState>, Vec<AppliedChange>) {
    let mut rng = 0x5eed_u64;
    let mut records = Vec::new();
    let mut seq = 0;
    for (index, org) in orgs.iter().enumerate() {
        for n in 0..RECORDS_PER_ORG {
            let kind = if n == 0 {
                RecordKind::Plan
            } else {
                RecordKind::Measure
            };
            let key = RecordKey::new(kind, format!("{}-{n:02}", org.as_str()));
            let mut record = RecordState::new(key, org.clone());
            record.merge("title", {
                seq += 1;
                FieldVersion {
                    value: json!(format!("施策{n}")),
                    ..version(&mut rng, index, seq)
                }
            });
            for field in 1..FIELDS_PER_RECORD {
                seq += 1;
                record.merge(
                    &format!("target_fy{}", 2000 + field),
                    version(&mut rng, index, seq),
                );
            }
            records.push(record);
        }
    }
    // In key order, as a replica holds them.
    records.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    let history = (0..HISTORY)
        .map(|n| {
            let record = &records[(next(&mut rng) % records.len() as u64) as usize];
            let org = (n % orgs.len() as u64) as usize;
            seq += 1;
            AppliedChange {
                server_seq: n,
                key: FieldKey::new(record.key.kind, record.key.id.clone(), "status"),
                org: record.org.clone(),
                version: version(&mut rng, org, seq),
                previous: None,
                won: false,
            }
        })
        .collect();
    (records, history)
}

fn median_ms(mut work: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

struct Codes;

impl FeedLabels for Codes {
    fn org_name(&self, org: &OrgCode) -> String {
        org.to_string()
    }
    fn kind(&self, kind: RecordKind) -> String {
        kind.as_str().to_owned()
    }
    fn field(&self, _kind: RecordKind, field: &str) -> String {
        field.to_owned()
    }
}

fn main() {
    let orgs: Vec<OrgCode> = match tsunagu_core::org::load_csv(CODE_LIST) {
        Ok(all) => all
            .into_iter()
            .filter(|org| org.code.prefecture_number() == 1)
            .map(|org| org.code)
            .collect(),
        Err(error) => {
            eprintln!("data/local-governments.csv: {error}");
            std::process::exit(1);
        }
    };
    let (records, history) = replica(&orgs);
    let versions: usize = records.iter().map(|r| r.fields.len()).sum();
    println!(
        "activity feed, Hokkaido: {} organisations, {} records, {versions} field versions, {} pulled changes; median of {RUNS} runs",
        orgs.len(),
        records.len(),
        history.len()
    );
    let page = FeedQuery {
        limit: 50,
        ..FeedQuery::default()
    };
    let cases = [
        ("all, first 50", page.clone()),
        (
            "last 7 days, first 50",
            FeedQuery {
                since_ms: Period::Week.since_ms(NOW_MS),
                ..page.clone()
            },
        ),
        (
            "one town, all",
            FeedQuery {
                org: orgs.get(5).cloned(),
                ..page.clone()
            },
        ),
        (
            "one person, last 30 days",
            FeedQuery {
                author: Some("団体5の職員1".into()),
                since_ms: Period::Month.since_ms(NOW_MS),
                ..page.clone()
            },
        ),
    ];
    let only = std::env::var("FEED_CASE").ok();
    for (label, query) in cases
        .iter()
        .filter(|(l, _)| only.as_deref().is_none_or(|o| l.starts_with(o)))
    {
        let mut total = 0;
        let ms = median_ms(|| total = black_box(build_feed(&records, &history, query)).total);
        println!("  {label:<28} {ms:>8.1} ms  ({total} entries)");
    }
    // The floor: only reading every version's time, which any feed of the replica must do.
    let since = Period::Week.since_ms(NOW_MS).unwrap_or(0);
    let mut recent = 0;
    let ms = median_ms(|| {
        recent = black_box(&records)
            .iter()
            .flat_map(|r| r.fields.values())
            .filter(|state| state.winner.hlc.wall_ms >= since)
            .count();
    });
    println!(
        "  {:<28} {ms:>8.1} ms  ({recent} versions)",
        "floor: reading every time"
    );
    let week = FeedQuery {
        since_ms: Period::Week.since_ms(NOW_MS),
        limit: usize::MAX,
        ..FeedQuery::default()
    };
    let mut bytes = 0;
    let ms = median_ms(|| {
        let feed = build_feed(&records, &history, &week);
        bytes = black_box(to_csv(&feed_table(&feed.entries, Lang::Ja, &Codes))).len();
    });
    println!(
        "  {:<28} {ms:>8.1} ms  ({bytes} bytes)",
        "CSV of the last 7 days"
    );
}
