//! Request decoding: every bad input is refused with the documented code and the path of the
//! part at fault.

use serde_json::{json, Value};
use tsunagu_core::merge::MAX_HLC_COUNTER;
use tsunagu_core::protocol::{
    decode_request, mutation_problem, ErrorCode, RejectionCode, MAX_BODY_BYTES,
    MAX_MUTATIONS_PER_PUSH, MAX_MUTATION_BYTES,
};

const CLIENT: &str = "client-0001";

fn mutation(seq: u64) -> Value {
    json!({
        "seq": seq, "kind": "measure", "record_id": "m-1", "org": "032085",
        "field": "status", "value": "作業中",
        "hlc": {"wall_ms": 1_763_780_000_000u64, "counter": 0, "replica": CLIENT}
    })
}

fn request(mutations: Vec<Value>) -> Value {
    json!({"protocol": 3, "client_id": CLIENT, "cursor": 0, "mutations": mutations})
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
    // An app of an older version (1: before `seen`, 2: changes as named objects) or a newer one
    // is told to reload; nothing of its push is taken.
    for version in [1, 2, 4] {
        let mut body = request(vec![mutation(1)]);
        body["protocol"] = json!(version);
        let (code, field, message) = refused(&body);
        assert_eq!(
            (code, field.as_deref()),
            (ErrorCode::UnsupportedProtocol, Some("protocol"))
        );
        assert!(message.contains(&format!("version {version}")), "{message}");
        assert!(message.contains("reload"), "{message}");
    }
}

#[test]
fn a_write_queued_by_an_app_from_before_seen_is_still_taken() {
    // The queue outlives the app that wrote it: after a reload the current app sends it as is.
    let mut body = request(vec![mutation(1)]);
    body["mutations"][0]["base"] = json!({"wall_ms": 1, "counter": 0, "replica": "other-device"});
    let bytes = serde_json::to_vec(&body).expect("json");
    let decoded = decode_request(&bytes).expect("a legacy write is accepted");
    assert_eq!(decoded.mutations[0].seen, None, "a legacy write");
}

#[test]
fn what_a_write_saw_names_valid_devices() {
    let mut body = request(vec![mutation(1)]);
    body["mutations"][0]["seen"] = json!({"other-device": 4, CLIENT: 0});
    let bytes = serde_json::to_vec(&body).expect("json");
    let decoded = decode_request(&bytes).expect("valid");
    assert_eq!(
        decoded.mutations[0]
            .seen
            .as_ref()
            .map(|s| s.get("other-device")),
        Some(4)
    );
    body["mutations"][0]["seen"] = json!({"a b": 4});
    let (code, field, _) = refused(&body);
    assert_eq!(
        (code, field.as_deref()),
        (ErrorCode::ValidationFailed, Some("mutations[0].seen"))
    );
    body["mutations"][0]["seen"] = json!({"other-device": -1});
    assert_eq!(refused(&body).0, ErrorCode::InvalidRequest);
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

/// A value the schema refuses is a problem of that mutation alone: the push decodes, and the
/// mutation is refused by itself with the part at fault named.
#[test]
fn values_out_of_range_unknown_fields_and_counters_out_of_range_are_refused_per_mutation() {
    let problem = |edit: &dyn Fn(&mut Value)| {
        let mut body = request(vec![mutation(1)]);
        edit(&mut body["mutations"][0]);
        let bytes = serde_json::to_vec(&body).expect("serialisable");
        let decoded = decode_request(&bytes).expect("a well-formed push decodes");
        mutation_problem(&decoded.mutations[0]).expect("the mutation is refused")
    };
    let percent = problem(&|m| {
        m["field"] = json!("percent");
        m["value"] = json!(101);
    });
    assert_eq!(percent.code, RejectionCode::ValidationFailed);
    assert!(percent.message.starts_with("value:"), "{}", percent.message);

    let name = problem(&|m| m["field"] = json!("colour"));
    assert_eq!(name.code, RejectionCode::ValidationFailed);
    assert!(name.message.starts_with("field:"), "{}", name.message);

    let id = problem(&|m| m["record_id"] = json!("no spaces"));
    assert_eq!(id.code, RejectionCode::ValidationFailed);

    let counter = problem(&|m| m["hlc"]["counter"] = json!(MAX_HLC_COUNTER + 1));
    assert_eq!(counter.code, RejectionCode::ClockOutOfRange);
    let base = problem(&|m| {
        m["base"] = json!({"wall_ms": 1, "counter": MAX_HLC_COUNTER + 1, "replica": "other-0001"})
    });
    assert_eq!(base.code, RejectionCode::ClockOutOfRange);

    let huge = problem(&|m| {
        m["field"] = json!("notes");
        m["value"] = json!("あ".repeat(MAX_MUTATION_BYTES / 3 + 1));
    });
    assert_eq!(huge.code, RejectionCode::TooLarge);

    let mut fine = request(vec![mutation(1)]);
    fine["mutations"][0]["hlc"]["counter"] = json!(MAX_HLC_COUNTER);
    let decoded = decode_request(&serde_json::to_vec(&fine).expect("json")).expect("valid");
    assert_eq!(mutation_problem(&decoded.mutations[0]), None);
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
