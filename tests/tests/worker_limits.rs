//! A body over 1 MiB that declares its length is refused with 413 before it is read, and the
//! worker keeps serving the requests that follow.
//!
//! This file holds one test on purpose: cargo runs test binaries one after another, so if the
//! refusal upsets the worker, only this test sees it (not tests running beside it).
//! Run with `bash scripts/test.sh`.

mod support;

use reqwest::Method;
use serde_json::json;
use support::{mutation_json, pull_request, sync_json, unique, worker, LogMark};
use tsunagu_core::protocol::MAX_BODY_BYTES;

#[test]
fn an_oversized_body_is_refused_and_the_worker_keeps_serving() {
    // Prefecture 14 (Kanagawa) belongs to this test alone.
    let w = worker();
    let admin = w.issue("140007", "prefecture_admin", "神奈川県 DX推進課");
    let editor = w.issue("141003", "editor", "横浜市 DX推進担当");
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
    let mut oversized = serde_json::to_vec(&body).expect("JSON");
    oversized.resize(MAX_BODY_BYTES + 1, b' ');
    let reader = unique("cli");

    for attempt in 1..=3 {
        let context = format!("attempt {attempt}: body of 1 MiB + 1 byte");
        let message = w.sync_raw(&editor.token, oversized.clone()).expect_error(
            413,
            "payload_too_large",
            None,
            &context,
        );
        assert!(
            message.contains("1048577") && message.contains("1048576"),
            "{message}"
        );
        // The very next request, by anyone, must be served normally.
        let next = w.try_sync(&admin.token, &pull_request(&reader, mark.cursor, None));
        assert_eq!(
            next.status, 200,
            "{context}: the request after the refusal failed: {} (the worker answered 413 \
             without reading the body and then failed with \"Can't read from request stream \
             after response has been sent\"; see the worker log)",
            next.text
        );
        mark.assert_unchanged(w, &context);
    }

    // The admin API reads its body the same way.
    let mut big_issue =
        serde_json::to_vec(&json!({"org": "141003", "role": "viewer", "label": "x"}))
            .expect("JSON");
    big_issue.resize(MAX_BODY_BYTES + 1, b' ');
    let auth = support::bearer(&w.admin_secret);
    w.send(
        Method::POST,
        "/v1/admin/prefectures/14/tokens",
        Some(&auth),
        Some(big_issue),
    )
    .expect_error(413, "payload_too_large", None, "admin issue over 1 MiB");
    let next = w.try_sync(&admin.token, &pull_request(&reader, mark.cursor, None));
    assert_eq!(
        next.status, 200,
        "the request after the admin refusal failed: {}",
        next.text
    );
}
