use super::{
    ApiError, ErrorCode, Mutation, Rejection, RejectionCode, SnapshotRequest, SyncRequest,
    MAX_BODY_BYTES, MAX_MUTATIONS_PER_PUSH, MAX_MUTATION_BYTES, MAX_PAGE_SIZE,
    MAX_SNAPSHOT_RECORDS, PROTOCOL_VERSION,
};
use crate::domain::schema::{fields_of, is_known_field, is_valid_record_id, validate_field};
use crate::merge::MAX_HLC_COUNTER;
use crate::merge::{Seen, DELETED_FIELD};
use serde_json::Value;

/// Decodes and validates a `POST /v1/sync` body. Nothing is stored before this has passed, so a
/// bad request leaves the store unchanged.
pub fn decode_request(body: &[u8]) -> Result<SyncRequest, ApiError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(body_too_large(body.len()));
    }
    let json = parse_json(body)?;
    check_protocol(&json)?;
    check_mutation_count(&json)?;
    let request: SyncRequest = typed(json)?;
    validate_request(&request)?;
    Ok(request)
}

/// Decodes and validates a `POST /v1/snapshot` body.
pub fn decode_snapshot_request(body: &[u8]) -> Result<SnapshotRequest, ApiError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(body_too_large(body.len()));
    }
    let json = parse_json(body)?;
    check_protocol(&json)?;
    let request: SnapshotRequest = typed(json)?;
    if let Some(limit) = request.limit {
        if !(1..=MAX_SNAPSHOT_RECORDS).contains(&limit) {
            return Err(invalid(
                "limit".into(),
                format!("must be between 1 and {MAX_SNAPSHOT_RECORDS} (got {limit})"),
            ));
        }
    }
    if let Some(after) = &request.after {
        if !is_valid_record_id(&after.id) {
            return Err(invalid(
                "after.id".into(),
                "must be 1 to 64 letters, digits, '-' or '_'",
            ));
        }
    }
    Ok(request)
}

fn parse_json(body: &[u8]) -> Result<Value, ApiError> {
    super::strict_json::parse_strict_json(body)
}

/// The typed request, with the path of the first field serde refused (for a missing field,
/// the field itself: serde names it in its message, at the object's path).
pub(crate) fn typed<T: serde::de::DeserializeOwned>(json: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(json).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        let missing = missing_field(&message);
        let error = ApiError::new(ErrorCode::InvalidRequest, message.clone());
        match (path.as_str(), missing) {
            (".", None) => error,
            (".", Some(name)) => error.at(name),
            (_, None) => error.at(path),
            (_, Some(name)) => error.at(format!("{path}.{name}")),
        }
    })
}

/// The field serde's "missing field `x`" names.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

pub fn body_too_large(len: usize) -> ApiError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!("the body is {len} bytes; the limit is {MAX_BODY_BYTES} bytes"),
    )
}

/// The request's protocol must be [`PROTOCOL_VERSION`]: an older app reloads to get this one.
fn check_protocol(json: &Value) -> Result<(), ApiError> {
    let Some(object) = json.as_object() else {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "the body must be a JSON object",
        ));
    };
    match object.get("protocol") {
        None => Err(ApiError::new(ErrorCode::InvalidRequest, "missing field `protocol`").at("protocol")),
        Some(Value::Number(n)) if n.as_u64() == Some(u64::from(PROTOCOL_VERSION)) => Ok(()),
        Some(Value::Number(n)) => Err(ApiError::new(
            ErrorCode::UnsupportedProtocol,
            format!("protocol version {n} is not supported; this server speaks version {PROTOCOL_VERSION}: reload the app to get the current version (its unsent changes are kept)"),
        )
        .at("protocol")),
        Some(_) => Err(ApiError::new(ErrorCode::InvalidRequest, "must be an integer").at("protocol")),
    }
}

fn check_mutation_count(json: &Value) -> Result<(), ApiError> {
    match json.get("mutations").and_then(Value::as_array) {
        Some(list) if list.len() > MAX_MUTATIONS_PER_PUSH => Err(ApiError::new(
            ErrorCode::TooManyMutations,
            format!(
                "{} mutations in one push; the limit is {MAX_MUTATIONS_PER_PUSH}: send the rest in the next push",
                list.len()
            ),
        )
        .at("mutations")),
        _ => Ok(()),
    }
}

fn is_valid_client_id(id: &str) -> bool {
    (8..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn invalid(field: String, message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::ValidationFailed, message).at(field)
}

/// The checks on a decoded request that serde cannot express and that make the request itself
/// malformed: identifiers, sequence order and timestamps. What a single mutation writes (its
/// record id, field and value) is checked by [`mutation_problem`], which refuses that mutation
/// alone.
pub fn validate_request(request: &SyncRequest) -> Result<(), ApiError> {
    if !is_valid_client_id(&request.client_id) {
        return Err(invalid(
            "client_id".into(),
            "must be 8 to 64 letters, digits, '-' or '_'",
        ));
    }
    if let Some(size) = request.page_size {
        if !(1..=MAX_PAGE_SIZE).contains(&size) {
            return Err(invalid(
                "page_size".into(),
                format!("must be between 1 and {MAX_PAGE_SIZE} (got {size})"),
            ));
        }
    }
    let mut previous_seq = 0;
    for (index, mutation) in request.mutations.iter().enumerate() {
        let at = |name: &str| format!("mutations[{index}].{name}");
        if mutation.seq == 0 {
            return Err(invalid(at("seq"), "must be 1 or more"));
        }
        if mutation.seq <= previous_seq {
            return Err(invalid(
                at("seq"),
                format!(
                    "sequence numbers must increase within a push ({} follows {previous_seq})",
                    mutation.seq
                ),
            ));
        }
        previous_seq = mutation.seq;
        if *mutation.hlc.replica != *request.client_id {
            return Err(invalid(
                at("hlc.replica"),
                format!(
                    "must be the client_id \"{}\" (got \"{}\")",
                    request.client_id, mutation.hlc.replica
                ),
            ));
        }
        if mutation.hlc.wall_ms == 0 {
            return Err(invalid(
                at("hlc.wall_ms"),
                "must be a time in milliseconds since 1970",
            ));
        }
        if let Some(base) = &mutation.base {
            if !is_valid_client_id(&base.replica) {
                return Err(invalid(at("base.replica"), "is not a valid client id"));
            }
        }
        for (replica, _) in mutation.seen.iter().flat_map(Seen::iter) {
            if !is_valid_client_id(replica) {
                return Err(invalid(
                    at("seen"),
                    format!("\"{replica}\" is not a valid client id"),
                ));
            }
        }
    }
    Ok(())
}

/// Why the server refuses to apply one mutation of a well-formed push, if it does: a record id,
/// field or value the schema refuses, a clock counter out of range, or a write too large for
/// any push. Refused alone (see [`Rejection`]), so the rest of the push is applied.
pub fn mutation_problem(mutation: &Mutation) -> Option<Rejection> {
    let refuse = |code, message: String| Some(Rejection::new(mutation.seq, code, message));
    if !is_valid_record_id(&mutation.record_id) {
        return refuse(
            RejectionCode::ValidationFailed,
            "record_id: must be 1 to 64 letters, digits, '-' or '_'".into(),
        );
    }
    for (name, stamp) in [
        ("hlc", Some(&mutation.hlc)),
        ("base", mutation.base.as_ref()),
    ] {
        if let Some(stamp) = stamp.filter(|s| s.counter > MAX_HLC_COUNTER) {
            return refuse(
                RejectionCode::ClockOutOfRange,
                format!(
                    "{name}.counter: {} is above the largest counter, {MAX_HLC_COUNTER}",
                    stamp.counter
                ),
            );
        }
    }
    let size = encoded_len(&mutation.value);
    if size > MAX_MUTATION_BYTES {
        return refuse(
            RejectionCode::TooLarge,
            format!("value: {size} bytes; one write may be at most {MAX_MUTATION_BYTES} bytes"),
        );
    }
    validate_value(mutation.kind, &mutation.field, &mutation.value)
        .err()
        .and_then(|(field, message)| {
            refuse(
                RejectionCode::ValidationFailed,
                format!("{field}: {message}"),
            )
        })
}

/// The length of `value` as compact JSON.
/// At least [`encoded_len`] of a field's state, found without writing any JSON: every byte of
/// a string becomes at most six (`\u00XX`), a number at most 24 characters, and each
/// version's and entry's punctuation and keys fit in a fixed allowance. The server checks a
/// merged state against [`crate::protocol::MAX_FIELD_STATE_BYTES`] on every write; this
/// bound settles almost every check, and the exact length is written out only near the
/// limit.
pub(crate) fn state_len_bound(state: &crate::merge::FieldState) -> usize {
    fn text(s: &str) -> usize {
        s.len() * 6 + 2
    }
    fn value(v: &serde_json::Value) -> usize {
        use serde_json::Value;
        match v {
            Value::Null | Value::Bool(_) => 5,
            Value::Number(_) => 24,
            Value::String(s) => text(s),
            Value::Array(items) => 2 + items.iter().map(|i| value(i) + 1).sum::<usize>(),
            Value::Object(map) => {
                2 + map
                    .iter()
                    .map(|(k, v)| text(k) + 2 + value(v))
                    .sum::<usize>()
            }
        }
    }
    fn hlc(h: &crate::merge::Hlc) -> usize {
        // Keys, two numbers and the punctuation, under 100 bytes.
        100 + text(&h.replica)
    }
    fn seen(s: &crate::merge::Seen) -> usize {
        2 + s.iter().map(|(r, _)| text(r) + 26).sum::<usize>()
    }
    fn version(v: &crate::merge::FieldVersion) -> usize {
        // The keys of a version and its sequence number, under 100 bytes.
        100 + value(&v.value)
            + hlc(&v.hlc)
            + v.base.as_ref().map_or(5, hlc)
            + v.seen.as_ref().map_or(0, seen)
            + text(&v.author)
    }
    // The state's own keys, under 100 bytes.
    100 + version(&state.winner)
        + state.max_base.as_ref().map_or(5, hlc)
        + state.heads.iter().map(|h| version(h) + 1).sum::<usize>()
        + seen(&state.covered)
}

pub(crate) fn encoded_len(value: &impl serde::Serialize) -> usize {
    struct Counter(usize);
    impl std::io::Write for Counter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0);
    match serde_json::to_writer(&mut counter, value) {
        Ok(()) => counter.0,
        Err(_) => usize::MAX,
    }
}

fn validate_value(
    kind: crate::domain::RecordKind,
    field: &str,
    value: &Value,
) -> Result<(), (String, String)> {
    if field == DELETED_FIELD {
        return match value {
            Value::Bool(_) => Ok(()),
            _ => Err((
                "value".into(),
                format!("{DELETED_FIELD} must be true or false"),
            )),
        };
    }
    if !is_known_field(kind, field) {
        let known: Vec<&str> = fields_of(kind).iter().map(|(name, _)| *name).collect();
        return Err((
            "field".into(),
            format!(
                "\"{field}\" is not a field of {} (known fields: {})",
                kind.as_str(),
                known.join(", ")
            ),
        ));
    }
    validate_field(kind, field, value).map_err(|e| {
        if e.field == field {
            ("value".into(), format!("{field} {}", e.message))
        } else {
            ("value".into(), format!("{}: {}", e.field, e.message))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::{encoded_len, state_len_bound};
    use crate::merge::{FieldState, FieldVersion, Hlc, Seen};
    use serde_json::json;
    use std::sync::Arc;

    fn version(
        value: serde_json::Value,
        replica: &str,
        seq: u64,
        seen: &[(&str, u64)],
    ) -> FieldVersion {
        let mut versions = Seen::new();
        for (other, n) in seen {
            versions.note(&Arc::from(*other), *n);
        }
        FieldVersion {
            value,
            hlc: Hlc::new(1_795_000_000_000 + seq, 65_535, Arc::from(replica)),
            base: Some(Hlc::new(1_795_000_000_000, 3, Arc::from("b\u{1}\"\\"))),
            seen: Some(versions),
            seq,
            author: Arc::from("遠野市 \"DX\" \u{7}担当"),
        }
    }

    #[test]
    fn the_state_bound_is_never_below_the_encoded_length() {
        let values = [
            json!(null),
            json!(true),
            json!(-1.5e300),
            json!(u64::MAX),
            json!("\u{0}\u{1f}\"\\ 施策"),
            json!({"order": 2, "text": "\n\t", "nested": [null, {"\u{1}": []}]}),
        ];
        for (n, value) in values.iter().enumerate() {
            let mut state = FieldState::new(version(value.clone(), "a", 1, &[]));
            for (m, other) in values.iter().enumerate().take(n) {
                // Concurrent writes: each kept as a conflict, with its own seen.
                let replica = format!("r{m}\u{2}");
                state.merge(version(other.clone(), &replica, 1, &[("x\u{3}", 9)]));
            }
            assert!(
                state_len_bound(&state) >= encoded_len(&state),
                "{} < {}",
                state_len_bound(&state),
                encoded_len(&state)
            );
        }
    }
}
