//! Who may write and read what, against the real worker: every role × organisation (own, another
//! town of the prefecture, the prefecture, another prefecture) × kind × endpoint (push; pull,
//! snapshot and history). The expected tables are written out here, cell by cell, from
//! docs/protocol.md (not computed with core's rules), so a wrong rule fails a test. Prefecture 02 (Aomori) is the home prefecture, 01 (Hokkaido) the other one.
//! Run with `bash scripts/test.sh`.

mod support;

use reqwest::Method;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use support::{bearer, mutation, pull_request, push_request, unique, worker, Worker};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::protocol::{IssuedToken, SnapshotRequest, SnapshotResponse, PROTOCOL_VERSION};

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

/// The owners of the matrix's records, as columns: the municipal tokens' own city, another city
/// of the same prefecture, the prefecture, and a city of another prefecture.
const OWNERS: [&str; 4] = [AOMORI_CITY, HIROSAKI, AOMORI_PREF, SAPPORO];

/// Every kind of record, each with a field to write.
const KINDS: [(RecordKind, &str); 10] = [
    (RecordKind::Organisation, "name"),
    (RecordKind::Plan, "title"),
    (RecordKind::Measure, "title"),
    (RecordKind::Kpi, "name"),
    (RecordKind::TaxonomyArea, "name_ja"),
    (RecordKind::Survey, "title"),
    (RecordKind::StepChecklist, "step0_note"),
    (RecordKind::SystemMigration, "note"),
    (RecordKind::SurveyResponse, "submitted"),
    (RecordKind::Case, "title"),
];

/// The surveys the answers of the matrix answer, one per prefecture, asking every town.
struct Surveys {
    aomori: String,
    hokkaido: String,
}

impl Surveys {
    fn publish(w: &Worker, tokens: &BTreeMap<&'static str, IssuedToken>) -> Surveys {
        let publish = |admin: &str, pref: &str| {
            let client = unique("cli");
            let id = format!("{pref}-survey-{}", unique("s"));
            let push = push_request(
                &client,
                vec![
                    mutation(
                        &client,
                        1,
                        RecordKind::Survey,
                        &id,
                        pref,
                        "title",
                        json!("調査"),
                    ),
                    mutation(
                        &client,
                        2,
                        RecordKind::Survey,
                        &id,
                        pref,
                        "deadline",
                        json!("2099-03-31"),
                    ),
                ],
            );
            let reply = w.try_sync(&tokens[admin].token, &push);
            reply.expect_rejected(2, &[], &format!("{admin} publishes a survey"));
            id
        };
        Surveys {
            aomori: publish("pref admin", AOMORI_PREF),
            hokkaido: publish("other pref admin", HOKKAIDO_PREF),
        }
    }

    fn of(&self, owner: &str) -> &str {
        if owner.starts_with("01") {
            &self.hokkaido
        } else {
            &self.aomori
        }
    }
}

/// A valid id of a new record of `kind` owned by `owner`, the way the app makes them.
fn record_id(kind: RecordKind, owner: &str, surveys: &Surveys) -> String {
    let fresh = unique("x");
    match kind {
        RecordKind::Organisation => owner.to_owned(),
        RecordKind::Plan => format!("{owner}-plan-{fresh}"),
        RecordKind::Measure => format!("{owner}-m-{fresh}"),
        RecordKind::Kpi => format!("{owner}-k-{fresh}"),
        RecordKind::Case => format!("{owner}-case-{fresh}"),
        RecordKind::TaxonomyArea => format!("{owner}-area-{fresh}"),
        RecordKind::Survey => format!("{owner}-survey-{fresh}"),
        RecordKind::StepChecklist => format!("{owner}-steps"),
        RecordKind::SystemMigration => format!("std-resident_registry-{owner}"),
        RecordKind::SurveyResponse => format!("resp-{}-{owner}", surveys.of(owner)),
    }
}

fn value(kind: RecordKind) -> Value {
    match kind {
        RecordKind::SurveyResponse => json!(false),
        _ => json!("名称"),
    }
}

const W: bool = true;
const F: bool = false;

/// Who may write each kind for each owner, written out from docs/protocol.md ("Who writes
/// what"). Columns: own city, other city, the prefecture, a city of another prefecture.
#[rustfmt::skip]
fn write_table(kind: RecordKind) -> [(&'static str, [bool; 4]); 7] {
    match kind {
        // The directory: the prefecture's administrator, for itself and its towns.
        RecordKind::Organisation => [
            ("pref admin",             [W, W, W, F]),
            ("pref editor",            [F, F, F, F]),
            ("pref viewer",            [F, F, F, F]),
            ("city editor",            [F, F, F, F]),
            ("city viewer",            [F, F, F, F]),
            ("other pref admin",       [F, F, F, W]),
            ("other pref city editor", [F, F, F, F]),
        ],
        // Everyone keeps their own plan, and its own cases (a town's drafts, the
        // prefecture's reviews and published cases; what states each may claim is
        // worker_casebook.rs's).
        RecordKind::Plan | RecordKind::Measure | RecordKind::Kpi | RecordKind::Case => [
            ("pref admin",             [F, F, W, F]),
            ("pref editor",            [F, F, W, F]),
            ("pref viewer",            [F, F, F, F]),
            ("city editor",            [W, F, F, F]),
            ("city viewer",            [F, F, F, F]),
            ("other pref admin",       [F, F, F, F]),
            ("other pref city editor", [F, F, F, W]),
        ],
        // The prefecture's own areas and its surveys.
        RecordKind::TaxonomyArea | RecordKind::Survey => [
            ("pref admin",             [F, F, W, F]),
            ("pref editor",            [F, F, W, F]),
            ("pref viewer",            [F, F, F, F]),
            ("city editor",            [F, F, F, F]),
            ("city viewer",            [F, F, F, F]),
            ("other pref admin",       [F, F, F, F]),
            ("other pref city editor", [F, F, F, F]),
        ],
        // A town's checklist, migrations and answers.
        RecordKind::StepChecklist | RecordKind::SystemMigration | RecordKind::SurveyResponse => [
            ("pref admin",             [F, F, F, F]),
            ("pref editor",            [F, F, F, F]),
            ("pref viewer",            [F, F, F, F]),
            ("city editor",            [W, F, F, F]),
            ("city viewer",            [F, F, F, F]),
            ("other pref admin",       [F, F, F, F]),
            ("other pref city editor", [F, F, F, W]),
        ],
    }
}

#[test]
fn write_access_matrix() {
    let w = worker();
    let tokens = tokens(w);
    let surveys = Surveys::publish(w, &tokens);
    // W: 200 and stored; F: 200 and acknowledged, but the mutation is refused alone (`rejected`
    // as `forbidden`) and nothing is stored.
    let mut stored: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new(); // prefecture -> clients
    let mut refused: BTreeSet<String> = BTreeSet::new();
    let mut failures = Vec::new();
    for (kind, field) in KINDS {
        for (row, expected) in write_table(kind) {
            let token = &tokens[row];
            for (owner, allowed) in OWNERS.iter().zip(expected) {
                let client = unique("cli");
                let record = record_id(kind, owner, &surveys);
                let mut push = push_request(
                    &client,
                    vec![mutation(
                        &client,
                        1,
                        kind,
                        &record,
                        owner,
                        field,
                        value(kind),
                    )],
                );
                push.page_size = Some(1); // the reply's changes do not matter here
                let reply = w.try_sync(&token.token, &push);
                let cell = format!("{row} writes {} {record} of {owner}", kind.as_str());
                let outcome = (reply.status == 200).then(|| reply.json().get("rejected").is_none());
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
                    stored.entry(&owner[..2]).or_default().insert(client);
                } else {
                    let messages = reply.expect_rejected(1, &[(1, "forbidden")], &cell);
                    assert!(
                        messages[0].contains(owner),
                        "{cell}: the message names the organisation written: {}",
                        messages[0]
                    );
                    refused.insert(client);
                }
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
        let writers: BTreeSet<String> = pulled
            .changes
            .iter()
            .map(|c| c.version.hlc.replica.to_string())
            .collect();
        let expected = stored.get(pp).cloned().unwrap_or_default();
        let missing: Vec<_> = expected.difference(&writers).collect();
        assert!(
            missing.is_empty(),
            "prefecture {pp}: allowed writes missing: {missing:?}"
        );
        let leaked: Vec<_> = refused.intersection(&writers).collect();
        assert!(
            leaked.is_empty(),
            "prefecture {pp}: refused writes were stored: {leaked:?}"
        );
    }
}

/// The records of `token`'s snapshot, every page.
fn snapshot_keys(w: &Worker, token: &str) -> BTreeSet<RecordKey> {
    let mut keys = BTreeSet::new();
    let mut after = None;
    for _ in 0..MAX_SNAPSHOT_PAGES {
        let request = SnapshotRequest {
            protocol: PROTOCOL_VERSION,
            after,
            limit: Some(5000),
            epoch: None,
        };
        let body = serde_json::to_vec(&request).expect("JSON");
        let page: SnapshotResponse = w
            .send(
                Method::POST,
                "/v1/snapshot",
                Some(&bearer(token)),
                Some(body),
            )
            .expect(200, "snapshot page");
        keys.extend(page.records.into_iter().map(|record| record.key));
        match page.next {
            Some(next) => after = Some(next),
            None => return keys,
        }
    }
    panic!("the snapshot did not end after {MAX_SNAPSHOT_PAGES} pages");
}

const MAX_SNAPSHOT_PAGES: usize = 100;

#[test]
fn read_access_matrix() {
    let w = worker();
    let tokens = tokens(w);
    let surveys = Surveys::publish(w, &tokens);
    // Every kind × owner someone may write, written by someone allowed to.
    let writer = |kind: RecordKind, owner: &str| -> Option<&'static str> {
        let town_editor = match owner {
            AOMORI_CITY => "city editor",
            HIROSAKI => "other city editor",
            AOMORI_PREF => "pref editor",
            _ => "other pref city editor",
        };
        match kind {
            RecordKind::Organisation if owner == SAPPORO => Some("other pref admin"),
            RecordKind::Organisation => Some("pref admin"),
            RecordKind::TaxonomyArea | RecordKind::Survey => {
                (owner == AOMORI_PREF).then_some("pref editor")
            }
            RecordKind::Plan | RecordKind::Measure | RecordKind::Kpi | RecordKind::Case => {
                Some(town_editor)
            }
            _ => (owner != AOMORI_PREF).then_some(town_editor),
        }
    };
    let mut seeds: Vec<(RecordKey, &str)> = Vec::new(); // key, owner
    for (kind, field) in KINDS {
        for owner in OWNERS {
            let Some(writer) = writer(kind, owner) else {
                continue;
            };
            let client = unique("cli");
            let record = record_id(kind, owner, &surveys);
            let push = push_request(
                &client,
                vec![mutation(
                    &client,
                    1,
                    kind,
                    &record,
                    owner,
                    field,
                    value(kind),
                )],
            );
            w.try_sync(&tokens[writer].token, &push).expect_rejected(
                1,
                &[],
                &format!("{writer} seeds {} {record}", kind.as_str()),
            );
            seeds.push((RecordKey::new(kind, record), owner));
        }
    }
    assert_eq!(seeds.len(), 31, "seeded every writable kind × owner");

    // R: the reader reads records of that owner; N: it does not. Organisation records (the
    // directory) are read by everyone of the prefecture: the second table.
    const R: bool = true;
    const N: bool = false;
    #[rustfmt::skip]
    let by_owner: [(&str, [bool; 4], [bool; 4]); 9] = [
        //                          records of:               organisation records of:
        //                          city  other pref  other   city  other pref  other
        ("pref admin",             [R,    R,    R,    N],    [R,    R,    R,    N]),
        ("pref editor",            [R,    R,    R,    N],    [R,    R,    R,    N]),
        ("pref viewer",            [R,    R,    R,    N],    [R,    R,    R,    N]),
        ("city editor",            [R,    N,    R,    N],    [R,    R,    R,    N]),
        ("city viewer",            [R,    N,    R,    N],    [R,    R,    R,    N]),
        ("other city editor",      [N,    R,    R,    N],    [R,    R,    R,    N]),
        ("other city viewer",      [N,    R,    R,    N],    [R,    R,    R,    N]),
        ("other pref admin",       [N,    N,    N,    R],    [N,    N,    N,    R]),
        ("other pref city editor", [N,    N,    N,    R],    [N,    N,    N,    R]),
    ];
    let mut failures = Vec::new();
    for (reader, records, directory) in by_owner {
        let token = &tokens[reader].token;
        let pulled: BTreeSet<RecordKey> = w
            .pull_all(token, &unique("cli"), 0)
            .changes
            .iter()
            .map(|c| RecordKey::new(c.kind, c.record_id.clone()))
            .collect();
        let snapshot = snapshot_keys(w, token);
        for (key, owner) in &seeds {
            let column = OWNERS.iter().position(|o| o == owner).expect("an owner");
            let expected = if key.kind == RecordKind::Organisation {
                directory[column]
            } else {
                records[column]
            };
            let history = w.history(token, key.kind, &key.id);
            let seen = [
                ("pull", pulled.contains(key)),
                ("snapshot", snapshot.contains(key)),
                ("history", history.status == 200),
            ];
            for (endpoint, visible) in seen {
                if visible != expected {
                    failures.push(format!(
                        "{reader} reads {} {} of {owner} by {endpoint}: expected {}",
                        key.kind.as_str(),
                        key.id,
                        if expected { "visible" } else { "hidden" }
                    ));
                }
            }
            if !expected {
                let message = history.expect_error(404, "not_found", None, "hidden history");
                // It names only what the reader asked for (an id may hold a code).
                assert!(
                    !message.contains("belongs") && message.contains(&key.id),
                    "a 404 does not say who owns it: {message}"
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "read matrix cells wrong:\n{}",
        failures.join("\n")
    );
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
