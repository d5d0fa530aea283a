//! The stored size of five years of Hokkaido (179 towns) with and without retention's
//! compaction: `cargo bench -p tsunagu-core --bench retention`.
//!
//! Each town keeps a plan of 60 measures and adds one a month; every month its staff make
//! about 25 edits (status, progress, notes, deadline) and sync them in one push, from April
//! 2021 to March 2026 (fiscal 2021 to 2025). With compaction, the store compacts at the start
//! of every fiscal year, keeping the current and the previous one (what the worker's daily
//! alarm does). Sizes are the JSON the worker's tables hold (changes, history, and the
//! current states and snapshot forms, which compaction never touches).

use std::time::Instant;

use chrono::NaiveDate;
use serde_json::{json, Value};
use tsunagu_core::access::{Principal, Role};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::Hlc;
use tsunagu_core::org::{load_csv, OrgCode};
use tsunagu_core::protocol::{Mutation, SyncRequest, PROTOCOL_VERSION};
use tsunagu_core::server::{compact, handle_sync, horizon_ms, MemoryStore, StoredSize, SyncStore};

const MONTHS: u32 = 60;
const EDITS_PER_MONTH: usize = 25;
const FIRST_MEASURES: usize = 60;
const NOTES: [&str; 4] = [
    "庁内検討会で方針を確認した。次年度予算要求に向けて所管課と調整中。",
    "事業者からの提案を受けて仕様書を作成。住民向け説明会を予定している。",
    "実証実験を実施し、利用者アンケートの結果を取りまとめた。",
    "国の補助金の採択を受け、年度内の導入に向けて準備を進めている。",
];
const STATUSES: [&str; 4] = ["未着手", "作業中", "完了", "実施しない"];

/// A small deterministic generator (xorshift), so every run simulates the same five years.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn month_start_ms(month: u32) -> u64 {
    let (year, m) = (2021 + (month + 3) / 12, (month + 3) % 12 + 1);
    let ms = NaiveDate::from_ymd_opt(year as i32, m, 1)
        .and_then(|date| date.and_hms_opt(1, 0, 0))
        .map(|time| time.and_utc().timestamp_millis())
        .unwrap_or_default();
    ms as u64
}

fn towns() -> Vec<OrgCode> {
    let csv = include_str!("../../data/local-governments.csv");
    load_csv(csv)
        .expect("the code list loads")
        .into_iter()
        .map(|org| org.code)
        .filter(|code| code.belongs_to_prefecture(1) && !code.is_prefecture())
        .collect()
}

fn write(
    town: &OrgCode,
    client: &str,
    seq: u64,
    measure: usize,
    field: &str,
    value: Value,
    at: u64,
) -> Mutation {
    Mutation {
        seq,
        kind: RecordKind::Measure,
        record_id: format!("{town}-m-{measure:04}"),
        org: town.clone(),
        field: field.into(),
        value,
        hlc: Hlc::new(at, 0, client),
        base: None,
        seen: None,
    }
}

/// Five years of edits; with `compacting`, a compaction at the start of every fiscal year.
fn simulate(compacting: bool) -> (StoredSize, u64) {
    let towns = towns();
    assert_eq!(towns.len(), 179);
    let mut store = MemoryStore::new();
    let mut rng = Rng(0x7475_6e61_6775);
    let mut seqs = vec![0u64; towns.len()];
    let mut measures = vec![0usize; towns.len()];
    let mut writes = 0u64;
    for month in 0..MONTHS {
        let start = month_start_ms(month);
        if compacting && month % 12 == 0 {
            compact(&mut store, horizon_ms(start, 2)).expect("compacted");
        }
        for (index, town) in towns.iter().enumerate() {
            let client = format!("pc-{town}-0001");
            let principal = Principal {
                token_id: client.clone(),
                org: town.clone(),
                role: Role::Editor,
                label: format!("{town} DX推進担当"),
            };
            let at = start + index as u64 * 1000;
            let mut mutations = Vec::new();
            let mut next = |field: &str, measure: usize, value: Value, n: u64| {
                seqs[index] += 1;
                write(town, &client, seqs[index], measure, field, value, at + n)
            };
            let new_measures = if month == 0 { FIRST_MEASURES } else { 1 };
            for _ in 0..new_measures {
                let measure = measures[index];
                measures[index] += 1;
                let n = mutations.len() as u64;
                mutations.push(next("title", measure, json!(format!("施策 {measure}")), n));
            }
            for _ in 0..EDITS_PER_MONTH {
                let measure = rng.below(measures[index]);
                let n = mutations.len() as u64;
                let (field, value) = match rng.below(4) {
                    0 => ("status", json!(STATUSES[rng.below(4)])),
                    1 => ("percent", json!(rng.below(101))),
                    2 => ("notes", json!(NOTES[rng.below(4)])),
                    _ => ("deadline", json!(format!("{}-03-31", 2022 + month / 12))),
                };
                mutations.push(next(field, measure, value, n));
            }
            writes += mutations.len() as u64;
            let cursor = store.last_change_seq().expect("read");
            let request = SyncRequest {
                protocol: PROTOCOL_VERSION,
                client_id: client.clone(),
                cursor,
                mutations,
                page_size: Some(1),
                epoch: None,
                cursor_tag: None,
            };
            let response =
                handle_sync(&mut store, &principal, &request, at + 60_000).expect("accepted");
            assert!(response.rejected.is_empty(), "{:?}", response.rejected);
        }
    }
    (store.stored_size(), writes)
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

fn main() {
    for compacting in [false, true] {
        let started = Instant::now();
        let (size, writes) = simulate(compacting);
        println!(
            "{:<18} {writes} writes in {:.1} s: total {} (change log {} in {} rows, history {} in {} rows, current states and snapshots {})",
            if compacting { "with compaction" } else { "without compaction" },
            started.elapsed().as_secs_f64(),
            mb(size.total_bytes()),
            mb(size.change_bytes),
            size.change_rows,
            mb(size.history_bytes),
            size.history_rows,
            mb(size.state_bytes),
        );
    }
}
