//! Requests the worker refuses before reading their body (an unknown or revoked token on
//! `POST /v1/sync`, a body whose Content-Length is over 1 MiB) get their 401 or 413, and the
//! worker keeps serving the requests that follow.
//!
//! This file holds one test on purpose: cargo runs test binaries one after another, so if such a
//! refusal upsets the worker, only this test sees it (not tests running beside it).
//! Run with `bash scripts/test.sh`.

mod support;

use reqwest::Method;
use serde_json::json;
use support::{bearer, mutation_json, pull_request, sync_json, unique, worker, LogMark};
use tsunagu_core::protocol::{TokenInfo, MAX_BODY_BYTES};

#[test]
fn requests_refused_before_their_body_is_read_leave_the_worker_serving() {
    // Prefecture 14 (Kanagawa) belongs to this test alone.
    let w = worker();
    let admin = w.issue("140007", "prefecture_admin", "神奈川県 DX推進課");
    let editor = w.issue("141003", "editor", "横浜市 DX推進担当");
    let revoked = w.issue("141003", "editor", "横浜市 異動した職員");
    let _: TokenInfo = w
        .admin(
            Method::DELETE,
            &format!("/v1/admin/prefectures/14/tokens/{}", revoked.info.id),
            None,
        )
        .expect(200, "revoke");
    let unknown = format!("tsu_14_{}_{}", "zzzzZZZZ0000", "a".repeat(40));
    let mark = LogMark::take(w, &admin.token);

    let client = unique("cli");
    let body = sync_json(
        &client,
        vec![mutation_json(
            &client,
            1,
            "measure",
            &unique("m"),
            "141003",
            "title",
            json!("施策"),
        )],
    );
    let sized = |len: usize| {
        let mut bytes = serde_json::to_vec(&body).expect("JSON");
        if bytes.len() < len {
            bytes.resize(len, b' '); // trailing spaces: still valid JSON
        }
        bytes
    };
    let mut issue = serde_json::to_vec(&json!({"org": "141003", "role": "viewer", "label": "x"}))
        .expect("JSON");
    issue.resize(MAX_BODY_BYTES + 1, b' ');

    // (what, path, Authorization, body, status, code)
    type Refusal = (
        &'static str,
        &'static str,
        String,
        Vec<u8>,
        u16,
        &'static str,
    );
    let cases: Vec<Refusal> = vec![
        (
            "unknown token, small body",
            "/v1/sync",
            bearer(&unknown),
            sized(0),
            401,
            "unauthenticated",
        ),
        (
            "unknown token, 900 kB body",
            "/v1/sync",
            bearer(&unknown),
            sized(900_000),
            401,
            "unauthenticated",
        ),
        (
            "revoked token, 900 kB body",
            "/v1/sync",
            bearer(&revoked.token),
            sized(900_000),
            401,
            "token_revoked",
        ),
        (
            "body of 1 MiB + 1 byte",
            "/v1/sync",
            bearer(&editor.token),
            sized(MAX_BODY_BYTES + 1),
            413,
            "payload_too_large",
        ),
        (
            "admin issue of 1 MiB + 1 byte",
            "/v1/admin/prefectures/14/tokens",
            bearer(&w.admin_secret),
            issue,
            413,
            "payload_too_large",
        ),
    ];
    let reader = unique("cli");
    let mut broken = Vec::new();
    for round in 1..=2 {
        for (name, path, auth, bytes, status, code) in &cases {
            let context = format!("round {round}: {name}");
            let refused = w.send(Method::POST, path, Some(auth), Some(bytes.clone()));
            if (refused.status, refused.code().as_str()) == (*status, *code) {
                refused.expect_error(*status, code, None, &context);
            } else {
                broken.push(format!(
                    "{context}: expected {status} {code}, got {} {}",
                    refused.status, refused.text
                ));
            }
            // The very next request, by anyone, must be served normally.
            let next = w.try_sync(&admin.token, &pull_request(&reader, mark.cursor, None));
            if next.status != 200 {
                broken.push(format!("after {context}: {} {}", next.status, next.text));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "the worker failed a refusal made before reading the body, or the request after it \
         (its log shows \"Uncaught TypeError: Can't read from request stream after response has \
         been sent\"):\n{}",
        broken.join("\n")
    );
    mark.assert_unchanged(w, "after every refusal");
    assert!(
        mark.changes_since(w).changes.is_empty(),
        "nothing of the refused requests was stored"
    );
    assert_eq!(
        w.sync_raw(&editor.token, sized(MAX_BODY_BYTES)).status,
        200,
        "a body of exactly 1 MiB is accepted"
    );
}
