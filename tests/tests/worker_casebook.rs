//! The casebook's access matrix against the real worker (issue 25): a town writes only its own
//! drafts and proposals; a town cannot publish, answer its own proposal or write the
//! prefecture's published case; the prefecture publishes under the review id of the town's
//! case; every town of the prefecture reads the published case, only the prefecture reads a
//! town's proposal, and another prefecture reads and writes nothing. Prefecture 33 (岡山県)
//! is this file's, 34 (広島県) the other prefecture.

mod support;

use std::collections::BTreeSet;

use serde_json::{json, Value};
use support::{mutation, push_request, unique, worker, Worker};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::protocol::IssuedToken;

const OKAYAMA: &str = "330001";
const OKAYAMA_CITY: &str = "331007";
const KURASHIKI: &str = "332020";
const HIROSHIMA: &str = "340006";
const HIROSHIMA_CITY: &str = "341002";

/// One write: record id, owner, field, value.
type Write<'a> = (&'a str, &'a str, &'a str, Value);

/// Pushes case writes under a fresh client id and checks which were refused, by 1-based
/// position and reason.
fn push(
    w: &Worker,
    token: &IssuedToken,
    writes: Vec<Write>,
    refused: &[(u64, &str)],
    context: &str,
) {
    let client = unique("cli");
    let mutations = writes
        .into_iter()
        .enumerate()
        .map(|(index, (id, owner, field, value))| {
            mutation(
                &client,
                index as u64 + 1,
                RecordKind::Case,
                id,
                owner,
                field,
                value,
            )
        })
        .collect::<Vec<_>>();
    let count = mutations.len() as u64;
    let mut request = push_request(&client, mutations);
    request.page_size = Some(1);
    w.try_sync(&token.token, &request)
        .expect_rejected(count, refused, context);
}

/// The case records `token` pulls, by id, with the fields it received.
fn readable_cases(w: &Worker, token: &IssuedToken, ids: &[&str]) -> BTreeSet<(String, String)> {
    let pulled = w.pull_all(&token.token, &unique("reader"), 0);
    let wanted: BTreeSet<String> = ids.iter().map(|id| (*id).to_owned()).collect();
    pulled
        .about(&wanted)
        .map(|change| (change.record_id.clone(), change.field.to_string()))
        .collect()
}

#[test]
fn towns_propose_the_prefecture_publishes_and_nothing_crosses() {
    let w = worker();
    let admin = w.issue(OKAYAMA, "prefecture_admin", "岡山県 デジタル推進課");
    let okayama = w.issue(OKAYAMA_CITY, "editor", "岡山市 DX推進担当");
    let kurashiki = w.issue(KURASHIKI, "editor", "倉敷市 DX推進担当");
    let viewer = w.issue(OKAYAMA_CITY, "viewer", "岡山市 閲覧");
    let other_admin = w.issue(HIROSHIMA, "prefecture_admin", "広島県 DX推進課");
    let other_town = w.issue(HIROSHIMA_CITY, "editor", "広島市 DX推進担当");

    let random = unique("r").replace(['-', '_'], "");
    let town_case = format!("{OKAYAMA_CITY}-case-{random}");
    let review = format!("{OKAYAMA}-case-{OKAYAMA_CITY}-{random}");
    let own_case = format!("{OKAYAMA}-case-p{random}");

    // Okayama city writes its draft and proposes it.
    push(
        w,
        &okayama,
        vec![
            (&town_case, OKAYAMA_CITY, "title", json!("書かない窓口")),
            (
                &town_case,
                OKAYAMA_CITY,
                "overview",
                json!("申請書を書かない窓口"),
            ),
            (&town_case, OKAYAMA_CITY, "state", json!("proposed")),
            (&town_case, OKAYAMA_CITY, "round", json!(1)),
        ],
        &[],
        "a town writes and proposes its own case",
    );
    // It cannot publish it, answer it, nor write the prefecture's review; the rest of the
    // push goes through.
    push(
        w,
        &okayama,
        vec![
            (&town_case, OKAYAMA_CITY, "state", json!("published")),
            (&town_case, OKAYAMA_CITY, "state", json!("returned")),
            (&town_case, OKAYAMA_CITY, "source_case", json!(town_case)),
            (&review, OKAYAMA, "state", json!("published")),
            (&review, OKAYAMA_CITY, "title", json!("乗っ取り")),
            (&town_case, OKAYAMA_CITY, "point", json!("待ち時間が半分に")),
        ],
        &[
            (1, "forbidden"),
            (2, "forbidden"),
            (3, "forbidden"),
            (4, "forbidden"),
            (5, "forbidden"),
        ],
        "a town publishes its own case",
    );
    // Another town of the prefecture, a viewer and another prefecture write nothing of it.
    push(
        w,
        &kurashiki,
        vec![(&town_case, OKAYAMA_CITY, "title", json!("x"))],
        &[(1, "forbidden")],
        "another town edits the proposal",
    );
    push(
        w,
        &viewer,
        vec![(&town_case, OKAYAMA_CITY, "title", json!("x"))],
        &[(1, "forbidden")],
        "a viewer edits",
    );
    push(
        w,
        &other_admin,
        vec![(&review, OKAYAMA, "state", json!("published"))],
        &[(1, "forbidden")],
        "another prefecture publishes",
    );
    // The prefecture cannot edit the town's own record, nor claim a proposal; it publishes
    // under the review id, naming the case that id names only.
    push(
        w,
        &admin,
        vec![
            (&town_case, OKAYAMA_CITY, "state", json!("published")),
            (&review, OKAYAMA, "state", json!("proposed")),
            (
                &review,
                OKAYAMA,
                "source_case",
                json!(format!("{KURASHIKI}-case-{random}")),
            ),
            (&own_case, OKAYAMA, "source_case", json!(town_case)),
            (&review, OKAYAMA, "title", json!("書かない窓口")),
            (&review, OKAYAMA, "overview", json!("申請書を書かない窓口")),
            (&review, OKAYAMA, "source_case", json!(town_case)),
            (&review, OKAYAMA, "reviewed_round", json!(1)),
            (&review, OKAYAMA, "state", json!("published")),
            (&own_case, OKAYAMA, "title", json!("県の事例")),
            (&own_case, OKAYAMA, "state", json!("published")),
        ],
        &[
            (1, "forbidden"),
            (2, "forbidden"),
            (3, "forbidden"),
            (4, "forbidden"),
        ],
        "the prefecture publishes",
    );
    let ids = [town_case.as_str(), review.as_str(), own_case.as_str()];
    let has = |read: &BTreeSet<(String, String)>, id: &str| read.iter().any(|(r, _)| r == id);
    // Kurashiki reads the published cases, not Okayama city's proposal.
    let read = readable_cases(w, &kurashiki, &ids);
    assert!(has(&read, &review) && has(&read, &own_case), "{read:?}");
    assert!(!has(&read, &town_case), "{read:?}");
    // Okayama city reads its own proposal and the prefecture's answer.
    let read = readable_cases(w, &okayama, &ids);
    assert!(has(&read, &town_case) && has(&read, &review), "{read:?}");
    // The prefecture reads all three, with the town's refused claims not stored.
    let read = readable_cases(w, &admin, &ids);
    assert_eq!(
        ids.iter().filter(|id| has(&read, id)).count(),
        3,
        "{read:?}"
    );
    let state = w
        .history_entries(&admin.token, RecordKind::Case, &town_case)
        .expect("the prefecture reads the proposal")
        .into_iter()
        .filter(|entry| entry.field == "state" && entry.won)
        .map(|entry| entry.new_value)
        .next_back();
    assert_eq!(state, Some(json!("proposed")));
    // Another prefecture reads none of it.
    for token in [&other_admin, &other_town] {
        assert!(readable_cases(w, token, &ids).is_empty());
    }
}
