//! What refusing repeated keys costs: a push of 500 mutations (about 150 KB, the largest
//! request a device sends) parsed by serde_json into a `Value`, and by the strict parser that
//! the worker uses (`parse_strict_json`), which builds the same value and checks every
//! object's keys on the way; printed as figures (median of N runs).
//!
//! `cargo bench -p tsunagu-core --bench strict_json`

use serde_json::{json, Value};
use std::hint::black_box;
use std::time::Instant;
use tsunagu_core::protocol::parse_strict_json;

const MUTATIONS: usize = 500;
const RUNS: usize = 41;

fn push_body() -> Vec<u8> {
    let client = "bench-client-0001";
    let mutations: Vec<Value> = (0..MUTATIONS)
        .map(|i| {
            json!({
                "seq": i + 1,
                "kind": "measure",
                "record_id": format!("011002-m{:04}", i / 13),
                "org": "011002",
                "field": "notes",
                "value": format!("合成データ {i}: 申請手続のオンライン化を進める"),
                "hlc": {"wall_ms": 1_796_000_000_000u64 + i as u64, "counter": 0, "replica": client},
                "base": {"wall_ms": 1_795_000_000_000u64, "counter": 2, "replica": "another-device-1"},
            })
        })
        .collect();
    serde_json::to_vec(&json!({
        "protocol": 3, "client_id": client, "cursor": 120, "page_size": 500, "mutations": mutations
    }))
    .expect("JSON")
}

fn median_us(mut run: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

fn main() {
    let body = push_body();
    let loose = median_us(|| {
        let value: Value = serde_json::from_slice(black_box(&body)).expect("JSON");
        black_box(value);
    });
    let strict = median_us(|| {
        let value = parse_strict_json(black_box(&body)).expect("JSON");
        black_box(value);
    });
    println!(
        "a push of {MUTATIONS} mutations, {} bytes: serde_json {loose:.0} µs, strict {strict:.0} µs \
         ({:+.0} %), median of {RUNS}",
        body.len(),
        (strict / loose - 1.0) * 100.0
    );
}
