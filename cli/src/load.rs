//! The load test (`tsunagu bench-load`, run on request by scripts/bench-load.sh, never in CI):
//! every municipality of a prefecture (Hokkaido's 179 by default), the prefecture's own staff
//! and a viewer sync at once for a bounded time, each as a device would: a few writes, a push,
//! pulls until nothing more waits, a pause. Some responses are dropped as if the network lost
//! them (the same push goes again: a retry) and some acknowledged pushes are sent again later
//! (a replay). It prints throughput, push latency percentiles, failures by kind and the memory
//! of the watched processes over time, then checks that every acknowledged write is stored
//! exactly once and that every client holds the server's state.

use crate::api::{Api, ApiError};
use crate::clock::now_ms;
use crate::prefecture::organisations;
use crate::rng::Rng;
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};
use tsunagu_core::access::Role;
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{SyncRequest, SyncResponse, PROTOCOL_VERSION};

/// What one run is asked to do.
pub struct LoadPlan<'a> {
    pub csv: &'a Path,
    pub prefecture: u8,
    pub seconds: u64,
    /// The process whose process group's memory is sampled (the worker).
    pub watch_pid: Option<u32>,
}

/// Most rounds a client's final sync may take.
const MAX_FINAL_ROUNDS: usize = 500;
/// Records each client writes to, so fields are written many times over.
const RECORDS_PER_CLIENT: u64 = 20;

/// One client: its token, its replica and what it saw.
struct Client {
    label: String,
    org: OrgCode,
    token: String,
    writes: bool,
    replica: ClientReplica,
    rng: Rng,
}

/// What every client records, merged at the end.
#[derive(Default)]
struct Tally {
    push_ms: Vec<f64>,
    pulls: u64,
    acknowledged: u64,
    retries: u64,
    replays: u64,
    server_errors: u64,
    refusals: BTreeMap<u16, u64>,
    unreachable: u64,
    /// The first few failures in words, to say what went wrong.
    examples: Vec<String>,
}

pub fn run(api: &Api, plan: &LoadPlan) -> Result<(), ApiError> {
    let csv = fs::read_to_string(plan.csv)
        .map_err(|e| ApiError::Other(format!("{}: {e}", plan.csv.display())))?;
    let orgs = organisations(&csv, plan.prefecture)?;
    let admin = api.prefecture_admin(plan.prefecture, "load test administrator")?;
    let run_tag = now_ms();
    let mut clients = Vec::new();
    for org in &orgs {
        // Every organisation's editor: the prefecture's staff and each town's DX officer.
        let who = if org.code.is_prefecture() {
            "職員"
        } else {
            "担当"
        };
        let label = format!("{} {who}", org.name);
        clients.push(client(
            api,
            &admin,
            &org.code,
            Role::Editor,
            &label,
            run_tag,
        )?);
    }
    let prefecture_code =
        OrgCode::for_prefecture(plan.prefecture).map_err(|e| ApiError::Other(e.to_string()))?;
    clients.push(client(
        api,
        &admin,
        &prefecture_code,
        Role::Viewer,
        "閲覧のみ",
        run_tag,
    )?);
    println!(
        "load: {} clients of prefecture {:02} for {} s",
        clients.len(),
        plan.prefecture,
        plan.seconds
    );

    let stop = Arc::new(AtomicBool::new(false));
    let memory = plan
        .watch_pid
        .map(|pid| watch_memory(pid, Arc::clone(&stop)));
    let deadline = Instant::now() + Duration::from_secs(plan.seconds);
    let started = Instant::now();
    let tally = Mutex::new(Tally::default());
    let finished: Vec<Result<Client, ApiError>> = thread::scope(|scope| {
        let handles: Vec<_> = clients
            .into_iter()
            .map(|client| scope.spawn(|| drive(api, client, deadline, &tally)))
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|_| Err(ApiError::Other("a client thread panicked".into())))
            })
            .collect()
    });
    let mut finished = finished.into_iter().collect::<Result<Vec<_>, _>>()?;
    let elapsed = started.elapsed().as_secs_f64();
    // Clients that finished early pull what the others sent after them.
    for client in &mut finished {
        catch_up(api, client)?;
    }
    stop.store(true, Ordering::Relaxed);
    let samples = match memory {
        Some(handle) => handle.join().unwrap_or_default(),
        None => Vec::new(),
    };
    let tally = tally
        .into_inner()
        .map_err(|_| ApiError::Other("a client thread panicked while counting".into()))?;
    report(&tally, finished.len(), elapsed, &samples);
    check(api, &admin, &finished)
}

fn client(
    api: &Api,
    admin: &str,
    org: &OrgCode,
    role: Role,
    label: &str,
    run_tag: u64,
) -> Result<Client, ApiError> {
    let issued = api.issue_token(admin, org, role, label)?;
    Ok(Client {
        label: label.to_string(),
        org: org.clone(),
        token: issued.token,
        writes: role != Role::Viewer,
        replica: ClientReplica::new(format!("load-{run_tag}-{}-{}", org, role.as_str())),
        rng: Rng::seeded(org.as_str(), role.as_str()),
    })
}

/// One client's life until the deadline, then a final sync; returns the client.
fn drive(
    api: &Api,
    mut client: Client,
    deadline: Instant,
    tally: &Mutex<Tally>,
) -> Result<Client, ApiError> {
    let mut local = Tally::default();
    let mut sent_before: Option<SyncRequest> = None;
    while Instant::now() < deadline {
        if client.writes {
            let count = 1 + client.rng.below(5);
            for _ in 0..count {
                let record = client.rng.below(RECORDS_PER_CLIENT as usize);
                let field = ["title", "notes"][client.rng.below(2)];
                let key = FieldKey::new(
                    RecordKind::Measure,
                    format!("{}-m-load-{record}", client.org),
                    field,
                );
                let value = json!(format!(
                    "{} {}",
                    client.label,
                    client.rng.next_u64() % 100_000
                ));
                let org = client.org.clone();
                client.replica.write(&org, &key, value, now_ms());
            }
        }
        // Push (or pull) until nothing more waits.
        for _ in 0..MAX_FINAL_ROUNDS {
            let request = client.replica.request(Some(500));
            let pushing = !request.mutations.is_empty();
            let Some(response) = send(api, &client.token, &request, pushing, &mut local) else {
                thread::sleep(Duration::from_millis(200 + client.rng.below(800) as u64));
                continue;
            };
            if pushing && client.rng.unit() < 0.1 {
                // The answer is lost on the way: the device sends the same push again.
                local.retries += 1;
                continue;
            }
            if pushing && client.rng.unit() < 0.05 {
                sent_before = Some(request.clone());
            }
            settle(&mut client.replica, &response, &mut local);
            if !response.has_more && client.replica.pending().is_empty() {
                break;
            }
        }
        if let Some(old) = sent_before.take().filter(|_| client.rng.unit() < 0.5) {
            // An acknowledged push arrives again (a proxy's replay): nothing may change.
            local.replays += 1;
            if let Some(response) = send(api, &client.token, &old, false, &mut local) {
                if response.acked_through < old.mutations.last().map_or(0, |m| m.seq) {
                    return Err(ApiError::Other(format!(
                        "{}: a replayed push was not acknowledged again",
                        client.label
                    )));
                }
            }
        }
        thread::sleep(Duration::from_millis(100 + client.rng.below(900) as u64));
    }
    // The last sync: everything goes out and everything comes in.
    for round in 0.. {
        if round == MAX_FINAL_ROUNDS {
            return Err(ApiError::Other(format!(
                "{}: the final sync did not end",
                client.label
            )));
        }
        let request = client.replica.request(Some(2000));
        let pushing = !request.mutations.is_empty();
        let Some(response) = send(api, &client.token, &request, pushing, &mut local) else {
            thread::sleep(Duration::from_millis(500));
            continue;
        };
        settle(&mut client.replica, &response, &mut local);
        if !response.has_more && client.replica.pending().is_empty() {
            break;
        }
    }
    merge_tally(tally, local);
    Ok(client)
}

/// Pulls until nothing more waits (nothing is pending any more).
fn catch_up(api: &Api, client: &mut Client) -> Result<(), ApiError> {
    for _ in 0..MAX_FINAL_ROUNDS {
        let mut response = api.sync(&client.token, &client.replica.request(Some(2000)))?;
        client.replica.apply_response(&mut response);
        if !response.has_more && client.replica.pending().is_empty() {
            return Ok(());
        }
    }
    Err(ApiError::Other(format!(
        "{}: catching up did not end",
        client.label
    )))
}

fn send(
    api: &Api,
    token: &str,
    request: &SyncRequest,
    pushing: bool,
    tally: &mut Tally,
) -> Option<SyncResponse> {
    let started = Instant::now();
    let result = api.sync(token, request);
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    match result {
        Ok(response) => {
            if pushing {
                tally.push_ms.push(ms);
            } else {
                tally.pulls += 1;
            }
            Some(response)
        }
        Err(error) => {
            match &error {
                ApiError::Refused { status, .. } => {
                    if *status >= 500 {
                        tally.server_errors += 1;
                    }
                    *tally.refusals.entry(*status).or_default() += 1;
                }
                _ => tally.unreachable += 1,
            }
            if tally.examples.len() < 3 {
                tally
                    .examples
                    .push(format!("{} ({ms:.0} ms)", with_causes(&error)));
            }
            None
        }
    }
}

/// An error and every cause under it ("error sending request" alone says little).
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

fn settle(replica: &mut ClientReplica, response: &SyncResponse, tally: &mut Tally) {
    let before = replica.pending().len();
    replica.apply_response(&mut response.clone());
    tally.acknowledged += before.saturating_sub(replica.pending().len()) as u64;
}

fn merge_tally(into: &Mutex<Tally>, from: Tally) {
    let Ok(mut tally) = into.lock() else {
        return;
    };
    tally.push_ms.extend(from.push_ms);
    tally.pulls += from.pulls;
    tally.acknowledged += from.acknowledged;
    tally.retries += from.retries;
    tally.replays += from.replays;
    tally.server_errors += from.server_errors;
    tally.unreachable += from.unreachable;
    let room = 5usize.saturating_sub(tally.examples.len());
    tally.examples.extend(from.examples.into_iter().take(room));
    for (status, count) in from.refusals {
        *tally.refusals.entry(status).or_default() += count;
    }
}

/// A memory sample: seconds since the start, then (process, resident KiB) for every process.
type Sample = (f64, Vec<(String, u64)>);

/// Samples the resident memory of every process in `pid`'s process group once a second.
fn watch_memory(pid: u32, stop: Arc<AtomicBool>) -> thread::JoinHandle<Vec<Sample>> {
    thread::spawn(move || {
        let started = Instant::now();
        let group = process_group(pid).unwrap_or(pid);
        let mut samples = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            samples.push((started.elapsed().as_secs_f64(), group_memory(group)));
            thread::sleep(Duration::from_secs(1));
        }
        samples.push((started.elapsed().as_secs_f64(), group_memory(group)));
        samples
    })
}

/// The process group of `pid` (field 5 of /proc/PID/stat).
fn process_group(pid: u32) -> Option<u32> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    after_name.split_whitespace().nth(2)?.parse().ok()
}

fn group_memory(group: u32) -> Vec<(String, u64)> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if process_group(pid) != Some(group) {
            continue;
        }
        let name = fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let rss_kib = status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
            .unwrap_or(0);
        found.push((format!("{} ({pid})", name.trim()), rss_kib));
    }
    found.sort();
    found
}

fn report(tally: &Tally, clients: usize, seconds: f64, samples: &[Sample]) {
    let mut latencies = tally.push_ms.clone();
    latencies.sort_by(f64::total_cmp);
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len().max(1) - 1) as f64 * p).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "load: {clients} clients, {seconds:.1} s: {} pushes ({:.1}/s), {} writes acknowledged \
         ({:.1}/s), {} pulls",
        latencies.len(),
        latencies.len() as f64 / seconds,
        tally.acknowledged,
        tally.acknowledged as f64 / seconds,
        tally.pulls
    );
    println!(
        "load: push latency p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(0.5),
        percentile(0.95),
        percentile(0.99),
        percentile(1.0)
    );
    println!(
        "load: {} answers lost and retried, {} acknowledged pushes replayed; 5xx: {}, \
         unreachable: {}, refusals by status: {:?}",
        tally.retries, tally.replays, tally.server_errors, tally.unreachable, tally.refusals
    );
    for example in &tally.examples {
        println!("load: failed: {example}");
    }
    if samples.is_empty() {
        return;
    }
    println!("load: resident memory of the worker's processes (MiB), every 10 s:");
    for (at, processes) in samples
        .iter()
        .enumerate()
        .filter(|(n, _)| n % 10 == 0 || *n == samples.len() - 1)
        .map(|(_, sample)| sample)
    {
        let line: Vec<String> = processes
            .iter()
            .map(|(name, kib)| format!("{name} {:.0}", *kib as f64 / 1024.0))
            .collect();
        println!("  {at:>6.1} s  {}", line.join(", "));
    }
}

/// Every acknowledged write is in the log exactly once, and every client holds what the
/// server holds of what it may read.
fn check(api: &Api, admin: &str, clients: &[Client]) -> Result<(), ApiError> {
    let mut reader = ClientReplica::new(format!("load-check-{}", now_ms()));
    let mut logged: HashMap<String, Vec<u64>> = HashMap::new();
    for round in 0.. {
        if round == 100_000 {
            return Err(ApiError::Other("the check's pull did not end".into()));
        }
        let request = SyncRequest {
            protocol: PROTOCOL_VERSION,
            client_id: reader.client_id().to_string(),
            cursor: reader.cursor(),
            mutations: Vec::new(),
            page_size: Some(2000),
            epoch: None,
            cursor_tag: None,
        };
        let mut response = api.sync(admin, &request)?;
        for change in &response.changes {
            logged
                .entry(change.version.hlc.replica.to_string())
                .or_default()
                .push(change.version.seq);
        }
        reader.apply_response(&mut response);
        if !response.has_more {
            break;
        }
    }
    let server = reader.synced_fields();
    let mut problems = Vec::new();
    for client in clients.iter().filter(|client| client.writes) {
        let seqs = logged
            .remove(client.replica.client_id())
            .unwrap_or_default();
        let distinct: HashSet<u64> = seqs.iter().copied().collect();
        let written = client.replica.meta().next_seq.saturating_sub(1);
        if distinct.len() != seqs.len() {
            problems.push(format!("{}: a write is in the log twice", client.label));
        }
        if distinct.len() as u64 != written || (1..=written).any(|seq| !distinct.contains(&seq)) {
            problems.push(format!(
                "{}: {} of its {written} writes are in the log",
                client.label,
                distinct.len()
            ));
        }
    }
    for client in clients {
        for (key, state) in client.replica.synced_fields() {
            if server.get(&key).map(|s| s.value()) != Some(state.value()) {
                problems.push(format!("{}: {key:?} differs from the server", client.label));
                break;
            }
        }
    }
    if problems.is_empty() {
        println!(
            "load: every acknowledged write is stored exactly once; all {} clients hold the \
             server's state",
            clients.len()
        );
        Ok(())
    } else {
        Err(ApiError::Other(format!(
            "load: {} problems: {}",
            problems.len(),
            problems
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        )))
    }
}
