//! The load benchmark (issue 28): every municipality of a prefecture, the prefecture itself and
//! a prefecture-level viewer sync at once against a running worker, for a bounded time, each
//! pushing a few writes and pulling, with random think times, retries after failures and
//! replays of answered pushes (a reply lost on the way). It prints throughput, push latency
//! percentiles, every 5xx, and the memory of the worker's processes over time, then checks that
//! every acknowledged write is in the change log exactly once and that every client holds what
//! the viewer holds.

use crate::api::{Api, ApiError};
use crate::clock::now_ms;
use crate::memory::{report, Sampler};
use crate::prefecture::organisations;
use crate::push::other;
use crate::rng::Rng;
use serde_json::json;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::Barrier;
use std::time::{Duration, Instant};
use tsunagu_core::access::Role;
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{SyncRequest, SyncResponse};

/// How the benchmark runs.
pub struct LoadOptions<'a> {
    pub base: &'a str,
    pub csv: &'a Path,
    pub prefecture: u8,
    pub seconds: u64,
    /// The worker's process group, whose memory is sampled (none: not sampled).
    pub process_group: Option<i32>,
    /// The chance that an answered push is sent again as it was.
    pub replay_chance: f64,
}

/// Attempts at one request before the client gives the round up.
const MAX_ATTEMPTS: usize = 8;
/// Pages a final pull follows at most.
const MAX_PAGES: usize = 500;
/// Records each writer spreads its writes over.
const RECORDS_PER_CLIENT: usize = 20;

struct Client {
    label: String,
    token: String,
    org: OrgCode,
    writes: bool,
    replica: ClientReplica,
    rng: Rng,
    written: u64,
    stats: Stats,
}

#[derive(Default)]
struct Stats {
    push_ms: Vec<f64>,
    pushes: usize,
    pulls: usize,
    replays: usize,
    retries: usize,
    acked_mutations: usize,
    server_errors: BTreeMap<u16, usize>,
    unreachable: usize,
    refusals: Vec<String>,
}

pub fn run(api: &Api, options: &LoadOptions) -> Result<(), ApiError> {
    let csv = fs::read_to_string(options.csv)
        .map_err(|e| other(format!("{}: {e}", options.csv.display())))?;
    let orgs = organisations(&csv, options.prefecture)?;
    let admin = api.prefecture_admin(options.prefecture, "load benchmark administrator")?;
    let mut clients = Vec::with_capacity(orgs.len() + 1);
    let run_tag = now_ms();
    for org in &orgs {
        let label = format!("{} load", org.code);
        let token = api
            .issue_token(&admin, &org.code, Role::Editor, &label)?
            .token;
        clients.push(client(&label, token, org.code.clone(), true, run_tag));
    }
    let prefecture = OrgCode::for_prefecture(options.prefecture).map_err(other)?;
    let viewer = api
        .issue_token(&admin, &prefecture, Role::Viewer, "load viewer")?
        .token;
    clients.push(client("viewer", viewer.clone(), prefecture, false, run_tag));
    let http = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(120))
        .pool_max_idle_per_host(clients.len())
        .build()
        .map_err(|e| other(format!("HTTP client: {e}")))?;
    println!(
        "{} clients of prefecture {:02} for {} s ({} writers and a viewer), replays {:.0} %",
        clients.len(),
        options.prefecture,
        options.seconds,
        clients.len() - 1,
        options.replay_chance * 100.0
    );

    let sampler = options
        .process_group
        .map(|group| Sampler::start(group, Duration::from_secs(1)));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(options.seconds);
    let barrier = Barrier::new(clients.len());
    let url = format!("{}/v1/sync", options.base.trim_end_matches('/'));
    std::thread::scope(|scope| {
        for client in clients.iter_mut() {
            let (http, url, barrier) = (&http, url.as_str(), &barrier);
            scope.spawn(move || {
                while Instant::now() < deadline {
                    client.round(http, url, options.replay_chance);
                    std::thread::sleep(Duration::from_millis(client.rng.below(100) as u64));
                }
                // Send what is left, then pull everything once all have sent theirs.
                for _ in 0..MAX_PAGES {
                    if client.replica.pending().is_empty() {
                        break;
                    }
                    client.round_without_writes(http, url);
                }
                barrier.wait();
                for _ in 0..MAX_PAGES {
                    if !client.round_without_writes(http, url) {
                        break;
                    }
                }
            });
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    let memory = sampler.map(Sampler::finish);

    print_figures(&clients, options.seconds as f64, elapsed);
    if let Some(samples) = memory {
        print!("{}", report(&samples, 10.0));
    }
    check(&http, &url, &viewer, &clients)
}

fn client(label: &str, token: String, org: OrgCode, writes: bool, run_tag: u64) -> Client {
    let id = format!("load-{run_tag}-{}", label.replace(' ', "-"));
    Client {
        label: label.to_string(),
        token,
        org,
        writes,
        replica: ClientReplica::new(id.clone()),
        rng: Rng::seeded(&id, "load"),
        written: 0,
        stats: Stats::default(),
    }
}

enum Outcome {
    Answered(SyncResponse),
    Refused,
}

impl Client {
    /// A few writes (a writer's), then one sync with retries and perhaps a replay.
    fn round(&mut self, http: &reqwest::blocking::Client, url: &str, replay_chance: f64) {
        if self.writes {
            for _ in 0..1 + self.rng.below(5) {
                self.written += 1;
                let record = format!("{}-m-load-{}", self.org, self.rng.below(RECORDS_PER_CLIENT));
                let key = FieldKey::new(RecordKind::Measure, record, "notes");
                let value = json!(format!("{} write {}", self.label, self.written));
                self.replica.write(&self.org, &key, value, now_ms());
            }
        }
        let request = self.replica.request(Some(500));
        let Some(Outcome::Answered(response)) = self.send(http, url, &request, false) else {
            return;
        };
        if !request.mutations.is_empty() && self.rng.chance(replay_chance) {
            // The same push again, as after a lost reply: acknowledged, applied once.
            self.stats.replays += 1;
            if let Some(Outcome::Answered(again)) = self.send(http, url, &request, true) {
                if again.acked_through != response.acked_through {
                    self.stats.refusals.push(format!(
                        "a replay was acknowledged through {} instead of {}",
                        again.acked_through, response.acked_through
                    ));
                }
            }
        }
        self.replica.apply_response(&response);
    }

    /// One sync without new writes; true while the server says more changes wait or writes
    /// are still queued.
    fn round_without_writes(&mut self, http: &reqwest::blocking::Client, url: &str) -> bool {
        let request = self.replica.request(Some(2000));
        match self.send(http, url, &request, false) {
            Some(Outcome::Answered(response)) => {
                self.replica.apply_response(&response);
                response.has_more || !self.replica.pending().is_empty()
            }
            _ => false,
        }
    }

    /// Sends one sync, retrying after a 5xx or a failed connection (with a random pause). A
    /// replay's latency counts; its mutations were counted when first acknowledged.
    fn send(
        &mut self,
        http: &reqwest::blocking::Client,
        url: &str,
        request: &SyncRequest,
        replay: bool,
    ) -> Option<Outcome> {
        for attempt in 0..MAX_ATTEMPTS {
            if attempt > 0 {
                self.stats.retries += 1;
                let pause = 50 * (1 << attempt.min(5)) + self.rng.below(100);
                std::thread::sleep(Duration::from_millis(pause as u64));
            }
            let started = Instant::now();
            let sent = http.post(url).bearer_auth(&self.token).json(request).send();
            let reply = match sent {
                Ok(reply) => reply,
                Err(_) => {
                    self.stats.unreachable += 1;
                    continue;
                }
            };
            let status = reply.status().as_u16();
            let text = reply.text().unwrap_or_default();
            let took_ms = started.elapsed().as_secs_f64() * 1000.0;
            if status >= 500 {
                *self.stats.server_errors.entry(status).or_default() += 1;
                continue;
            }
            if status != 200 {
                let shown: String = text.chars().take(200).collect();
                self.stats.refusals.push(format!("{status} {shown}"));
                return Some(Outcome::Refused);
            }
            let Ok(response) = serde_json::from_str::<SyncResponse>(&text) else {
                self.stats
                    .refusals
                    .push("an answer that is not a sync response".into());
                return Some(Outcome::Refused);
            };
            if request.mutations.is_empty() {
                self.stats.pulls += 1;
            } else {
                self.stats.pushes += 1;
                self.stats.push_ms.push(took_ms);
                if !replay {
                    let newly = request
                        .mutations
                        .iter()
                        .filter(|m| m.seq <= response.acked_through)
                        .count();
                    self.stats.acked_mutations += newly;
                }
            }
            return Some(Outcome::Answered(response));
        }
        None
    }
}

fn print_figures(clients: &[Client], seconds: f64, elapsed: f64) {
    let mut push_ms: Vec<f64> = clients
        .iter()
        .flat_map(|c| c.stats.push_ms.iter().copied())
        .collect();
    push_ms.sort_by(f64::total_cmp);
    let sum = |f: fn(&Stats) -> usize| clients.iter().map(|c| f(&c.stats)).sum::<usize>();
    let pushes = sum(|s| s.pushes);
    let pulls = sum(|s| s.pulls);
    let percentile = |p: f64| {
        push_ms
            .get(((push_ms.len().max(1) - 1) as f64 * p).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let mut server_errors: BTreeMap<u16, usize> = BTreeMap::new();
    for client in clients {
        for (status, n) in &client.stats.server_errors {
            *server_errors.entry(*status).or_default() += n;
        }
    }
    println!(
        "{elapsed:.1} s in all ({seconds:.0} s of load, then the last sends and pulls): \
         {pushes} pushes with replays ({:.1}/s), {pulls} pulls, {} mutations acknowledged ({:.0}/s), \
         {} replays, {} retries",
        pushes as f64 / seconds,
        sum(|s| s.acked_mutations),
        sum(|s| s.acked_mutations) as f64 / seconds,
        sum(|s| s.replays),
        sum(|s| s.retries)
    );
    println!(
        "push latency: p50 {:.0} ms, p95 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        percentile(0.5),
        percentile(0.95),
        percentile(0.99),
        percentile(1.0)
    );
    println!(
        "5xx answers: {} {server_errors:?}; failed connections: {}; other refusals: {}",
        server_errors.values().sum::<usize>(),
        sum(|s| s.unreachable),
        sum(|s| s.refusals.len())
    );
    for client in clients {
        for refusal in client.stats.refusals.iter().take(3) {
            println!("  {}: {refusal}", client.label);
        }
    }
}

/// Every writer's writes are in the log exactly once (read from 0 by a new client of the
/// viewer's token), and every client holds what that reading holds for the fields it reads.
fn check(
    http: &reqwest::blocking::Client,
    url: &str,
    viewer: &str,
    clients: &[Client],
) -> Result<(), ApiError> {
    let mut reader = ClientReplica::new(format!("load-check-{}", now_ms()));
    let mut seen: BTreeMap<(String, u64), usize> = BTreeMap::new();
    for _ in 0..MAX_PAGES {
        let sent = http
            .post(url)
            .bearer_auth(viewer)
            .json(&reader.request(Some(2000)))
            .send()
            .and_then(|reply| reply.error_for_status())
            .and_then(|reply| reply.json::<SyncResponse>())
            .map_err(|e| other(format!("reading the log back: {e}")))?;
        for change in &sent.changes {
            let key = (change.version.hlc.replica.to_string(), change.version.seq);
            *seen.entry(key).or_default() += 1;
        }
        reader.apply_response(&sent);
        if !sent.has_more {
            break;
        }
    }
    let mut problems = Vec::new();
    for client in clients.iter().filter(|c| c.writes) {
        let id = client.replica.client_id();
        if !client.replica.pending().is_empty() {
            problems.push(format!(
                "{}: {} writes never acknowledged",
                client.label,
                client.replica.pending().len()
            ));
        }
        let stored: Vec<u64> = seen
            .iter()
            .filter(|((replica, _), _)| replica == id)
            .map(|((_, seq), _)| *seq)
            .collect();
        let twice = seen
            .iter()
            .filter(|((replica, _), n)| replica == id && **n > 1)
            .count();
        let expected: Vec<u64> = (1..=client.written).collect();
        if stored != expected || twice > 0 {
            problems.push(format!(
                "{}: wrote {} (seq 1..={}), the log holds {} of them, {twice} more than once",
                client.label,
                client.written,
                client.written,
                stored.len()
            ));
        }
    }
    let truth = reader.synced_fields();
    let mut diverged = 0;
    for client in clients {
        for (key, state) in client.replica.synced_fields() {
            if truth.get(&key).map(|t| t.value()) != Some(state.value()) {
                diverged += 1;
            }
        }
    }
    if diverged > 0 {
        problems.push(format!("{diverged} fields differ from the log read back"));
    }
    let writes: u64 = clients.iter().map(|c| c.written).sum();
    if problems.is_empty() {
        println!(
            "checked: all {writes} acknowledged writes are in the log exactly once; all {} \
             clients hold what the log holds ({} fields)",
            clients.len(),
            truth.len()
        );
        Ok(())
    } else {
        Err(other(format!(
            "the load benchmark found:\n{}",
            problems.join("\n")
        )))
    }
}
