//! A first sync's snapshot page natively: 2,500 records shaped like the scale benchmark's
//! measures (13 fields written by one device), encoded to and decoded from the compact form,
//! and the same records as named `RecordState` objects; printed as figures (median of N runs).
//!
//! `cargo bench -p tsunagu-core --bench snapshot`
//!
//! The browser's figures (tests/bench/dashboard.mjs) put decoding at about 28 µs a record;
//! this is the native baseline to set them against.

use std::hint::black_box;
use std::time::Instant;

use serde_json::{json, Value};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{FieldVersion, Hlc, RecordKey, RecordState};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::SnapshotResponse;

const RECORDS: usize = 2500;
const RUNS: usize = 21;

fn field_values(i: usize) -> [(&'static str, Value); 13] {
    [
        ("area", json!("telework")),
        ("deadline", Value::Null),
        ("department", json!("総務課")),
        ("end_fy", json!(2026)),
        ("notes", json!(format!("合成データ {i}"))),
        ("percent", json!(i % 101)),
        ("plan_id", json!("012025-synthetic-plan")),
        ("policy_id", json!(format!("p{}", i % 4))),
        ("priority", json!(i.is_multiple_of(5))),
        ("schedule", json!({})),
        ("start_fy", json!(2023)),
        ("status", json!("未着手")),
        ("title", json!(format!("施策 {i:03}"))),
    ]
}

fn page() -> SnapshotResponse {
    let org = OrgCode::parse("012025").unwrap_or_else(|e| panic!("{e}"));
    let records = (0..RECORDS)
        .map(|i| {
            let mut record = RecordState::new(
                RecordKey::new(RecordKind::Measure, format!("012025-m{i:04}")),
                org.clone(),
            );
            for (n, (field, value)) in field_values(i).into_iter().enumerate() {
                record.merge(
                    field,
                    FieldVersion {
                        value,
                        hlc: Hlc::new(1_795_338_292_080, n as u32, "seed-1795338292079"),
                        base: None,
                        seen: None,
                        seq: (i * 13 + n) as u64,
                        author: "scale benchmark".into(),
                    },
                );
            }
            record
        })
        .collect();
    SnapshotResponse {
        protocol: 1,
        as_of: 141_493,
        next: None,
        after_next: None,
        records,
        epoch: None,
        as_of_tag: None,
    }
}

fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

fn main() {
    let page = page();
    let compact = serde_json::to_string(&page).unwrap_or_else(|e| panic!("{e}"));
    let named = serde_json::to_string(&json!({"protocol": 1, "as_of": 0, "records": page.records}))
        .unwrap_or_else(|e| panic!("{e}"));
    println!(
        "page of {RECORDS} records: compact {} KB ({} B a record), named {} KB ({} B a record)",
        compact.len() / 1000,
        compact.len() / RECORDS,
        named.len() / 1000,
        named.len() / RECORDS
    );
    let encode = median_ms(|| {
        black_box(serde_json::to_string(black_box(&page)).ok());
    });
    let decode = median_ms(|| {
        black_box(serde_json::from_str::<SnapshotResponse>(black_box(&compact)).ok());
    });
    let decode_named = median_ms(|| {
        black_box(tsunagu_core::protocol::stored_page_records(black_box(&named)).ok());
    });
    let per_record = |ms: f64| ms * 1000.0 / RECORDS as f64;
    println!(
        "compact: encode {encode:.2} ms, decode {decode:.2} ms ({:.1} µs a record)",
        per_record(decode)
    );
    println!(
        "named (pages stored by earlier versions): decode {decode_named:.2} ms ({:.1} µs a record)",
        per_record(decode_named)
    );
}
