//! Survey deadlines on the server: a late answer is acknowledged and reported, not applied, and
//! never blocks the rest of the queue; the device drops it and shows the server's value again.

use chrono::NaiveDate;
use serde_json::{json, Value};
use tsunagu_core::access::{Principal, Role};
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::survey::{closes_at_ms, response_id};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{Hlc, RecordKey};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{
    Mutation, RejectionCode, SyncRequest, SyncResponse, PROTOCOL_VERSION,
};
use tsunagu_core::server::{handle_sync, MemoryStore, SyncStore};

const IWATE: &str = "030007";
const TONO: &str = "032085";
const SURVEY: &str = "s-2021";

fn code(s: &str) -> OrgCode {
    OrgCode::parse(s).expect("valid code")
}

fn principal(org: &str, role: Role) -> Principal {
    Principal {
        token_id: "t".into(),
        org: code(org),
        role,
        label: format!("{org} {role}"),
    }
}

fn deadline() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 9, 30).expect("valid date")
}

/// 2021-10-01 00:00 JST.
fn closes() -> u64 {
    closes_at_ms(deadline())
}

/// The server's clock: a week after the deadline.
fn now() -> u64 {
    closes() + 7 * 24 * 60 * 60 * 1000
}

fn response_record() -> String {
    response_id(SURVEY, &code(TONO)).expect("short id")
}

#[allow(clippy::too_many_arguments)]
fn write(
    client: &str,
    seq: u64,
    kind: RecordKind,
    record: &str,
    org: &str,
    field: &str,
    value: Value,
    wall_ms: u64,
) -> Mutation {
    Mutation {
        seq,
        kind,
        record_id: record.into(),
        org: code(org),
        field: field.into(),
        value,
        hlc: Hlc::new(wall_ms, 0, client),
        base: None,
        seen: None,
    }
}

fn answer(client: &str, seq: u64, value: Value, wall_ms: u64) -> Mutation {
    write(
        client,
        seq,
        RecordKind::SurveyResponse,
        &response_record(),
        TONO,
        "q.dept",
        value,
        wall_ms,
    )
}

fn push(client: &str, mutations: Vec<Mutation>) -> SyncRequest {
    SyncRequest {
        protocol: PROTOCOL_VERSION,
        client_id: client.into(),
        cursor: 0,
        mutations,
        page_size: None,
        epoch: None,
        cursor_tag: None,
    }
}

/// The prefecture publishes the survey (its deadline and title).
fn store_with_survey() -> MemoryStore {
    let mut store = MemoryStore::new();
    let admin = principal(IWATE, Role::PrefectureAdmin);
    let written = closes() - 30 * 24 * 60 * 60 * 1000;
    let survey = |seq, field: &str, value| {
        write(
            "pref-device",
            seq,
            RecordKind::Survey,
            SURVEY,
            IWATE,
            field,
            value,
            written,
        )
    };
    let request = push(
        "pref-device",
        vec![
            survey(1, "title", json!("DX取組状況調査")),
            survey(2, "deadline", json!("2021-09-30")),
        ],
    );
    handle_sync(&mut store, &admin, &request, written).expect("accepted");
    store
}

fn stored_answer(store: &MemoryStore, record: &str, field: &str) -> Option<Value> {
    store
        .field_state(&RecordKey::new(RecordKind::SurveyResponse, record), field)
        .expect("memory store")
        .map(|state| state.value().clone())
}

#[test]
fn an_answer_written_before_midnight_jst_is_stored_even_when_synced_later() {
    let mut store = store_with_survey();
    let town = principal(TONO, Role::Editor);
    let request = push(
        "tono-pc",
        vec![answer("tono-pc", 1, json!("yes"), closes() - 1)],
    );
    let response = handle_sync(&mut store, &town, &request, now()).expect("accepted");
    assert_eq!(response.acked_through, 1);
    assert!(response.rejected.is_empty());
    assert_eq!(
        stored_answer(&store, &response_record(), "q.dept"),
        Some(json!("yes"))
    );
}

#[test]
fn a_late_answer_is_acknowledged_reported_and_not_stored() {
    let mut store = store_with_survey();
    let town = principal(TONO, Role::Editor);
    let on_time = push(
        "tono-pc",
        vec![answer("tono-pc", 1, json!("yes"), closes() - 1)],
    );
    handle_sync(&mut store, &town, &on_time, now()).expect("accepted");
    let log_before = store.log().len();

    let late = push(
        "tono-pc",
        vec![
            answer("tono-pc", 1, json!("yes"), closes() - 1),
            answer("tono-pc", 2, json!("no"), closes()),
            // A later write elsewhere in the same push still goes through.
            write(
                "tono-pc",
                3,
                RecordKind::Measure,
                "m-1",
                TONO,
                "title",
                json!("窓口DX"),
                closes(),
            ),
        ],
    );
    let response = handle_sync(&mut store, &town, &late, now()).expect("accepted");
    assert_eq!(response.acked_through, 3);
    assert_eq!(response.rejected.len(), 1);
    let rejection = &response.rejected[0];
    assert_eq!(
        (rejection.seq, rejection.code),
        (2, RejectionCode::SurveyClosed)
    );
    assert_eq!(
        rejection.message,
        "survey 「DX取組状況調査」 (s-2021) closed at the end of its deadline 2021-09-30 \
         (24:00 JST, 2021-10-01 00:00 JST); this answer was written at 2021-10-01 00:00 JST \
         and was not stored"
    );
    assert_eq!(
        stored_answer(&store, &response_record(), "q.dept"),
        Some(json!("yes"))
    );
    assert_eq!(
        store.log().len(),
        log_before + 1,
        "only the measure was logged"
    );

    // Resending the same push (its answer was lost) applies nothing, and reports the refusal
    // again, so the device still learns of it.
    let again = handle_sync(&mut store, &town, &late, now()).expect("accepted");
    assert_eq!(again.acked_through, 3);
    assert_eq!(again.rejected, response.rejected);
    assert_eq!(store.log().len(), log_before + 1);
}

#[test]
fn pointing_survey_id_elsewhere_or_answering_under_another_id_is_refused() {
    let mut store = store_with_survey();
    let town = principal(TONO, Role::Editor);
    let late = closes() + 1000;
    let record = response_record();
    let request = push(
        "tono-pc",
        vec![
            // The id names the survey; a field claiming another one is refused.
            write(
                "tono-pc",
                1,
                RecordKind::SurveyResponse,
                &record,
                TONO,
                "survey_id",
                json!("other"),
                late,
            ),
            // An id of another shape names no survey, so nothing can slip past the deadline.
            write(
                "tono-pc",
                2,
                RecordKind::SurveyResponse,
                "r-1",
                TONO,
                "survey_id",
                json!(SURVEY),
                closes() - 1,
            ),
            write(
                "tono-pc",
                3,
                RecordKind::SurveyResponse,
                &record,
                TONO,
                "q.dept",
                json!("no"),
                late,
            ),
        ],
    );
    let response = handle_sync(&mut store, &town, &request, now()).expect("accepted");
    let refused: Vec<(u64, RejectionCode)> =
        response.rejected.iter().map(|r| (r.seq, r.code)).collect();
    assert_eq!(
        refused,
        [
            (1, RejectionCode::Forbidden),
            (2, RejectionCode::Forbidden),
            (3, RejectionCode::SurveyClosed)
        ]
    );
    assert_eq!(stored_answer(&store, &record, "survey_id"), None);
    assert_eq!(stored_answer(&store, "r-1", "survey_id"), None);
    assert_eq!(stored_answer(&store, &record, "q.dept"), None);
}

#[test]
fn an_answer_to_a_survey_the_server_does_not_have_is_refused_and_kept_by_the_device() {
    let mut store = MemoryStore::new();
    let town = principal(TONO, Role::Editor);
    let request = push("tono-pc", vec![answer("tono-pc", 1, json!("yes"), now())]);
    let response = handle_sync(&mut store, &town, &request, now()).expect("accepted");
    assert_eq!(response.acked_through, 1, "the queue moves on");
    assert_eq!(response.rejected.len(), 1);
    assert_eq!(response.rejected[0].code, RejectionCode::Forbidden);
    assert!(
        response.rejected[0].message.contains(SURVEY),
        "{}",
        response.rejected[0].message
    );
    assert_eq!(stored_answer(&store, &response_record(), "q.dept"), None);
}

#[test]
fn the_prefecture_answers_no_survey() {
    let mut store = store_with_survey();
    let admin = principal(IWATE, Role::PrefectureAdmin);
    let record = response_id(SURVEY, &code(IWATE)).expect("short id");
    let request = push(
        "pref-device",
        vec![write(
            "pref-device",
            3,
            RecordKind::SurveyResponse,
            &record,
            IWATE,
            "q.dept",
            json!("yes"),
            closes() - 1,
        )],
    );
    let response = handle_sync(&mut store, &admin, &request, now()).expect("accepted");
    assert_eq!(response.rejected.len(), 1);
    assert_eq!(response.rejected[0].code, RejectionCode::Forbidden);
}

#[test]
fn an_extended_deadline_reopens_the_survey() {
    let mut store = store_with_survey();
    let admin = principal(IWATE, Role::PrefectureAdmin);
    let extend = push(
        "pref-device",
        vec![write(
            "pref-device",
            3,
            RecordKind::Survey,
            SURVEY,
            IWATE,
            "deadline",
            json!("2021-10-15"),
            closes(),
        )],
    );
    handle_sync(&mut store, &admin, &extend, now()).expect("accepted");
    let town = principal(TONO, Role::Editor);
    let request = push(
        "tono-pc",
        vec![answer("tono-pc", 1, json!("no"), closes() + 1000)],
    );
    let response = handle_sync(&mut store, &town, &request, now()).expect("accepted");
    assert!(response.rejected.is_empty());
}

#[test]
fn the_device_drops_a_rejected_write_and_reports_it() {
    let mut store = store_with_survey();
    let town = principal(TONO, Role::Editor);
    let mut replica = ClientReplica::new("tono-pc");
    let key = FieldKey::new(RecordKind::SurveyResponse, response_record(), "q.dept");
    replica.write(&code(TONO), &key, json!("yes"), closes() - 60_000);
    let mut first =
        handle_sync(&mut store, &town, &replica.request(None), now()).expect("accepted");
    replica.apply_response(&mut first);
    assert_eq!(replica.value(&key), Some(&json!("yes")));

    let late = replica.write(&code(TONO), &key, json!("no"), closes() + 60_000);
    assert_eq!(
        replica.value(&key),
        Some(&json!("no")),
        "shown while pending"
    );
    let response = handle_sync(&mut store, &town, &replica.request(None), now()).expect("accepted");
    let effects = replica.apply_response(&mut response.clone());
    assert!(!effects.is_empty());
    assert_eq!(effects.acknowledged, [late.seq]);
    assert_eq!(effects.rejected.len(), 1);
    assert_eq!(
        effects.rejected[0].rejection.code,
        RejectionCode::SurveyClosed
    );
    assert_eq!(effects.rejected[0].mutation.as_ref(), Some(&late));
    assert!(replica.pending().is_empty());
    assert_eq!(
        replica.value(&key),
        Some(&json!("yes")),
        "the server's value again"
    );

    // Taking the same response in twice reports nothing more: the write is already set aside.
    let twice = replica.apply_response(&mut response.clone());
    assert!(twice.rejected.is_empty());
}

#[test]
fn responses_without_rejections_keep_the_old_shape() {
    let old = r#"{"protocol":3,"acked_through":3,"changes":{"replicas":[],"authors":[],"orgs":[],"kinds":[],"fields":[],"records":[],"rows":[]},"cursor":9,"has_more":false,"server_time_ms":5}"#;
    let decoded: SyncResponse = serde_json::from_str(old).expect("old body decodes");
    assert!(decoded.rejected.is_empty());
    assert_eq!(serde_json::to_string(&decoded).expect("encodes"), old);
}
