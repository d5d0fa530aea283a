//! A plan's policies and a survey's questions are kept one field per item (`policy.<id>`,
//! `question.<id>`): two people editing two items merge without a conflict, a removed item
//! stays removed, the legacy whole-list array is still read and is migrated on the next save,
//! and no value of the largest survey passes the limit of one write.

use chrono::NaiveDate;
use serde_json::{json, Value};
use tsunagu_core::access::{Principal, Role};
use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::survey::{Choice, Question, QuestionKind};
use tsunagu_core::domain::{validate_field, BasicPolicy, Fields, Plan, RecordKind, Survey};
use tsunagu_core::merge::RecordKey;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::MAX_MUTATION_BYTES;
use tsunagu_core::server::{handle_sync, MemoryStore};

const NOW: u64 = 1_795_000_000_000;
const PLAN_ID: &str = "032085-plan-1";

fn code(text: &str) -> OrgCode {
    OrgCode::parse(text).expect("valid code")
}

fn editor(org: &str, label: &str) -> Principal {
    Principal {
        token_id: label.into(),
        org: code(org),
        role: Role::Editor,
        label: label.into(),
    }
}

fn sync(store: &mut MemoryStore, replica: &mut ClientReplica, org: &str) {
    let who = replica.client_id().to_owned();
    let mut response =
        handle_sync(store, &editor(org, &who), &replica.request(None), NOW).expect("accepted");
    assert!(response.rejected.is_empty(), "{:?}", response.rejected);
    replica.apply_response(&mut response);
}

fn save(
    replica: &mut ClientReplica,
    org: &str,
    key: &RecordKey,
    writes: Vec<(String, Value)>,
    at: u64,
) {
    for (field, value) in writes {
        let field = FieldKey {
            record: key.clone(),
            field: field.into(),
        };
        replica.write(&code(org), &field, value, at);
    }
}

fn stored(replica: &ClientReplica, key: &RecordKey) -> Fields {
    replica
        .view(key)
        .map(|view| view.values)
        .unwrap_or_default()
}

fn policy(id: &str, title: &str) -> BasicPolicy {
    BasicPolicy {
        id: id.into(),
        title: title.into(),
        description: String::new(),
    }
}

fn plan() -> Plan {
    Plan {
        title: "遠野市DX推進計画".into(),
        start_fy: FiscalYear(2022),
        end_fy: FiscalYear(2025),
        vision: String::new(),
        policies: vec![
            policy("p1", "行政サービスのデジタル化"),
            policy("p2", "業務の効率化"),
            policy("p3", "地域社会のデジタル化"),
        ],
    }
}

fn plan_key() -> RecordKey {
    RecordKey::new(RecordKind::Plan, PLAN_ID)
}

fn read_plan(replica: &ClientReplica) -> Plan {
    Plan::from_fields(&stored(replica, &plan_key())).expect("readable plan")
}

#[test]
fn a_plan_round_trips_through_per_policy_fields() {
    let fields = plan().to_fields();
    assert_eq!(fields["policies"], json!([]));
    assert_eq!(
        fields["policy.p2"],
        json!({"title": "業務の効率化", "description": "", "order": 2048})
    );
    for (name, value) in &fields {
        validate_field(RecordKind::Plan, name, value).expect("valid field");
    }
    assert_eq!(Plan::from_fields(&fields), Ok(plan()));
    // Nothing changed, nothing written.
    assert_eq!(plan().writes_over(&fields), []);
}

#[test]
fn two_people_editing_two_policies_merge_without_a_conflict() {
    let mut store = MemoryStore::new();
    let mut a = ClientReplica::new("device-a1");
    let mut b = ClientReplica::new("device-b1");
    let writes = plan().writes_over(&Fields::new());
    save(&mut a, "032085", &plan_key(), writes, NOW);
    sync(&mut store, &mut a, "032085");
    sync(&mut store, &mut b, "032085");

    let mut by_a = read_plan(&a);
    by_a.policies[0].title = "行政手続のオンライン化".into();
    let writes = by_a.writes_over(&stored(&a, &plan_key()));
    assert_eq!(
        writes.len(),
        1,
        "one policy changed, one field written: {writes:?}"
    );
    save(&mut a, "032085", &plan_key(), writes, NOW + 10);

    let mut by_b = read_plan(&b);
    by_b.policies[2].description = "地域のデジタル人材を育てる".into();
    by_b.policies.push(policy("p4", "情報セキュリティ"));
    let writes = by_b.writes_over(&stored(&b, &plan_key()));
    save(&mut b, "032085", &plan_key(), writes, NOW + 20);

    for _ in 0..2 {
        sync(&mut store, &mut a, "032085");
        sync(&mut store, &mut b, "032085");
    }
    assert!(a.conflicts().is_empty() && b.conflicts().is_empty());
    let merged = read_plan(&a);
    assert_eq!(merged, read_plan(&b));
    let titles: Vec<&str> = merged.policies.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "行政手続のオンライン化",
            "業務の効率化",
            "地域社会のデジタル化",
            "情報セキュリティ"
        ]
    );
    assert_eq!(merged.policies[2].description, "地域のデジタル人材を育てる");
}

/// Two devices each add a policy offline. With ids of their own (the app's are random,
/// `p1a2b3c4d`) both policies are kept, in one order on both; with one id (the next number,
/// `p4`, as the app once chose) they would write one field and one policy would be lost.
#[test]
fn two_devices_adding_a_policy_offline_keep_both_when_the_ids_differ() {
    let added = |ids: [&str; 2]| {
        let mut store = MemoryStore::new();
        let mut a = ClientReplica::new("device-a1");
        let mut b = ClientReplica::new("device-b1");
        save(
            &mut a,
            "032085",
            &plan_key(),
            plan().writes_over(&Fields::new()),
            NOW,
        );
        sync(&mut store, &mut a, "032085");
        sync(&mut store, &mut b, "032085");
        for (replica, id, title, at) in [
            (&mut a, ids[0], "情報セキュリティ", NOW + 10),
            (&mut b, ids[1], "人材育成", NOW + 20),
        ] {
            let mut next = read_plan(replica);
            next.policies.push(policy(id, title));
            let writes = next.writes_over(&stored(replica, &plan_key()));
            save(replica, "032085", &plan_key(), writes, at);
        }
        for _ in 0..2 {
            sync(&mut store, &mut a, "032085");
            sync(&mut store, &mut b, "032085");
        }
        assert_eq!(read_plan(&a), read_plan(&b));
        read_plan(&a)
            .policies
            .iter()
            .map(|p| p.title.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        added(["p3f9a1c2b", "p07d4e5aa"])[3..],
        ["人材育成", "情報セキュリティ"],
        "both kept, the tie in position broken by id"
    );
    assert_eq!(
        added(["p4", "p4"]).len(),
        4,
        "one id: one of the two is lost"
    );
}

#[test]
fn a_removed_policy_stays_removed_and_moving_one_rewrites_only_it() {
    let mut store = MemoryStore::new();
    let mut a = ClientReplica::new("device-a1");
    let mut b = ClientReplica::new("device-b1");
    let writes = plan().writes_over(&Fields::new());
    save(&mut a, "032085", &plan_key(), writes, NOW);
    sync(&mut store, &mut a, "032085");
    sync(&mut store, &mut b, "032085");

    let mut without_p2 = read_plan(&a);
    without_p2.policies.retain(|p| p.id != "p2");
    let writes = without_p2.writes_over(&stored(&a, &plan_key()));
    assert_eq!(writes, [("policy.p2".to_owned(), Value::Null)]);
    save(&mut a, "032085", &plan_key(), writes, NOW + 10);

    // Meanwhile b moves p3 to the front: only p3 is written.
    let mut moved = read_plan(&b);
    let p3 = moved.policies.remove(2);
    moved.policies.insert(0, p3);
    let writes = moved.writes_over(&stored(&b, &plan_key()));
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].0, "policy.p3");
    save(&mut b, "032085", &plan_key(), writes, NOW + 20);

    for _ in 0..2 {
        sync(&mut store, &mut a, "032085");
        sync(&mut store, &mut b, "032085");
    }
    assert!(a.conflicts().is_empty());
    let ids: Vec<String> = read_plan(&b).policies.into_iter().map(|p| p.id).collect();
    assert_eq!(ids, ["p3", "p1"]);
    assert_eq!(read_plan(&a), read_plan(&b));
}

#[test]
fn a_legacy_array_is_read_and_migrated_on_the_next_save() {
    let mut store = MemoryStore::new();
    let mut old_app = ClientReplica::new("device-old");
    let legacy = json!([
        {"id": "p1", "title": "行政サービスのデジタル化", "description": ""},
        {"id": "p2", "title": "業務の効率化", "description": ""},
        {"id": "p3", "title": "地域社会のデジタル化", "description": ""},
    ]);
    let mut old_fields = plan().to_fields();
    old_fields.retain(|name, _| !name.starts_with("policy"));
    old_fields.insert("policies".into(), legacy);
    save(
        &mut old_app,
        "032085",
        &plan_key(),
        old_fields.into_iter().collect(),
        NOW,
    );
    sync(&mut store, &mut old_app, "032085");

    let mut app = ClientReplica::new("device-new");
    sync(&mut store, &mut app, "032085");
    let read = read_plan(&app);
    assert_eq!(read, plan(), "the legacy array reads as before");

    // Any save migrates: every policy in its own field, the array cleared, p2's removal
    // recorded as null.
    let mut edited = read;
    edited.title = "遠野市DX推進計画（改定）".into();
    edited.policies.retain(|p| p.id != "p2");
    let writes = edited.writes_over(&stored(&app, &plan_key()));
    let names: Vec<&str> = writes.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        ["title", "policy.p1", "policy.p3", "policy.p2", "policies"]
    );
    save(&mut app, "032085", &plan_key(), writes, NOW + 10);
    sync(&mut store, &mut app, "032085");
    let fields = stored(&app, &plan_key());
    assert_eq!(fields["policies"], json!([]));
    assert_eq!(fields["policy.p2"], Value::Null);
    assert_eq!(Plan::from_fields(&fields), Ok(edited.clone()));
    // Migrated: the next save writes nothing more.
    assert_eq!(edited.writes_over(&fields), []);
}

#[test]
fn an_item_field_wins_over_the_legacy_item_and_null_removes_it() {
    let mut fields = plan().to_fields();
    fields.retain(|name, _| !name.starts_with("policy."));
    fields.insert(
        "policies".into(),
        json!([
            {"id": "p1", "title": "古い名前", "description": ""},
            {"id": "p2", "title": "業務の効率化", "description": ""},
        ]),
    );
    fields.insert(
        "policy.p1".into(),
        json!({"title": "新しい名前", "description": "", "order": 5000}),
    );
    fields.insert("policy.p2".into(), Value::Null);
    let plan = Plan::from_fields(&fields).expect("readable");
    assert_eq!(plan.policies, [policy("p1", "新しい名前")]);
}

#[test]
fn item_fields_are_checked_by_the_per_item_rules() {
    let check = |field: &str, value: Value| validate_field(RecordKind::Plan, field, &value);
    assert_eq!(check("policy.p1", Value::Null), Ok(()));
    let error = check("policy.p1", json!({"title": "", "order": 1})).expect_err("blank");
    assert_eq!(error.field, "policy.p1.title");
    let error = check("policy.p1", json!({"title": "A"})).expect_err("no order");
    assert_eq!(error.field, "policy.p1.order");
    let error = check("policy.p1", json!({"id": "p1", "title": "A", "order": 1}))
        .expect_err("id in the value");
    assert_eq!(error.field, "policy.p1.id");
    let error = check("policy.P1", json!({"title": "A", "order": 1})).expect_err("bad id");
    assert_eq!(error.field, "policy.P1");
    let survey = |field: &str, value: Value| validate_field(RecordKind::Survey, field, &value);
    let error = survey(
        "question.q1",
        json!({"kind": "single", "text": "問", "choices": [{"id": "a", "label": "A"}], "order": 1}),
    )
    .expect_err("one choice");
    assert_eq!(error.field, "question.q1.choices");
}

fn deadline() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 30).expect("valid date")
}

fn largest_survey() -> Survey {
    let label = "選".repeat(200);
    let questions = (0..100)
        .map(|q| Question {
            id: format!("q{q}"),
            kind: QuestionKind::Multiple,
            text: "問".repeat(500),
            required: true,
            choices: (0..40)
                .map(|c| Choice::new(format!("c{c}"), label.clone()))
                .collect(),
            unit: None,
        })
        .collect();
    Survey {
        questions,
        ..Survey::new("s-2026", "取組状況調査", deadline())
    }
}

#[test]
fn the_largest_survey_saves_without_a_value_over_the_limit() {
    let survey = largest_survey();
    assert_eq!(survey.validate(), Ok(()));
    let writes = survey.writes_over(&Fields::new());
    let whole: usize = writes
        .iter()
        .map(|(_, value)| serde_json::to_string(value).expect("JSON").len())
        .sum();
    assert!(
        whole > MAX_MUTATION_BYTES,
        "the old single array would not fit: {whole}"
    );
    for (name, value) in &writes {
        let bytes = serde_json::to_string(value).expect("JSON").len();
        assert!(bytes <= MAX_MUTATION_BYTES, "{name}: {bytes} bytes");
    }

    let mut store = MemoryStore::new();
    let mut prefecture = ClientReplica::new("device-iwate");
    let key = RecordKey::new(RecordKind::Survey, survey.id.clone());
    save(&mut prefecture, "030007", &key, writes, NOW);
    while !prefecture.pending().is_empty() {
        sync(&mut store, &mut prefecture, "030007");
    }
    let mut reader = ClientReplica::new("device-iwate-2");
    sync(&mut store, &mut reader, "030007");
    let read = Survey::from_fields(&survey.id, &stored(&reader, &key)).expect("readable");
    assert_eq!(read, survey);
}

#[test]
fn a_legacy_survey_is_read_and_migrated_and_a_question_edit_writes_one_field() {
    let mut survey = Survey::new("s-2021", "取組状況調査", deadline());
    survey.questions = vec![
        Question {
            id: "dept".into(),
            kind: QuestionKind::Single,
            text: "DX推進担当部門の設置状況".into(),
            required: true,
            choices: vec![
                Choice::new("yes", "設置済み"),
                Choice::new("no", "設置しない"),
            ],
            unit: None,
        },
        Question {
            id: "count".into(),
            kind: QuestionKind::Number,
            text: "電子申請できる手続の数".into(),
            required: false,
            choices: Vec::new(),
            unit: Some("手続".into()),
        },
    ];
    let mut legacy = survey.to_fields();
    legacy.retain(|name, _| !name.starts_with("question."));
    legacy.insert(
        "questions".into(),
        json!([
            {"id": "dept", "kind": "single", "text": "DX推進担当部門の設置状況", "required": true,
             "choices": [{"id": "yes", "label": "設置済み"}, {"id": "no", "label": "設置しない"}]},
            {"id": "count", "kind": "number", "text": "電子申請できる手続の数", "unit": "手続"},
        ]),
    );
    assert_eq!(Survey::from_fields("s-2021", &legacy), Ok(survey.clone()));

    let writes = survey.writes_over(&legacy);
    let names: Vec<&str> = writes.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["question.dept", "question.count", "questions"]);
    let mut migrated = legacy.clone();
    migrated.extend(writes);
    assert_eq!(Survey::from_fields("s-2021", &migrated), Ok(survey.clone()));

    let mut edited = survey;
    edited.questions[1].text = "オンラインで申請できる手続の数".into();
    let writes = edited.writes_over(&migrated);
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].0, "question.count");
}
