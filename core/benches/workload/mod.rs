//! Issue 27's merge-path workload, shared by core's `workload_merge` bench and by
//! `tests/bench/crdt-compare` (included there with `#[path]`), so every engine takes in exactly
//! the same writes. Engine-neutral: no type of Tsunagu, Automerge or Yrs appears here.
//!
//! 10,000 measures × 10 fields; `total` field writes shared among `writers` offline writers.
//! Writer `i`'s `k`-th write goes to a pseudo-random (measure, field), at wall time
//! `T0_MS + k·STEP_MS + i`: times grow with `k` and interleave between writers, so "the latest
//! write wins" picks the greatest `(k, i)`, which is also what Automerge picks when its actors
//! sort like `i` (each write is one change of one op, so a writer's op counter grows with `k`).
//! An offline writer saw only its own writes: a write's `previous` is the same writer's
//! previous write of that field. One replica takes everything in, in messages of
//! [`MESSAGE`] writes: writer 0's first 500, writer 1's first 500, …, round robin.

#![allow(dead_code)]

use std::collections::HashMap;

pub const MEASURES: u32 = 10_000;
/// Ten of a measure's fields, of the kinds its form has (text, a choice, numbers, a flag,
/// a date, an id).
pub const FIELDS: [&str; 10] = [
    "title",
    "department",
    "notes",
    "status",
    "percent",
    "priority",
    "start_fy",
    "end_fy",
    "deadline",
    "policy_id",
];
/// A measure's status labels (core's `Status::LABELS_JA`).
const STATUS: [&str; 5] = ["未着手", "作業中", "完了", "実施しない", "対象外"];
/// Writes per message taken in by the receiving replica.
pub const MESSAGE: usize = 500;
/// 2026-01-01T00:00:00Z.
pub const T0_MS: u64 = 1_767_225_600_000;
/// Milliseconds between a writer's consecutive writes; more than the number of writers, so
/// writer `i`'s offset `+ i` never reaches the next step.
pub const STEP_MS: u64 = 64;
/// The full workload of the issue.
pub const FULL_WRITES: u64 = 1_000_000;

/// A written value, in the three shapes the engines all have.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    Bool(bool),
}

#[derive(Clone, Debug)]
pub struct Write {
    pub writer: u32,
    /// The writer's own count of writes, from 0.
    pub k: u32,
    pub measure: u32,
    /// An index into [`FIELDS`].
    pub field: u8,
    pub value: Value,
    /// `k` of the same writer's previous write of this field (what it saw there).
    pub previous: Option<u32>,
}

impl Write {
    pub fn wall_ms(&self) -> u64 {
        T0_MS + u64::from(self.k) * STEP_MS + u64::from(self.writer)
    }

    pub fn field_name(&self) -> &'static str {
        FIELDS[usize::from(self.field)]
    }

    /// The field written, as one number: `measure · 10 + field`.
    pub fn slot(&self) -> u32 {
        self.measure * FIELDS.len() as u32 + u32::from(self.field)
    }
}

/// A measure's record id, the same in every engine.
pub fn measure_id(measure: u32) -> String {
    format!("m-{measure:05}")
}

/// A cheap deterministic generator, so every run and every engine sees the same writes.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn value(field: u8, writer: u32, k: u32, rng: &mut u64) -> Value {
    let r = next(rng);
    match field {
        0 => Value::Text(format!("DX施策 {writer}-{k}")),
        1 => Value::Text(format!("デジタル推進課 {writer}-{k}")),
        2 => Value::Text(format!("進捗メモ {writer}-{k}: 担当と調整中")),
        3 => Value::Text(STATUS[(r % 5) as usize].to_string()),
        4 => Value::Int((r % 101) as i64),
        5 => Value::Bool(r.is_multiple_of(2)),
        6 => Value::Int(2020 + (r % 8) as i64),
        7 => Value::Int(2026 + (r % 8) as i64),
        8 => Value::Text(format!("2026-{:02}-{:02}", 1 + r % 12, 1 + (r >> 8) % 28)),
        _ => Value::Text(format!("pol-{}", r % 40)),
    }
}

pub struct Workload {
    pub writers: u32,
    /// Each writer's writes, in the order it made them.
    pub by_writer: Vec<Vec<Write>>,
}

impl Workload {
    /// `total` writes shared among `writers` (the first ones take one more when it does not
    /// divide).
    pub fn new(writers: u32, total: u64) -> Self {
        assert!(u64::from(writers) < STEP_MS, "wall times would overlap");
        let slots = (MEASURES as usize) * FIELDS.len();
        let by_writer = (0..writers)
            .map(|writer| {
                let count = total / u64::from(writers)
                    + u64::from(u64::from(writer) < total % u64::from(writers));
                let mut rng =
                    0x9E37_79B9_7F4A_7C15u64 ^ ((u64::from(writer) + 1) * 0xD1B5_4A32_D192_ED03);
                let mut last = vec![u32::MAX; slots];
                let mut writes: Vec<Write> = Vec::with_capacity(count as usize);
                for k in 0..count as u32 {
                    let measure = (next(&mut rng) % u64::from(MEASURES)) as u32;
                    let field = (next(&mut rng) % FIELDS.len() as u64) as u8;
                    let slot = measure as usize * FIELDS.len() + usize::from(field);
                    let previous = Some(last[slot]).filter(|&p| p != u32::MAX);
                    last[slot] = k;
                    // Every write changes what its writer sees (Automerge makes no change for
                    // a put of the value already there).
                    let mut written = value(field, writer, k, &mut rng);
                    while previous.is_some_and(|p| writes[p as usize].value == written) {
                        written = value(field, writer, k, &mut rng);
                    }
                    writes.push(Write {
                        writer,
                        k,
                        measure,
                        field,
                        value: written,
                        previous,
                    });
                }
                writes
            })
            .collect();
        Self { writers, by_writer }
    }

    pub fn total(&self) -> usize {
        self.by_writer.iter().map(Vec::len).sum()
    }

    /// The same writer's write number `k`.
    pub fn write(&self, writer: u32, k: u32) -> &Write {
        &self.by_writer[writer as usize][k as usize]
    }

    /// A write's `previous`, as the write itself.
    pub fn previous(&self, write: &Write) -> Option<&Write> {
        write.previous.map(|k| self.write(write.writer, k))
    }

    /// The messages the receiver takes in, in order: writer 0's first [`MESSAGE`] writes,
    /// writer 1's first, …, then each writer's next, until every write is in one.
    pub fn messages(&self) -> Vec<&[Write]> {
        let mut messages = Vec::with_capacity(self.total() / MESSAGE + self.by_writer.len());
        let mut at = 0;
        loop {
            let before = messages.len();
            for writes in &self.by_writer {
                if at < writes.len() {
                    messages.push(&writes[at..(at + MESSAGE).min(writes.len())]);
                }
            }
            if messages.len() == before {
                return messages;
            }
            at += MESSAGE;
        }
    }

    /// Each written field's winner under "the latest write wins" (Tsunagu, Automerge), by slot.
    pub fn winners_by_time(&self) -> HashMap<u32, &Write> {
        let mut winners: HashMap<u32, &Write> = HashMap::new();
        for write in self.by_writer.iter().flatten() {
            let entry = winners.entry(write.slot()).or_insert(write);
            if write.wall_ms() > entry.wall_ms() {
                *entry = write;
            }
        }
        winners
    }

    /// Each written field's winner under Yrs's rule for concurrent map writes: the writer
    /// with the greatest client id (writers' ids sort like their numbers) among those who
    /// wrote the field, and its last write (each writer's later writes follow its own earlier
    /// ones).
    pub fn winners_by_writer_id(&self) -> HashMap<u32, &Write> {
        let mut winners: HashMap<u32, &Write> = HashMap::new();
        for write in self.by_writer.iter().flatten() {
            let entry = winners.entry(write.slot()).or_insert(write);
            if (write.writer, write.k) > (entry.writer, entry.k) {
                *entry = write;
            }
        }
        winners
    }

    /// How many values a multi-value register keeps besides the winner: in each field, every
    /// other writer's last write (nobody saw it).
    pub fn concurrent_values(&self) -> usize {
        let mut writers_of: HashMap<u32, u64> = HashMap::new();
        for write in self.by_writer.iter().flatten() {
            *writers_of.entry(write.slot()).or_default() |= 1 << write.writer;
        }
        writers_of
            .values()
            .map(|bits| bits.count_ones() as usize - 1)
            .sum()
    }
}

/// Writes from the command line or the environment: `TSUNAGU_BENCH_WRITES` (default `short`).
pub fn writes_from_env(short: u64) -> u64 {
    match std::env::var("TSUNAGU_BENCH_WRITES") {
        Ok(text) if text == "full" => FULL_WRITES,
        Ok(text) => text
            .replace('_', "")
            .parse()
            .expect("TSUNAGU_BENCH_WRITES: a number of writes, or `full`"),
        Err(_) => short,
    }
}

/// Writer counts to run: `TSUNAGU_BENCH_WRITERS` (comma-separated; default 3 and 30).
pub fn writer_counts_from_env() -> Vec<u32> {
    std::env::var("TSUNAGU_BENCH_WRITERS")
        .map(|text| {
            text.split(',')
                .map(|n| n.trim().parse().expect("TSUNAGU_BENCH_WRITERS: numbers"))
                .collect()
        })
        .unwrap_or_else(|_| vec![3, 30])
}

/// A bench's `main`: under `cargo bench`, `run(writers, writes)` for each writer count of the
/// environment; `cargo test --benches` runs bench binaries without `--bench`, and is kept fast.
pub fn bench_main(short_writes: u64, run: impl Fn(u32, u64)) {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("skipped (run with `cargo bench`)");
        return;
    }
    let total = writes_from_env(short_writes);
    for writers in writer_counts_from_env() {
        run(writers, total);
    }
}
