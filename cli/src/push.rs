//! Loading records through the worker's own sync API, as a client would: every record is
//! checked against the core schema first, then pushed in batches of up to 500 mutations.

use crate::api::{Api, ApiError};
use crate::clock::now_ms;
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::{validate_record, validate_record_id, Fields, RecordKind};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::MAX_MUTATIONS_PER_PUSH;
use tsunagu_core::validation::ValidationError;

/// One record to write: owner, kind, id and every field.
pub type Write = (OrgCode, RecordKind, String, Fields);

pub fn other(message: impl std::fmt::Display) -> ApiError {
    ApiError::Other(message.to_string())
}

/// Turns `validate()` errors into a loud failure naming the record.
pub fn invalid(what: &str, errors: &[ValidationError]) -> ApiError {
    let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
    other(format!("{what} does not validate: {}", list.join("; ")))
}

/// The schema's rules for every field of every record, and every record id.
pub fn check_writes(writes: &[Write]) -> Result<(), ApiError> {
    for (org, kind, id, fields) in writes {
        let mut errors: Vec<ValidationError> =
            validate_record_id("id", id).err().into_iter().collect();
        errors.extend(validate_record(*kind, fields));
        if !errors.is_empty() {
            return Err(invalid(&format!("{kind} {id} of {org}"), &errors));
        }
    }
    Ok(())
}

/// Validates, then writes every field of every record with one client replica and pushes until
/// all are stored. Returns the number of field mutations pushed.
pub fn push_all(api: &Api, token: &str, writes: Vec<Write>) -> Result<usize, ApiError> {
    check_writes(&writes)?;
    let mut replica = ClientReplica::new(format!("seed-{}", now_ms()));
    for (org, kind, id, fields) in writes {
        for (field, value) in fields {
            replica.write(
                &org,
                &FieldKey::new(kind, id.clone(), field),
                value,
                now_ms(),
            );
        }
    }
    let total = replica.pending().len();
    // Enough round trips for every batch, with room for a few that carry fewer mutations.
    let max_pushes = total / MAX_MUTATIONS_PER_PUSH + 10;
    for _ in 0..max_pushes {
        if replica.pending().is_empty() {
            return Ok(total);
        }
        let before = replica.pending().len();
        // Page size 1: a seeding client does not need the changes of others.
        let mut response = api.sync(token, &replica.request(Some(1)))?;
        if let Some(rejection) = response.rejected.first() {
            return Err(other(format!(
                "the worker refused a write ({}): {}",
                rejection.code.as_str(),
                rejection.message
            )));
        }
        replica.apply_response(&mut response);
        if replica.pending().len() >= before {
            return Err(other(
                "a push was not acknowledged; the data did not finish loading",
            ));
        }
    }
    Err(other("the data did not finish loading"))
}
