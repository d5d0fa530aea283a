//! Bad input against the real worker: every refusal is a 4xx JSON error with the documented code
//! (and `field` where the spec gives one), and leaves the store unchanged. Each test owns a
//! prefecture, so "unchanged" is checked exactly: the change log does not grow.
//! Run with `bash scripts/test.sh`.

mod support;

use reqwest::Method;
use serde_json::{json, Value};
use support::{mutation, mutation_json, push_request, sync_json, unique, worker, LogMark, Worker};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::protocol::{MAX_BODY_BYTES, MAX_MUTATIONS_PER_PUSH};

/// A bad request for `POST /v1/sync` and the error it must get.
struct Case {
    name: &'static str,
    body: Vec<u8>,
    status: u16,
    code: &'static str,
    field: Option<&'static str>,
    /// Words the message must contain.
    says: &'static [&'static str],
}

fn case(
    name: &'static str,
    body: Value,
    status: u16,
    code: &'static str,
    field: Option<&'static str>,
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        body: serde_json::to_vec(&body).expect("JSON"),
        status,
        code,
        field,
        says,
    }
}

/// Sends every case, checks its error, and checks after each that nothing was stored; then
/// checks that the client id was not used up: its seq 1 is still accepted.
fn refuse_all(
    w: &Worker,
    mark: &LogMark,
    token: &str,
    client: &str,
    cases: Vec<Case>,
    valid_first: Value,
) {
    for case in cases {
        let reply = w.sync_raw(token, case.body);
        let message = reply.expect_error(case.status, case.code, case.field, case.name);
        for word in case.says {
            assert!(
                message.contains(word),
                "{}: message {message:?} should mention {word:?}",
                case.name
            );
        }
        mark.assert_unchanged(w, case.name);
    }
    let ok = w.sync_json(token, &sync_json(client, vec![valid_first]));
    assert_eq!(
        ok.status, 200,
        "the valid push after the refusals: {}",
        ok.text
    );
    assert_eq!(
        ok.json()["acked_through"],
        json!(1),
        "seq 1 was not used up by a refused push"
    );
    assert_eq!(mark.changes_since(w).changes.len(), 1);
}

#[test]
fn malformed_requests_are_refused_with_400() {
    // Prefecture 06 (Yamagata) belongs to this test alone.
    let w = worker();
    let admin = w.issue("060003", "prefecture_admin", "山形県 DX推進課");
    let editor = w.issue("062014", "editor", "山形市 DX推進担当");
    let mark = LogMark::take(w, &admin.token);
    let client = unique("cli");
    let good = mutation_json(
        &client,
        1,
        "measure",
        &unique("m"),
        "062014",
        "title",
        json!("施策"),
    );
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut body = sync_json(&client, vec![good.clone()]);
        edit(&mut body);
        body
    };
    let raw = |name, text: &str, status, code, field, says| Case {
        name,
        body: text.as_bytes().to_vec(),
        status,
        code,
        field,
        says,
    };
    let cases = vec![
        raw(
            "truncated JSON",
            "{\"protocol\":1,",
            400,
            "malformed_json",
            None,
            &[],
        ),
        raw("not JSON", "protocol=1", 400, "malformed_json", None, &[]),
        raw("empty body", "", 400, "malformed_json", None, &[]),
        raw("not an object", "[1,2]", 400, "invalid_request", None, &[]),
        case(
            "unknown top-level field",
            with(&|b| b["extra"] = json!(1)),
            400,
            "invalid_request",
            Some("extra"),
            &["extra"],
        ),
        case(
            "unknown mutation field",
            with(&|b| b["mutations"][0]["colour"] = json!("red")),
            400,
            "invalid_request",
            Some("mutations[0].colour"),
            &["colour"],
        ),
        case(
            "unknown hlc field",
            with(&|b| b["mutations"][0]["hlc"]["tz"] = json!(9)),
            400,
            "invalid_request",
            Some("mutations[0].hlc.tz"),
            &["tz"],
        ),
        case(
            "missing client_id",
            with(&|b| {
                b.as_object_mut().unwrap().remove("client_id");
            }),
            400,
            "invalid_request",
            None,
            &["client_id"],
        ),
        case(
            "missing cursor",
            with(&|b| {
                b.as_object_mut().unwrap().remove("cursor");
            }),
            400,
            "invalid_request",
            None,
            &["cursor"],
        ),
        case(
            "missing hlc",
            with(&|b| {
                b["mutations"][0].as_object_mut().unwrap().remove("hlc");
            }),
            400,
            "invalid_request",
            None,
            &["hlc"],
        ),
        case(
            "missing value",
            with(&|b| {
                b["mutations"][0].as_object_mut().unwrap().remove("value");
            }),
            400,
            "invalid_request",
            None,
            &["value"],
        ),
        case(
            "seq as a string",
            with(&|b| b["mutations"][0]["seq"] = json!("1")),
            400,
            "invalid_request",
            Some("mutations[0].seq"),
            &[],
        ),
        case(
            "wall_ms as a string",
            with(&|b| b["mutations"][0]["hlc"]["wall_ms"] = json!("1763780000000")),
            400,
            "invalid_request",
            Some("mutations[0].hlc.wall_ms"),
            &[],
        ),
        case(
            "negative cursor",
            with(&|b| b["cursor"] = json!(-1)),
            400,
            "invalid_request",
            Some("cursor"),
            &[],
        ),
        case(
            "mutations not a list",
            with(&|b| b["mutations"] = json!({})),
            400,
            "invalid_request",
            Some("mutations"),
            &[],
        ),
        case(
            "unknown kind",
            with(&|b| b["mutations"][0]["kind"] = json!("widget")),
            400,
            "invalid_request",
            Some("mutations[0].kind"),
            &["widget"],
        ),
        // 062014 is Yamagata city; 062015 has a wrong check digit, and the message says which is right.
        case(
            "wrong check digit",
            with(&|b| b["mutations"][0]["org"] = json!("062015")),
            400,
            "invalid_request",
            Some("mutations[0].org"),
            &["062015", "should be 4"],
        ),
        case(
            "org code too short",
            with(&|b| b["mutations"][0]["org"] = json!("06201")),
            400,
            "invalid_request",
            Some("mutations[0].org"),
            &["062014"],
        ),
        case(
            "org code not digits",
            with(&|b| b["mutations"][0]["org"] = json!("0620a4")),
            400,
            "invalid_request",
            Some("mutations[0].org"),
            &[],
        ),
        case(
            "protocol 4",
            with(&|b| b["protocol"] = json!(4)),
            400,
            "unsupported_protocol",
            Some("protocol"),
            &["3", "reload"],
        ),
        case(
            "protocol 2 (an older app)",
            with(&|b| b["protocol"] = json!(2)),
            400,
            "unsupported_protocol",
            Some("protocol"),
            &["reload"],
        ),
        case(
            "protocol 0",
            with(&|b| b["protocol"] = json!(0)),
            400,
            "unsupported_protocol",
            Some("protocol"),
            &[],
        ),
        case(
            "protocol as a string",
            with(&|b| b["protocol"] = json!("1")),
            400,
            "invalid_request",
            Some("protocol"),
            &[],
        ),
        case(
            "no protocol",
            with(&|b| {
                b.as_object_mut().unwrap().remove("protocol");
            }),
            400,
            "invalid_request",
            Some("protocol"),
            &["protocol"],
        ),
    ];
    refuse_all(w, &mark, &editor.token, &client, cases, good.clone());
}

#[test]
fn invalid_values_are_refused_alone_and_invalid_requests_whole_with_422() {
    // Prefecture 07 (Fukushima) belongs to this test alone.
    let w = worker();
    let admin = w.issue("070009", "prefecture_admin", "福島県 DX推進課");
    let editor = w.issue("072010", "editor", "福島市 DX推進担当");
    let mark = LogMark::take(w, &admin.token);
    let client = unique("cli");
    let record = unique("m");
    let good = mutation_json(
        &client,
        1,
        "measure",
        &record,
        "072010",
        "title",
        json!("施策"),
    );
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut body = sync_json(&client, vec![good.clone()]);
        edit(&mut body);
        body
    };
    // Problems of the request itself refuse the push whole.
    let cases = vec![
        case(
            "short client_id",
            with(&|b| b["client_id"] = json!("short")),
            422,
            "validation_failed",
            Some("client_id"),
            &[],
        ),
        case(
            "client_id with a space",
            with(&|b| b["client_id"] = json!("bad client")),
            422,
            "validation_failed",
            Some("client_id"),
            &[],
        ),
        case(
            "client_id of 65",
            with(&|b| b["client_id"] = json!("c".repeat(65))),
            422,
            "validation_failed",
            Some("client_id"),
            &[],
        ),
        case(
            "hlc.replica is not the client",
            with(&|b| b["mutations"][0]["hlc"]["replica"] = json!("someone-else")),
            422,
            "validation_failed",
            Some("mutations[0].hlc.replica"),
            &["someone-else"],
        ),
        case(
            "seq 0",
            with(&|b| b["mutations"][0]["seq"] = json!(0)),
            422,
            "validation_failed",
            Some("mutations[0].seq"),
            &[],
        ),
        case(
            "wall_ms 0",
            with(&|b| b["mutations"][0]["hlc"]["wall_ms"] = json!(0)),
            422,
            "validation_failed",
            Some("mutations[0].hlc.wall_ms"),
            &[],
        ),
        case(
            "bad base replica",
            with(&|b| {
                b["mutations"][0]["base"] = json!({"wall_ms": 1, "counter": 0, "replica": "x"})
            }),
            422,
            "validation_failed",
            Some("mutations[0].base.replica"),
            &[],
        ),
        case(
            "page_size 0",
            with(&|b| b["page_size"] = json!(0)),
            422,
            "validation_failed",
            Some("page_size"),
            &[],
        ),
        case(
            "page_size 2001",
            with(&|b| b["page_size"] = json!(2001)),
            422,
            "validation_failed",
            Some("page_size"),
            &["2000"],
        ),
    ];
    // (stores `good` as seq 1 at the end)
    refuse_all(w, &mark, &editor.token, &client, cases, good.clone());

    // A record id, field name or value the schema refuses refuses that mutation alone: the push
    // is acknowledged, the bad mutation is listed in `rejected` with the part at fault, and the
    // good one before it is stored. (name, kind, record id, field, value, part at fault, words)
    type Bad = (
        &'static str,
        &'static str,
        String,
        &'static str,
        Value,
        &'static str,
        &'static [&'static str],
    );
    let bad = |name, kind, field, value, says| -> Bad {
        (name, kind, record.clone(), field, value, "value", says)
    };
    let bad_values: Vec<Bad> = vec![
        bad(
            "percent 101",
            "measure",
            "percent",
            json!(101),
            &["percent"],
        ),
        bad("percent -1", "measure", "percent", json!(-1), &[]),
        bad("percent 50.5", "measure", "percent", json!(50.5), &[]),
        bad("percent \"50\"", "measure", "percent", json!("50"), &[]),
        bad(
            "status done",
            "measure",
            "status",
            json!("done"),
            &["status"],
        ),
        bad(
            "title too long",
            "measure",
            "title",
            json!("長".repeat(201)),
            &["title"],
        ),
        bad("empty title", "measure", "title", json!(""), &[]),
        bad(
            "title with a line break",
            "measure",
            "title",
            json!("一行目\n二行目"),
            &[],
        ),
        bad("null title", "measure", "title", Value::Null, &["null"]),
        bad("start_fy 1999", "measure", "start_fy", json!(1999), &[]),
        bad(
            "bad deadline",
            "measure",
            "deadline",
            json!("2026-3-31"),
            &[],
        ),
        bad(
            "_deleted not a bool",
            "measure",
            "_deleted",
            json!("yes"),
            &["_deleted"],
        ),
        bad(
            "kpi baseline not a number",
            "kpi",
            "baseline",
            json!("十"),
            &[],
        ),
        (
            "unknown field",
            "measure",
            record.clone(),
            "colour",
            json!("red"),
            "field",
            &["colour"],
        ),
        (
            "record id with a space",
            "measure",
            "m 1".to_string(),
            "title",
            json!("施策"),
            "record_id",
            &[],
        ),
        (
            "record id of 65",
            "measure",
            "r".repeat(65),
            "title",
            json!("施策"),
            "record_id",
            &[],
        ),
    ];
    let mut seq = 1;
    let mut stored = vec![("title".to_string(), json!("施策"))];
    for (name, kind, record_id, field, value, at_fault, says) in bad_values {
        let (good_seq, bad_seq) = (seq + 1, seq + 2);
        seq = bad_seq;
        let note = json!(format!("{name} の前の正しい書き込み"));
        let good = mutation_json(
            &client,
            good_seq,
            "measure",
            &record,
            "072010",
            "notes",
            note.clone(),
        );
        let bad = mutation_json(&client, bad_seq, kind, &record_id, "072010", field, value);
        let reply = w.sync_json(&editor.token, &sync_json(&client, vec![good, bad]));
        let messages = reply.expect_rejected(bad_seq, &[(bad_seq, "validation_failed")], name);
        let message = &messages[0];
        assert!(
            message.starts_with(&format!("{at_fault}:")),
            "{name}: the message names the part at fault ({at_fault}): {message:?}"
        );
        for word in says {
            assert!(
                message.contains(word),
                "{name}: message {message:?} should mention {word:?}"
            );
        }
        stored.push(("notes".to_string(), note));
        let since: Vec<(String, Value)> = mark
            .changes_since(w)
            .changes
            .into_iter()
            .map(|c| (c.field.into(), c.version.value))
            .collect();
        assert_eq!(
            since, stored,
            "{name}: only the good mutations are stored, the refused one is not"
        );
    }
    let entries = w
        .history_entries(&admin.token, RecordKind::Measure, &record)
        .expect("the record is stored");
    assert_eq!(
        entries.len(),
        stored.len(),
        "no refused write in the history"
    );
}

#[test]
fn an_unknown_field_name_is_refused_and_blamed_on_the_field() {
    // Prefecture 13 (Tokyo): only refused mutations, so nothing is stored there.
    let w = worker();
    let editor = w.issue("131016", "editor", "千代田区 DX推進担当");
    for (kind, field) in [
        ("measure", "colour"),
        ("kpi", "target_fy1999"),
        ("plan", "Title"),
    ] {
        let client = unique("cli");
        let record = unique("r");
        let body = sync_json(
            &client,
            vec![mutation_json(
                &client,
                1,
                kind,
                &record,
                "131016",
                field,
                json!(1),
            )],
        );
        let context = format!("{kind}.{field}");
        let reply = w.sync_json(&editor.token, &body);
        let messages = reply.expect_rejected(1, &[(1, "validation_failed")], &context);
        assert!(
            messages[0].starts_with("field:"),
            "{context}: the field name is at fault, not the value: {}",
            messages[0]
        );
        assert!(messages[0].contains(field), "{context}: {}", messages[0]);
        // A retry is answered the same way.
        let again = w.sync_json(&editor.token, &body);
        assert_eq!(
            again.expect_rejected(1, &[(1, "validation_failed")], &context),
            messages,
            "{context}: retried"
        );
        let kind: RecordKind = kind.parse().expect("a kind");
        assert!(
            w.history_entries(&editor.token, kind, &record).is_none(),
            "{context}: nothing stored"
        );
    }
}

#[test]
fn size_limits_are_enforced_at_their_boundaries() {
    // Prefecture 08 (Ibaraki) belongs to this test alone.
    let w = worker();
    let admin = w.issue("080004", "prefecture_admin", "茨城県 DX推進課");
    let editor = w.issue("082015", "editor", "水戸市 DX推進担当");
    let mark = LogMark::take(w, &admin.token);
    let client = unique("cli");
    let record = unique("m");
    let padded = |len: usize| {
        let body = sync_json(
            &client,
            vec![mutation_json(
                &client,
                1,
                "measure",
                &record,
                "082015",
                "title",
                json!("施策"),
            )],
        );
        let mut bytes = serde_json::to_vec(&body).expect("JSON");
        assert!(bytes.len() < len);
        bytes.resize(len, b' '); // trailing spaces: still valid JSON
        bytes
    };

    // A body over the limit with a Content-Length header: see worker_unread_bodies.rs.
    let over = w.sync_chunked(&editor.token, padded(2 * MAX_BODY_BYTES));
    over.expect_error(
        413,
        "payload_too_large",
        None,
        "2 MiB body without Content-Length",
    );
    mark.assert_unchanged(w, "2 MiB body without Content-Length");

    let too_many: Vec<Value> = (1..=MAX_MUTATIONS_PER_PUSH as u64 + 1)
        .map(|seq| {
            mutation_json(
                &client,
                seq,
                "measure",
                &record,
                "082015",
                "notes",
                json!(format!("{seq}")),
            )
        })
        .collect();
    let message = w
        .sync_json(&editor.token, &sync_json(&client, too_many))
        .expect_error(
            413,
            "too_many_mutations",
            Some("mutations"),
            "501 mutations",
        );
    assert!(message.contains("500"), "{message}");
    mark.assert_unchanged(w, "501 mutations");

    // Exactly at the limits: accepted.
    let ok = w.sync_raw(&editor.token, padded(MAX_BODY_BYTES));
    assert_eq!(ok.status, 200, "a body of exactly 1 MiB: {}", ok.text);
    let full: Vec<_> = (2..=MAX_MUTATIONS_PER_PUSH as u64 + 1)
        .map(|seq| {
            mutation(
                &client,
                seq,
                RecordKind::Measure,
                &record,
                "082015",
                "notes",
                json!(format!("{seq}")),
            )
        })
        .collect();
    let response = w.sync(&editor.token, &push_request(&client, full));
    assert_eq!(response.acked_through, MAX_MUTATIONS_PER_PUSH as u64 + 1);
    let since = mark.changes_since(w);
    assert_eq!(since.changes.len(), MAX_MUTATIONS_PER_PUSH + 1);
    assert_eq!(
        since.cursor,
        mark.cursor + MAX_MUTATIONS_PER_PUSH as u64 + 1
    );
}

#[test]
fn ownership_is_fixed_by_the_first_write() {
    // Prefecture 09 (Tochigi) belongs to this test alone.
    let w = worker();
    let admin = w.issue("090000", "prefecture_admin", "栃木県 DX推進課");
    let utsunomiya = w.issue("092011", "editor", "宇都宮市 DX推進担当");
    let ashikaga = w.issue("092029", "editor", "足利市 DX推進担当");
    let (a, b, p) = (unique("cli"), unique("cli"), unique("cli"));
    let record = unique("m");
    let first = mutation(
        &a,
        1,
        RecordKind::Measure,
        &record,
        "092011",
        "title",
        json!("宇都宮の施策"),
    );
    w.sync(&utsunomiya.token, &push_request(&a, vec![first]));
    let mark = LogMark::take(w, &admin.token);

    // Another municipality claims the record under its own code: refused alone, acknowledged.
    let steal = mutation(
        &b,
        1,
        RecordKind::Measure,
        &record,
        "092029",
        "title",
        json!("足利の施策"),
    );
    let messages = w
        .try_sync(&ashikaga.token, &push_request(&b, vec![steal.clone()]))
        .expect_rejected(
            1,
            &[(1, "record_owned_elsewhere")],
            "write under another owner",
        );
    assert!(
        messages[0].contains(&record) && messages[0].contains("092029"),
        "the message names the record and the organisation written: {}",
        messages[0]
    );
    assert!(
        !messages[0].contains("092011"),
        "the message does not say who owns a record the writer may not read: {}",
        messages[0]
    );
    mark.assert_unchanged(w, "write under another owner");

    // After a valid new record in the same push: the new record is stored, the claim is not.
    let fresh_record = unique("m");
    let fresh = mutation(
        &b,
        2,
        RecordKind::Measure,
        &fresh_record,
        "092029",
        "title",
        json!("新規"),
    );
    let steal2 = mutation(
        &b,
        3,
        RecordKind::Measure,
        &record,
        "092029",
        "status",
        json!("完了"),
    );
    w.try_sync(
        &ashikaga.token,
        &push_request(&b, vec![fresh.clone(), steal2]),
    )
    .expect_rejected(
        3,
        &[(3, "record_owned_elsewhere")],
        "second mutation owned elsewhere",
    );

    // An organisation record is its own code's: written under another code, the id names
    // the owner, and the write is refused before anyone looks for an owner.
    let claim = mutation(
        &p,
        1,
        RecordKind::Organisation,
        "092011",
        "092011",
        "name",
        json!("宇都宮市"),
    );
    let reclaim = mutation(
        &p,
        2,
        RecordKind::Organisation,
        "092011",
        "092029",
        "name",
        json!("足利市"),
    );
    w.try_sync(&admin.token, &push_request(&p, vec![claim, reclaim]))
        .expect_rejected(2, &[(2, "forbidden")], "an organisation under another code");

    // Under its true owner, another municipality's editor is simply not allowed.
    let mut as_owner = steal.clone();
    as_owner.seq = 4;
    as_owner.org = support::org("092011");
    w.try_sync(&ashikaga.token, &push_request(&b, vec![as_owner]))
        .expect_rejected(4, &[(4, "forbidden")], "write under the true owner");

    // The owner's next write is stored as usual.
    let again = mutation(
        &a,
        2,
        RecordKind::Measure,
        &record,
        "092011",
        "status",
        json!("作業中"),
    );
    assert_eq!(
        w.sync(&utsunomiya.token, &push_request(&a, vec![again]))
            .acked_through,
        2
    );
    let stored: Vec<(String, String, String, Value)> = mark
        .changes_since(w)
        .changes
        .into_iter()
        .map(|c| {
            (
                c.record_id,
                c.org.as_str().to_string(),
                c.field.into(),
                c.version.value,
            )
        })
        .collect();
    assert_eq!(
        stored,
        vec![
            (
                fresh_record.clone(),
                "092029".to_string(),
                "title".to_string(),
                json!("新規")
            ),
            (
                "092011".to_string(),
                "092011".to_string(),
                "name".to_string(),
                json!("宇都宮市")
            ),
            (
                record.clone(),
                "092011".to_string(),
                "status".to_string(),
                json!("作業中")
            ),
        ],
        "only the writes under the owner were stored"
    );
    let entries = w
        .history_entries(&admin.token, RecordKind::Measure, &record)
        .expect("stored");
    assert_eq!(
        entries
            .iter()
            .map(|e| (e.field.as_str(), &e.new_value, e.org.as_str()))
            .collect::<Vec<_>>(),
        [
            ("title", &json!("宇都宮の施策"), "092011"),
            ("status", &json!("作業中"), "092011")
        ]
    );
}

#[test]
fn unknown_endpoints_and_wrong_methods() {
    let w = worker();
    let editor = w.issue("062022", "editor", "米沢市 DX推進担当");
    let auth = support::bearer(&editor.token);
    let cases: &[(Method, &str, u16, &str)] = &[
        (Method::GET, "/v1/nope", 404, "not_found"),
        (Method::GET, "/v1/", 404, "not_found"),
        (Method::POST, "/v1/sync/extra", 404, "not_found"),
        (
            Method::GET,
            "/v1/records/widget/x/history",
            404,
            "not_found",
        ),
        (
            Method::GET,
            "/v1/records/measure/never-written/history",
            404,
            "not_found",
        ),
        (
            Method::GET,
            "/v1/admin/prefectures/48/tokens",
            404,
            "not_found",
        ),
        (
            Method::GET,
            "/v1/admin/prefectures/6/tokens",
            404,
            "not_found",
        ),
        (Method::GET, "/v1/sync", 405, "method_not_allowed"),
        (Method::PUT, "/v1/sync", 405, "method_not_allowed"),
        (Method::POST, "/v1/me", 405, "method_not_allowed"),
        (Method::POST, "/v1/health", 405, "method_not_allowed"),
        (
            Method::DELETE,
            "/v1/records/measure/x/history",
            405,
            "method_not_allowed",
        ),
        (
            Method::PUT,
            "/v1/admin/prefectures/06/tokens",
            405,
            "method_not_allowed",
        ),
        (
            Method::DELETE,
            "/v1/admin/prefectures/06/tokens",
            405,
            "method_not_allowed",
        ),
        (
            Method::GET,
            "/v1/admin/prefectures/06/tokens/abcd",
            405,
            "method_not_allowed",
        ),
    ];
    for (method, path, status, code) in cases {
        let context = format!("{method} {path}");
        let body = (*method == Method::POST || *method == Method::PUT).then(|| b"{}".to_vec());
        w.send(method.clone(), path, Some(&auth), body)
            .expect_error(*status, code, None, &context);
    }
    // Unknown endpoints are 404 with or without a token.
    w.send(Method::GET, "/v1/nope", None, None)
        .expect_error(404, "not_found", None, "no token");
}
