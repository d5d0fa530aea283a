//! Issue 27's merge-path workload through Automerge and Yrs, so the figures of core's
//! `workload_merge` bench can be compared with theirs on one machine (dev-only: this crate is
//! never a dependency of the app, the worker or core, and is not in `default-members`).
//!
//! `cargo bench -p tsunagu-crdt-compare` runs 100,000 writes;
//! `TSUNAGU_BENCH_WRITES=full` the million (`TSUNAGU_BENCH_WRITERS=3,30` by default).
//!
//! - Automerge: one base document holds the 10,000 measure maps; each writer forks it under an
//!   actor id that sorts like its number and commits each write as one change; the receiver
//!   (another fork of the base) takes the writers' changes in messages of 500, once as decoded
//!   `Change`s (`apply_changes`) and once as their bytes (`load_incremental`).
//! - Yrs: a base document holds a root map `measures` with one nested map per measure; each
//!   writer is a `Doc` with its own client id (`writer + 1`) that applied the base's update
//!   and makes each write in its own transaction, whose v1 update is what it sends; the
//!   receiver applies each message's 500 updates in one transaction, once decoded beforehand
//!   and once decoding them as it goes.

#[path = "../../../../core/benches/workload/mod.rs"]
mod workload;

use automerge::transaction::Transactable;
use automerge::{ActorId, Automerge, Change, ObjId, ObjType, ReadDoc, ScalarValue, ROOT};
use std::borrow::Cow;
use std::hint::black_box;
use std::time::Instant;
use workload::{measure_id, Workload, Write, FIELDS, MESSAGE};
use yrs::updates::decoder::Decode;
use yrs::{Any, Doc, Map, MapPrelim, MapRef, Out, ReadTxn, StateVector, Transact, Update};

const SHORT_WRITES: u64 = 100_000;

struct Figures {
    engine: &'static str,
    local_seconds: f64,
    /// Taking everything in from decoded messages, if the library has that form.
    decoded_seconds: Option<f64>,
    wire_seconds: f64,
    bytes_per_change: f64,
    concurrent_values: usize,
    fields_in_conflict: usize,
    /// Fields whose value is the latest write's, of all written fields.
    latest_wins: usize,
    /// Fields whose value is the write of the greatest writer (client id) that wrote them.
    greatest_writer_wins: usize,
    fields: usize,
}

// ---------------------------------------------------------------------------------------------
// Automerge

fn actor(writer: u32) -> ActorId {
    // Big-endian, so actor ids sort like writer numbers (Automerge breaks a tie of op counters
    // by actor id).
    let mut bytes = [0u8; 16];
    bytes[12..].copy_from_slice(&(writer + 1).to_be_bytes());
    ActorId::from(&bytes[..])
}

fn scalar(value: &workload::Value) -> ScalarValue {
    match value {
        workload::Value::Text(text) => ScalarValue::Str(text.as_str().into()),
        workload::Value::Int(n) => ScalarValue::Int(*n),
        workload::Value::Bool(b) => ScalarValue::Boolean(*b),
    }
}

fn automerge_run(workload: &Workload) -> Figures {
    let mut base = Automerge::new().with_actor(ActorId::from(&[0xffu8; 16][..]));
    let mut tx = base.transaction();
    let measures: Vec<ObjId> = (0..workload::MEASURES)
        .map(|m| {
            tx.put_object(ROOT, measure_id(m), ObjType::Map)
                .expect("a map")
        })
        .collect();
    tx.commit();
    let base_heads = base.get_heads();

    // Each writer's changes, in the order it made them.
    let started = Instant::now();
    let changes: Vec<Vec<Change>> = workload
        .by_writer
        .iter()
        .enumerate()
        .map(|(writer, writes)| {
            let mut doc = base.fork().with_actor(actor(writer as u32));
            for write in writes {
                let mut tx = doc.transaction();
                tx.put(
                    &measures[write.measure as usize],
                    write.field_name(),
                    scalar(&write.value),
                )
                .expect("a put");
                tx.commit();
            }
            let changes = doc.get_changes(&base_heads);
            assert_eq!(changes.len(), writes.len());
            for (k, change) in changes.iter().enumerate() {
                assert_eq!(change.seq(), k as u64 + 1, "changes out of order");
            }
            changes
        })
        .collect();
    let local_seconds = started.elapsed().as_secs_f64();

    let messages = workload.messages();
    let decoded: Vec<Vec<Change>> = messages
        .iter()
        .map(|message| {
            let writer = message[0].writer as usize;
            let from = message[0].k as usize;
            changes[writer][from..from + message.len()].to_vec()
        })
        .collect();
    let mut change_bytes = 0usize;
    let wire: Vec<Vec<u8>> = decoded
        .iter()
        .map(|message| {
            let mut bytes = Vec::new();
            for change in message {
                let mut change = change.clone();
                let encoded = change.bytes();
                change_bytes += encoded.len();
                bytes.extend_from_slice(&encoded);
            }
            bytes
        })
        .collect();
    drop(changes);

    let mut receiver = base.fork();
    let started = Instant::now();
    for message in decoded {
        receiver.apply_changes(message).expect("applies");
    }
    let decoded_seconds = started.elapsed().as_secs_f64();
    black_box(&receiver);
    drop(receiver);

    let mut receiver = base.fork();
    let started = Instant::now();
    for message in &wire {
        receiver.load_incremental(message).expect("loads");
    }
    let wire_seconds = started.elapsed().as_secs_f64();
    drop(wire);

    let value_of = |write: &Write| -> (Option<ScalarValue>, usize) {
        let obj = &measures[write.measure as usize];
        let all = receiver.get_all(obj, write.field_name()).expect("reads");
        let winner = receiver
            .get(obj, write.field_name())
            .expect("reads")
            .and_then(|(value, _)| match value {
                automerge::Value::Scalar(scalar) => Some(Cow::into_owned(scalar)),
                automerge::Value::Object(_) => None,
            });
        (winner, all.len())
    };
    let mut figures = compare(
        "Automerge 0.12",
        workload,
        |write| {
            let (winner, _) = value_of(write);
            winner == Some(scalar(&write.value))
        },
        |write| value_of(write).1.saturating_sub(1),
    );
    figures.local_seconds = local_seconds;
    figures.decoded_seconds = Some(decoded_seconds);
    figures.wire_seconds = wire_seconds;
    figures.bytes_per_change = change_bytes as f64 / workload.total() as f64;
    figures
}

// ---------------------------------------------------------------------------------------------
// Yrs

fn any(value: &workload::Value) -> Any {
    match value {
        workload::Value::Text(text) => Any::from(text.as_str()),
        workload::Value::Int(n) => Any::Number(yrs::Number::from(*n)),
        workload::Value::Bool(b) => Any::from(*b),
    }
}

/// A document that took in the base: its measure maps, in order.
fn measure_maps(doc: &Doc, base_update: &[u8]) -> Vec<MapRef> {
    let root = doc.get_or_insert_map("measures");
    let mut txn = doc.transact_mut();
    txn.apply_update(Update::decode_v1(base_update).expect("decodes"))
        .expect("applies");
    (0..workload::MEASURES)
        .map(|m| match root.get(&txn, &measure_id(m)) {
            Some(Out::YMap(map)) => map,
            _ => panic!("measure map {m} missing"),
        })
        .collect()
}

fn yrs_run(workload: &Workload) -> Figures {
    let base = Doc::with_client_id(1_000_000);
    let root = base.get_or_insert_map("measures");
    {
        let mut txn = base.transact_mut();
        for m in 0..workload::MEASURES {
            root.insert(&mut txn, measure_id(m), MapPrelim::default());
        }
    }
    let base_update = base
        .transact()
        .encode_state_as_update_v1(&StateVector::default());

    let started = Instant::now();
    let updates: Vec<Vec<Vec<u8>>> = workload
        .by_writer
        .iter()
        .enumerate()
        .map(|(writer, writes)| {
            let doc = Doc::with_client_id(writer as u64 + 1);
            let maps = measure_maps(&doc, &base_update);
            writes
                .iter()
                .map(|write| {
                    let mut txn = doc.transact_mut();
                    maps[write.measure as usize].insert(
                        &mut txn,
                        write.field_name(),
                        any(&write.value),
                    );
                    txn.encode_update_v1()
                })
                .collect()
        })
        .collect();
    let local_seconds = started.elapsed().as_secs_f64();

    let messages: Vec<&[Vec<u8>]> = workload
        .messages()
        .iter()
        .map(|message| {
            let writer = message[0].writer as usize;
            let from = message[0].k as usize;
            &updates[writer][from..from + message.len()]
        })
        .collect();
    let update_bytes: usize = updates.iter().flatten().map(Vec::len).sum();

    let decoded: Vec<Vec<Update>> = messages
        .iter()
        .map(|message| {
            message
                .iter()
                .map(|update| Update::decode_v1(update).expect("decodes"))
                .collect()
        })
        .collect();
    let receiver = Doc::with_client_id(2_000_001);
    measure_maps(&receiver, &base_update);
    let started = Instant::now();
    for message in decoded {
        let mut txn = receiver.transact_mut();
        for update in message {
            txn.apply_update(update).expect("applies");
        }
    }
    let decoded_seconds = started.elapsed().as_secs_f64();
    drop(receiver);

    let receiver = Doc::with_client_id(2_000_000);
    let maps = measure_maps(&receiver, &base_update);
    let started = Instant::now();
    for message in &messages {
        let mut txn = receiver.transact_mut();
        for update in *message {
            txn.apply_update(Update::decode_v1(update).expect("decodes"))
                .expect("applies");
        }
    }
    let wire_seconds = started.elapsed().as_secs_f64();

    let txn = receiver.transact();
    let value_of = |write: &Write| match maps[write.measure as usize].get(&txn, write.field_name())
    {
        Some(Out::Any(value)) => Some(value),
        _ => None,
    };
    let mut figures = compare(
        "Yrs 0.28",
        workload,
        |write| value_of(write) == Some(any(&write.value)),
        // A map key holds one value: concurrent writes are not kept.
        |_| 0,
    );
    figures.local_seconds = local_seconds;
    figures.decoded_seconds = Some(decoded_seconds);
    figures.wire_seconds = wire_seconds;
    figures.bytes_per_change = update_bytes as f64 / workload.total() as f64;
    figures
}

// ---------------------------------------------------------------------------------------------

/// Which rule the engine's values follow, and the concurrent values it keeps.
fn compare(
    engine: &'static str,
    workload: &Workload,
    holds: impl Fn(&Write) -> bool,
    kept: impl Fn(&Write) -> usize,
) -> Figures {
    let by_time = workload.winners_by_time();
    let by_writer = workload.winners_by_writer_id();
    let latest_wins = by_time.values().filter(|w| holds(w)).count();
    let greatest_writer_wins = by_writer.values().filter(|w| holds(w)).count();
    let kept: Vec<usize> = by_time.values().map(|w| kept(w)).collect();
    Figures {
        engine,
        local_seconds: 0.0,
        decoded_seconds: None,
        wire_seconds: 0.0,
        bytes_per_change: 0.0,
        concurrent_values: kept.iter().sum(),
        fields_in_conflict: kept.iter().filter(|&&n| n > 0).count(),
        latest_wins,
        greatest_writer_wins,
        fields: by_time.len(),
    }
}

fn run(writers: u32, total: u64) {
    let workload = Workload::new(writers, total);
    let total = workload.total();
    println!(
        "\n{writers} writers, {total} field writes into {} measures × {} fields, messages of up to {MESSAGE}",
        workload::MEASURES,
        FIELDS.len()
    );
    println!(
        "a multi-value register keeps {} concurrent values",
        workload.concurrent_values()
    );
    println!("| engine | writers' local writes, s | take in decoded, s | take in from bytes, s | k writes/s (bytes) | bytes per change | concurrent values kept (fields) | latest write wins | greatest writer wins |");
    println!("|---|---|---|---|---|---|---|---|---|");
    let results = [automerge_run(&workload), yrs_run(&workload)];
    for f in &results {
        println!(
            "| {} | {:.3} | {} | {:.3} | {:.0} | {:.1} | {} ({}) | {} of {} | {} of {} |",
            f.engine,
            f.local_seconds,
            f.decoded_seconds
                .map_or("—".to_string(), |s| format!("{s:.3}")),
            f.wire_seconds,
            total as f64 / f.wire_seconds / 1000.0,
            f.bytes_per_change,
            f.concurrent_values,
            f.fields_in_conflict,
            f.latest_wins,
            f.fields,
            f.greatest_writer_wins,
            f.fields,
        );
    }
    let [automerge, yrs] = &results;
    assert_eq!(
        automerge.latest_wins, automerge.fields,
        "Automerge must end with the latest writes (Tsunagu's values)"
    );
    assert_eq!(
        automerge.concurrent_values,
        workload.concurrent_values(),
        "Automerge keeps every unseen write"
    );
    assert_eq!(
        yrs.greatest_writer_wins, yrs.fields,
        "Yrs must end with the greatest client id's writes"
    );
    println!("checked: Automerge's values are the latest writes (as Tsunagu's) and it keeps every unseen write; Yrs's are the greatest client id's");
}

fn main() {
    workload::bench_main(SHORT_WRITES, run);
}
