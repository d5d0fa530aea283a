//! Survey deadlines: an answer written after its survey closed is acknowledged but not applied.
//!
//! The time of an answer is its (clamped) HLC wall time, the moment the town wrote it, not when
//! it reached the server: an answer typed offline before the deadline and synced the next
//! morning still counts. That clock is the device's, so this is a rule for fair use, not a
//! security boundary.

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use super::{StoreError, SyncStore};
use crate::domain::schema::parse_iso_date;
use crate::domain::survey::{closes_at_ms, is_closed_at, parse_response_id, JST_OFFSET_MS};
use crate::domain::RecordKind;
use crate::merge::RecordKey;
use crate::protocol::{Mutation, Rejection, RejectionCode};

/// The rejection for `mutation` if it answers a survey that was closed at `wall_ms`.
///
/// The survey is the one the response's id names and the one its `survey_id` field names
/// (stored, or written by this very mutation), so a late answer cannot slip through by
/// pointing `survey_id` elsewhere. (An answer to a survey the server does not have never gets
/// here: `core::access::answer_problem` refused it first.)
pub(super) fn closed_survey<S: SyncStore>(
    store: &S,
    mutation: &Mutation,
    wall_ms: u64,
) -> Result<Option<Rejection>, StoreError> {
    if mutation.kind != RecordKind::SurveyResponse {
        return Ok(None);
    }
    let response_key = RecordKey::new(RecordKind::SurveyResponse, mutation.record_id.clone());
    let stored = store.field_state(&response_key, "survey_id")?;
    let mut candidates: Vec<String> = Vec::with_capacity(3);
    if let Some((survey_id, _)) = parse_response_id(&mutation.record_id) {
        candidates.push(survey_id.to_owned());
    }
    if let Some(Value::String(id)) = stored.as_ref().map(|state| state.value()) {
        candidates.push(id.clone());
    }
    if let ("survey_id", Value::String(id)) = (mutation.field.as_str(), &mutation.value) {
        candidates.push(id.clone());
    }
    candidates.dedup();
    for survey_id in candidates {
        let survey_key = RecordKey::new(RecordKind::Survey, survey_id.clone());
        let deadline = store
            .field_state(&survey_key, "deadline")?
            .and_then(|state| state.value().as_str().and_then(parse_iso_date));
        let Some(deadline) = deadline else {
            continue;
        };
        if !is_closed_at(deadline, wall_ms) {
            continue;
        }
        let title = store
            .field_state(&survey_key, "title")?
            .and_then(|state| state.value().as_str().map(|title| format!("「{title}」 ")))
            .unwrap_or_default();
        return Ok(Some(Rejection {
            seq: mutation.seq,
            code: RejectionCode::SurveyClosed,
            message: format!(
                "survey {title}({survey_id}) closed at the end of its deadline {deadline} (24:00 JST, {}); this answer was written at {} and was not stored",
                jst(closes_at_ms(deadline)),
                jst(wall_ms)
            ),
        }));
    }
    Ok(None)
}

/// `2021-10-01 00:00 JST`.
fn jst(ms: u64) -> String {
    let offset = FixedOffset::east_opt((JST_OFFSET_MS / 1000) as i32);
    let time = i64::try_from(ms)
        .ok()
        .and_then(DateTime::from_timestamp_millis);
    match (time, offset) {
        (Some(time), Some(offset)) => time
            .with_timezone(&offset)
            .format("%Y-%m-%d %H:%M JST")
            .to_string(),
        _ => format!("{ms} ms"),
    }
}
