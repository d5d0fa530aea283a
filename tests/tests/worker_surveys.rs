//! Survey deadlines against the real worker (prefecture 16, Toyama): a late answer is
//! acknowledged, reported in `rejected` and not stored, and the rest of the push still goes
//! through; an answer written in time is stored. Run with `bash scripts/test.sh`.

mod support;

use serde_json::json;
use support::{mutation, pull_request, push_request, unique, worker, Device};
use tsunagu_core::client::FieldKey;
use tsunagu_core::domain::survey::response_id;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::Hlc;
use tsunagu_core::protocol::{HistoryEntry, RejectionCode};

const TOYAMA: &str = "160008";
const TOYAMA_CITY: &str = "162019";

/// The surveys close at the end of 2021-09-30: 2021-10-01 00:00 JST, 2021-09-30T15:00Z.
fn closes() -> u64 {
    1_633_014_000_000
}

#[test]
fn a_late_answer_is_acknowledged_rejected_and_not_stored() {
    let w = worker();
    let admin = w.issue(TOYAMA, "prefecture_admin", "富山県 DX推進課");
    let town = w.issue(TOYAMA_CITY, "editor", "富山市 DX推進担当");
    let survey_id = unique("s");
    let record = response_id(&survey_id, &support::org(TOYAMA_CITY)).expect("short id");

    let pref_client = unique("pref");
    let survey = |seq, field: &str, value| {
        mutation(
            &pref_client,
            seq,
            RecordKind::Survey,
            &survey_id,
            TOYAMA,
            field,
            value,
        )
    };
    let published = w.sync(
        &admin.token,
        &push_request(
            &pref_client,
            vec![
                survey(1, "title", json!("DX取組状況調査")),
                survey(2, "deadline", json!("2021-09-30")),
                survey(3, "published", json!(true)),
            ],
        ),
    );
    assert!(published.rejected.is_empty());

    let client = unique("cli");
    let answer = |seq, field: &str, value, wall_ms| {
        let mut m = mutation(
            &client,
            seq,
            RecordKind::SurveyResponse,
            &record,
            TOYAMA_CITY,
            field,
            value,
        );
        m.hlc = Hlc::new(wall_ms, 0, client.as_str());
        m
    };
    let push = push_request(
        &client,
        vec![
            answer(1, "q.dept", json!("yes"), closes() - 1),
            answer(2, "q.dept", json!("no"), closes()),
            answer(3, "q.note", json!("期限内に記入"), closes() - 1),
        ],
    );
    let reply = w.try_sync(&town.token, &push);
    assert_eq!(reply.status, 200, "{}", reply.text);
    let raw = reply.json();
    assert_eq!(
        raw["acked_through"], 3,
        "the late answer does not block the queue"
    );
    assert_eq!(raw["rejected"][0]["seq"], 2);
    assert_eq!(raw["rejected"][0]["code"], "survey_closed");
    let message = raw["rejected"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(&survey_id) && message.contains("2021-09-30"),
        "{message}"
    );
    let response: tsunagu_core::protocol::SyncResponse = reply.decode();
    assert_eq!(response.rejected.len(), 1);
    assert_eq!(response.rejected[0].code, RejectionCode::SurveyClosed);

    // The stored answer is the one written in time; the late one is in no log or history.
    let pulled = w.sync(&town.token, &pull_request(&unique("pull"), 0, Some(2000)));
    let mine: Vec<(String, serde_json::Value)> = pulled
        .changes
        .iter()
        .filter(|c| c.record_id == record)
        .map(|c| (c.field.to_string(), c.version.value.clone()))
        .collect();
    assert_eq!(
        mine,
        [
            ("q.dept".to_owned(), json!("yes")),
            ("q.note".to_owned(), json!("期限内に記入"))
        ]
    );
    let history: Vec<HistoryEntry> = w
        .history(&town.token, RecordKind::SurveyResponse, &record)
        .json()["entries"]
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .filter_map(|e| serde_json::from_value(e.clone()).ok())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(history.len(), 2);

    // Retrying the push acknowledges it again with the same rejection, and stores nothing twice.
    let again = w.sync(&town.token, &push);
    assert_eq!(again.acked_through, 3);
    assert_eq!(
        again.rejected, response.rejected,
        "a retry is answered the same"
    );
    let history_again = w
        .history_entries(&town.token, RecordKind::SurveyResponse, &record)
        .expect("stored");
    assert_eq!(history_again, history, "the retry stored nothing");
    let raw_again = w
        .try_sync(&town.token, &pull_request(&client, 0, Some(1)))
        .json();
    assert!(
        raw_again.get("rejected").is_none(),
        "absent when empty: {raw_again}"
    );
}

#[test]
fn a_device_drops_its_late_answer_and_shows_the_stored_one() {
    let w = worker();
    let admin = w.issue(TOYAMA, "prefecture_admin", "富山県 DX推進課");
    let town = w.issue(TOYAMA_CITY, "editor", "富山市 企画課");
    let survey_id = unique("s");
    let record = response_id(&survey_id, &support::org(TOYAMA_CITY)).expect("short id");
    let mut prefecture = Device::new(&admin);
    let deadline = FieldKey::new(RecordKind::Survey, survey_id.as_str(), "deadline");
    prefecture.write(&deadline, json!("2021-09-30"));
    prefecture.sync(w);

    let mut device = Device::new(&town);
    let key = FieldKey::new(RecordKind::SurveyResponse, record.as_str(), "q.dept");
    device.write_at(&key, json!("yes"), closes() - 60_000);
    device.sync(w);
    let late = device.write(&key, json!("no"));
    let responses = device.sync(w);
    let rejected: Vec<u64> = responses
        .iter()
        .flat_map(|r| r.rejected.iter().map(|r| r.seq))
        .collect();
    assert_eq!(rejected, [late.seq]);
    assert!(device.replica.pending().is_empty());
    assert_eq!(device.replica.value(&key), Some(&json!("yes")));
}
