//! Mutations the server acknowledges without applying: the rule they break is about when they
//! were written, so sending them again cannot help, and refusing the whole push would block
//! the device's queue forever. The client drops them and tells its user.

use serde::{Deserialize, Serialize};

/// Why a mutation was not applied. Clients must accept codes they do not know (`other`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectionCode {
    /// An answer to a survey written after its deadline (24:00 JST of the deadline day).
    SurveyClosed,
    /// A code newer than this build.
    #[serde(other)]
    Other,
}

impl RejectionCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectionCode::SurveyClosed => "survey_closed",
            RejectionCode::Other => "other",
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_snake_case_and_unknown_ones_decode() {
        let rejection = Rejection {
            seq: 7,
            code: RejectionCode::SurveyClosed,
            message: "closed".into(),
        };
        let json = serde_json::to_string(&rejection).unwrap();
        assert_eq!(
            json,
            r#"{"seq":7,"code":"survey_closed","message":"closed"}"#
        );
        let newer: Rejection =
            serde_json::from_str(r#"{"seq":1,"code":"quota_exceeded","message":"m"}"#).unwrap();
        assert_eq!(newer.code, RejectionCode::Other);
        assert_eq!(RejectionCode::SurveyClosed.as_str(), "survey_closed");
    }
}
