//! Merge throughput on one million field mutations, printed as figures (not a timed test).
//!
//! `cargo bench -p tsunagu-core --bench merge`
//!
//! 1. the merge engine alone: one million versions into 10,000 fields, written without `seen`
//!    (legacy versions, all concurrent), and again with `seen` (each writer had seen the field as
//!    it stood three writes in four, nothing the fourth: exact conflicts' own bookkeeping);
//! 2. the whole server path in memory: one million mutations pushed in batches of 500 through
//!    `handle_sync` (sequence checks, access rules, merge, change log, history).

use serde_json::json;
use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;
use tsunagu_core::access::{Principal, Role};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{FieldState, FieldVersion, Hlc, Seen};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{Mutation, SyncRequest, MAX_MUTATIONS_PER_PUSH, PROTOCOL_VERSION};
use tsunagu_core::server::{handle_sync, MemoryStore};

const MUTATIONS: u64 = 1_000_000;
const FIELDS: u64 = 10_000;
const REPLICAS: u64 = 8;

/// A cheap deterministic generator, so every run merges the same versions.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Merges `versions` into fresh field states, timed, and reports the figure as `what`.
fn merge_timed(what: &str, versions: Vec<(u64, FieldVersion)>) {
    let started = Instant::now();
    let mut fields: HashMap<u64, FieldState> = HashMap::with_capacity(FIELDS as usize);
    for (field, version) in versions {
        match fields.get_mut(&field) {
            Some(state) => {
                black_box(state.merge(version));
            }
            None => {
                fields.insert(field, FieldState::new(version));
            }
        }
    }
    report(what, started.elapsed().as_secs_f64());
    black_box(fields);
}

/// The same workload, each version carrying what its writer had seen: the field's state so
/// far three writes in four (a writer online), nothing the fourth (one offline).
fn merge_engine_with_seen() {
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut seen_so_far: HashMap<u64, FieldState> = HashMap::with_capacity(FIELDS as usize);
    let versions: Vec<(u64, FieldVersion)> = (0..MUTATIONS)
        .map(|seq| {
            let field = next(&mut rng) % FIELDS;
            let replica = next(&mut rng) % REPLICAS;
            let online = !next(&mut rng).is_multiple_of(4);
            let seen = match seen_so_far.get(&field) {
                Some(state) if online => state.seen(),
                _ => Seen::new(),
            };
            let version = FieldVersion {
                value: json!(seq),
                hlc: Hlc::new(
                    1_700_000_000_000 + next(&mut rng) % 1_000_000,
                    0,
                    format!("replica-{replica}"),
                ),
                base: None,
                seen: Some(seen),
                seq: seq + 1,
                author: Default::default(),
            };
            match seen_so_far.get_mut(&field) {
                Some(state) => {
                    state.merge(version.clone());
                }
                None => {
                    seen_so_far.insert(field, FieldState::new(version.clone()));
                }
            }
            (field, version)
        })
        .collect();
    drop(seen_so_far);
    merge_timed("merge engine with seen (FieldState::merge)", versions);
}

fn merge_engine() {
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let versions: Vec<(u64, FieldVersion)> = (0..MUTATIONS)
        .map(|seq| {
            let field = next(&mut rng) % FIELDS;
            let replica = next(&mut rng) % REPLICAS;
            let version = FieldVersion {
                value: json!(seq),
                hlc: Hlc::new(
                    1_700_000_000_000 + next(&mut rng) % 1_000_000,
                    0,
                    format!("replica-{replica}"),
                ),
                base: None,
                seen: None,
                seq,
                author: Default::default(),
            };
            (field, version)
        })
        .collect();
    merge_timed("merge engine (FieldState::merge)", versions);
}

fn server_path() {
    let org = OrgCode::parse("032018").expect("valid code");
    let principal = Principal {
        token_id: "bench".into(),
        org: org.clone(),
        role: Role::Editor,
        label: "bench".into(),
    };
    let mut store = MemoryStore::new();
    let client_id = "bench-client".to_string();
    let mut rng = 0xD1B5_4A32_D192_ED03u64;
    let mut seq = 0u64;
    let mut elapsed = 0.0;
    while seq < MUTATIONS {
        let batch: Vec<Mutation> = (0..MUTATIONS_PER_BATCH)
            .map(|_| {
                seq += 1;
                let record = next(&mut rng) % (FIELDS / 10);
                Mutation {
                    seq,
                    kind: RecordKind::Measure,
                    record_id: format!("m-{record}"),
                    org: org.clone(),
                    field: ["title", "notes", "percent"][(next(&mut rng) % 3) as usize].into(),
                    value: json!(seq),
                    hlc: Hlc::new(1_700_000_000_000 + seq, 0, client_id.clone()),
                    base: None,
                    seen: None,
                }
            })
            .collect();
        let request = SyncRequest {
            protocol: PROTOCOL_VERSION,
            client_id: client_id.clone(),
            cursor: u64::MAX / 2,
            mutations: batch,
            page_size: Some(1),
            epoch: None,
            cursor_tag: None,
        };
        let started = Instant::now();
        black_box(
            handle_sync(&mut store, &principal, &request, 1_800_000_000_000).expect("accepted"),
        );
        elapsed += started.elapsed().as_secs_f64();
    }
    report(
        "server path (handle_sync, in-memory store, batches of 500)",
        elapsed,
    );
}

const MUTATIONS_PER_BATCH: usize = MAX_MUTATIONS_PER_PUSH;

fn report(what: &str, seconds: f64) {
    println!(
        "{what}: {MUTATIONS} field mutations in {:.3} s = {:.0} mutations/s",
        seconds,
        MUTATIONS as f64 / seconds
    );
}

fn main() {
    // `cargo test --benches` runs bench binaries with --bench absent; keep that fast.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("skipped (run with `cargo bench`)");
        return;
    }
    merge_engine();
    merge_engine_with_seen();
    server_path();
}
