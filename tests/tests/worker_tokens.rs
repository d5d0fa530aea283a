//! Tokens and the admin API against the real worker (prefecture 10, Gunma; 11, Saitama, as
//! the other prefecture; 22, Shizuoka, whose administrators are replaced).
//! Run with `bash scripts/test.sh`.

mod support;

use reqwest::Method;
use serde_json::{json, Value};
use support::{bearer, mutation, push_request, unique, worker, Worker};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::protocol::{IssuedToken, TokenInfo, TokenList, WhoAmI};

const GUNMA: &str = "100005";
const MAEBASHI: &str = "102016";
/// The secret's path (first administrators only); `Worker::admin` calls it as the
/// administrator at `/v1/prefecture/tokens`.
const TOKENS: &str = "/v1/admin/prefectures/10/tokens";
const TOKEN_API: &str = "/v1/prefecture/tokens";
const SHIZUOKA: &str = "220001";

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
        .expect_error(401, "token_revoked", None, "me after revocation");
    // (Without a body: see worker_unread_bodies.rs for a revoked token with one.)
    w.send(Method::POST, "/v1/sync", Some(&bearer(&token.token)), None)
        .expect_error(401, "token_revoked", None, "sync after revocation");
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
            403,
            "forbidden",
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
            403,
            "forbidden",
            Some("org"),
        ),
        (
            "replace_admins with a token",
            json!({"org": GUNMA, "role": "prefecture_admin", "label": label, "replace_admins": true}),
            422,
            "validation_failed",
            Some("replace_admins"),
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
    malformed.expect_error(
        400,
        "malformed_json",
        None,
        "malformed JSON with the secret",
    );
    let malformed = w.send(
        Method::POST,
        TOKEN_API,
        Some(&bearer(&w.root_admin(10))),
        Some(b"{\"org\":".to_vec()),
    );
    malformed.expect_error(400, "malformed_json", None, "malformed JSON with a token");

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
            // When the token was last used and synced: present once it was.
            .filter(|key| !matches!(*key, "last_used_ms" | "last_sync_ms"))
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

fn secret_issue(w: &Worker, pp: &str, body: Value) -> support::Reply {
    w.secret(
        Method::POST,
        &format!("/v1/admin/prefectures/{pp}/tokens"),
        Some(body),
    )
}

fn with_token(
    w: &Worker,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> support::Reply {
    w.call(method, path, token, body)
}

#[test]
fn the_secret_only_creates_a_first_administrator() {
    let w = worker();
    // Gunma has its administrator (made by the tests' support with the secret).
    let admin = w.root_admin(10);
    let label = unique("never");
    for role in ["editor", "viewer"] {
        for org in [MAEBASHI, GUNMA] {
            let body = json!({"org": org, "role": role, "label": label});
            let message = secret_issue(w, "10", body).expect_error(
                403,
                "first_admin_only",
                Some("role"),
                &format!("{role} of {org} with the secret"),
            );
            assert!(message.contains("/v1/prefecture/tokens"), "{message}");
        }
    }
    let second = json!({"org": GUNMA, "role": "prefecture_admin", "label": label});
    let message = secret_issue(w, "10", second).expect_error(
        409,
        "prefecture_admin_exists",
        Some("role"),
        "a second administrator with the secret",
    );
    assert!(message.contains("replace_admins"), "{message}");
    let municipal = json!({"org": MAEBASHI, "role": "prefecture_admin", "label": label});
    secret_issue(w, "10", municipal).expect_error(
        422,
        "validation_failed",
        Some("role"),
        "prefecture_admin of a municipality with the secret",
    );
    let elsewhere = json!({"org": "110001", "role": "prefecture_admin", "label": label});
    secret_issue(w, "10", elsewhere).expect_error(
        422,
        "validation_failed",
        Some("org"),
        "another prefecture's administrator through Gunma's path",
    );
    // The secret neither lists nor revokes.
    let target = w.issue(MAEBASHI, "viewer", &unique("kept"));
    w.secret(Method::GET, TOKENS, None).expect_error(
        403,
        "first_admin_only",
        None,
        "list with the secret",
    );
    w.secret(
        Method::DELETE,
        &format!("{TOKENS}/{}", target.info.id),
        None,
    )
    .expect_error(403, "first_admin_only", None, "revoke with the secret");
    w.get("/v1/me", &target.token)
        .expect::<Value>(200, "not revoked");
    w.get("/v1/me", &admin)
        .expect::<Value>(200, "the administrator is untouched");
    let (tokens, _) = list(w);
    assert!(
        tokens.tokens.iter().all(|t| t.label != label),
        "nothing issued"
    );
}

#[test]
fn replace_admins_revokes_every_administrator_and_issues_one() {
    let w = worker();
    // Shizuoka belongs to this test: its administrators are replaced here.
    let first = w.root_admin(22);
    let second: IssuedToken = with_token(
        w,
        Method::POST,
        TOKEN_API,
        &first,
        Some(json!({"org": SHIZUOKA, "role": "prefecture_admin", "label": "静岡県 副管理者"})),
    )
    .expect(201, "a second administrator, issued by the first");
    let editor = w.issue("221007", "editor", &unique("静岡市"));
    let first_id = first.split('_').nth(2).expect("token id").to_string();

    let replaced: IssuedToken = secret_issue(
        w,
        "22",
        json!({"org": SHIZUOKA, "role": "prefecture_admin", "label": "静岡県 新しい管理者",
               "replace_admins": true}),
    )
    .expect(201, "break-glass recovery");
    w.set_root_admin(22, &replaced.token);
    let mut revoked = replaced.revoked_admins.clone();
    revoked.sort();
    let mut expected = vec![first_id.clone(), second.info.id.clone()];
    expected.sort();
    assert_eq!(
        revoked, expected,
        "every active administrator, and only they"
    );
    assert_eq!(replaced.info.role.as_str(), "prefecture_admin");
    for old in [&first, &second.token] {
        w.get("/v1/me", old)
            .expect_error(401, "token_revoked", None, "an old administrator");
        with_token(w, Method::GET, TOKEN_API, old, None).expect_error(
            401,
            "token_revoked",
            None,
            "an old administrator lists",
        );
    }
    w.get("/v1/me", &editor.token)
        .expect::<Value>(200, "other tokens keep working");
    let listed: TokenList = with_token(w, Method::GET, TOKEN_API, &replaced.token, None)
        .expect(200, "the new administrator lists");
    for id in &expected {
        let old = listed.tokens.iter().find(|t| &t.id == id).expect("listed");
        assert!(old.revoked_at_ms.is_some(), "{id} is shown revoked");
    }
    // Without replace_admins the secret cannot add one beside the new administrator.
    secret_issue(
        w,
        "22",
        json!({"org": SHIZUOKA, "role": "prefecture_admin", "label": "もう一人"}),
    )
    .expect_error(
        409,
        "prefecture_admin_exists",
        Some("role"),
        "after replacing",
    );
}

#[test]
fn an_administrator_manages_only_its_own_prefecture() {
    let w = worker();
    let gunma = w.root_admin(10);
    let saitama = w.issue("111007", "viewer", &unique("saitama"));
    // Issuing for Saitama with Gunma's administrator.
    for (org, role) in [("111007", "editor"), ("110001", "prefecture_admin")] {
        with_token(
            w,
            Method::POST,
            TOKEN_API,
            &gunma,
            Some(json!({"org": org, "role": role, "label": unique("cross")})),
        )
        .expect_error(
            403,
            "forbidden",
            Some("org"),
            &format!("issue {role} of {org}"),
        );
    }
    // Revoking Saitama's token answers exactly as an id that does not exist.
    let foreign = with_token(
        w,
        Method::DELETE,
        &format!("{TOKEN_API}/{}", saitama.info.id),
        &gunma,
        None,
    );
    let message = foreign.expect_error(404, "not_found", None, "revoke Saitama's token");
    let unknown = with_token(
        w,
        Method::DELETE,
        &format!("{TOKEN_API}/zzzzZZZZ0000"),
        &gunma,
        None,
    )
    .expect_error(404, "not_found", None, "revoke an unknown id");
    assert_eq!(
        message.replace(&saitama.info.id, "ID"),
        unknown.replace("zzzzZZZZ0000", "ID"),
        "no difference tells a foreign token from none"
    );
    // The list holds Gunma's tokens only.
    let listed: TokenList = with_token(w, Method::GET, TOKEN_API, &gunma, None).expect(200, "list");
    assert!(listed
        .tokens
        .iter()
        .all(|t| t.org.as_str().starts_with("10")));
    assert!(listed.tokens.iter().all(|t| t.id != saitama.info.id));
    // Saitama's secret path does not take Gunma's administrator.
    for method in [Method::GET, Method::POST] {
        let body = (method == Method::POST).then(|| {
            serde_json::to_vec(&json!({"org": "110001", "role": "prefecture_admin", "label": "x"}))
                .expect("JSON")
        });
        w.send(
            method.clone(),
            "/v1/admin/prefectures/11/tokens",
            Some(&bearer(&gunma)),
            body,
        )
        .expect_error(
            401,
            "unauthenticated",
            None,
            &format!("{method} Saitama's admin path"),
        );
    }
    w.get("/v1/me", &saitama.token)
        .expect::<Value>(200, "Saitama's token is untouched");
}

#[test]
fn editors_and_viewers_cannot_manage_tokens() {
    let w = worker();
    let victim = w.issue(MAEBASHI, "viewer", &unique("victim"));
    let label = unique("never");
    for role in ["editor", "viewer"] {
        for org in [MAEBASHI, GUNMA] {
            let token = w.issue(org, role, &unique("caller"));
            let context = format!("{role} of {org}");
            with_token(w, Method::GET, TOKEN_API, &token.token, None).expect_error(
                403,
                "forbidden",
                Some("authorization"),
                &format!("{context} lists"),
            );
            with_token(
                w,
                Method::POST,
                TOKEN_API,
                &token.token,
                Some(json!({"org": MAEBASHI, "role": "editor", "label": label})),
            )
            .expect_error(
                403,
                "forbidden",
                Some("authorization"),
                &format!("{context} issues"),
            );
            with_token(
                w,
                Method::DELETE,
                &format!("{TOKEN_API}/{}", victim.info.id),
                &token.token,
                None,
            )
            .expect_error(
                403,
                "forbidden",
                Some("authorization"),
                &format!("{context} revokes"),
            );
        }
    }
    for auth in [None, Some("Bearer nope".to_string())] {
        w.send(Method::GET, TOKEN_API, auth.as_deref(), None)
            .expect_error(401, "unauthenticated", None, "no token");
    }
    w.get("/v1/me", &victim.token)
        .expect::<Value>(200, "nothing was revoked");
    let (tokens, _) = list(w);
    assert!(
        tokens.tokens.iter().all(|t| t.label != label),
        "nothing issued"
    );
}

#[test]
fn an_administrator_issues_lists_and_revokes_in_its_prefecture() {
    let w = worker();
    let admin = w.root_admin(10);
    let issue = |token: &str, org: &str, role: &str| -> IssuedToken {
        with_token(
            w,
            Method::POST,
            TOKEN_API,
            token,
            Some(json!({"org": org, "role": role, "label": unique("issued")})),
        )
        .expect(201, &format!("issue {role} of {org}"))
    };
    let editor = issue(&admin, MAEBASHI, "editor");
    let viewer = issue(&admin, GUNMA, "viewer");
    let co_admin = issue(&admin, GUNMA, "prefecture_admin");
    assert!(co_admin.revoked_admins.is_empty());
    // A second administrator manages tokens as the first does.
    let by_co_admin = issue(&co_admin.token, MAEBASHI, "viewer");
    let listed: TokenList =
        with_token(w, Method::GET, TOKEN_API, &co_admin.token, None).expect(200, "list");
    for token in [&editor, &viewer, &co_admin, &by_co_admin] {
        let entry = listed
            .tokens
            .iter()
            .find(|t| t.id == token.info.id)
            .expect("listed");
        // As issued, but for when it was last used (the co-administrator's list just now).
        let used = TokenInfo {
            last_used_ms: entry.last_used_ms,
            ..token.info.clone()
        };
        assert_eq!(entry, &used);
    }
    let revoked: TokenInfo = with_token(
        w,
        Method::DELETE,
        &format!("{TOKEN_API}/{}", editor.info.id),
        &admin,
        None,
    )
    .expect(200, "revoke");
    assert!(revoked.revoked_at_ms.is_some());
    w.get("/v1/me", &editor.token)
        .expect_error(401, "token_revoked", None, "a revoked editor");
    w.get("/v1/me", &viewer.token)
        .expect::<Value>(200, "the others keep working");
    with_token(
        w,
        Method::DELETE,
        &format!("{TOKEN_API}/{}", co_admin.info.id),
        &admin,
        None,
    )
    .expect::<TokenInfo>(200, "revoke the co-administrator");
    with_token(w, Method::GET, TOKEN_API, &co_admin.token, None).expect_error(
        401,
        "token_revoked",
        None,
        "a revoked administrator",
    );
    // Wrong methods and bodies are refused with a reason.
    w.send(Method::PUT, TOKEN_API, Some(&bearer(&admin)), None)
        .expect_error(405, "method_not_allowed", None, "PUT");
    with_token(
        w,
        Method::POST,
        TOKEN_API,
        &admin,
        Some(json!({"org": MAEBASHI, "role": "owner", "label": "x"})),
    )
    .expect_error(400, "invalid_request", None, "an unknown role");
}

#[test]
fn the_secret_never_answers_a_browser_and_administrators_do() {
    let w = worker();
    let origin = ("origin", "https://evil.example");
    let secret = bearer(&w.admin_secret);
    let label = unique("browser");
    let body = serde_json::to_vec(
        &json!({"org": GUNMA, "role": "prefecture_admin", "label": label,
                                           "replace_admins": true}),
    )
    .expect("JSON");
    let allow_origin = |headers: &reqwest::header::HeaderMap| {
        headers
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap_or_default().to_string())
    };
    for (method, path, body) in [
        (Method::POST, TOKENS.to_string(), Some(body.clone())),
        (Method::GET, TOKENS.to_string(), None),
        (Method::DELETE, format!("{TOKENS}/zzzzZZZZ0000"), None),
    ] {
        let (reply, headers) = w.send_with_headers(
            method.clone(),
            &path,
            &[origin, ("authorization", &secret)],
            body,
        );
        reply.expect_error(
            403,
            "cross_origin_refused",
            None,
            &format!("{method} with an Origin"),
        );
        assert_eq!(allow_origin(&headers), None, "{method}: no CORS headers");
    }
    let (preflight, headers) = w.send_with_headers(
        Method::OPTIONS,
        TOKENS,
        &[
            origin,
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "authorization, content-type",
            ),
        ],
        None,
    );
    preflight.expect_error(
        403,
        "cross_origin_refused",
        None,
        "a preflight of the admin path",
    );
    assert_eq!(allow_origin(&headers), None, "the preflight allows nothing");
    // The same-origin-less request (curl, the operator tool) has no CORS headers either.
    let (_, headers) =
        w.send_with_headers(Method::GET, TOKENS, &[("authorization", &secret)], None);
    assert_eq!(
        allow_origin(&headers),
        None,
        "no CORS headers on the secret's answers"
    );

    let admin = w.root_admin(10);
    let (preflight, headers) = w.send_with_headers(
        Method::OPTIONS,
        TOKEN_API,
        &[
            origin,
            ("access-control-request-method", "DELETE"),
            ("access-control-request-headers", "authorization"),
        ],
        None,
    );
    assert_eq!(preflight.status, 204, "{}", preflight.text);
    assert_eq!(allow_origin(&headers).as_deref(), Some("*"));
    let (listed, headers) = w.send_with_headers(
        Method::GET,
        TOKEN_API,
        &[origin, ("authorization", &bearer(&admin))],
        None,
    );
    let _: TokenList = listed.expect(200, "an administrator lists cross-origin");
    assert_eq!(allow_origin(&headers).as_deref(), Some("*"));
    let (issued, _) = w.send_with_headers(
        Method::POST,
        TOKEN_API,
        &[origin, ("authorization", &bearer(&admin))],
        Some(
            serde_json::to_vec(&json!({"org": MAEBASHI, "role": "viewer", "label": label}))
                .expect("JSON"),
        ),
    );
    let _: IssuedToken = issued.expect(201, "an administrator issues cross-origin");
    w.get("/v1/me", &admin)
        .expect::<Value>(200, "the refused replace_admins revoked nothing");
}
