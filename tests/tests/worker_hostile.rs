//! Hostile requests against the real worker, generated rather than listed: every endpoint's
//! request (`hostile/shapes.rs`) with one part mutated at a time (`hostile/cases.rs`: method,
//! path, credentials, body encoding, JSON structure, each field's type and range, sizes),
//! written as raw HTTP/1.1 on 127.0.0.1. Each must be answered with a 4xx and the documented
//! JSON error body, and leave the prefecture exactly as it was (a digest of everything it holds,
//! read after every request). Then the requests the runtime answers before the worker sees them
//! (CONNECT, two Host headers, method names it does not know, broken framing) must leave the
//! worker up and the store unchanged. Last, each shape's well-formed request is sent once as it
//! is, to show the mutations were refused for what they changed.
//! Prefecture 23 (愛知県) is this test's alone. Run with `bash scripts/test.sh`.

mod hostile;
mod support;

use hostile::cases::{all_cases, Case, Expect};
use hostile::digest::digest;
use hostile::raw::{Framing, RawReply, RawRequest};
use hostile::shapes::{sync_body, Ctx};
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use support::{bearer, now_ms, unique, worker, Worker};
use tsunagu_core::protocol::ErrorCode;

/// Requests in flight at once: the worker answers one prefecture's requests one at a time,
/// so a few keep it busy without piling up.
const THREADS: usize = 4;
/// The longest any answer may take.
const TIMEOUT: Duration = Duration::from_secs(20);
/// An answer slower than this is printed.
const SLOW: Duration = Duration::from_secs(1);
/// At least this many distinct requests (issue 28).
const MIN_CASES: usize = 1000;

#[test]
fn every_hostile_request_gets_a_4xx_json_error_and_changes_nothing() {
    let w = worker();
    let ctx = setup(w);
    let addr = ctx.host.clone();
    let before = digest(w, &ctx.admin).expect("the digest before");

    let cases = all_cases(&ctx);
    let distinct: BTreeSet<Vec<u8>> = cases.iter().map(|c| c.request.bytes()).collect();
    assert!(
        distinct.len() >= MIN_CASES,
        "only {} distinct hostile requests (of {}); at least {MIN_CASES} are needed",
        distinct.len(),
        cases.len()
    );

    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::<String>::new());
    // The last digest read: a change is reported once, by the request that made it (or one
    // sent beside it), not again by every request after it.
    let last = Mutex::new(before.clone());
    std::thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = cases.get(index) else { break };
                let mut problems = Vec::new();
                let sent = Instant::now();
                match case.request.send(&addr, TIMEOUT) {
                    Ok(reply) => problems.extend(check(case, &reply)),
                    Err(error) => problems.push(error),
                }
                let took = sent.elapsed();
                if took > SLOW {
                    println!("slow: {} ({} ms)", case.name, took.as_millis());
                }
                // Another thread's request may be the one that changed it; both are named.
                match digest(w, &ctx.admin) {
                    Ok(after) => {
                        let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
                        if after != *last {
                            problems.push(
                                "the store changed (by this request or one beside it)".into(),
                            );
                            *last = after;
                        }
                    }
                    Err(error) => problems.push(format!("after it, {error}")),
                }
                if !problems.is_empty() {
                    let mut failures = failures.lock().unwrap_or_else(|e| e.into_inner());
                    failures.push(format!("{}: {}", case.name, problems.join("; ")));
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    let unchanged = last.into_inner().unwrap_or_else(|e| e.into_inner()) == before;
    println!(
        "{} hostile requests ({} distinct) in {:.1} s, {} refused wrongly",
        cases.len(),
        distinct.len(),
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(
        failures.is_empty() && unchanged,
        "{} of {} hostile requests were not refused as documented:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );

    runtime_refusals_leave_the_worker_up(w, &ctx, &before);
    well_formed_requests_are_answered(w, &ctx);
}

/// The problems with a reply to a hostile request: a status outside 4xx (or not the expected
/// one), or a body that is not `{"error": {"code", "message", "field"?}}` with a code of that
/// status.
fn check(case: &Case, reply: &RawReply) -> Vec<String> {
    let mut problems = Vec::new();
    let status = reply.status;
    let shown: String = reply.text().chars().take(200).collect();
    match case.expect {
        Expect::Status(expected) if status != expected => {
            problems.push(format!("expected {expected}, got {status} {shown}"));
        }
        Expect::ClientError if !(400..500).contains(&status) => {
            problems.push(format!("expected a 4xx, got {status} {shown}"));
        }
        _ => {}
    }
    if status == 405 && reply.header("allow").is_none() {
        problems.push("a 405 without Allow".into());
    }
    if case.request.method == "HEAD" {
        return problems; // A HEAD answer has no body.
    }
    let content_type = reply.header("content-type").unwrap_or_default();
    if !content_type.starts_with("application/json") {
        problems.push(format!("content-type {content_type:?}: {shown}"));
        return problems;
    }
    let body: Value = match serde_json::from_slice(&reply.body) {
        Ok(body) => body,
        Err(e) => {
            problems.push(format!("the body is not JSON ({e}): {shown}"));
            return problems;
        }
    };
    let shape_ok = body.as_object().is_some_and(|o| o.len() == 1)
        && body["error"].as_object().is_some_and(|error| {
            error
                .keys()
                .all(|k| ["code", "message", "field"].contains(&k.as_str()))
                && error["message"]
                    .as_str()
                    .is_some_and(|m| !m.trim().is_empty())
                && error.get("field").is_none_or(Value::is_string)
        });
    if !shape_ok {
        problems.push(format!("not the documented error body: {shown}"));
    }
    match serde_json::from_value::<ErrorCode>(body["error"]["code"].clone()) {
        Ok(code) if code.status() == status => {}
        Ok(code) => problems.push(format!("code {code:?} is documented as {}", code.status())),
        Err(_) => problems.push(format!("an undocumented code: {shown}")),
    }
    problems
}

/// Requests the runtime answers itself (the worker never sees them): whatever it says, the
/// worker stays up and nothing is stored. Their answers are printed (docs/protocol.md,
/// *Answers of the runtime*).
fn runtime_refusals_leave_the_worker_up(w: &Worker, ctx: &Ctx, before: &str) {
    let host = ctx.host.as_str();
    let token = format!("Bearer {}", ctx.editor);
    let request = |method: &str, headers: Vec<(&str, &str)>| RawRequest {
        method: method.into(),
        target: "/v1/sync".into(),
        headers: headers
            .into_iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body: br#"{"protocol":1}"#.to_vec(),
        framing: Framing::Length,
    };
    let bare_connect = RawRequest {
        body: Vec::new(),
        ..request("CONNECT", vec![("Host", host)])
    };
    let cases = vec![
        ("CONNECT", bare_connect),
        (
            "CONNECT with a body",
            request("CONNECT", vec![("Host", host)]),
        ),
        (
            "two Host headers",
            request(
                "POST",
                vec![
                    ("Host", host),
                    ("Host", "evil.example"),
                    ("Authorization", &token),
                ],
            ),
        ),
        ("method BREW", request("BREW", vec![("Host", host)])),
        ("method get", request("get", vec![("Host", host)])),
        ("method M-SEARCH", request("M-SEARCH", vec![("Host", host)])),
        ("no Host", request("POST", vec![("Authorization", &token)])),
        (
            "a header without a colon",
            request("POST", vec![("Host", host), ("Broken header", "")]),
        ),
    ];
    for (name, request) in cases {
        let started = Instant::now();
        let answer = match request.send(host, TIMEOUT) {
            Ok(reply) => format!("{} {:?}", reply.status, reply.text()),
            Err(error) => error,
        };
        println!(
            "runtime: {name}: {answer} ({} ms)",
            started.elapsed().as_millis()
        );
    }
    let health = w.send(Method::GET, "/v1/health", None, None);
    assert_eq!(health.status, 200, "the worker is down: {}", health.text);
    assert_eq!(
        digest(w, &ctx.admin).as_deref(),
        Ok(before),
        "a request the runtime answered changed the store"
    );
}

/// Each shape's request as it is: accepted. The mutations were refused for what they changed.
fn well_formed_requests_are_answered(w: &Worker, ctx: &Ctx) {
    let editor = bearer(&ctx.editor);
    let admin = bearer(&ctx.admin);
    let sync = w.sync_json(&ctx.editor, &sync_body(ctx, now_ms()));
    assert_eq!(sync.status, 200, "the sync shape as it is: {}", sync.text);
    assert_eq!(
        sync.json()["acked_through"],
        json!(1),
        "no hostile request used up the client's seq 1"
    );
    assert!(sync.json().get("rejected").is_none(), "{}", sync.text);
    let snapshot = json!({"protocol": 3, "after": {"kind": "measure", "id": "a"}, "limit": 10,
        "epoch": ctx.epoch});
    let reply = w.send(
        Method::POST,
        "/v1/snapshot",
        Some(&editor),
        Some(serde_json::to_vec(&snapshot).expect("JSON")),
    );
    assert_eq!(reply.status, 200, "the snapshot shape: {}", reply.text);
    let issue = json!({"org": "232017", "role": "viewer", "label": "豊橋市 hostile"});
    let reply = w.send(
        Method::POST,
        "/v1/prefecture/tokens",
        Some(&admin),
        Some(serde_json::to_vec(&issue).expect("JSON")),
    );
    assert_eq!(reply.status, 201, "the issue shape: {}", reply.text);
    let reply = w.send(
        Method::DELETE,
        &format!("/v1/prefecture/tokens/{}", ctx.victim),
        Some(&admin),
        None,
    );
    assert_eq!(reply.status, 200, "the revoke shape: {}", reply.text);
    for path in ["/v1/me", "/v1/activity"] {
        assert_eq!(w.get(path, &ctx.editor).status, 200, "{path}");
    }
    let history = format!("/v1/records/measure/{}/history", ctx.record);
    assert_eq!(w.get(&history, &ctx.editor).status, 200, "{history}");
}

/// Tokens, the store's epoch and one stored measure in prefecture 23.
fn setup(w: &Worker) -> Ctx {
    let admin = w.root_admin(23);
    let editor = w.issue("231002", "editor", "名古屋市 hostile").token;
    let viewer = w.issue("231002", "viewer", "名古屋市 hostile").token;
    let victim = w.issue("232017", "viewer", "豊橋市 victim").info.id;
    let record = unique("hm");
    let seeder = unique("hseed");
    let seed = support::sync_json(
        &seeder,
        vec![support::mutation_json(
            &seeder,
            1,
            "measure",
            &record,
            "231002",
            "title",
            json!("敵対的な要求の前"),
        )],
    );
    let seeded = w.sync_json(&editor, &seed);
    assert_eq!(seeded.status, 200, "seeding: {}", seeded.text);
    let snapshot = w.send(
        Method::POST,
        "/v1/snapshot",
        Some(&bearer(&admin)),
        Some(br#"{"protocol":3,"limit":1}"#.to_vec()),
    );
    let epoch = snapshot.json()["epoch"]
        .as_str()
        .unwrap_or_else(|| panic!("no epoch in {}", snapshot.text))
        .to_string();
    let host = w
        .base
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("{} is not http://HOST:PORT", w.base))
        .to_string();
    Ctx {
        host,
        editor,
        viewer,
        admin,
        secret: w.admin_secret.clone(),
        epoch,
        client: unique("hostile"),
        record,
        victim,
    }
}
