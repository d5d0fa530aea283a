//! Mutations the server acknowledges without applying. A push is refused whole only for
//! problems of the request itself (authentication, protocol, its size); a mutation that breaks
//! a rule (access, ownership, a value the schema refuses, a closed survey, a clock out of
//! range) is refused alone and listed here, so one bad write never blocks a device's queue
//! or its pulls. The client keeps refused writes in a list its user can export or discard.

use serde::{Deserialize, Serialize};

/// Why a mutation was not applied. Clients must accept codes they do not know (`other`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectionCode {
    /// An answer to a survey written after its deadline (24:00 JST of the deadline day).
    SurveyClosed,
    /// The token may not write this kind of record for this organisation.
    Forbidden,
    /// The record belongs to another organisation than the mutation names.
    RecordOwnedElsewhere,
    /// The value, field or record id breaks the domain schema.
    ValidationFailed,
    /// The timestamp's counter is above [`crate::merge::MAX_HLC_COUNTER`].
    ClockOutOfRange,
    /// The mutation alone is larger than a push may be.
    TooLarge,
    /// The sequence number was already used by a different write of this client: nothing was
    /// applied, and the client sends the write again under a new number. Not a refusal of the
    /// write itself.
    SequenceReused,
    /// A code newer than this build.
    #[serde(other)]
    Other,
}

impl RejectionCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectionCode::SurveyClosed => "survey_closed",
            RejectionCode::Forbidden => "forbidden",
            RejectionCode::RecordOwnedElsewhere => "record_owned_elsewhere",
            RejectionCode::ValidationFailed => "validation_failed",
            RejectionCode::ClockOutOfRange => "clock_out_of_range",
            RejectionCode::TooLarge => "too_large",
            RejectionCode::SequenceReused => "sequence_reused",
            RejectionCode::Other => "other",
        }
    }

    /// Whether the client should send the write again (under a new sequence number) rather
    /// than set it aside as refused.
    pub fn is_resendable(self) -> bool {
        self == RejectionCode::SequenceReused
    }
}

/// One acknowledged but unapplied mutation of the pushing client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    /// The client's sequence number of the mutation.
    pub seq: u64,
    pub code: RejectionCode,
    /// For people: what was refused and why.
    pub message: String,
}

impl Rejection {
    pub fn new(seq: u64, code: RejectionCode, message: impl Into<String>) -> Self {
        Self {
            seq,
            code,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_snake_case_and_unknown_ones_decode() {
        let rejection = Rejection::new(7, RejectionCode::SurveyClosed, "closed");
        let json = serde_json::to_string(&rejection).unwrap();
        assert_eq!(
            json,
            r#"{"seq":7,"code":"survey_closed","message":"closed"}"#
        );
        let newer: Rejection =
            serde_json::from_str(r#"{"seq":1,"code":"quota_exceeded","message":"m"}"#).unwrap();
        assert_eq!(newer.code, RejectionCode::Other);
        for code in [
            RejectionCode::SurveyClosed,
            RejectionCode::Forbidden,
            RejectionCode::RecordOwnedElsewhere,
            RejectionCode::ValidationFailed,
            RejectionCode::ClockOutOfRange,
            RejectionCode::TooLarge,
            RejectionCode::SequenceReused,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn only_a_reused_sequence_number_is_sent_again() {
        assert!(RejectionCode::SequenceReused.is_resendable());
        assert!(!RejectionCode::Forbidden.is_resendable());
        assert!(!RejectionCode::Other.is_resendable());
    }
}
