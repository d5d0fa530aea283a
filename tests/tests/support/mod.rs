//! Shared helpers for the integration tests that drive the real sync worker (`wrangler dev`).
//!
//! The worker is started by `bash scripts/test.sh`, which passes its address and admin secret in
//! `TSUNAGU_TEST_URL` and `TSUNAGU_TEST_ADMIN_SECRET`. Without them, or when the worker does not
//! answer, every test fails with a message saying so: these tests never skip.
//!
//! All tests share one worker and one persisted state and run in parallel, so every test uses
//! fresh client ids and record ids ([`unique`]). Tests that check exact cursors or "nothing was
//! stored" own a prefecture that no other test writes to; see the table below.
//!
//! | prefecture | used by |
//! |---|---|
//! | 01 北海道 | worker_access (the "other prefecture") |
//! | 02 青森県 | worker_access |
//! | 04 宮城県 | worker_sync, worker_conflicts (expectations relative to own ids) |
//! | 05 秋田県 | worker_sync::pages_* (exact cursors) |
//! | 06 山形県 | worker_errors::malformed_* (exact cursors) |
//! | 07 福島県 | worker_errors::invalid_values_* (exact cursors) |
//! | 08 茨城県 | worker_errors::size_limits_* (exact cursors) |
//! | 09 栃木県 | worker_errors::ownership_* (exact cursors) |
//! | 10 群馬県 | worker_tokens |
//! | 11 埼玉県 | worker_sync::sequence_gaps_* (exact cursors) |
//! | 12 千葉県 | worker_sync::pages_of_a_municipality_* (exact cursors) |
//! | 13 東京都 | worker_errors::an_unknown_field_name_* (refused requests only) |
//! | 14 神奈川県 | worker_unread_bodies (exact cursors) |
//! | 15 新潟県 | worker_conflicts::a_clock_far_ahead_* (stamps from the future) |
//! | 16 富山県 | worker_surveys (answers stamped in 2021) |
//! | 17 石川県 | worker_refusals (expectations relative to own ids) |
//! | 18 福井県 | worker_refusals::a_base_ahead_* (stamps from the future) |
//! | 19 山梨県 | worker_write_rules |
//! | 20, 21, 25, 26 | worker_snapshot |
//! | 22 静岡県 | worker_tokens::replace_admins_* (its administrators are replaced) |
//! | 23 愛知県 | worker_hostile (a digest of everything the prefecture holds) |
//!
//! Every prefecture's tokens are issued by its first administrator ([`Worker::root_admin`]),
//! made once per worker with the admin secret and kept in a file all test binaries share.
//!
//! 03 (岩手県, the demo) and 47 (沖縄県, the latency benchmark) are never used.
#![allow(dead_code)]

pub mod spawn;

use reqwest::blocking::Client;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{
    Change, HistoryEntry, IssuedToken, Mutation, SyncRequest, SyncResponse, PROTOCOL_VERSION,
};

const HOW_TO_RUN: &str = "the worker integration tests need a running sync worker: run them with \
`bash scripts/test.sh`, which starts `wrangler dev` and sets TSUNAGU_TEST_URL and \
TSUNAGU_TEST_ADMIN_SECRET";

/// Most pages a pull loop follows before giving up (every loop in these tests is bounded).
const MAX_PAGES: usize = 200;

/// The worker under test.
pub struct Worker {
    pub base: String,
    pub admin_secret: String,
    http: Client,
}

/// The worker named by the environment, checked once per test binary with `GET /v1/health`.
/// Panics (fails the test) with instructions when it is not configured or does not answer.
pub fn worker() -> &'static Worker {
    static WORKER: OnceLock<Result<Worker, String>> = OnceLock::new();
    match WORKER.get_or_init(connect) {
        Ok(worker) => worker,
        Err(message) => panic!("{message}"),
    }
}

impl Worker {
    /// A worker at `base` with `admin_secret` (one a test started itself, see [`spawn`]).
    pub fn at(base: &str, admin_secret: &str) -> Worker {
        Worker {
            base: base.to_string(),
            admin_secret: admin_secret.to_string(),
            http: Client::builder()
                .no_proxy()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("HTTP client"),
        }
    }
}

fn connect() -> Result<Worker, String> {
    let var = |name: &str| match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => Ok(value.trim().to_string()),
        _ => Err(format!("{name} is not set: {HOW_TO_RUN}")),
    };
    let base = var("TSUNAGU_TEST_URL")?.trim_end_matches('/').to_string();
    let admin_secret = var("TSUNAGU_TEST_ADMIN_SECRET")?;
    let host_ok = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"]
        .iter()
        .any(|prefix| base.starts_with(prefix));
    if !host_ok {
        return Err(format!(
            "TSUNAGU_TEST_URL={base} is not a local worker (http://127.0.0.1:PORT): {HOW_TO_RUN}"
        ));
    }
    let http = Client::builder()
        .no_proxy()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let health = http
        .get(format!("{base}/v1/health"))
        .send()
        .map_err(|e| format!("the worker at {base} does not answer ({e}): {HOW_TO_RUN}"))?;
    let status = health.status().as_u16();
    let text = health.text().unwrap_or_default();
    let ok = serde_json::from_str::<Value>(&text)
        .map(|v| v["ok"] == json!(true) && v["service"] == json!("tsunagu-sync"))
        .unwrap_or(false);
    if status != 200 || !ok {
        return Err(format!(
            "{base}/v1/health answered {status} {text:?}, not the sync worker: {HOW_TO_RUN}"
        ));
    }
    Ok(Worker {
        base,
        admin_secret,
        http,
    })
}

// ----- identifiers -----

/// A tag unique to this test process: milliseconds since 1970 and the process id, in base 36.
fn run_tag() -> &'static str {
    static TAG: OnceLock<String> = OnceLock::new();
    TAG.get_or_init(|| {
        let ms = now_ms();
        format!("{}{}", base36(ms), base36(u64::from(std::process::id())))
    })
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII digits")
}

/// A fresh id, unique across tests, threads and runs: `{prefix}-{run}-{n}`. Valid as a client
/// id (8 to 64 of `[A-Za-z0-9_-]`) and as a record id for any prefix of up to 20 such characters.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{prefix}-{}-{n}", run_tag())
}

pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_millis() as u64
}

pub fn org(code: &str) -> OrgCode {
    OrgCode::parse(code).unwrap_or_else(|e| panic!("test code {code} is invalid: {e}"))
}

// ----- replies -----

/// An HTTP reply, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("reply {} is not JSON ({e}): {:?}", self.status, self.text))
    }

    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.text).unwrap_or_else(|e| {
            panic!(
                "reply {} does not decode as {} ({e}): {}",
                self.status,
                std::any::type_name::<T>(),
                self.text
            )
        })
    }

    /// Asserts a success status and returns the body as `T`.
    pub fn expect<T: serde::de::DeserializeOwned>(&self, status: u16, context: &str) -> T {
        assert_eq!(
            self.status, status,
            "{context}: unexpected reply {}",
            self.text
        );
        self.decode()
    }

    /// Asserts an error reply of exactly the documented form
    /// `{"error":{"code","message","field"?}}` with this status, code and (when `Some`) field.
    /// Returns the message.
    pub fn expect_error(
        &self,
        status: u16,
        code: &str,
        field: Option<&str>,
        context: &str,
    ) -> String {
        assert_eq!(
            (self.status, self.code().as_str()),
            (status, code),
            "{context}: expected {status} {code}, got {}: {}",
            self.status,
            self.text
        );
        assert!(
            self.content_type.starts_with("application/json"),
            "{context}: content-type {:?}",
            self.content_type
        );
        let body = self.json();
        let outer = body.as_object().expect("error body is an object");
        assert_eq!(outer.len(), 1, "{context}: only `error` at the top: {body}");
        let error = body["error"].as_object().unwrap_or_else(|| {
            panic!("{context}: no `error` object in {body}");
        });
        for key in error.keys() {
            assert!(
                ["code", "message", "field"].contains(&key.as_str()),
                "{context}: unexpected key {key} in {body}"
            );
        }
        let message = error
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{context}: no message in {body}"));
        assert!(!message.trim().is_empty(), "{context}: empty message");
        if let Some(expected) = field {
            assert_eq!(
                error.get("field").and_then(Value::as_str),
                Some(expected),
                "{context}: wrong `field` in {body}"
            );
        }
        message.to_string()
    }

    /// Asserts a `200` sync reply that acknowledges every mutation through `acked_through` and
    /// lists exactly these `(seq, code)` in `rejected`, in that order, each of the documented
    /// form `{"seq","code","message"}` with a message (`rejected` is absent when none is
    /// expected). Returns the messages, in the order of `expected`.
    pub fn expect_rejected(
        &self,
        acked_through: u64,
        expected: &[(u64, &str)],
        context: &str,
    ) -> Vec<String> {
        assert_eq!(
            self.status, 200,
            "{context}: expected 200 with rejected {expected:?}, got {}: {}",
            self.status, self.text
        );
        let _: SyncResponse = self.decode();
        let body = self.json();
        // The reply's changes can be long and say nothing here.
        let rejected = body.get("rejected");
        let shown = json!({"acked_through": body["acked_through"], "rejected": rejected});
        assert_eq!(
            body["acked_through"],
            json!(acked_through),
            "{context}: acked_through in {shown}"
        );
        let Some(rejected) = rejected else {
            assert!(
                expected.is_empty(),
                "{context}: no `rejected` in {shown}, expected {expected:?}"
            );
            return Vec::new();
        };
        assert!(
            !expected.is_empty(),
            "{context}: `rejected` is absent when nothing is rejected: {shown}"
        );
        let entries = rejected
            .as_array()
            .unwrap_or_else(|| panic!("{context}: `rejected` is not a list: {shown}"));
        let got: Vec<(u64, &str)> = entries
            .iter()
            .map(|e| {
                (
                    e["seq"].as_u64().unwrap_or_default(),
                    e["code"].as_str().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(got, expected, "{context}: rejected in {shown}");
        entries
            .iter()
            .map(|entry| {
                let object = entry.as_object().expect("an object");
                let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
                keys.sort_unstable();
                assert_eq!(
                    keys,
                    ["code", "message", "seq"],
                    "{context}: a rejection is {{seq, code, message}}: {entry}"
                );
                let message = entry["message"].as_str().unwrap_or_default();
                assert!(
                    !message.trim().is_empty(),
                    "{context}: empty message in {entry}"
                );
                message.to_string()
            })
            .collect()
    }

    /// The error code of an error reply ("" if there is none).
    pub fn code(&self) -> String {
        serde_json::from_str::<Value>(&self.text)
            .ok()
            .and_then(|v| v["error"]["code"].as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

// ----- requests -----

impl Worker {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends one request; `auth` is the whole Authorization header value.
    pub fn send(
        &self,
        method: Method,
        path: &str,
        auth: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Reply {
        let mut request = self.http.request(method.clone(), self.url(path));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        let response = request
            .send()
            .unwrap_or_else(|e| panic!("{method} {path}: the worker did not answer: {e}"));
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        // A body cut off mid-way is reported as the text, for the test's own message to show.
        let text = response
            .text()
            .unwrap_or_else(|e| format!("(the reply's body could not be read: {e})"));
        Reply {
            status,
            content_type,
            text,
        }
    }

    /// Sends one request with these headers; returns the reply and its headers.
    pub fn send_with_headers(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> (Reply, reqwest::header::HeaderMap) {
        let mut request = self.http.request(method.clone(), self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        let response = request
            .send()
            .unwrap_or_else(|e| panic!("{method} {path}: the worker did not answer: {e}"));
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let text = response
            .text()
            .unwrap_or_else(|e| format!("(the reply's body could not be read: {e})"));
        (
            Reply {
                status,
                content_type,
                text,
            },
            headers,
        )
    }

    /// `method path` with `token` and a JSON body, if any.
    pub fn call(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Reply {
        self.send(
            method,
            path,
            Some(&bearer(token)),
            body.map(|b| serde_json::to_vec(&b).expect("JSON")),
        )
    }

    pub fn get(&self, path: &str, token: &str) -> Reply {
        self.send(Method::GET, path, Some(&bearer(token)), None)
    }

    /// `POST /v1/sync` with any body (raw bytes, for malformed input).
    pub fn sync_raw(&self, token: &str, body: Vec<u8>) -> Reply {
        self.send(Method::POST, "/v1/sync", Some(&bearer(token)), Some(body))
    }

    /// `POST /v1/sync` with a body streamed in chunks, without a Content-Length header.
    pub fn sync_chunked(&self, token: &str, body: Vec<u8>) -> Reply {
        let response = self
            .http
            .post(self.url("/v1/sync"))
            .header("authorization", bearer(token))
            .header("content-type", "application/json")
            .body(reqwest::blocking::Body::new(std::io::Cursor::new(body)))
            .send()
            .unwrap_or_else(|e| panic!("POST /v1/sync (chunked): the worker did not answer: {e}"));
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let text = response.text().unwrap_or_default();
        Reply {
            status,
            content_type,
            text,
        }
    }

    /// `POST /v1/sync` with a JSON value.
    pub fn sync_json(&self, token: &str, body: &Value) -> Reply {
        self.sync_raw(token, serde_json::to_vec(body).expect("JSON"))
    }

    pub fn try_sync(&self, token: &str, request: &SyncRequest) -> Reply {
        self.sync_raw(token, serde_json::to_vec(request).expect("JSON"))
    }

    /// A sync that must succeed.
    pub fn sync(&self, token: &str, request: &SyncRequest) -> SyncResponse {
        let reply = self.try_sync(token, request);
        assert_eq!(reply.status, 200, "sync failed: {}", reply.text);
        let response: SyncResponse = reply.decode();
        assert_eq!(response.protocol, PROTOCOL_VERSION);
        response
    }

    /// Pulls every change after `cursor` that `token` may read, page by page, with `client_id`.
    pub fn pull_all(&self, token: &str, client_id: &str, cursor: u64) -> Pulled {
        let mut pulled = Pulled {
            changes: Vec::new(),
            cursor,
            pages: 0,
        };
        loop {
            assert!(
                pulled.pages < MAX_PAGES,
                "pull did not end after {MAX_PAGES} pages"
            );
            let response = self.sync(token, &pull_request(client_id, pulled.cursor, Some(2000)));
            pulled.pages += 1;
            assert!(response.cursor >= pulled.cursor, "the cursor went back");
            pulled.cursor = response.cursor;
            pulled.changes.extend(response.changes);
            if !response.has_more {
                return pulled;
            }
        }
    }

    /// `GET /v1/records/{kind}/{id}/history`.
    pub fn history(&self, token: &str, kind: RecordKind, id: &str) -> Reply {
        self.get(
            &format!("/v1/records/{}/{id}/history", kind.as_str()),
            token,
        )
    }

    /// The record's history, oldest first; `None` when the worker answers 404 `not_found` (a
    /// record never stored, or one the token may not read).
    pub fn history_entries(
        &self,
        token: &str,
        kind: RecordKind,
        id: &str,
    ) -> Option<Vec<HistoryEntry>> {
        let reply = self.history(token, kind, id);
        let context = format!("history of {} {id}", kind.as_str());
        if reply.status == 404 {
            reply.expect_error(404, "not_found", None, &context);
            return None;
        }
        let body: Value = reply.expect(200, &context);
        Some(
            serde_json::from_value(body["entries"].clone())
                .unwrap_or_else(|e| panic!("{context}: entries do not decode ({e}): {body}")),
        )
    }

    // ----- tokens -----

    /// The token API of the prefecture in `path` (`/v1/admin/prefectures/{pp}/tokens[/{id}]`),
    /// called as that prefecture's administrator ([`Worker::root_admin`]) at
    /// `/v1/prefecture/tokens[/{id}]`: the admin secret only creates first administrators.
    /// For the secret itself, see [`Worker::secret`].
    pub fn admin(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let rest = path
            .strip_prefix("/v1/admin/prefectures/")
            .unwrap_or_else(|| panic!("admin(): {path} is not a token path of the admin API"));
        let (pp, tail) = rest.split_at(2.min(rest.len()));
        let tail = tail
            .strip_prefix("/tokens")
            .unwrap_or_else(|| panic!("admin(): {path} is not a token path of the admin API"));
        let pp: u8 = pp
            .parse()
            .unwrap_or_else(|e| panic!("admin(): {path}: prefecture {pp:?}: {e}"));
        let admin = self.root_admin(pp);
        self.send(
            method,
            &format!("/v1/prefecture/tokens{tail}"),
            Some(&bearer(&admin)),
            body.map(|b| serde_json::to_vec(&b).expect("JSON")),
        )
    }

    /// A request with the admin secret (`Authorization: Bearer <ADMIN_SECRET>`).
    pub fn secret(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let auth = bearer(&self.admin_secret);
        self.send(
            method,
            path,
            Some(&auth),
            body.map(|b| serde_json::to_vec(&b).expect("JSON")),
        )
    }

    /// Issues a token for `org` (its prefecture from the code) with that prefecture's
    /// administrator; panics unless 201.
    pub fn issue(&self, org_code: &str, role: &str, label: &str) -> IssuedToken {
        let pp = &org_code[..2];
        let reply = self.admin(
            Method::POST,
            &format!("/v1/admin/prefectures/{pp}/tokens"),
            Some(json!({"org": org_code, "role": role, "label": label})),
        );
        reply.expect(201, &format!("issue {role} token for {org_code}"))
    }

    /// The prefecture's first administrator (a prefecture_admin token), which issues every
    /// other token of the prefecture in these tests. The admin secret creates it once per
    /// worker state: tests of every binary share one worker, so the token is kept in a file of
    /// [`admin_dir`], guarded by a file lock, and found again by the next test binary.
    pub fn root_admin(&self, prefecture: u8) -> String {
        let mut known = ROOT_ADMINS.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(token) = known.get(&prefecture) {
            return token.clone();
        }
        let (_lock, path) = admin_file(&self.base, prefecture);
        let kept = fs::read_to_string(&path)
            .ok()
            .map(|text| text.trim().to_string())
            .filter(|token| {
                let me = self.get("/v1/me", token);
                me.status == 200 && me.json()["role"] == json!("prefecture_admin")
            });
        let token = kept.unwrap_or_else(|| {
            let org = OrgCode::for_prefecture(prefecture).expect("a prefecture number");
            let body = |replace: bool| {
                json!({"org": org.as_str(), "role": "prefecture_admin",
                       "label": format!("tests {org} 管理者"), "replace_admins": replace})
            };
            let path = format!("/v1/admin/prefectures/{prefecture:02}/tokens");
            let mut reply = self.secret(Method::POST, &path, Some(body(false)));
            if reply.status == 409 {
                // Kept by a run against an earlier worker on this address: start afresh.
                reply = self.secret(Method::POST, &path, Some(body(true)));
            }
            let issued: IssuedToken = reply.expect(201, "create the first administrator");
            issued.token
        });
        fs::write(&path, &token).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        known.insert(prefecture, token.clone());
        token
    }

    /// Replaces the kept administrator of `prefecture` (after a test revoked it).
    pub fn set_root_admin(&self, prefecture: u8, token: &str) {
        let mut known = ROOT_ADMINS.lock().unwrap_or_else(|e| e.into_inner());
        known.insert(prefecture, token.to_string());
        let (_lock, path) = admin_file(&self.base, prefecture);
        fs::write(&path, token).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

/// This process's copy of each prefecture's administrator token (see `Worker::root_admin`).
static ROOT_ADMINS: Mutex<BTreeMap<u8, String>> = Mutex::new(BTreeMap::new());

/// Where the tests keep each prefecture's administrator token: `TSUNAGU_TEST_STATE_DIR`
/// (scripts/test.sh sets it beside the worker's state), else a folder of the system's temporary
/// directory named after the worker's address.
pub fn admin_dir(base: &str) -> PathBuf {
    match std::env::var("TSUNAGU_TEST_STATE_DIR") {
        Ok(dir) if !dir.trim().is_empty() => PathBuf::from(dir.trim()).join("admins"),
        _ => {
            let name: String = base
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            std::env::temp_dir().join(format!("tsunagu-tests-{name}"))
        }
    }
}

/// The file of a prefecture's kept administrator token, with the lock (held while the
/// returned file lives) that keeps two test binaries from creating it at once.
fn admin_file(base: &str, prefecture: u8) -> (fs::File, PathBuf) {
    let dir = admin_dir(base);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let lock_path = dir.join("lock");
    let lock =
        fs::File::create(&lock_path).unwrap_or_else(|e| panic!("{}: {e}", lock_path.display()));
    lock.lock()
        .unwrap_or_else(|e| panic!("lock {}: {e}", lock_path.display()));
    (lock, dir.join(format!("admin-{prefecture:02}.token")))
}

pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// What [`Worker::pull_all`] gathered.
#[derive(Debug)]
pub struct Pulled {
    pub changes: Vec<Change>,
    pub cursor: u64,
    pub pages: usize,
}

impl Pulled {
    /// The changes to these records, in log order.
    pub fn about<'a>(
        &'a self,
        record_ids: &'a BTreeSet<String>,
    ) -> impl Iterator<Item = &'a Change> + 'a {
        self.changes
            .iter()
            .filter(move |c| record_ids.contains(&c.record_id))
    }

    /// The changes written by this client, in log order.
    pub fn by_client<'a>(&'a self, client_id: &'a str) -> Vec<&'a Change> {
        self.changes
            .iter()
            .filter(|c| *c.version.hlc.replica == *client_id)
            .collect()
    }
}

/// A request that only pulls.
pub fn pull_request(client_id: &str, cursor: u64, page_size: Option<u32>) -> SyncRequest {
    SyncRequest {
        protocol: PROTOCOL_VERSION,
        client_id: client_id.to_string(),
        cursor,
        mutations: Vec::new(),
        page_size,
        epoch: None,
        cursor_tag: None,
    }
}

/// A push of these mutations (cursor 0, default page size).
pub fn push_request(client_id: &str, mutations: Vec<Mutation>) -> SyncRequest {
    SyncRequest {
        protocol: PROTOCOL_VERSION,
        client_id: client_id.to_string(),
        cursor: 0,
        mutations,
        page_size: None,
        epoch: None,
        cursor_tag: None,
    }
}

/// One mutation stamped now by `client_id`, without a base and without `seen` (as an app of
/// protocol 1 writes; the server derives what it saw from its base).
pub fn mutation(
    client_id: &str,
    seq: u64,
    kind: RecordKind,
    record_id: &str,
    org_code: &str,
    field: &str,
    value: Value,
) -> Mutation {
    Mutation {
        seq,
        kind,
        record_id: record_id.to_string(),
        org: org(org_code),
        field: field.to_string(),
        value,
        hlc: tsunagu_core::merge::Hlc::new(now_ms(), 0, client_id),
        base: None,
        seen: None,
    }
}

/// The same as [`mutation`], as raw JSON, to be broken on purpose.
pub fn mutation_json(
    client_id: &str,
    seq: u64,
    kind: &str,
    record_id: &str,
    org_code: &str,
    field: &str,
    value: Value,
) -> Value {
    json!({
        "seq": seq,
        "kind": kind,
        "record_id": record_id,
        "org": org_code,
        "field": field,
        "value": value,
        "hlc": {"wall_ms": now_ms(), "counter": 0, "replica": client_id},
    })
}

/// A whole sync body as raw JSON.
pub fn sync_json(client_id: &str, mutations: Vec<Value>) -> Value {
    json!({"protocol": tsunagu_core::protocol::PROTOCOL_VERSION, "client_id": client_id, "cursor": 0, "mutations": mutations})
}

// ----- "nothing was stored" -----

/// A position in a prefecture's change log, taken with a token that reads the whole prefecture.
/// Only valid in a prefecture that no concurrently running test writes to.
pub struct LogMark {
    token: String,
    client_id: String,
    pub cursor: u64,
}

impl LogMark {
    pub fn take(worker: &Worker, whole_prefecture_token: &str) -> LogMark {
        let client_id = unique("mark");
        let cursor = worker
            .pull_all(whole_prefecture_token, &client_id, 0)
            .cursor;
        LogMark {
            token: whole_prefecture_token.to_string(),
            client_id,
            cursor,
        }
    }

    /// Asserts that the log has not grown since the mark.
    pub fn assert_unchanged(&self, worker: &Worker, context: &str) {
        let response = worker.sync(
            &self.token,
            &pull_request(&self.client_id, self.cursor, None),
        );
        assert!(
            response.changes.is_empty() && response.cursor == self.cursor,
            "{context}: the refused request changed the store: cursor {} -> {}, new changes {:?}",
            self.cursor,
            response.cursor,
            response.changes
        );
    }

    /// The changes since the mark.
    pub fn changes_since(&self, worker: &Worker) -> Pulled {
        worker.pull_all(&self.token, &self.client_id, self.cursor)
    }
}

// ----- a device with a client replica -----

/// A device: a token and a [`ClientReplica`] that pushes its pending writes and pulls.
pub struct Device {
    pub token: String,
    pub org: OrgCode,
    pub replica: ClientReplica,
}

impl Device {
    pub fn new(token: &IssuedToken) -> Device {
        Device {
            token: token.token.clone(),
            org: token.info.org.clone(),
            replica: ClientReplica::new(unique("dev")),
        }
    }

    pub fn id(&self) -> String {
        self.replica.client_id().to_string()
    }

    /// A local write, stamped with the current time.
    pub fn write(&mut self, key: &FieldKey, value: Value) -> Mutation {
        let org = self.org.clone();
        self.replica.write(&org, key, value, now_ms())
    }

    /// A local write, stamped as if the wall clock read `now_ms`.
    pub fn write_at(&mut self, key: &FieldKey, value: Value, now_ms: u64) -> Mutation {
        let org = self.org.clone();
        self.replica.write(&org, key, value, now_ms)
    }

    /// Syncs until nothing is pending and nothing more is waiting; returns the responses.
    pub fn sync(&mut self, worker: &Worker) -> Vec<SyncResponse> {
        let mut responses = Vec::new();
        for _ in 0..MAX_PAGES {
            let response = worker.sync(&self.token, &self.replica.request(Some(2000)));
            // The caller reads the changes too: the replica takes in a copy.
            self.replica.apply_response(&mut response.clone());
            let done = !response.has_more && self.replica.pending().is_empty();
            responses.push(response);
            if done {
                return responses;
            }
        }
        panic!(
            "device {} did not finish syncing after {MAX_PAGES} rounds",
            self.id()
        );
    }

    /// Syncs as the app does: the snapshot pages first, then pushes and pulls; a sequence gap
    /// renumbers the queue (after a pull says how far the server got), `store_replaced` starts
    /// over re-queuing the device's own writes, `resync_required` starts over keeping only the
    /// queue. Returns the error codes met, in order.
    pub fn sync_as_the_app(&mut self, worker: &Worker) -> Vec<String> {
        let mut met = Vec::new();
        for _ in 0..MAX_PAGES {
            let reply = match self.replica.snapshot_request(Some(100)) {
                Some(request) => worker.send(
                    Method::POST,
                    "/v1/snapshot",
                    Some(&bearer(&self.token)),
                    Some(serde_json::to_vec(&request).expect("JSON")),
                ),
                None => worker.try_sync(&self.token, &self.replica.request(Some(100))),
            };
            if reply.status == 200 {
                if reply.json().get("records").is_some() {
                    self.replica.apply_snapshot(reply.decode());
                    continue;
                }
                let mut response: SyncResponse = reply.decode();
                self.replica.apply_response(&mut response);
                if !response.has_more && self.replica.pending().is_empty() {
                    return met;
                }
                continue;
            }
            let code = reply.code();
            match code.as_str() {
                "sequence_gap" => {
                    let pulled = worker.sync(
                        &self.token,
                        &pull_request(self.replica.client_id(), self.replica.cursor(), Some(1)),
                    );
                    let mut meta = self.replica.meta();
                    let mut pending = self.replica.pending().to_vec();
                    meta.renumber_after(&mut pending, pulled.acked_through);
                    self.replica.set_queue(pending, &meta);
                }
                "store_replaced" => self.replica.start_over_and_queue(),
                "resync_required" => self.replica.forget_synced(),
                _ => panic!("device {}: {}", self.id(), reply.text),
            }
            met.push(code);
        }
        panic!("device {} did not finish syncing: {met:?}", self.id());
    }

    /// The merged value of every field the device pulled.
    pub fn values(&self) -> BTreeMap<FieldKey, Value> {
        self.replica
            .synced_fields()
            .into_iter()
            .map(|(key, state)| (key, state.value().clone()))
            .collect()
    }
}
