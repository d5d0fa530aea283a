//! Request decoding: every bad input is refused with the documented code and the path of the
//! part at fault.

use serde_json::{json, Value};
use tsunagu_core::protocol::{decode_request, ErrorCode, MAX_BODY_BYTES, MAX_MUTATIONS_PER_PUSH};

const CLIENT: &str = "client-0001";

fn mutation(seq: u64) -> Value {
    json!({
        "seq": seq, "kind": "measure", "record_id": "m-1", "org": "032085",
        "field": "status", "value": "作業中",
        "hlc": {"wall_ms": 1_763_780_000_000u64, "counter": 0, "replica": CLIENT}
    })
}

fn request(mutations: Vec<Value>) -> Value {
    json!({"protocol": 1, "client_id": CLIENT, "cursor": 0, "mutations": mutations})
}

fn refused(body: &Value) -> (ErrorCode, Option<String>, String) {
    let bytes = serde_json::to_vec(body).expect("serialisable");
    let error = decode_request(&bytes).expect_err("must be refused");
    (error.code, error.field, error.message)
}

#[test]
fn a_valid_request_decodes() {
    let bytes = serde_json::to_vec(&request(vec![mutation(1), mutation(2)])).expect("json");
    let decoded = decode_request(&bytes).expect("valid");
    assert_eq!(decoded.mutations.len(), 2);
}

#[test]
fn malformed_json_is_refused() {
    let error = decode_request(b"{\"protocol\": 1,").expect_err("refused");
    assert_eq!(error.code, ErrorCode::MalformedJson);
}

#[test]
fn an_unsupported_protocol_is_named() {
    let mut body = request(vec![]);
    body["protocol"] = json!(2);
    let (code, field, message) = refused(&body);
    assert_eq!(
        (code, field.as_deref()),
        (ErrorCode::UnsupportedProtocol, Some("protocol"))
    );
    assert!(message.contains("version 2"), "{message}");
}

#[test]
fn unknown_missing_and_mistyped_fields_name_their_path() {
    let mut unknown = request(vec![mutation(1)]);
    unknown["mutations"][0]["colour"] = json!("red");
    assert_eq!(refused(&unknown).0, ErrorCode::InvalidRequest);
    assert_eq!(refused(&unknown).1.as_deref(), Some("mutations[0].colour"));

    let mut missing = request(vec![mutation(1)]);
    missing["mutations"][0]
        .as_object_mut()
        .expect("object")
        .remove("hlc");
    assert_eq!(refused(&missing).0, ErrorCode::InvalidRequest);

    let mut mistyped = request(vec![mutation(1)]);
    mistyped["mutations"][0]["seq"] = json!("1");
    let (code, field, _) = refused(&mistyped);
    assert_eq!(
        (code, field.as_deref()),
        (ErrorCode::InvalidRequest, Some("mutations[0].seq"))
    );
}

#[test]
fn a_wrong_check_digit_is_explained() {
    let mut body = request(vec![mutation(1)]);
    body["mutations"][0]["org"] = json!("032086");
    let (code, field, message) = refused(&body);
    assert_eq!(
        (code, field.as_deref()),
        (ErrorCode::InvalidRequest, Some("mutations[0].org"))
    );
    assert!(message.contains("should be 5"), "{message}");
}

#[test]
fn values_out_of_range_and_unknown_field_names_are_refused() {
    let mut percent = request(vec![mutation(1)]);
    percent["mutations"][0]["field"] = json!("percent");
    percent["mutations"][0]["value"] = json!(101);
    let (code, field, _) = refused(&percent);
    assert_eq!(
        (code, field.as_deref()),
        (ErrorCode::ValidationFailed, Some("mutations[0].value"))
    );

    let mut name = request(vec![mutation(1)]);
    name["mutations"][0]["field"] = json!("colour");
    let (code, field, _) = refused(&name);
    assert_eq!(
        (code, field.as_deref()),
        (ErrorCode::ValidationFailed, Some("mutations[0].field"))
    );
}

#[test]
fn sequence_numbers_must_increase_within_a_push() {
    let (code, field, _) = refused(&request(vec![mutation(2), mutation(2)]));
    assert_eq!(
        (code, field.as_deref()),
        (ErrorCode::ValidationFailed, Some("mutations[1].seq"))
    );
}

#[test]
fn the_clock_must_belong_to_the_client() {
    let mut body = request(vec![mutation(1)]);
    body["mutations"][0]["hlc"]["replica"] = json!("someone-else");
    let (code, field, _) = refused(&body);
    assert_eq!(
        (code, field.as_deref()),
        (
            ErrorCode::ValidationFailed,
            Some("mutations[0].hlc.replica")
        )
    );
}

#[test]
fn too_many_mutations_and_too_large_bodies_are_refused() {
    let many: Vec<Value> = (1..=MAX_MUTATIONS_PER_PUSH as u64 + 1)
        .map(mutation)
        .collect();
    assert_eq!(refused(&request(many)).0, ErrorCode::TooManyMutations);

    let mut large = request(vec![mutation(1)]);
    large["mutations"][0]["field"] = json!("notes");
    large["mutations"][0]["value"] = json!("x".repeat(MAX_BODY_BYTES));
    assert_eq!(refused(&large).0, ErrorCode::PayloadTooLarge);
}
