//! Tokens and the admin API against the real worker (prefecture 10, Gunma).
//! Run with `bash scripts/test.sh`.

mod support;

use reqwest::Method;
use serde_json::{json, Value};
use support::{bearer, mutation, push_request, unique, worker, Worker};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::protocol::{TokenInfo, TokenList, WhoAmI};

const GUNMA: &str = "100005";
const MAEBASHI: &str = "102016";
const TOKENS: &str = "/v1/admin/prefectures/10/tokens";

fn list(w: &Worker) -> (TokenList, String) {
    let reply = w.admin(Method::GET, TOKENS, None);
    (reply.expect(200, "list tokens"), reply.text)
}

#[test]
fn missing_malformed_and_unknown_tokens_are_401() {
    let w = worker();
    let real = w.issue(MAEBASHI, "editor", "前橋市 DX推進担当");
    let (id, secret) = {
        let parts: Vec<&str> = real.token.split('_').collect();
        (parts[2].to_string(), parts[3].to_string())
    };
    let wrong_secret = format!("tsu_10_{id}_{}", "A".repeat(secret.len()));
    let unknown_id = format!("tsu_10_{}_{secret}", "zzzzZZZZ0000");
    let other_prefecture = format!("tsu_11_{id}_{secret}"); // routed to Saitama, unknown there
    let headers: Vec<(&str, Option<String>)> = vec![
        ("no Authorization header", None),
        ("empty header", Some(String::new())),
        ("not Bearer", Some(format!("Basic {}", real.token))),
        ("Bearer without token", Some("Bearer ".into())),
        ("not a Tsunagu token", Some("Bearer abcdef".into())),
        (
            "prefecture 48",
            Some(format!("Bearer tsu_48_{id}_{secret}")),
        ),
        ("short secret", Some(format!("Bearer tsu_10_{id}_abc"))),
        ("extra part", Some(format!("Bearer {}_x", real.token))),
        ("wrong secret", Some(bearer(&wrong_secret))),
        ("unknown id", Some(bearer(&unknown_id))),
        (
            "token of another prefecture's number",
            Some(bearer(&other_prefecture)),
        ),
        ("admin secret as a token", Some(bearer(&w.admin_secret))),
    ];
    // `POST /v1/sync` goes without a body here: a body refused unread upsets the worker, which
    // worker_unread_bodies.rs tests on its own.
    for (name, header) in &headers {
        for (method, path) in [
            (Method::GET, "/v1/me"),
            (Method::POST, "/v1/sync"),
            (Method::GET, "/v1/records/measure/some-record/history"),
        ] {
            let context = format!("{name}: {method} {path}");
            w.send(method, path, header.as_deref(), None).expect_error(
                401,
                "unauthenticated",
                None,
                &context,
            );
        }
    }
    // The real token works.
    let me: WhoAmI = w.get("/v1/me", &real.token).expect(200, "real token");
    assert_eq!(me.org.as_str(), MAEBASHI);
}

#[test]
fn a_revoked_token_is_refused_from_the_next_request() {
    let w = worker();
    let label = format!("前橋市 異動した職員 {}", unique("lbl"));
    let token = w.issue(MAEBASHI, "editor", &label);
    let client = unique("cli");
    let write = push_request(
        &client,
        vec![mutation(
            &client,
            1,
            RecordKind::Measure,
            &unique("m"),
            MAEBASHI,
            "title",
            json!("施策"),
        )],
    );
    assert_eq!(w.sync(&token.token, &write).acked_through, 1);

    let revoked: TokenInfo = w
        .admin(Method::DELETE, &format!("{TOKENS}/{}", token.info.id), None)
        .expect(200, "revoke");
    assert_eq!(revoked.id, token.info.id);
    let revoked_at = revoked.revoked_at_ms.expect("revoked_at_ms is set");
    assert!(revoked_at >= token.info.created_at_ms);

    w.get("/v1/me", &token.token)
        .expect_error(401, "unauthenticated", None, "me after revocation");
    // (Without a body: see worker_unread_bodies.rs for a revoked token with one.)
    w.send(Method::POST, "/v1/sync", Some(&bearer(&token.token)), None)
        .expect_error(401, "unauthenticated", None, "sync after revocation");
    // Revoking again keeps the first time; the list shows it revoked.
    let again: TokenInfo = w
        .admin(Method::DELETE, &format!("{TOKENS}/{}", token.info.id), None)
        .expect(200, "revoke again");
    assert_eq!(again.revoked_at_ms, Some(revoked_at));
    let (tokens, _) = list(w);
    let listed = tokens
        .tokens
        .iter()
        .find(|t| t.id == token.info.id)
        .expect("still listed");
    assert_eq!(listed.revoked_at_ms, Some(revoked_at));
    assert_eq!(listed.label, label);
}

#[test]
fn the_admin_api_needs_the_admin_secret() {
    let w = worker();
    let label = unique("never-issued");
    let victim = w.issue(MAEBASHI, "viewer", &unique("victim"));
    let wrong = [
        None,
        Some("Bearer".to_string()),
        Some("Bearer ".to_string()),
        Some(bearer("wrong-secret")),
        Some(bearer(&format!("{}x", w.admin_secret))),
        Some(w.admin_secret.clone()), // without "Bearer "
        Some(bearer(&victim.token)),  // a user token is not the admin secret
    ];
    let issue = serde_json::to_vec(&json!({"org": MAEBASHI, "role": "editor", "label": label}))
        .expect("JSON");
    for auth in &wrong {
        for (method, path, body) in [
            (Method::POST, TOKENS.to_string(), Some(issue.clone())),
            (Method::GET, TOKENS.to_string(), None),
            (Method::DELETE, format!("{TOKENS}/{}", victim.info.id), None),
        ] {
            let context = format!("{method} {path} with {auth:?}");
            w.send(method, &path, auth.as_deref(), body).expect_error(
                401,
                "unauthenticated",
                None,
                &context,
            );
        }
    }
    let (tokens, _) = list(w);
    assert!(
        tokens.tokens.iter().all(|t| t.label != label),
        "nothing was issued"
    );
    let victim_now = tokens
        .tokens
        .iter()
        .find(|t| t.id == victim.info.id)
        .expect("listed");
    assert_eq!(victim_now.revoked_at_ms, None, "nothing was revoked");
    w.get("/v1/me", &victim.token)
        .expect::<Value>(200, "the victim's token still works");
}

#[test]
fn invalid_issue_requests_are_refused_with_a_reason() {
    let w = worker();
    let label = unique("refused");
    let cases: Vec<(&str, Value, u16, &str, Option<&str>)> = vec![
        (
            "unknown role",
            json!({"org": MAEBASHI, "role": "superuser", "label": label}),
            400,
            "invalid_request",
            None,
        ),
        (
            "role missing",
            json!({"org": MAEBASHI, "label": label}),
            400,
            "invalid_request",
            None,
        ),
        (
            "unknown field",
            json!({"org": MAEBASHI, "role": "editor", "label": label, "expires": 1}),
            400,
            "invalid_request",
            None,
        ),
        (
            "wrong check digit",
            json!({"org": "102017", "role": "editor", "label": label}),
            400,
            "invalid_request",
            None,
        ),
        (
            "org outside the prefecture",
            json!({"org": "111007", "role": "editor", "label": label}),
            422,
            "validation_failed",
            Some("org"),
        ),
        (
            "prefecture_admin of a municipality",
            json!({"org": MAEBASHI, "role": "prefecture_admin", "label": label}),
            422,
            "validation_failed",
            Some("role"),
        ),
        (
            "prefecture_admin of another prefecture",
            json!({"org": "110001", "role": "prefecture_admin", "label": label}),
            422,
            "validation_failed",
            Some("org"),
        ),
        (
            "empty label",
            json!({"org": MAEBASHI, "role": "editor", "label": ""}),
            422,
            "validation_failed",
            Some("label"),
        ),
        (
            "blank label",
            json!({"org": MAEBASHI, "role": "editor", "label": "   "}),
            422,
            "validation_failed",
            Some("label"),
        ),
        (
            "label of 101",
            json!({"org": MAEBASHI, "role": "editor", "label": "長".repeat(101)}),
            422,
            "validation_failed",
            Some("label"),
        ),
        (
            "label with a control character",
            json!({"org": MAEBASHI, "role": "editor", "label": format!("{label}\u{7}")}),
            422,
            "validation_failed",
            Some("label"),
        ),
    ];
    for (name, body, status, code, field) in cases {
        let reply = w.admin(Method::POST, TOKENS, Some(body));
        let message = reply.expect_error(status, code, field, name);
        assert!(
            message.len() > 10,
            "{name}: the message explains: {message}"
        );
        if name == "wrong check digit" {
            assert!(
                message.contains("should be 6"),
                "{name}: names the right check digit: {message}"
            );
        }
        if name == "org outside the prefecture" {
            assert!(message.contains("111007"), "{name}: {message}");
        }
    }
    let malformed = w.send(
        Method::POST,
        TOKENS,
        Some(&bearer(&w.admin_secret)),
        Some(b"{\"org\":".to_vec()),
    );
    malformed.expect_error(400, "malformed_json", None, "malformed JSON");

    let (tokens, _) = list(w);
    assert!(
        tokens.tokens.iter().all(|t| !t.label.contains(&label)),
        "nothing was issued"
    );
    // 100 characters is fine, and the label is trimmed.
    let longest = w.issue(MAEBASHI, "viewer", &format!(" {} ", "長".repeat(100)));
    assert_eq!(longest.info.label, "長".repeat(100));
}

#[test]
fn listed_tokens_never_show_a_secret() {
    let w = worker();
    let issued: Vec<_> = [
        (GUNMA, "prefecture_admin"),
        (MAEBASHI, "editor"),
        (MAEBASHI, "viewer"),
    ]
    .into_iter()
    .map(|(org, role)| (w.issue(org, role, &unique("listed")), role))
    .collect();
    for (token, role) in &issued {
        assert!(token.token.starts_with("tsu_10_"), "{}", token.token);
        assert_eq!(token.info.role.as_str(), *role);
        assert_eq!(token.info.revoked_at_ms, None);
        let secret = token.token.rsplit('_').next().expect("secret");
        assert_eq!(secret.len(), 40, "40 random letters and digits");
        assert!(secret.bytes().all(|b| b.is_ascii_alphanumeric()));
    }
    let (tokens, text) = list(w);
    let raw: Value = serde_json::from_str(&text).expect("JSON");
    for (token, _) in &issued {
        let listed = tokens
            .tokens
            .iter()
            .find(|t| t.id == token.info.id)
            .expect("listed");
        assert_eq!(listed, &token.info);
        let secret = token.token.rsplit('_').next().expect("secret");
        assert!(!text.contains(secret), "the list shows a secret");
        assert!(!text.contains(&token.token), "the list shows a token");
    }
    for entry in raw["tokens"].as_array().expect("tokens") {
        let mut keys: Vec<&str> = entry
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "created_at_ms",
                "id",
                "label",
                "org",
                "revoked_at_ms",
                "role"
            ],
            "{entry}"
        );
    }
    assert!(!text.contains("hash"), "the list mentions a hash: {text}");
}

#[test]
fn revoking_an_unknown_token_is_404() {
    let w = worker();
    for id in ["zzzzZZZZ9999", "nope"] {
        w.admin(Method::DELETE, &format!("{TOKENS}/{id}"), None)
            .expect_error(404, "not_found", None, &format!("revoke {id}"));
    }
    // A token of another prefecture cannot be revoked through this prefecture's path.
    let saitama = w.issue("111007", "viewer", &unique("saitama"));
    w.admin(
        Method::DELETE,
        &format!("{TOKENS}/{}", saitama.info.id),
        None,
    )
    .expect_error(404, "not_found", None, "revoke another prefecture's token");
    w.get("/v1/me", &saitama.token)
        .expect::<Value>(200, "still valid");
}

#[test]
fn issued_tokens_write_as_their_label() {
    let w = worker();
    let label = format!("前橋市 総務課 {}", unique("lbl"));
    let token = w.issue(MAEBASHI, "editor", &label);
    let client = unique("cli");
    let record = unique("m");
    let response = w.sync(
        &token.token,
        &push_request(
            &client,
            vec![mutation(
                &client,
                1,
                RecordKind::Measure,
                &record,
                MAEBASHI,
                "title",
                json!("施策"),
            )],
        ),
    );
    let change = response
        .changes
        .iter()
        .find(|c| c.record_id == record)
        .expect("pulled back");
    assert_eq!(*change.version.author, *label);
    let body: Value = w
        .history(&token.token, RecordKind::Measure, &record)
        .expect(200, "history");
    assert_eq!(body["entries"][0]["author"], json!(label));
}
