//! Push and pull against the real worker: acknowledgement, authorship, pagination, exactly-once
//! retries and sequence gaps. Run with `bash scripts/test.sh`.

mod support;

use serde_json::{json, Value};
use support::{mutation, pull_request, push_request, unique, worker, LogMark};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::protocol::{HealthResponse, HistoryEntry, SyncRequest, WhoAmI};

const MIYAGI: &str = "040002";
const SENDAI: &str = "041009";

#[test]
fn health_answers_without_a_token() {
    let w = worker();
    let reply = w.send(reqwest::Method::GET, "/v1/health", None, None);
    let health: HealthResponse = reply.expect(200, "health");
    assert_eq!(
        health,
        HealthResponse {
            ok: true,
            service: "tsunagu-sync".into(),
            protocol: tsunagu_core::protocol::PROTOCOL_VERSION,
            version: "0.1.0".into(),
        }
    );
}

#[test]
fn me_says_who_the_token_is() {
    let w = worker();
    let label = format!("仙台市 DX推進担当 {}", unique("me"));
    let token = w.issue(SENDAI, "editor", &label);
    let me: WhoAmI = w.get("/v1/me", &token.token).expect(200, "me");
    assert_eq!(me.org.as_str(), SENDAI);
    assert_eq!(me.role.as_str(), "editor");
    assert_eq!(me.label, label);
    assert_eq!(me.prefecture.as_str(), MIYAGI);
    let raw = w.get("/v1/me", &token.token).json();
    assert_eq!(
        raw,
        json!({"org": SENDAI, "role": "editor", "label": label, "prefecture": MIYAGI})
    );

    let admin = w.issue(MIYAGI, "prefecture_admin", "宮城県 DX推進課");
    let me: WhoAmI = w.get("/v1/me", &admin.token).expect(200, "me");
    assert_eq!(
        (me.org.as_str(), me.role.as_str(), me.prefecture.as_str()),
        (MIYAGI, "prefecture_admin", MIYAGI)
    );
}

#[test]
fn a_push_is_acknowledged_pulled_back_and_seen_by_a_colleague() {
    let w = worker();
    let label = format!("仙台市 総務課 {}", unique("lbl"));
    let author = w.issue(SENDAI, "editor", &label);
    let colleague = w.issue(SENDAI, "viewer", "仙台市 副市長");
    let client = unique("cli");
    let record = unique("m");

    let title = mutation(
        &client,
        1,
        RecordKind::Measure,
        &record,
        SENDAI,
        "title",
        json!("オンライン申請の拡充"),
    );
    let status = mutation(
        &client,
        2,
        RecordKind::Measure,
        &record,
        SENDAI,
        "status",
        json!("作業中"),
    );
    let start = w.pull_all(&author.token, &unique("cli"), 0).cursor;
    let mut push = push_request(&client, vec![title.clone(), status.clone()]);
    push.cursor = start;
    let response = w.sync(&author.token, &push);
    assert_eq!(response.acked_through, 2);
    assert!(!response.has_more);
    assert!(
        response.server_time_ms > 1_600_000_000_000,
        "server time is milliseconds since 1970"
    );

    // The author's own changes come back in the same response, with server seqs.
    let mine: Vec<_> = response
        .changes
        .iter()
        .filter(|c| c.record_id == record)
        .collect();
    assert_eq!(mine.len(), 2, "both writes come back: {mine:?}");
    assert!(
        mine[0].seq < mine[1].seq,
        "log order follows the push order"
    );
    assert!(
        response.cursor >= mine[1].seq,
        "the cursor covers the changes returned"
    );
    for (change, sent) in mine.iter().zip([&title, &status]) {
        assert_eq!(change.kind, RecordKind::Measure);
        assert_eq!(change.org.as_str(), SENDAI);
        assert_eq!(change.field, sent.field);
        assert_eq!(change.version.value, sent.value);
        assert_eq!(
            change.version.hlc, sent.hlc,
            "a current clock is stored as sent"
        );
        assert_eq!(change.version.seq, sent.seq, "the client's seq is kept");
        assert_eq!(*change.version.author, *label, "author = the token's label");
    }
    let seqs: Vec<u64> = mine.iter().map(|c| c.seq).collect();

    // A second client of the same organisation pulls exactly those changes.
    let other = unique("cli");
    let pulled = w.pull_all(&colleague.token, &other, start);
    let seen: Vec<_> = pulled
        .changes
        .iter()
        .filter(|c| c.record_id == record)
        .collect();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen.iter().map(|c| c.seq).collect::<Vec<_>>(), seqs);
    assert_eq!(seen[0].version, mine[0].version);
    assert_eq!(seen[1].version, mine[1].version);
    assert!(pulled.cursor >= seqs[1]);

    // Pulling again from the cursor the author was given returns nothing of the record.
    let again = w.sync(&author.token, &pull_request(&client, response.cursor, None));
    assert!(again.changes.iter().all(|c| c.record_id != record));
    assert_eq!(
        again.acked_through, 2,
        "acked_through stays at the client's last seq"
    );
}

#[test]
fn pages_come_in_order_without_gaps_or_repeats() {
    // Prefecture 05 (Akita) belongs to this test alone: cursors are exact.
    let w = worker();
    let admin = w.issue("050008", "prefecture_admin", "秋田県 DX推進課");
    let start = LogMark::take(w, &admin.token).cursor;
    let writer = unique("cli");
    let count = 25u64;
    let now = support::now_ms();
    let mutations = (1..=count)
        .map(|i| {
            let mut m = mutation(
                &writer,
                i,
                RecordKind::TaxonomyArea,
                &unique("t"),
                "050008",
                "name_ja",
                json!(format!("分野{i}")),
            );
            // Later writes carry older clocks: the log is ordered by arrival, not by time.
            m.hlc.wall_ms = now - i * 60_000;
            m
        })
        .collect::<Vec<_>>();
    let ids: Vec<String> = mutations.iter().map(|m| m.record_id.clone()).collect();
    let mut push = push_request(&writer, mutations);
    push.cursor = start;
    push.page_size = Some(1);
    let pushed = w.sync(&admin.token, &push);
    assert_eq!(pushed.acked_through, count);
    assert_eq!(
        pushed.changes.len(),
        1,
        "page_size applies to the push's reply too"
    );
    assert!(pushed.has_more);
    assert_eq!(pushed.changes[0].seq, start + 1);
    assert_eq!(pushed.cursor, start + 1);

    let reader = unique("cli");
    let mut cursor = start;
    let mut got = Vec::new();
    let mut pages = Vec::new();
    for _ in 0..20 {
        let page = w.sync(&admin.token, &pull_request(&reader, cursor, Some(7)));
        assert!(page.cursor > cursor, "the cursor moves forward");
        if let Some(last) = page.changes.last() {
            assert_eq!(
                page.cursor, last.seq,
                "the cursor is the seq of the page's last change"
            );
        }
        pages.push((page.changes.len(), page.has_more));
        cursor = page.cursor;
        got.extend(page.changes);
        if !page.has_more {
            break;
        }
    }
    assert_eq!(pages, vec![(7, true), (7, true), (7, true), (4, false)]);
    let seqs: Vec<u64> = got.iter().map(|c| c.seq).collect();
    assert_eq!(
        seqs,
        (start + 1..=start + count).collect::<Vec<_>>(),
        "no change missing or repeated"
    );
    assert_eq!(
        got.iter().map(|c| c.record_id.clone()).collect::<Vec<_>>(),
        ids
    );
    assert_eq!(
        cursor,
        start + count,
        "the final cursor is the last change's seq"
    );
    assert!(
        cursor < 1_000_000_000,
        "the cursor is a log position, not a time"
    );

    // Any seq is a valid cursor: from the middle, the rest follows.
    let rest = w.sync(&admin.token, &pull_request(&reader, start + 20, None));
    assert_eq!(
        rest.changes.iter().map(|c| c.seq).collect::<Vec<_>>(),
        (start + 21..=start + count).collect::<Vec<_>>()
    );
    assert_eq!(rest.cursor, start + count);
    assert!(!rest.has_more);
    // At the end: nothing, and the cursor stays.
    let end = w.sync(&admin.token, &pull_request(&reader, start + count, Some(7)));
    assert!(end.changes.is_empty() && !end.has_more);
    assert_eq!(end.cursor, start + count);
}

#[test]
fn pages_of_a_municipality_skip_what_it_may_not_read() {
    // Prefecture 12 (Chiba) belongs to this test alone: cursors are exact.
    let w = worker();
    let admin = w.issue("120006", "prefecture_admin", "千葉県 DX推進課");
    let chiba = w.issue("121002", "editor", "千葉市 DX推進担当");
    let choshi = w.issue("122025", "editor", "銚子市 DX推進担当");
    let start = LogMark::take(w, &admin.token).cursor;
    let (a, b) = (unique("cli"), unique("cli"));
    // Alternate pushes of two municipalities: 1 Chiba, 2 Choshi, 3 Chiba, ... (10 each).
    let mut chiba_ids = Vec::new();
    for i in 1..=10u64 {
        let id = unique("m");
        w.sync(
            &chiba.token,
            &push_request(
                &a,
                vec![mutation(
                    &a,
                    i,
                    RecordKind::Measure,
                    &id,
                    "121002",
                    "title",
                    json!("施策"),
                )],
            ),
        );
        chiba_ids.push(id);
        w.sync(
            &choshi.token,
            &push_request(
                &b,
                vec![mutation(
                    &b,
                    i,
                    RecordKind::Measure,
                    &unique("m"),
                    "122025",
                    "title",
                    json!("施策"),
                )],
            ),
        );
    }
    let last = start + 20;
    let reader = unique("cli");
    let mut cursor = start;
    let mut got = Vec::new();
    let mut shapes = Vec::new();
    for _ in 0..20 {
        let page = w.sync(&chiba.token, &pull_request(&reader, cursor, Some(3)));
        assert!(page.cursor >= cursor);
        shapes.push((page.changes.len(), page.has_more));
        cursor = page.cursor;
        got.extend(page.changes);
        if !page.has_more {
            break;
        }
    }
    assert_eq!(
        got.iter().map(|c| c.record_id.clone()).collect::<Vec<_>>(),
        chiba_ids
    );
    assert_eq!(
        got.iter().map(|c| c.seq).collect::<Vec<_>>(),
        (0..10).map(|i| start + 1 + 2 * i).collect::<Vec<_>>(),
        "Chiba's changes are every other seq"
    );
    assert_eq!(shapes, vec![(3, true), (3, true), (3, true), (1, false)]);
    assert_eq!(
        cursor, last,
        "the final cursor is the log's last seq, past Choshi's last change"
    );
}

fn history(w: &support::Worker, token: &str, kind: RecordKind, id: &str) -> Vec<HistoryEntry> {
    let body: Value = w.history(token, kind, id).expect(200, "history");
    serde_json::from_value(body["entries"].clone()).expect("history entries")
}

#[test]
fn a_retried_push_is_applied_once() {
    let w = worker();
    let token = w.issue(SENDAI, "editor", "仙台市 DX推進担当");
    let client = unique("cli");
    let record = unique("m");
    let m = |seq, field: &str, value: Value| {
        mutation(
            &client,
            seq,
            RecordKind::Measure,
            &record,
            SENDAI,
            field,
            value,
        )
    };
    let first = push_request(
        &client,
        vec![
            m(1, "title", json!("窓口DX")),
            m(2, "status", json!("作業中")),
        ],
    );

    w.try_sync(&token.token, &first)
        .expect_rejected(2, &[], "first push");
    // The reply was lost: the same push again, acknowledged without a rejection.
    w.try_sync(&token.token, &first)
        .expect_rejected(2, &[], "retried push");
    // A push mixing an old seq and new ones applies only the new. The old seq carries another
    // write than the one applied under it: it is refused as `sequence_reused` (not applied; the
    // client sends it again under a new number), every time the push is retried.
    let mixed = push_request(
        &client,
        vec![
            m(2, "status", json!("完了")),
            m(3, "percent", json!(30)),
            m(4, "percent", json!(40)),
        ],
    );
    for attempt in ["mixed push", "mixed push retried"] {
        let messages =
            w.try_sync(&token.token, &mixed)
                .expect_rejected(4, &[(2, "sequence_reused")], attempt);
        assert!(messages[0].contains('2'), "{attempt}: {}", messages[0]);
    }

    let pulled = w.pull_all(&token.token, &unique("cli"), 0);
    let mine = pulled.by_client(&client);
    let summary: Vec<(u64, &str, &Value)> = mine
        .iter()
        .map(|c| (c.version.seq, c.field.as_str(), &c.version.value))
        .collect();
    assert_eq!(
        summary,
        vec![
            (1, "title", &json!("窓口DX")),
            (2, "status", &json!("作業中")),
            (3, "percent", &json!(30)),
            (4, "percent", &json!(40)),
        ],
        "each write once in the log, the reused seq 2 not applied"
    );

    let entries = history(w, &token.token, RecordKind::Measure, &record);
    let summary: Vec<(&str, Option<&Value>, &Value, bool)> = entries
        .iter()
        .map(|e| (e.field.as_str(), e.old_value.as_ref(), &e.new_value, e.won))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("title", None, &json!("窓口DX"), true),
            ("status", None, &json!("作業中"), true),
            ("percent", None, &json!(30), true),
            ("percent", Some(&json!(30)), &json!(40), true),
        ]
    );
    assert!(entries
        .iter()
        .all(|e| e.client_id == client && e.author == "仙台市 DX推進担当"));
    let history_seqs: Vec<u64> = entries.iter().map(|e| e.seq).collect();
    assert_eq!(
        history_seqs,
        mine.iter().map(|c| c.seq).collect::<Vec<_>>(),
        "history seqs are the log's"
    );
}

#[test]
fn sequence_gaps_are_refused_and_store_nothing() {
    // Prefecture 11 (Saitama) belongs to this test alone: cursors are exact.
    let w = worker();
    let admin = w.issue("110001", "prefecture_admin", "埼玉県 DX推進課");
    let editor = w.issue("112011", "editor", "川越市 DX推進担当");
    let client = unique("cli");
    let record = unique("m");
    let m = |seq: u64| {
        mutation(
            &client,
            seq,
            RecordKind::Measure,
            &record,
            "112011",
            "notes",
            json!(format!("メモ{seq}")),
        )
    };
    let push = |seqs: &[u64]| push_request(&client, seqs.iter().map(|&s| m(s)).collect());

    assert_eq!(w.sync(&editor.token, &push(&[1])).acked_through, 1);
    let mark = LogMark::take(w, &admin.token);

    let reply = w.try_sync(&editor.token, &push(&[3, 4]));
    let message = reply.expect_error(
        409,
        "sequence_gap",
        Some("mutations[0].seq"),
        "gap before the push",
    );
    assert!(message.contains("expected sequence number 2"), "{message}");
    mark.assert_unchanged(w, "gap before the push");

    // A gap after two good mutations refuses the whole push: 2 and 3 are not stored either.
    w.try_sync(&editor.token, &push(&[2, 3, 5])).expect_error(
        409,
        "sequence_gap",
        Some("mutations[2].seq"),
        "gap inside the push",
    );
    mark.assert_unchanged(w, "gap inside the push");

    // Within a push, seqs must increase: 422, before anything else.
    for seqs in [[2u64, 2], [3, 2]] {
        w.try_sync(&editor.token, &push(&seqs)).expect_error(
            422,
            "validation_failed",
            Some("mutations[1].seq"),
            &format!("seqs {seqs:?}"),
        );
        mark.assert_unchanged(w, "non-increasing seqs");
    }

    // A new client must start at 1; its refused push does not bind its id to the organisation.
    let fresh = unique("cli");
    let fresh_push = push_request(
        &fresh,
        vec![mutation(
            &fresh,
            2,
            RecordKind::Measure,
            &unique("m"),
            "112011",
            "title",
            json!("x"),
        )],
    );
    w.try_sync(&editor.token, &fresh_push).expect_error(
        409,
        "sequence_gap",
        Some("mutations[0].seq"),
        "new client at seq 2",
    );
    mark.assert_unchanged(w, "new client at seq 2");
    let elsewhere = w.issue("111007", "viewer", "さいたま市 閲覧");
    let bound = w.sync(&elsewhere.token, &pull_request(&fresh, 0, Some(1)));
    assert_eq!(
        bound.acked_through, 0,
        "the refused push left no sequence behind"
    );

    // The next valid push is acknowledged from where the server really was.
    let ok = w.sync(&editor.token, &push(&[2]));
    assert_eq!(ok.acked_through, 2);
    let since = mark.changes_since(w);
    let values: Vec<&Value> = since.changes.iter().map(|c| &c.version.value).collect();
    assert_eq!(
        values,
        vec![&json!("メモ2")],
        "only the valid push was stored"
    );
    assert_eq!(since.cursor, mark.cursor + 1);

    let body = SyncRequest {
        cursor: since.cursor,
        ..push(&[3])
    };
    assert_eq!(w.sync(&editor.token, &body).acked_through, 3);
}

#[test]
fn an_app_of_an_older_protocol_is_told_to_reload_and_its_queue_goes_out_after() {
    // Prefecture 38 (Ehime) belongs to this test alone: the log mark is exact.
    let w = worker();
    let admin = w.issue("380008", "prefecture_admin", "愛媛県 DX推進課");
    let editor = w.issue("382019", "editor", "松山市 DX推進担当");
    let client = unique("cli");
    // An id as apps make them, with the owner's code: the page writes it as `~-m-…`.
    let record = format!("382019-{}", unique("m"));
    let write = mutation(
        &client,
        1,
        RecordKind::Measure,
        &record,
        "382019",
        "title",
        json!("窓口のオンライン化"),
    );
    let mark = LogMark::take(w, &admin.token);
    // A tab of an older app (protocol 2: changes as named objects; 1: before `seen`) pushes
    // its queue: refused whole, in words that say to reload, and nothing is stored.
    for old in [1, 2] {
        let mut body =
            serde_json::to_value(push_request(&client, vec![write.clone()])).expect("JSON");
        body["protocol"] = json!(old);
        let reply = w.sync_raw(&editor.token, body.to_string().into_bytes());
        let message = reply.expect_error(
            400,
            "unsupported_protocol",
            Some("protocol"),
            &format!("protocol {old}"),
        );
        assert!(message.contains("reload"), "{message}");
        mark.assert_unchanged(w, &format!("protocol {old}"));
    }
    // Reloaded, the current app sends the same queue (write 1, without `seen` as the old app
    // stored it): taken as the client's first write, and pulled back in the compact form.
    let response = w.sync(&editor.token, &push_request(&client, vec![write]));
    assert_eq!(response.acked_through, 1);
    let raw = w.sync_raw(
        &admin.token,
        serde_json::to_vec(&pull_request(&unique("cli"), 0, Some(2000))).expect("JSON"),
    );
    assert_eq!(raw.status, 200, "{}", raw.text);
    // The compact page: the record's id once, in the records table, with its code as `~`.
    let short_id = record.replacen("382019", "~", 1);
    assert!(raw.text.contains(r#""rows":[["#), "{}", raw.text);
    assert!(!raw.text.contains("record_id"), "{}", raw.text);
    assert_eq!(
        raw.text.matches(&format!("\"{short_id}\"")).count(),
        1,
        "{}",
        raw.text
    );
    assert!(!raw.text.contains(&record), "{}", raw.text);
    let pulled: tsunagu_core::protocol::SyncResponse = raw.decode();
    let change = pulled
        .changes
        .iter()
        .find(|c| c.record_id == record)
        .expect("the queued write is on the server");
    assert_eq!(change.version.value, json!("窓口のオンライン化"));
    assert_eq!(&*change.version.author, "松山市 DX推進担当");
}
