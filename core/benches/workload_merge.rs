//! Issue 27's merge-path workload, printed as figures (not a timed test): 10,000 measures ×
//! 10 fields, field writes from 3 and from 30 offline writers, taken in by one replica in
//! messages of 500 (see `workload/mod.rs`). For each writer count:
//!
//! - (a) `FieldState::merge` alone;
//! - (b) `ClientReplica::apply_response` on decoded `SyncResponse` pages of 500 changes;
//! - (c) the same from the JSON wire bytes (decode, then apply);
//! - (d) the server path: each writer a client pushing its writes in batches of 500 through
//!   `handle_sync` over `MemoryStore`, in the same order;
//! - (e) bytes per change on the wire (a `Change`'s JSON inside a response);
//! - (f) the concurrent values (conflicts) kept at the end.
//!
//! All paths must end with the same field states and the winners "the latest write wins"
//! picks; the bench stops otherwise.
//!
//! `cargo bench -p tsunagu-core --bench workload_merge` runs 100,000 writes;
//! `TSUNAGU_BENCH_WRITES=full` the million (`TSUNAGU_BENCH_WRITERS=3,30` by default;
//! `TSUNAGU_BENCH_SERVER=0` leaves out the server path).
//! `tests/bench/crdt-compare` runs the same workload through Automerge and Yrs.

mod workload;

use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;
use tsunagu_core::access::{Principal, Role};
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{FieldState, FieldVersion, Hlc, Seen};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{Change, Mutation, SyncRequest, SyncResponse, PROTOCOL_VERSION};
use tsunagu_core::server::{handle_sync, MemoryStore};
use workload::{measure_id, Workload, Write, MESSAGE};

/// Writes of the default run: the full million takes minutes on a busy 2-core machine.
const SHORT_WRITES: u64 = 100_000;

/// A writer's client id (`hlc.replica`), its access token's label (a version's `author`).
fn writer_id(writer: u32) -> String {
    format!("writer-{writer:02}")
}

/// The one place where a write becomes a version: `hlc` from the write's time, `base` and
/// `seen` from what the writer saw in the field (an offline writer: only its own previous
/// write of it). Mutations and changes are built from this version.
fn version(replica: &Arc<str>, write: &Write, previous: Option<&Write>) -> FieldVersion {
    let mut seen = Seen::new();
    if let Some(previous) = previous {
        seen.note(replica, u64::from(previous.k) + 1);
    }
    FieldVersion {
        value: json_value(&write.value),
        hlc: Hlc::new(write.wall_ms(), 0, replica.clone()),
        base: previous.map(|p| Hlc::new(p.wall_ms(), 0, replica.clone())),
        seen: Some(seen),
        seq: u64::from(write.k) + 1,
        author: replica.clone(),
    }
}

fn json_value(value: &workload::Value) -> Value {
    match value {
        workload::Value::Text(text) => json!(text),
        workload::Value::Int(n) => json!(n),
        workload::Value::Bool(b) => json!(b),
    }
}

/// Every write as a version, message by message, in the order the receiver takes them in.
fn versions_in_order(workload: &Workload) -> Vec<Vec<(&Write, FieldVersion)>> {
    let replicas: Vec<Arc<str>> = (0..workload.writers).map(|w| writer_id(w).into()).collect();
    workload
        .messages()
        .into_iter()
        .map(|message| {
            message
                .iter()
                .map(|write| {
                    let replica = &replicas[write.writer as usize];
                    (write, version(replica, write, workload.previous(write)))
                })
                .collect()
        })
        .collect()
}

fn org() -> OrgCode {
    OrgCode::parse("032018").expect("valid code")
}

fn field_key(write: &Write) -> FieldKey {
    FieldKey::new(
        RecordKind::Measure,
        measure_id(write.measure),
        write.field_name(),
    )
}

/// Merged states by field, as every path is compared.
type States = BTreeMap<FieldKey, FieldState>;

struct Figures {
    seconds: f64,
    states: States,
}

fn merge_only(messages: &[Vec<(&Write, FieldVersion)>]) -> Figures {
    let mut versions: Vec<(u32, FieldVersion)> = messages
        .iter()
        .flatten()
        .map(|(write, version)| (write.slot(), version.clone()))
        .collect();
    let mut keys: HashMap<u32, FieldKey> = HashMap::new();
    for (write, _) in messages.iter().flatten() {
        keys.entry(write.slot()).or_insert_with(|| field_key(write));
    }
    let started = Instant::now();
    let mut fields: HashMap<u32, FieldState> = HashMap::with_capacity(keys.len());
    for (slot, version) in versions.drain(..) {
        match fields.get_mut(&slot) {
            Some(state) => {
                black_box(state.merge(version));
            }
            None => {
                fields.insert(slot, FieldState::new(version));
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let states = fields
        .into_iter()
        .map(|(slot, state)| (keys[&slot].clone(), state))
        .collect();
    Figures { seconds, states }
}

/// The server's pages as the receiver pulls them: one message of 500 writes a page.
fn pages(messages: &[Vec<(&Write, FieldVersion)>]) -> Vec<SyncResponse> {
    let org = org();
    let mut seq = 0;
    messages
        .iter()
        .map(|message| {
            let changes: Vec<Change> = message
                .iter()
                .map(|(write, version)| {
                    seq += 1;
                    Change {
                        seq,
                        kind: RecordKind::Measure,
                        record_id: measure_id(write.measure),
                        org: org.clone(),
                        field: write.field_name().into(),
                        version: version.clone(),
                    }
                })
                .collect();
            SyncResponse {
                protocol: PROTOCOL_VERSION,
                acked_through: 0,
                changes,
                cursor: seq,
                has_more: true,
                server_time_ms: workload::T0_MS,
                rejected: Vec::new(),
                epoch: Some("bench".into()),
                cursor_tag: Some("0123456789abcdef".into()),
            }
        })
        .collect()
}

fn apply_decoded(pages: Vec<SyncResponse>) -> Figures {
    let mut replica = ClientReplica::new("receiver-0001");
    let started = Instant::now();
    for mut page in pages {
        black_box(replica.apply_response(&mut page));
    }
    let seconds = started.elapsed().as_secs_f64();
    Figures {
        seconds,
        states: replica.synced_fields(),
    }
}

/// Decoding and applying from the JSON bytes; also returns the time spent decoding alone.
fn apply_wire(wire: &[String]) -> (Figures, f64) {
    let mut replica = ClientReplica::new("receiver-0002");
    let mut decoding = 0.0;
    let cpu = thread_cpu_seconds();
    let started = Instant::now();
    for body in wire {
        let decode = Instant::now();
        let mut page: SyncResponse = serde_json::from_str(body).expect("a sync response");
        decoding += decode.elapsed().as_secs_f64();
        black_box(replica.apply_response(&mut page));
    }
    let seconds = started.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds() - cpu;
    println!(
        "(c) decode + apply on the bench thread's CPU clock: {cpu:.3} s (wall {seconds:.3} s)"
    );
    let figures = Figures {
        seconds,
        states: replica.synced_fields(),
    };
    (figures, decoding)
}

/// The CPU time this thread has run (Linux's `/proc/thread-self/schedstat`), in seconds: on a
/// machine shared with other builds, the wall clock counts the time other processes had the
/// core; this does not. `NaN` where it cannot be read.
fn thread_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(f64::NAN, |ns| ns as f64 / 1e9)
}

fn server_path(workload: &Workload, messages: &[Vec<(&Write, FieldVersion)>]) -> Figures {
    let org = org();
    let principals: Vec<Principal> = (0..workload.writers)
        .map(|w| Principal {
            token_id: format!("token-{w:02}"),
            org: org.clone(),
            role: Role::Editor,
            label: writer_id(w),
        })
        .collect();
    let requests: Vec<(usize, SyncRequest)> = messages
        .iter()
        .map(|message| {
            let writer = message[0].0.writer as usize;
            let mutations = message
                .iter()
                .map(|(write, version)| Mutation {
                    seq: version.seq,
                    kind: RecordKind::Measure,
                    record_id: measure_id(write.measure),
                    org: org.clone(),
                    field: write.field_name().to_string(),
                    value: version.value.clone(),
                    hlc: version.hlc.clone(),
                    base: version.base.clone(),
                    seen: version.seen.clone(),
                })
                .collect();
            let request = SyncRequest {
                protocol: PROTOCOL_VERSION,
                client_id: writer_id(writer as u32),
                // Past every change: the push is timed, not a pull.
                cursor: u64::MAX / 2,
                mutations,
                page_size: Some(1),
                epoch: None,
                cursor_tag: None,
            };
            (writer, request)
        })
        .collect();
    // The writers come online after their last write: no time is clamped.
    let max_k = workload.by_writer.iter().map(Vec::len).max().unwrap_or(0) as u64;
    let now_ms = workload::T0_MS + (max_k + 1) * workload::STEP_MS;
    let mut store = MemoryStore::new();
    let started = Instant::now();
    for (writer, request) in &requests {
        let response =
            handle_sync(&mut store, &principals[*writer], request, now_ms).expect("accepted");
        assert!(
            response.rejected.is_empty(),
            "refused: {:?}",
            response.rejected
        );
        black_box(response);
    }
    let seconds = started.elapsed().as_secs_f64();
    let states = store
        .fields()
        .iter()
        .map(|((record, field), state)| {
            (
                FieldKey {
                    record: record.clone(),
                    field: field.as_str().into(),
                },
                state.clone(),
            )
        })
        .collect();
    Figures { seconds, states }
}

/// Concurrent values kept (losers shown as conflicts) and the fields holding any.
fn conflicts(states: &States) -> (usize, usize) {
    let values = states.values().map(|s| s.conflicts().len()).sum();
    let fields = states
        .values()
        .filter(|s| !s.conflicts().is_empty())
        .count();
    (values, fields)
}

/// Every path ends with the same states, whose winners are the latest writes.
fn check(workload: &Workload, reference: &States, others: &[(&str, &States)]) {
    for (name, states) in others {
        assert_eq!(
            reference.len(),
            states.len(),
            "{name}: another number of fields"
        );
        let differing = reference
            .iter()
            .filter(|(key, state)| states.get(*key) != Some(*state))
            .count();
        assert_eq!(differing, 0, "{name}: {differing} fields differ from merge");
    }
    let winners = workload.winners_by_time();
    assert_eq!(winners.len(), reference.len());
    for write in winners.values() {
        let state = &reference[&field_key(write)];
        assert_eq!(state.value(), &json_value(&write.value));
        assert_eq!(
            (&*state.winner.hlc.replica, state.winner.seq),
            (writer_id(write.writer).as_str(), u64::from(write.k) + 1)
        );
    }
}

fn run(writers: u32, total: u64) {
    let generated = Instant::now();
    let workload = Workload::new(writers, total);
    let messages = versions_in_order(&workload);
    let total = workload.total();
    println!(
        "\n{writers} writers, {total} field writes, {} messages of up to {MESSAGE} (generated in {:.1} s)",
        messages.len(),
        generated.elapsed().as_secs_f64()
    );

    let merge = merge_only(&messages);
    let pages = pages(&messages);
    let wire: Vec<String> = pages
        .iter()
        .map(|page| serde_json::to_string(page).expect("encodes"))
        .collect();
    let wire_bytes: usize = wire.iter().map(String::len).sum();
    let envelopes: usize = pages
        .iter()
        .map(|page| {
            let empty = SyncResponse {
                changes: Vec::new(),
                ..page.clone()
            };
            serde_json::to_string(&empty).expect("encodes").len()
        })
        .sum();
    let decoded = apply_decoded(pages);
    let (from_wire, decoding) = apply_wire(&wire);
    drop(wire);
    let server = with_server().then(|| server_path(&workload, &messages));
    drop(messages);

    let mut paths = vec![
        ("apply_response", &decoded.states),
        ("apply_response from JSON", &from_wire.states),
    ];
    if let Some(server) = &server {
        paths.push(("server", &server.states));
    }
    check(&workload, &merge.states, &paths);
    let (kept, fields_in_conflict) = conflicts(&merge.states);
    let rate = |seconds: f64| total as f64 / seconds / 1000.0;
    println!("| path | seconds | k writes/s |");
    println!("|---|---|---|");
    let mut timed = vec![
        ("(a) FieldState::merge", merge.seconds),
        ("(b) apply_response, decoded pages", decoded.seconds),
        (
            "(c) apply_response from JSON (decode + apply)",
            from_wire.seconds,
        ),
        ("    of which serde_json decode", decoding),
    ];
    if let Some(server) = &server {
        timed.push((
            "(d) server: handle_sync, MemoryStore, pushes of 500",
            server.seconds,
        ));
    }
    for (path, seconds) in timed {
        println!("| {path} | {seconds:.3} | {:.0} |", rate(seconds));
    }
    println!(
        "(e) bytes per change (JSON, inside a response): {:.1} ({:.1} MB for {total} changes, {:.1} MB with the pages' envelopes)",
        (wire_bytes - envelopes) as f64 / total as f64,
        (wire_bytes - envelopes) as f64 / 1e6,
        wire_bytes as f64 / 1e6
    );
    println!(
        "(f) concurrent values kept: {kept} in {fields_in_conflict} of {} fields (a multi-value register: {})",
        merge.states.len(),
        workload.concurrent_values()
    );
    println!(
        "same states on all {} paths, winners the latest writes: yes ({} fields)",
        paths.len() + 1,
        merge.states.len()
    );
}

/// `TSUNAGU_BENCH_SERVER=0` leaves the server path out (the slowest; for quick reruns of the
/// others).
fn with_server() -> bool {
    std::env::var("TSUNAGU_BENCH_SERVER").map_or(true, |v| v != "0")
}

fn main() {
    workload::bench_main(SHORT_WRITES, run);
}
