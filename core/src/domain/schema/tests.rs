//! One passing and one failing case per rule kind, plus presence, names and whole records.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::*;
use crate::domain::RecordKind::{self, *};

fn ok(kind: RecordKind, field: &str, value: Value) {
    assert_eq!(
        validate_field(kind, field, &value),
        Ok(()),
        "{kind}.{field} = {value}"
    );
}

fn fails(kind: RecordKind, field: &str, value: Value, expected_field: &str, message: &str) {
    assert_eq!(
        validate_field(kind, field, &value),
        Err(ValidationError::new(expected_field, message)),
        "{kind}.{field} = {value}"
    );
}

#[test]
fn single_line_text_length_counts_characters() {
    ok(Measure, "title", json!("あ".repeat(200)));
    fails(
        Measure,
        "title",
        json!("あ".repeat(201)),
        "title",
        "must be at most 200 characters (got 201)",
    );
    ok(Organisation, "kana", json!(""));
}

#[test]
fn required_text_must_not_be_blank() {
    fails(Measure, "title", json!(""), "title", "must not be blank");
    fails(Plan, "title", json!(" 　"), "title", "must not be blank");
}

#[test]
fn single_line_text_rejects_line_breaks_and_control_characters() {
    fails(
        Measure,
        "title",
        json!("一行目\n二行目"),
        "title",
        "must be a single line (found a line break at character 4)",
    );
    fails(
        Measure,
        "department",
        json!("総務\t課"),
        "department",
        "must not contain control characters (found U+0009 at character 3)",
    );
}

#[test]
fn long_text_allows_line_breaks_and_tabs_only() {
    ok(Measure, "notes", json!("一行目\n\t二行目"));
    fails(
        Measure,
        "notes",
        json!("ベル\u{7}"),
        "notes",
        "must not contain control characters (found U+0007 at character 3)",
    );
    fails(
        Measure,
        "notes",
        json!("a\r\nb"),
        "notes",
        "must not contain control characters (found U+000D at character 2)",
    );
    ok(Plan, "vision", json!("あ".repeat(4000)));
    fails(
        Plan,
        "vision",
        json!("あ".repeat(4001)),
        "vision",
        "must be at most 4000 characters (got 4001)",
    );
}

#[test]
fn text_must_be_a_string() {
    fails(
        Measure,
        "title",
        json!(12),
        "title",
        "must be a string, got a number",
    );
    fails(
        Measure,
        "notes",
        json!(["a"]),
        "notes",
        "must be a string, got an array",
    );
}

#[test]
fn record_ids() {
    ok(Measure, "plan_id", json!("plan_2025-A"));
    fails(
        Measure,
        "plan_id",
        json!("plan 1"),
        "plan_id",
        "must be an id of 1 to 64 characters from A-Z, a-z, 0-9, _ and - (got \"plan 1\")",
    );
    fails(
        Measure,
        "plan_id",
        json!(""),
        "plan_id",
        "must be an id of 1 to 64 characters from A-Z, a-z, 0-9, _ and - (got \"\")",
    );
    fails(
        Measure,
        "area",
        json!(3),
        "area",
        "must be an id, got a number",
    );
    assert!(is_valid_record_id(&"a".repeat(64)));
    assert!(!is_valid_record_id(&"a".repeat(65)));
    assert!(!is_valid_record_id("遠野"));
    assert_eq!(validate_record_id("id", "ok-1"), Ok(()));
    assert_eq!(
        validate_record_id("id", "no/slash").unwrap_err().field,
        "id"
    );
}

#[test]
fn integers() {
    ok(Measure, "percent", json!(0));
    ok(Measure, "percent", json!(100));
    ok(Measure, "percent", json!(40.0));
    fails(
        Measure,
        "percent",
        json!(101),
        "percent",
        "must be between 0 and 100 (got 101)",
    );
    fails(
        Measure,
        "percent",
        json!(-1),
        "percent",
        "must be between 0 and 100 (got -1)",
    );
    fails(
        Measure,
        "percent",
        json!(12.5),
        "percent",
        "must be an integer (got 12.5)",
    );
    fails(
        Measure,
        "percent",
        json!("12"),
        "percent",
        "must be an integer, got a string",
    );
    fails(
        Measure,
        "percent",
        json!(u64::MAX),
        "percent",
        "must be between 0 and 100 (got 18446744073709551615)",
    );
    ok(Organisation, "population", json!(50_000_000));
    fails(
        Organisation,
        "population",
        json!(50_000_001),
        "population",
        "must be between 0 and 50000000 (got 50000001)",
    );
}

#[test]
fn fiscal_years() {
    ok(Plan, "start_fy", json!(2000));
    ok(Plan, "end_fy", json!(2100));
    fails(
        Plan,
        "start_fy",
        json!(1999),
        "start_fy",
        "must be a fiscal year between 2000 and 2100 (got 1999)",
    );
    fails(
        Measure,
        "end_fy",
        json!(2101),
        "end_fy",
        "must be a fiscal year between 2000 and 2100 (got 2101)",
    );
    fails(
        Plan,
        "start_fy",
        json!("2025"),
        "start_fy",
        "must be an integer, got a string",
    );
}

#[test]
fn numbers() {
    ok(Kpi, "baseline", json!(-3.25));
    ok(Kpi, "baseline", json!(10));
    fails(
        Kpi,
        "baseline",
        json!("10"),
        "baseline",
        "must be a number, got a string",
    );
}

#[test]
fn booleans() {
    ok(Measure, "priority", json!(true));
    fails(
        Measure,
        "priority",
        json!("true"),
        "priority",
        "must be true or false, got a string",
    );
    fails(
        StepChecklist,
        "step0_done",
        json!(1),
        "step0_done",
        "must be true or false, got a number",
    );
}

#[test]
fn dates() {
    ok(Measure, "deadline", json!("2026-03-31"));
    ok(StepChecklist, "step3_date", json!("2024-02-29"));
    for bad in [
        "2026/03/31",
        "2026-3-31",
        "2025-02-29",
        "令和7年4月1日",
        " 2026-03-31",
    ] {
        fails(
            Measure,
            "deadline",
            json!(bad),
            "deadline",
            &format!("must be a date written as YYYY-MM-DD, such as 2026-03-31 (got {bad:?})"),
        );
    }
    fails(
        Measure,
        "deadline",
        json!(20260331),
        "deadline",
        "must be a date written as YYYY-MM-DD, got a number",
    );
}

#[test]
fn enumerations() {
    for status in ["未着手", "作業中", "完了", "実施しない", "対象外"] {
        ok(Measure, "status", json!(status));
    }
    fails(
        Measure,
        "status",
        json!("done"),
        "status",
        "must be one of 未着手, 作業中, 完了, 実施しない, 対象外 (got \"done\")",
    );
    fails(
        Measure,
        "status",
        json!(2),
        "status",
        "must be one of 未着手, 作業中, 完了, 実施しない, 対象外 (got a number)",
    );
    ok(Organisation, "kind", json!("prefecture"));
    fails(
        Organisation,
        "kind",
        json!("city"),
        "kind",
        "must be one of prefecture, municipality (got \"city\")",
    );
    ok(TaxonomyArea, "source", json!("national"));
}

#[test]
fn organisation_codes() {
    ok(Organisation, "code", json!("032085"));
    fails(
        Organisation,
        "code",
        json!("032083"),
        "code",
        "is not a valid local government code: check digit is 3 but should be 5 for 03208",
    );
    fails(
        Organisation,
        "code",
        json!("０３２０８５"),
        "code",
        "must be written as 032085 (got \"０３２０８５\")",
    );
    fails(
        Organisation,
        "code",
        json!(32085),
        "code",
        "must be a local government code (a string), got a number",
    );
}

#[test]
fn policies() {
    ok(Plan, "policies", json!([]));
    ok(
        Plan,
        "policies",
        json!([{"id": "p1", "title": "行政のDX"}, {"id": "p-2", "title": "産業", "description": "説明\n二行"}]),
    );
    fails(
        Plan,
        "policies",
        json!({}),
        "policies",
        "must be an array of policies, got an object",
    );
    let too_many: Vec<Value> = (0..51)
        .map(|i| json!({"id": format!("p{i}"), "title": "t"}))
        .collect();
    fails(
        Plan,
        "policies",
        json!(too_many),
        "policies",
        "must have at most 50 policies (got 51)",
    );
    fails(
        Plan,
        "policies",
        json!(["p1"]),
        "policies[0]",
        "must be an object with id, title and description, got a string",
    );
    fails(
        Plan,
        "policies",
        json!([{"id": "p1", "title": "t", "owner": "x"}]),
        "policies[0].owner",
        "is not a policy field (expected id, title, description)",
    );
    fails(
        Plan,
        "policies",
        json!([{"title": "t"}]),
        "policies[0].id",
        "is required",
    );
    fails(
        Plan,
        "policies",
        json!([{"id": "P1", "title": "t"}]),
        "policies[0].id",
        "must be an id of 1 to 64 characters from a-z, 0-9, _ and - (got \"P1\")",
    );
    fails(
        Plan,
        "policies",
        json!([{"id": "p1"}]),
        "policies[0].title",
        "is required",
    );
    fails(
        Plan,
        "policies",
        json!([{"id": "p1", "title": ""}]),
        "policies[0].title",
        "must not be blank",
    );
    fails(
        Plan,
        "policies",
        json!([{"id": "p1", "title": "t", "description": null}]),
        "policies[0].description",
        "must be a string, got null",
    );
    fails(
        Plan,
        "policies",
        json!([{"id": "p1", "title": "a"}, {"id": "p2", "title": "b"}, {"id": "p1", "title": "c"}]),
        "policies[2].id",
        "duplicate id \"p1\" (already used by policies[0])",
    );
}

#[test]
fn schedules() {
    ok(Measure, "schedule", json!({}));
    ok(
        Measure,
        "schedule",
        json!({"2025": "導入", "2026": "運用\n検証"}),
    );
    fails(
        Measure,
        "schedule",
        json!([]),
        "schedule",
        "must be an object from fiscal year to text, got an array",
    );
    fails(
        Measure,
        "schedule",
        json!({"R7": "導入"}),
        "schedule.R7",
        "\"R7\" is not a fiscal year written as 4 digits, such as 2025",
    );
    fails(
        Measure,
        "schedule",
        json!({"1999": "x"}),
        "schedule.1999",
        "fiscal year 1999 is out of range (2000 to 2100)",
    );
    fails(
        Measure,
        "schedule",
        json!({"2025": 1}),
        "schedule.2025",
        "must be a string, got a number",
    );
    fails(
        Measure,
        "schedule",
        json!({"2025": "あ".repeat(501)}),
        "schedule.2025",
        "must be at most 500 characters (got 501)",
    );
    let too_many: serde_json::Map<String, Value> = (2000..2021)
        .map(|year| (year.to_string(), json!("")))
        .collect();
    fails(
        Measure,
        "schedule",
        Value::Object(too_many),
        "schedule",
        "must have at most 20 fiscal years (got 21)",
    );
}

#[test]
fn kpi_year_fields() {
    ok(Kpi, "target_fy2025", json!(1000));
    ok(Kpi, "actual_fy2100", json!(0.5));
    ok(Kpi, "actual_fy2025", Value::Null);
    fails(
        Kpi,
        "target_fy1999",
        json!(1),
        "target_fy1999",
        "fiscal year 1999 is out of range (2000 to 2100)",
    );
    fails(
        Kpi,
        "actual_fy25",
        json!(1),
        "actual_fy25",
        "\"25\" is not a fiscal year written as 4 digits, such as 2025",
    );
    fails(
        Kpi,
        "target_fy2025",
        json!("1000"),
        "target_fy2025",
        "must be a number, got a string",
    );
    // Per-year fields exist only on KPIs.
    assert_eq!(
        validate_field(Measure, "target_fy2025", &json!(1))
            .unwrap_err()
            .field,
        "target_fy2025"
    );
}

#[test]
fn null_clears_optional_fields_only() {
    for (kind, field) in [
        (Organisation, "population"),
        (Measure, "policy_id"),
        (Measure, "area"),
        (Measure, "start_fy"),
        (Measure, "deadline"),
        (Kpi, "baseline"),
        (TaxonomyArea, "parent"),
        (StepChecklist, "step1_date"),
    ] {
        ok(kind, field, Value::Null);
    }
    for (kind, field) in [
        (Plan, "title"),
        (Plan, "start_fy"),
        (Measure, "title"),
        (Measure, "status"),
        (Measure, "percent"),
        (Measure, "notes"),
        (Organisation, "name"),
        (Organisation, "code"),
        (Kpi, "name"),
        (StepChecklist, "step0_done"),
    ] {
        fails(
            kind,
            field,
            Value::Null,
            field,
            "cannot be null (the field is not optional)",
        );
    }
}

#[test]
fn unknown_fields_are_rejected_with_the_known_ones() {
    fails(
        Organisation,
        "population_class",
        json!("under_10k"),
        "population_class",
        "is not a field of organisation (known fields: code, kind, name, kana, population)",
    );
    fails(
        Kpi,
        "target",
        json!(1),
        "target",
        "is not a field of kpi (known fields: measure_id, name, unit, baseline, target_fyYYYY, actual_fyYYYY)",
    );
    // A record id is the key, not a field.
    assert!(validate_field(Measure, "id", &json!("m1")).is_err());
}

#[test]
fn validate_record_reports_missing_required_fields_and_bad_values() {
    let fields = BTreeMap::from([
        ("title".to_owned(), json!("AI-OCR")),
        ("percent".to_owned(), json!(150)),
    ]);
    assert_eq!(
        validate_record(Measure, &fields),
        [
            ValidationError::new("plan_id", "is required"),
            ValidationError::new("percent", "must be between 0 and 100 (got 150)"),
        ]
    );
    let fine = BTreeMap::from([
        ("plan_id".to_owned(), json!("p")),
        ("title".to_owned(), json!("t")),
    ]);
    assert!(validate_record(Measure, &fine).is_empty());
}

#[test]
fn every_kind_has_a_documented_field_table() {
    for kind in RecordKind::ALL {
        assert!(!fields_of(kind).is_empty(), "{kind}");
        for (name, _) in fields_of(kind) {
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{kind}.{name} is not snake_case"
            );
        }
    }
    assert!(fields_of(Measure)
        .iter()
        .any(|(name, spec)| *name == "status" && spec.presence == Presence::Defaulted));
}
