//! Whom a stored survey asks, read from the store for the answer rule of `core::access`.

use serde_json::Value;

use super::{StoreError, SyncStore};
use crate::access::SurveyAudience;
use crate::domain::survey::parse_response_id;
use crate::domain::RecordKind;
use crate::merge::RecordKey;
use crate::org::OrgCode;

/// The audience of the survey a response id names; `None` when the server has no such survey.
pub(super) fn survey_audience<S: SyncStore>(
    store: &S,
    response_id: &str,
) -> Result<Option<SurveyAudience>, StoreError> {
    let Some((survey_id, _)) = parse_response_id(response_id) else {
        return Ok(None);
    };
    let key = RecordKey::new(RecordKind::Survey, survey_id);
    let Some(owner) = store.record_org(&key)? else {
        return Ok(None);
    };
    let targets = match store.field_state(&key, "targets")? {
        Some(state) => codes(state.value()),
        None => Vec::new(),
    };
    let deleted = store
        .field_state(&key, "_deleted")?
        .is_some_and(|state| state.value() == &Value::Bool(true));
    Ok(Some(SurveyAudience {
        owner,
        targets,
        deleted,
    }))
}

/// The codes of a `targets` value (the schema let only valid codes in).
fn codes(value: &Value) -> Vec<OrgCode> {
    value
        .as_array()
        .map(|codes| {
            codes
                .iter()
                .filter_map(Value::as_str)
                .filter_map(|code| OrgCode::parse(code).ok())
                .collect()
        })
        .unwrap_or_default()
}
