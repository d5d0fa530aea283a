//! Sync by file against the real worker (issue 26, `POST /v1/sync-file`): a relay posts an
//! offline device's signed file with its own token; the writes apply once, under the writing
//! token's rules; the answer is the device's return file of what it may read; every bad file
//! is refused in words and changes nothing. Prefecture 44 (Oita), 46 (Kagoshima) as the other
//! prefecture. Run with `bash scripts/test.sh`.

mod support;

use reqwest::Method;
use serde_json::json;
use std::sync::Mutex;
use support::{bearer, mutation, now_ms, unique, worker, LogMark, Reply, Worker};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::protocol::{IssuedToken, Mutation};
use tsunagu_core::sync_file::{
    check_return, device_key, OutboundBody, ReturnBody, SyncFile, MAX_FILE_BYTES,
};

const OITA_PREF: &str = "440001";
const OITA: &str = "442011";
const BEPPU: &str = "442020";
const KAGOSHIMA: &str = "462012";

/// One test at a time: each checks that a refused file left the prefecture's log unchanged.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// A device's file of `mutations`, written `created_ms`, pulled up to `cursor`.
fn file_of(
    device: &IssuedToken,
    client_id: &str,
    mutations: Vec<Mutation>,
    created_ms: u64,
) -> SyncFile {
    OutboundBody {
        prefecture: 0,
        org: device.info.org.clone(),
        token_id: String::new(),
        client_id: client_id.into(),
        label: device.info.label.clone(),
        created_ms,
        first_seq: 0,
        last_seq: 0,
        cursor: 0,
        epoch: None,
        cursor_tag: None,
        mutations,
    }
    .sign_with(&device.token)
    .expect("a device token")
}

fn relay(w: &Worker, relay_token: &str, body: &[u8]) -> Reply {
    w.send(
        Method::POST,
        "/v1/sync-file",
        Some(&bearer(relay_token)),
        Some(body.to_vec()),
    )
}

fn title(client: &str, seq: u64, id: &str, org: &str, value: &str) -> Mutation {
    mutation(
        client,
        seq,
        RecordKind::Measure,
        id,
        org,
        "title",
        json!(value),
    )
}

/// The return file in a 200 reply, checked as the device checks it.
fn returned(device: &IssuedToken, client_id: &str, reply: &Reply) -> ReturnBody {
    assert_eq!(reply.status, 200, "relayed: {}", reply.text);
    let file = SyncFile::parse(reply.text.as_bytes()).expect("a sync file");
    let (token_id, key) = device_key(&device.token).expect("a token");
    check_return(&file, &key, &token_id, client_id).expect("a return file for the device")
}

#[test]
fn a_relayed_file_applies_once_under_the_writers_rules_and_returns_what_it_may_read() {
    let _one = serial();
    let w = worker();
    let device = w.issue(OITA, "editor", "大分市 DX推進担当（オフライン）");
    let relay_token = w.issue(BEPPU, "editor", "別府市 DX推進担当（中継）").token;
    let whole = w.root_admin(44);
    // Meanwhile, online: Beppu and the prefecture write.
    let beppu_id = unique("bp");
    let pref_id = unique("pf");
    let online = unique("online");
    w.sync(
        &relay_token,
        &support::push_request(
            &online,
            vec![title(&online, 1, &beppu_id, BEPPU, "別府の施策")],
        ),
    );
    let pref_client = unique("pref");
    w.sync(
        &whole,
        &support::push_request(
            &pref_client,
            vec![title(&pref_client, 1, &pref_id, OITA_PREF, "県の施策")],
        ),
    );

    let client = unique("offline");
    let oita_id = unique("oi");
    let file = file_of(
        &device,
        &client,
        vec![
            title(&client, 1, &oita_id, OITA, "大分の施策"),
            title(&client, 2, &oita_id, OITA, "大分の施策（改）"),
            // The relay (Beppu) may write this; the writing device (Oita) may not.
            title(&client, 3, &beppu_id, BEPPU, "他市の記録"),
        ],
        now_ms(),
    );
    let text = file.to_text();
    assert!(!text.contains(device.token.split('_').next_back().unwrap_or("-")));
    let body = returned(&device, &client, &relay(w, &relay_token, text.as_bytes()));
    assert_eq!(body.response.acked_through, 3);
    assert_eq!(
        body.response.rejected.len(),
        1,
        "{:?}",
        body.response.rejected
    );
    assert_eq!(body.response.rejected[0].seq, 3);
    assert_eq!(body.relayed_by, "別府市 DX推進担当（中継）");
    let ids: Vec<&str> = body
        .response
        .changes
        .iter()
        .map(|c| c.record_id.as_str())
        .collect();
    assert!(ids.contains(&pref_id.as_str()), "the prefecture's record");
    assert!(ids.contains(&oita_id.as_str()), "its own writes");
    assert!(
        !ids.contains(&beppu_id.as_str()),
        "not another town's: {ids:?}"
    );

    // A fresh client of the prefecture reads the device's edits, written under its name.
    let fresh = w.pull_all(&whole, &unique("fresh"), 0);
    let written: Vec<_> = fresh.by_client(&client);
    assert_eq!(written.len(), 2);
    assert!(written.iter().all(|c| c.org.as_str() == OITA));
    assert_eq!(
        &*written[1].version.author,
        "大分市 DX推進担当（オフライン）"
    );

    // The same file again, on this relay or another: refused, nothing changed.
    let mark = LogMark::take(w, &whole);
    let again = relay(w, &relay_token, text.as_bytes());
    let words = again.expect_error(409, "file_already_relayed", Some("file.replayed"), "replay");
    assert!(words.contains("already relayed"), "{words}");
    let other_relay = w.issue(OITA_PREF, "viewer", "県 閲覧").token;
    relay(w, &other_relay, text.as_bytes()).expect_error(
        409,
        "file_already_relayed",
        Some("file.replayed"),
        "on another relay",
    );
    mark.assert_unchanged(w, "a replayed file");

    // A newer file holding the same writes and one more applies the new one only.
    let newer = file_of(
        &device,
        &client,
        vec![
            title(&client, 1, &oita_id, OITA, "大分の施策"),
            title(&client, 2, &oita_id, OITA, "大分の施策（改）"),
            title(&client, 3, &beppu_id, BEPPU, "他市の記録"),
            title(&client, 4, &oita_id, OITA, "大分の施策（再）"),
        ],
        now_ms() + 1,
    );
    let body = returned(
        &device,
        &client,
        &relay(w, &other_relay, newer.to_text().as_bytes()),
    );
    assert_eq!(body.response.acked_through, 4);
    assert_eq!(
        mark.changes_since(w).changes.len(),
        1,
        "only write 4 is new"
    );
}

#[test]
fn bad_files_are_refused_in_words_and_change_nothing() {
    let _one = serial();
    let w = worker();
    let device = w.issue(OITA, "editor", "大分市 端末");
    let relay_token = w.issue(OITA_PREF, "editor", "県 中継").token;
    let whole = w.root_admin(44);
    let client = unique("bad");
    let id = unique("bd");
    let good = file_of(
        &device,
        &client,
        vec![
            title(&client, 1, &id, OITA, "一"),
            title(&client, 2, &id, OITA, "二"),
        ],
        now_ms(),
    )
    .to_text();
    let mark = LogMark::take(w, &whole);
    let refused = |body: &[u8], status: u16, code: &str, field: &str, what: &str| {
        let message = relay(w, &relay_token, body).expect_error(status, code, Some(field), what);
        mark.assert_unchanged(w, what);
        message
    };

    refused(
        &good.as_bytes()[..good.len() - 40],
        422,
        "file_refused",
        "file",
        "truncated",
    );
    let altered = good.replace("\\\"二\\\"", "\\\"三\\\"");
    assert_ne!(altered, good, "the value is in the signed body");
    let words = refused(
        altered.as_bytes(),
        422,
        "file_refused",
        "file.signature",
        "altered",
    );
    assert!(words.contains("altered"), "{words}");

    let ahead = file_of(
        &device,
        &client,
        vec![title(&client, 1, &id, OITA, "先")],
        now_ms() + 3_600_000,
    );
    let words = refused(
        ahead.to_text().as_bytes(),
        422,
        "file_refused",
        "file.created_ms",
        "future-dated",
    );
    assert!(words.contains("minutes in the future"), "{words}");

    let later = file_of(
        &device,
        &client,
        vec![title(&client, 3, &id, OITA, "三")],
        now_ms(),
    );
    let words = refused(
        later.to_text().as_bytes(),
        409,
        "sequence_gap",
        "file.first_seq",
        "out of order",
    );
    assert!(
        words.contains("changes 1–2"),
        "names the missing writes: {words}"
    );

    let kagoshima = w.issue(KAGOSHIMA, "editor", "鹿児島市 端末");
    let foreign = file_of(&kagoshima, &unique("kg"), vec![], now_ms());
    refused(
        foreign.to_text().as_bytes(),
        422,
        "file_refused",
        "file.prefecture",
        "other prefecture",
    );

    let mut oversized = good.clone().into_bytes();
    oversized.resize(MAX_FILE_BYTES + 1, b' ');
    refused(
        &oversized,
        413,
        "payload_too_large",
        "file.size",
        "oversized",
    );

    // The earlier file, then the later one: both apply, in order.
    returned(&device, &client, &relay(w, &relay_token, good.as_bytes()));
    let body = returned(
        &device,
        &client,
        &relay(w, &relay_token, later.to_text().as_bytes()),
    );
    assert_eq!(body.response.acked_through, 3);
    assert_eq!(mark.changes_since(w).changes.len(), 3);

    // A revoked token's file: refused, saying so.
    let mark = LogMark::take(w, &whole);
    let next = file_of(
        &device,
        &client,
        vec![title(&client, 4, &id, OITA, "四")],
        now_ms(),
    );
    w.admin(
        Method::DELETE,
        &format!("/v1/admin/prefectures/44/tokens/{}", device.info.id),
        None,
    )
    .expect::<serde_json::Value>(200, "revoke");
    let words = relay(w, &relay_token, next.to_text().as_bytes()).expect_error(
        422,
        "file_refused",
        Some("file.token_revoked"),
        "revoked",
    );
    assert!(words.contains("revoked"), "{words}");
    mark.assert_unchanged(w, "revoked");
}

#[test]
fn only_a_token_of_the_prefecture_relays_and_only_by_post() {
    let _one = serial();
    let w = worker();
    let device = w.issue(OITA, "editor", "大分市 端末2");
    let file = file_of(&device, &unique("acc"), vec![], now_ms()).to_text();
    // Without a body: one refused unread upsets the runtime (worker_unread_bodies.rs).
    let none = w.send(Method::POST, "/v1/sync-file", None, None);
    none.expect_error(401, "unauthenticated", Some("authorization"), "no token");
    // A token of another prefecture is routed to its own object, which refuses the file.
    let kagoshima = w.issue(KAGOSHIMA, "editor", "鹿児島 中継").token;
    relay(w, &kagoshima, file.as_bytes()).expect_error(
        422,
        "file_refused",
        Some("file.prefecture"),
        "relay of another prefecture",
    );
    let get = w.send(
        Method::GET,
        "/v1/sync-file",
        Some(&bearer(&kagoshima)),
        None,
    );
    assert_eq!(get.status, 405, "{}", get.text);
    // A file that only asks what changed: answered with a return file, nothing written.
    let whole = w.root_admin(44);
    let mark = LogMark::take(w, &whole);
    let client = unique("ask");
    let file = file_of(&device, &client, vec![], now_ms());
    let body = returned(
        &device,
        &client,
        &relay(w, &whole, file.to_text().as_bytes()),
    );
    assert_eq!(body.response.acked_through, 0);
    mark.assert_unchanged(w, "a file without writes");
}

/// The benchmark's worker step (docs/benchmarks.md): a file of 5,000 changes written, relayed
/// through the real worker in one request, and its return file checked; each step timed and
/// printed (`-- --nocapture`).
#[test]
fn a_file_of_5000_changes_relays_in_one_request() {
    let _one = serial();
    let w = worker();
    let device = w.issue(OITA, "editor", "大分市 大量");
    let relay_token = w.issue(BEPPU, "editor", "別府市 中継（大量）").token;
    let client = unique("bulk");
    let fields = ["title", "status", "percent", "notes", "department"];
    let mutations: Vec<Mutation> = (0..5_000u64)
        .map(|i| {
            let field = fields[(i % 5) as usize];
            let value = match field {
                "status" => json!("作業中"),
                "percent" => json!(50),
                _ => json!(format!("施策{} の{field}（ファイルで同期の計測）", i / 5)),
            };
            let id = format!("{client}-{}", i / 5);
            mutation(&client, i + 1, RecordKind::Measure, &id, OITA, field, value)
        })
        .collect();
    let started = std::time::Instant::now();
    let text = file_of(&device, &client, mutations, now_ms()).to_text();
    let export_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = std::time::Instant::now();
    let reply = relay(w, &relay_token, text.as_bytes());
    let relay_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = std::time::Instant::now();
    let body = returned(&device, &client, &reply);
    let check_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(body.response.acked_through, 5_000);
    assert!(
        body.response.rejected.is_empty(),
        "{:?}",
        &body.response.rejected[..1]
    );
    assert!(body.response.changes.len() >= 5_000);
    println!(
        "sync file of 5,000 changes ({} bytes; return file {} bytes): export {export_ms:.0} ms, \
         relay round trip through the worker {relay_ms:.0} ms, return file read and checked {check_ms:.0} ms",
        text.len(),
        reply.text.len()
    );
}
