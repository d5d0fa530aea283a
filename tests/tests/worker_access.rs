//! Who may write and read what, against the real worker. The expected tables are written out
//! here, cell by cell, from docs/protocol.md (not computed with core's rules), so a wrong rule
//! fails a test. Prefecture 02 (Aomori) is the home prefecture, 01 (Hokkaido) the other one.
//! Run with `bash scripts/test.sh`.

mod support;

use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use support::{mutation, pull_request, push_request, unique, worker, Worker};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::protocol::IssuedToken;

const AOMORI_PREF: &str = "020001";
const AOMORI_CITY: &str = "022012"; // "own municipality" of the municipal tokens
const HIROSAKI: &str = "022021"; // another municipality of the same prefecture
const HOKKAIDO_PREF: &str = "010006"; // another prefecture
const SAPPORO: &str = "011002";

/// The tokens of the matrix, by name.
fn tokens(w: &Worker) -> BTreeMap<&'static str, IssuedToken> {
    [
        ("pref admin", AOMORI_PREF, "prefecture_admin"),
        ("pref editor", AOMORI_PREF, "editor"),
        ("pref viewer", AOMORI_PREF, "viewer"),
        ("city editor", AOMORI_CITY, "editor"),
        ("city viewer", AOMORI_CITY, "viewer"),
        ("other city editor", HIROSAKI, "editor"),
        ("other city viewer", HIROSAKI, "viewer"),
        ("other pref admin", HOKKAIDO_PREF, "prefecture_admin"),
        ("other pref city editor", SAPPORO, "editor"),
    ]
    .into_iter()
    .map(|(name, code, role)| {
        (
            name,
            w.issue(code, role, &format!("{name} {}", unique("lbl"))),
        )
    })
    .collect()
}

/// A record of the matrix: its kind, its owner and a valid field to write.
fn target(name: &str) -> (RecordKind, &'static str, &'static str) {
    match name {
        "city measure" => (RecordKind::Measure, AOMORI_CITY, "title"),
        "other city measure" => (RecordKind::Measure, HIROSAKI, "title"),
        "pref taxonomy" => (RecordKind::TaxonomyArea, AOMORI_PREF, "name_ja"),
        "pref measure" => (RecordKind::Measure, AOMORI_PREF, "title"),
        "city org record" => (RecordKind::Organisation, AOMORI_CITY, "name"),
        "other city org record" => (RecordKind::Organisation, HIROSAKI, "name"),
        "pref org record" => (RecordKind::Organisation, AOMORI_PREF, "name"),
        "other pref city measure" => (RecordKind::Measure, SAPPORO, "title"),
        "other pref city org record" => (RecordKind::Organisation, SAPPORO, "name"),
        "other pref taxonomy" => (RecordKind::TaxonomyArea, HOKKAIDO_PREF, "name_ja"),
        other => panic!("no target {other}"),
    }
}

const W: bool = true;
const F: bool = false;

#[test]
fn write_access_matrix() {
    let w = worker();
    let tokens = tokens(w);
    let columns = [
        "city measure",
        "other city measure",
        "pref taxonomy",
        "city org record",
        "pref org record",
        "other pref city measure",
        "other pref city org record",
        "other pref taxonomy",
    ];
    // W: 200 and stored; F: 200 and acknowledged, but the mutation is refused alone (`rejected`
    // as `forbidden`) and nothing is stored.
    #[rustfmt::skip]
    let table: [(&str, [bool; 8]); 7] = [
        //                          city   other  pref   city   pref   other-pref: measure, org, taxonomy
        ("pref admin",             [F,     F,     W,     W,     W,     F,     F,     F]),
        ("pref editor",            [F,     F,     W,     F,     W,     F,     F,     F]),
        ("pref viewer",            [F,     F,     F,     F,     F,     F,     F,     F]),
        ("city editor",            [W,     F,     F,     W,     F,     F,     F,     F]),
        ("city viewer",            [F,     F,     F,     F,     F,     F,     F,     F]),
        ("other pref admin",       [F,     F,     F,     F,     F,     F,     W,     W]),
        ("other pref city editor", [F,     F,     F,     F,     F,     W,     W,     F]),
    ];
    let mut stored: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new(); // prefecture -> ids
    let mut refused: BTreeSet<String> = BTreeSet::new();
    let mut failures = Vec::new();
    for (row, expected) in table {
        let token = &tokens[row];
        for (column, allowed) in columns.iter().zip(expected) {
            let (kind, owner, field) = target(column);
            let client = unique("cli");
            let record = unique("r");
            let mut push = push_request(
                &client,
                vec![mutation(
                    &client,
                    1,
                    kind,
                    &record,
                    owner,
                    field,
                    json!("名称"),
                )],
            );
            push.page_size = Some(1); // the reply's changes do not matter here
            let reply = w.try_sync(&token.token, &push);
            let cell = format!("{row} writes {column} ({} of {owner})", kind.as_str());
            let outcome = if reply.status != 200 {
                None
            } else {
                Some(reply.json().get("rejected").is_none())
            };
            if outcome != Some(allowed) {
                failures.push(format!(
                    "{cell}: expected 200 and {}, got {} {}",
                    if allowed { "stored" } else { "rejected" },
                    reply.status,
                    reply.text.chars().take(300).collect::<String>()
                ));
                continue;
            }
            if allowed {
                reply.expect_rejected(1, &[], &cell);
                stored.entry(&owner[..2]).or_default().insert(record);
            } else {
                let messages = reply.expect_rejected(1, &[(1, "forbidden")], &cell);
                assert!(
                    messages[0].contains(owner),
                    "{cell}: the message names the organisation written: {}",
                    messages[0]
                );
                refused.insert(record);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "write matrix cells wrong:\n{}",
        failures.join("\n")
    );

    // What was stored is exactly the allowed cells; nothing of a refused one.
    for (pp, admin) in [("02", "pref admin"), ("01", "other pref admin")] {
        let pulled = w.pull_all(&tokens[admin].token, &unique("cli"), 0);
        let ids: BTreeSet<String> = pulled.changes.iter().map(|c| c.record_id.clone()).collect();
        let expected = stored.get(pp).cloned().unwrap_or_default();
        assert!(
            expected.is_subset(&ids),
            "prefecture {pp}: allowed writes missing"
        );
        let leaked: Vec<_> = refused.intersection(&ids).collect();
        assert!(
            leaked.is_empty(),
            "prefecture {pp}: refused writes were stored: {leaked:?}"
        );
    }
}

#[test]
fn read_access_matrix() {
    let w = worker();
    let tokens = tokens(w);
    // Records written by someone allowed to, named as the columns below.
    let seeds = [
        ("city measure", "city editor"),
        ("other city measure", "other city editor"),
        ("pref taxonomy", "pref admin"),
        ("pref measure", "pref editor"),
        ("city org record", "pref admin"),
        ("other city org record", "pref admin"),
        ("other pref city measure", "other pref city editor"),
        ("other pref city org record", "other pref admin"),
        ("other pref taxonomy", "other pref admin"),
    ];
    let mut ids: BTreeMap<String, &str> = BTreeMap::new(); // record id -> column
    for (column, writer) in seeds {
        let (kind, owner, field) = target(column);
        let client = unique("cli");
        let record = unique("r");
        let push = push_request(
            &client,
            vec![mutation(
                &client,
                1,
                kind,
                &record,
                owner,
                field,
                json!("名称"),
            )],
        );
        assert_eq!(
            w.sync(&tokens[writer].token, &push).acked_through,
            1,
            "seed {column}"
        );
        ids.insert(record, column);
    }

    // R: the reader's pull returns the record; -: it does not.
    const R: bool = true;
    const N: bool = false;
    #[rustfmt::skip]
    let table: [(&str, [bool; 9]); 9] = [
        //                          city   other  pref   pref   city   other  | other prefecture:
        //                          meas.  meas.  tax.   meas.  org    org    | meas.  org    tax.
        ("pref admin",             [R,     R,     R,     R,     R,     R,       N,     N,     N]),
        ("pref editor",            [R,     R,     R,     R,     R,     R,       N,     N,     N]),
        ("pref viewer",            [R,     R,     R,     R,     R,     R,       N,     N,     N]),
        ("city editor",            [R,     N,     R,     R,     R,     R,       N,     N,     N]),
        ("city viewer",            [R,     N,     R,     R,     R,     R,       N,     N,     N]),
        ("other city editor",      [N,     R,     R,     R,     R,     R,       N,     N,     N]),
        ("other city viewer",      [N,     R,     R,     R,     R,     R,       N,     N,     N]),
        ("other pref admin",       [N,     N,     N,     N,     N,     N,       R,     R,     R]),
        ("other pref city editor", [N,     N,     N,     N,     N,     N,       R,     R,     R]),
    ];
    let mut failures = Vec::new();
    for (reader, row) in table {
        let pulled = w.pull_all(&tokens[reader].token, &unique("cli"), 0);
        let seen: BTreeSet<&str> = pulled
            .changes
            .iter()
            .filter_map(|c| ids.get(&c.record_id).copied())
            .collect();
        for ((column, _), expected) in seeds.iter().zip(row) {
            if seen.contains(column) != expected {
                failures.push(format!(
                    "{reader} reads {column}: expected {}",
                    if expected { "visible" } else { "hidden" }
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "read matrix cells wrong:\n{}",
        failures.join("\n")
    );

    // History follows the same rule: a record the token may not read is "not found".
    let id_of = |column: &str| {
        ids.iter()
            .find(|(_, c)| **c == column)
            .map(|(id, _)| id.clone())
            .expect("seeded")
    };
    let history_cases = [
        ("city editor", "city measure", 200),
        ("city viewer", "city measure", 200),
        ("city editor", "other city measure", 404),
        ("city viewer", "other city measure", 404),
        ("other city editor", "city measure", 404),
        ("city editor", "pref taxonomy", 200),
        ("city editor", "other city org record", 200),
        ("pref admin", "other city measure", 200),
        ("pref viewer", "city measure", 200),
        ("other pref admin", "city measure", 404),
        ("city editor", "other pref city measure", 404),
    ];
    for (reader, column, status) in history_cases {
        let (kind, _, _) = target(column);
        let reply = w.history(&tokens[reader].token, kind, &id_of(column));
        let context = format!("{reader} reads the history of {column}");
        if status == 200 {
            let body: Value = reply.expect(200, &context);
            assert_eq!(
                body["entries"].as_array().map(Vec::len),
                Some(1),
                "{context}: {body}"
            );
        } else {
            let message = reply.expect_error(404, "not_found", None, &context);
            assert!(
                !message.contains("belongs"),
                "{context}: a 404 does not say who owns it: {message}"
            );
        }
    }
}

#[test]
fn a_client_id_stays_with_its_token() {
    let w = worker();
    let city = w.issue(AOMORI_CITY, "editor", "青森市 DX推進担当");
    let city_viewer = w.issue(AOMORI_CITY, "viewer", "青森市長");
    let city_colleague = w.issue(AOMORI_CITY, "editor", "青森市 企画課");
    let other_city = w.issue(HIROSAKI, "editor", "弘前市 DX推進担当");
    let pref = w.issue(AOMORI_PREF, "prefecture_admin", "青森県 DX推進課");
    let client = unique("cli");
    let record = unique("m");
    let push = push_request(
        &client,
        vec![mutation(
            &client,
            1,
            RecordKind::Measure,
            &record,
            AOMORI_CITY,
            "title",
            json!("施策"),
        )],
    );
    assert_eq!(w.sync(&city.token, &push).acked_through, 1);

    // Another organisation may neither push nor even pull with that client id.
    let stolen = unique("m");
    let steal = push_request(
        &client,
        vec![mutation(
            &client,
            2,
            RecordKind::Measure,
            &stolen,
            HIROSAKI,
            "title",
            json!("x"),
        )],
    );
    let message = w.try_sync(&other_city.token, &steal).expect_error(
        409,
        "client_id_taken",
        Some("client_id"),
        "push with a client id of another organisation",
    );
    assert!(message.contains(&client), "{message}");
    assert!(
        !message.contains(AOMORI_CITY),
        "the message does not say whose the id is: {message}"
    );
    assert!(
        w.history_entries(&pref.token, RecordKind::Measure, &stolen)
            .is_none(),
        "nothing of the refused push is stored"
    );
    // Nor may another token of the same organisation, whatever its role.
    for (token, who) in [
        (&other_city, "other city"),
        (&pref, "prefecture"),
        (&city_viewer, "city viewer"),
        (&city_colleague, "city colleague"),
    ] {
        w.try_sync(&token.token, &pull_request(&client, 0, None))
            .expect_error(
                409,
                "client_id_taken",
                Some("client_id"),
                &format!("{who} pulls with the city's token's client id"),
            );
    }
    // The token that first used it continues its sequence.
    let again = push_request(
        &client,
        vec![mutation(
            &client,
            2,
            RecordKind::Measure,
            &record,
            AOMORI_CITY,
            "status",
            json!("作業中"),
        )],
    );
    assert_eq!(w.sync(&city.token, &again).acked_through, 2);
    let entries = w
        .history_entries(&city.token, RecordKind::Measure, &record)
        .expect("stored");
    assert_eq!(
        entries.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
        ["title", "status"]
    );
}
