//! Mutations refused alone against the real worker: a push is refused whole only for problems of
//! the request itself; a mutation that breaks a rule (access, ownership, the schema, a clock
//! counter out of range, its size, a reused sequence number) is acknowledged, listed in
//! `rejected` with its code and not stored, while the rest of the push is applied and the
//! device keeps syncing. Prefecture 17 (Ishikawa, expectations relative to own ids) and 18
//! (Fukui, stamps from the future). Run with `bash scripts/test.sh`.

mod support;

use serde_json::{json, Value};
use std::collections::BTreeSet;
use support::{mutation, now_ms, pull_request, push_request, unique, worker, Worker};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{Hlc, MAX_HLC_COUNTER};
use tsunagu_core::protocol::{
    IssuedToken, Mutation, Rejection, SyncResponse, MAX_CLOCK_SKEW_MS, MAX_MUTATION_BYTES,
};

const ISHIKAWA: &str = "170003";
const KANAZAWA: &str = "172014";
const NANAO: &str = "172022";
const FUKUI_CITY: &str = "182010";

fn measure(client: &str, seq: u64, record: &str, org: &str, field: &str, value: Value) -> Mutation {
    mutation(client, seq, RecordKind::Measure, record, org, field, value)
}

/// A measure of Nanao's, stored by a Nanao editor: Kanazawa may not write it under its own code.
fn nanao_measure(w: &Worker, nanao: &IssuedToken) -> String {
    let client = unique("cli");
    let record = unique("m");
    let push = push_request(
        &client,
        vec![measure(
            &client,
            1,
            &record,
            NANAO,
            "title",
            json!("七尾の施策"),
        )],
    );
    w.try_sync(&nanao.token, &push)
        .expect_rejected(1, &[], "Nanao's own measure");
    record
}

/// (field, value, client seq, hlc) of the changes `client` wrote, as `token` pulls them back
/// with a fresh client id from the start of the log.
fn pulled_back(w: &Worker, token: &str, client: &str) -> Vec<(String, Value, u64, Hlc)> {
    w.pull_all(token, &unique("cli"), 0)
        .by_client(client)
        .into_iter()
        .map(|c| {
            (
                c.field.to_string(),
                c.version.value.clone(),
                c.version.seq,
                c.version.hlc.clone(),
            )
        })
        .collect()
}

/// The fields of a record's history, oldest first (empty when the record was never stored).
fn history_fields(w: &Worker, token: &str, kind: RecordKind, id: &str) -> Vec<(String, Value)> {
    w.history_entries(token, kind, id)
        .unwrap_or_default()
        .into_iter()
        .map(|e| (e.field, e.new_value))
        .collect()
}

#[derive(Clone, Copy, Debug)]
enum Bad {
    ForbiddenOrg,
    OwnedElsewhere,
    InvalidValue,
    HlcCounterOutOfRange,
    BaseCounterOutOfRange,
    ValueTooLarge,
}

#[test]
fn one_bad_mutation_among_good_ones_is_refused_alone_and_never_wedges_the_device() {
    let w = worker();
    let admin = w.issue(ISHIKAWA, "prefecture_admin", "石川県 DX推進課");
    let kanazawa = w.issue(KANAZAWA, "editor", "金沢市 DX推進担当");
    let colleague = w.issue(KANAZAWA, "viewer", "金沢市 副市長");
    let nanao = w.issue(NANAO, "editor", "七尾市 DX推進担当");
    let nanao_record = nanao_measure(w, &nanao);
    let admin_client = unique("pref");
    let mut admin_seq = 0;

    for case in [
        Bad::ForbiddenOrg,
        Bad::OwnedElsewhere,
        Bad::InvalidValue,
        Bad::HlcCounterOutOfRange,
        Bad::BaseCounterOutOfRange,
        Bad::ValueTooLarge,
    ] {
        let name = format!("{case:?}");
        let client = unique("cli");
        let record = unique("m");
        let good1 = measure(&client, 1, &record, KANAZAWA, "title", json!("窓口DX"));
        let mut good3 = measure(&client, 3, &record, KANAZAWA, "status", json!("作業中"));
        let elsewhere = unique("m");
        // The bad mutation, its kind and record, its code and the start of its message.
        let (bad, code, says): (Mutation, &str, String) = match case {
            Bad::ForbiddenOrg => (
                measure(&client, 2, &elsewhere, NANAO, "title", json!("他市の施策")),
                "forbidden",
                NANAO.to_string(),
            ),
            Bad::OwnedElsewhere => (
                measure(
                    &client,
                    2,
                    &nanao_record,
                    KANAZAWA,
                    "title",
                    json!("金沢の施策"),
                ),
                "record_owned_elsewhere",
                nanao_record.clone(),
            ),
            Bad::InvalidValue => (
                measure(&client, 2, &record, KANAZAWA, "percent", json!(101)),
                "validation_failed",
                "value: percent".to_string(),
            ),
            Bad::HlcCounterOutOfRange => {
                let mut bad = measure(&client, 2, &record, KANAZAWA, "department", json!("総務課"));
                bad.hlc.counter = MAX_HLC_COUNTER + 1;
                // The largest counter itself is fine.
                good3.hlc.counter = MAX_HLC_COUNTER;
                (
                    bad,
                    "clock_out_of_range",
                    format!("hlc.counter: {}", MAX_HLC_COUNTER + 1),
                )
            }
            Bad::BaseCounterOutOfRange => {
                let mut bad = measure(&client, 2, &record, KANAZAWA, "department", json!("総務課"));
                bad.base = Some(Hlc::new(now_ms() - 1_000, 70_000, "another-device"));
                (bad, "clock_out_of_range", "base.counter: 70000".to_string())
            }
            Bad::ValueTooLarge => (
                measure(
                    &client,
                    2,
                    &record,
                    KANAZAWA,
                    "notes",
                    json!("a".repeat(MAX_MUTATION_BYTES)),
                ),
                "too_large",
                "value:".to_string(),
            ),
        };
        let (bad_kind, bad_record) = (bad.kind, bad.record_id.clone());
        let push = push_request(&client, vec![good1.clone(), bad, good3.clone()]);
        let reply = w.try_sync(&kanazawa.token, &push);
        let messages = reply.expect_rejected(3, &[(2, code)], &name);
        let message = &messages[0];
        if matches!(case, Bad::ForbiddenOrg | Bad::OwnedElsewhere) {
            assert!(message.contains(&says), "{name}: {message:?} names {says}");
        } else {
            assert!(
                message.starts_with(&says),
                "{name}: {message:?} starts with the part at fault, {says:?}"
            );
        }
        if matches!(case, Bad::OwnedElsewhere) {
            assert!(
                !message.contains(NANAO),
                "{name}: the message does not say who owns the record: {message}"
            );
        }
        let pushed: SyncResponse = reply.decode();

        // The good ones land: a colleague's fresh client pulls them back, the bad one is not.
        assert_eq!(
            pulled_back(w, &colleague.token, &client),
            vec![
                ("title".to_string(), json!("窓口DX"), 1, good1.hlc.clone()),
                ("status".to_string(), json!("作業中"), 3, good3.hlc.clone()),
            ],
            "{name}: the good mutations of the push are stored, the bad one is not"
        );
        assert_eq!(
            history_fields(w, &admin.token, RecordKind::Measure, &record),
            vec![
                ("title".to_string(), json!("窓口DX")),
                ("status".to_string(), json!("作業中")),
            ],
            "{name}: the record's history"
        );
        let expected_elsewhere = match case {
            Bad::ForbiddenOrg => vec![],
            Bad::OwnedElsewhere => vec![("title".to_string(), json!("七尾の施策"))],
            _ => history_fields(w, &admin.token, RecordKind::Measure, &record),
        };
        assert_eq!(
            history_fields(w, &admin.token, bad_kind, &bad_record),
            expected_elsewhere,
            "{name}: nothing of the refused mutation is stored"
        );

        // The device is not wedged: new changes of the prefecture and of another organisation
        // reach it on its next pull, and its next write is stored.
        let area = unique("t");
        // An organisation record is its own code's.
        let org_record = NANAO.to_string();
        admin_seq += 2;
        let by_admin = push_request(
            &admin_client,
            vec![
                mutation(
                    &admin_client,
                    admin_seq - 1,
                    RecordKind::TaxonomyArea,
                    &area,
                    ISHIKAWA,
                    "name_ja",
                    json!("行政手続"),
                ),
                mutation(
                    &admin_client,
                    admin_seq,
                    RecordKind::Organisation,
                    &org_record,
                    NANAO,
                    "name",
                    json!("七尾市"),
                ),
            ],
        );
        w.try_sync(&admin.token, &by_admin).expect_rejected(
            admin_seq,
            &[],
            "the prefecture's writes",
        );
        let next = w.pull_all(&kanazawa.token, &client, pushed.cursor);
        let ids: BTreeSet<&str> = next.changes.iter().map(|c| c.record_id.as_str()).collect();
        assert!(
            ids.contains(area.as_str()) && ids.contains(org_record.as_str()),
            "{name}: the next pull of the same client brings the prefecture's and Nanao's new \
             records: {ids:?}"
        );
        let write = push_request(
            &client,
            vec![measure(&client, 4, &record, KANAZAWA, "percent", json!(50))],
        );
        w.try_sync(&kanazawa.token, &write).expect_rejected(
            4,
            &[],
            &format!("{name}: the next write"),
        );
        assert_eq!(
            history_fields(w, &admin.token, RecordKind::Measure, &record).last(),
            Some(&("percent".to_string(), json!(50))),
            "{name}: the next write is stored"
        );
    }
}

#[test]
fn a_retried_push_gets_the_same_rejections_and_applies_nothing_twice() {
    let w = worker();
    let admin = w.issue(ISHIKAWA, "prefecture_admin", "石川県 DX推進課");
    let kanazawa = w.issue(KANAZAWA, "editor", "金沢市 情報政策課");
    let nanao = w.issue(NANAO, "editor", "七尾市 情報政策課");
    let nanao_record = nanao_measure(w, &nanao);
    let client = unique("cli");
    let record = unique("m");
    let forbidden_record = unique("m");
    let mutations = vec![
        measure(&client, 1, &record, KANAZAWA, "title", json!("電子申請")),
        measure(&client, 2, &forbidden_record, NANAO, "title", json!("x")),
        measure(&client, 3, &record, KANAZAWA, "percent", json!(101)),
        measure(&client, 4, &record, KANAZAWA, "status", json!("作業中")),
        measure(&client, 5, &nanao_record, KANAZAWA, "status", json!("完了")),
    ];
    let push = push_request(&client, mutations.clone());
    let expected = [
        (2, "forbidden"),
        (3, "validation_failed"),
        (5, "record_owned_elsewhere"),
    ];
    let first: SyncResponse = {
        let reply = w.try_sync(&kanazawa.token, &push);
        reply.expect_rejected(5, &expected, "first push");
        reply.decode()
    };
    let stored = || {
        (
            history_fields(w, &admin.token, RecordKind::Measure, &record),
            history_fields(w, &admin.token, RecordKind::Measure, &forbidden_record),
            history_fields(w, &admin.token, RecordKind::Measure, &nanao_record),
            w.pull_all(&admin.token, &unique("cli"), 0)
                .by_client(&client)
                .len(),
        )
    };
    let after_first = stored();
    assert_eq!(
        after_first,
        (
            vec![
                ("title".to_string(), json!("電子申請")),
                ("status".to_string(), json!("作業中")),
            ],
            vec![],
            vec![("title".to_string(), json!("七尾の施策"))],
            2
        )
    );

    // The reply was lost: the same push, twice more.
    for attempt in ["retry", "second retry"] {
        let reply = w.try_sync(&kanazawa.token, &push);
        reply.expect_rejected(5, &expected, attempt);
        let again: SyncResponse = reply.decode();
        assert_eq!(
            again.rejected, first.rejected,
            "{attempt}: the same rejections"
        );
        assert_eq!(stored(), after_first, "{attempt}: nothing applied twice");
    }

    // The same push with a new mutation after it: only the new one is applied.
    let mut longer = mutations.clone();
    longer.push(measure(&client, 6, &record, KANAZAWA, "percent", json!(60)));
    let reply = w.try_sync(&kanazawa.token, &push_request(&client, longer));
    reply.expect_rejected(6, &expected, "retry with one more");
    let with_more: SyncResponse = reply.decode();
    let rejected: Vec<&Rejection> = with_more.rejected.iter().collect();
    assert_eq!(rejected, first.rejected.iter().collect::<Vec<_>>());
    let (fields, none, nanaos, count) = stored();
    assert_eq!(
        fields,
        vec![
            ("title".to_string(), json!("電子申請")),
            ("status".to_string(), json!("作業中")),
            ("percent".to_string(), json!(60)),
        ]
    );
    assert_eq!((none, nanaos, count), (after_first.1, after_first.2, 3));
}

#[test]
fn a_sequence_number_reused_for_another_write_is_refused_and_stored_under_a_new_one() {
    let w = worker();
    let admin = w.issue(ISHIKAWA, "prefecture_admin", "石川県 DX推進課");
    let kanazawa = w.issue(KANAZAWA, "editor", "金沢市 行政経営課");
    let client = unique("cli");
    let record = unique("m");
    let original = push_request(
        &client,
        vec![measure(&client, 1, &record, KANAZAWA, "title", json!("一"))],
    );
    w.try_sync(&kanazawa.token, &original)
        .expect_rejected(1, &[], "seq 1");

    // A different write under seq 1 (say the device lost its queue's numbering).
    let different = measure(&client, 1, &record, KANAZAWA, "title", json!("二"));
    let reused = push_request(&client, vec![different.clone()]);
    let messages = w.try_sync(&kanazawa.token, &reused).expect_rejected(
        1,
        &[(1, "sequence_reused")],
        "another write as seq 1",
    );
    let only_the_first = vec![("title".to_string(), json!("一"))];
    assert_eq!(
        history_fields(w, &admin.token, RecordKind::Measure, &record),
        only_the_first,
        "nothing of the reused seq is stored"
    );
    let pulled = pulled_back(w, &admin.token, &client);
    assert_eq!(
        pulled
            .iter()
            .map(|(f, v, s, _)| (f.as_str(), v, *s))
            .collect::<Vec<_>>(),
        [("title", &json!("一"), 1)]
    );
    // Retried, it is refused again the same way; the original sent again is a plain retry.
    assert_eq!(
        w.try_sync(&kanazawa.token, &reused).expect_rejected(
            1,
            &[(1, "sequence_reused")],
            "the reused seq retried"
        ),
        messages
    );
    w.try_sync(&kanazawa.token, &original)
        .expect_rejected(1, &[], "the original retried");
    assert_eq!(
        history_fields(w, &admin.token, RecordKind::Measure, &record),
        only_the_first
    );

    // Sent again under the next number, it is stored.
    let resent = Mutation {
        seq: 2,
        ..different
    };
    w.try_sync(&kanazawa.token, &push_request(&client, vec![resent]))
        .expect_rejected(2, &[], "resent as seq 2");
    let entries = w
        .history_entries(&admin.token, RecordKind::Measure, &record)
        .expect("stored");
    assert_eq!(
        entries
            .iter()
            .map(|e| (e.new_value.clone(), e.won, e.client_id.as_str()))
            .collect::<Vec<_>>(),
        [
            (json!("一"), true, client.as_str()),
            (json!("二"), true, client.as_str())
        ]
    );
}

#[test]
fn a_client_id_of_one_token_is_refused_to_another_token_of_the_same_organisation() {
    let w = worker();
    let admin = w.issue(ISHIKAWA, "prefecture_admin", "石川県 DX推進課");
    let first = w.issue(KANAZAWA, "editor", "金沢市 担当者1");
    let second = w.issue(KANAZAWA, "editor", "金沢市 担当者2");
    let client = unique("cli");
    let record = unique("m");
    let one = push_request(
        &client,
        vec![measure(
            &client,
            1,
            &record,
            KANAZAWA,
            "title",
            json!("施策"),
        )],
    );
    w.try_sync(&first.token, &one)
        .expect_rejected(1, &[], "the first token's push");

    let other_record = unique("m");
    let two = push_request(
        &client,
        vec![measure(
            &client,
            2,
            &other_record,
            KANAZAWA,
            "title",
            json!("別の担当者の施策"),
        )],
    );
    let message = w.try_sync(&second.token, &two).expect_error(
        409,
        "client_id_taken",
        Some("client_id"),
        "another token of the same organisation pushes under the id",
    );
    assert!(message.contains(&client), "{message}");
    // Nor may it replay the first token's push, or pull with the id.
    w.try_sync(&second.token, &one).expect_error(
        409,
        "client_id_taken",
        Some("client_id"),
        "another token replays the push",
    );
    w.try_sync(&second.token, &pull_request(&client, 0, None))
        .expect_error(
            409,
            "client_id_taken",
            Some("client_id"),
            "another token pulls with the id",
        );
    assert_eq!(
        w.history_entries(&admin.token, RecordKind::Measure, &other_record),
        None,
        "nothing of the refused push is stored"
    );
    assert_eq!(
        history_fields(w, &admin.token, RecordKind::Measure, &record),
        vec![("title".to_string(), json!("施策"))]
    );

    // The first token continues under its id, where it was.
    w.try_sync(&first.token, &two)
        .expect_rejected(2, &[], "the first token's next push");
    let entries = w
        .history_entries(&admin.token, RecordKind::Measure, &other_record)
        .expect("stored");
    assert_eq!(
        entries
            .iter()
            .map(|e| (e.author.as_str(), e.client_id.as_str()))
            .collect::<Vec<_>>(),
        [("金沢市 担当者1", client.as_str())]
    );
    // The second token syncs under a client id of its own.
    let own = unique("cli");
    w.try_sync(
        &second.token,
        &push_request(
            &own,
            vec![measure(
                &own,
                1,
                &unique("m"),
                KANAZAWA,
                "title",
                json!("x"),
            )],
        ),
    )
    .expect_rejected(1, &[], "the second token under its own id");
}

#[test]
fn a_base_ahead_of_a_clamped_clock_is_never_later_than_the_stored_clock() {
    // Prefecture 18 (Fukui): stamps from the future.
    let w = worker();
    let editor = w.issue(FUKUI_CITY, "editor", "福井市 時計が進んだ端末");
    let client = unique("cli");
    let record = unique("m");
    let now = now_ms();
    let ahead = now + MAX_CLOCK_SKEW_MS + 5 * 60_000; // 10 minutes ahead: pulled back
    let further = now + MAX_CLOCK_SKEW_MS + 15 * 60_000; // the base, 20 minutes ahead
    let near = now + 2 * 60_000; // 2 minutes ahead: kept as sent
    let stamped = |seq, field: &str, value: Value, hlc: (u64, u32), base: (u64, u32, &str)| {
        let mut m = measure(&client, seq, &record, FUKUI_CITY, field, value);
        m.hlc = Hlc::new(hlc.0, hlc.1, client.as_str());
        m.base = Some(Hlc::new(base.0, base.1, base.2));
        m
    };
    let other = "zzzz-another-device"; // sorts after every `cli-…` id
    let mutations = vec![
        // The same counter and replica: only the wall times differ.
        stamped(
            1,
            "title",
            json!("先の値"),
            (ahead, 0),
            (further, 0, client.as_str()),
        ),
        // The base's counter is higher than the write's.
        stamped(
            2,
            "notes",
            json!("基準の計数が大きい"),
            (ahead, 0),
            (further, 7, client.as_str()),
        ),
        // The same counter; the base's replica sorts after the writer's.
        stamped(
            3,
            "department",
            json!("企画課"),
            (ahead, 2),
            (further, 2, other),
        ),
        // A write within the allowed skew whose base is beyond it.
        stamped(4, "status", json!("作業中"), (near, 0), (further, 3, other)),
    ];
    let reply = w.try_sync(&editor.token, &push_request(&client, mutations.clone()));
    reply.expect_rejected(4, &[], "writes from a clock ahead");
    let response: SyncResponse = reply.decode();
    let server_time = response.server_time_ms;
    assert!(
        server_time.abs_diff(now) < 60_000,
        "server and test clocks agree: {server_time} vs {now}"
    );

    let pulled = w.pull_all(&editor.token, &unique("cli"), 0);
    let mine = pulled.by_client(&client);
    assert_eq!(mine.len(), 4, "{mine:?}");
    let mut wrong = Vec::new();
    for (change, sent) in mine.iter().zip(&mutations) {
        assert_eq!(change.field, sent.field);
        let hlc = &change.version.hlc;
        let base = change.version.base.as_ref().expect("the base is kept");
        if sent.hlc.wall_ms == near {
            assert_eq!(
                hlc, &sent.hlc,
                "{}: a clock 2 minutes ahead is kept",
                sent.field
            );
        } else {
            assert!(
                hlc.wall_ms <= server_time && hlc.wall_ms + 60_000 >= server_time,
                "{}: stored at {} instead of about the server's {server_time}",
                sent.field,
                hlc.wall_ms
            );
            assert_eq!(
                (hlc.counter, &*hlc.replica),
                (sent.hlc.counter, client.as_str())
            );
        }
        assert!(
            base.wall_ms <= hlc.wall_ms,
            "{}: the base's wall time {} is after the write's {}",
            sent.field,
            base.wall_ms,
            hlc.wall_ms
        );
        if base > hlc {
            wrong.push(format!(
                "{}: stored base {base} is later than the stored hlc {hlc}",
                sent.field
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "what a write saw must not be later than the write:\n{}",
        wrong.join("\n")
    );
}
