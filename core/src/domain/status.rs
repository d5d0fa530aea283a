//! The five statuses of every measure and migration step, as the national standardisation PMO
//! tool uses them: 未着手 / 作業中 / 完了 / 実施しない / 対象外.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::text;

/// Serialised as the Japanese word, which is what staff type in spreadsheets and what the
/// national dashboards publish.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Status {
    #[default]
    #[serde(rename = "未着手")]
    NotStarted,
    #[serde(rename = "作業中")]
    InProgress,
    #[serde(rename = "完了")]
    Done,
    /// Decided not to do it; excluded from completion rates.
    #[serde(rename = "実施しない")]
    WontDo,
    /// Does not apply to this organisation; excluded from completion rates.
    #[serde(rename = "対象外")]
    NotApplicable,
}

/// A text that names none of the five statuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of 未着手, 作業中, 完了, 実施しない, 対象外 (got {0:?})")]
pub struct UnknownStatus(pub String);

impl Status {
    pub const ALL: [Status; 5] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Done,
        Status::WontDo,
        Status::NotApplicable,
    ];

    /// The stored and displayed Japanese names, in [`Status::ALL`] order.
    pub const LABELS_JA: [&'static str; 5] = ["未着手", "作業中", "完了", "実施しない", "対象外"];

    pub fn label_ja(self) -> &'static str {
        Self::LABELS_JA[self as usize]
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::InProgress => "In progress",
            Status::Done => "Done",
            Status::WontDo => "Will not do",
            Status::NotApplicable => "Not applicable",
        }
    }

    /// False for 実施しない and 対象外: a completion rate is done ÷ (measures that count), so
    /// deciding that something does not apply neither helps nor hurts it.
    pub fn counts_toward_completion(self) -> bool {
        !matches!(self, Status::WontDo | Status::NotApplicable)
    }

    /// True while work is expected: 未着手 and 作業中. Only open measures can be overdue.
    pub fn is_open(self) -> bool {
        matches!(self, Status::NotStarted | Status::InProgress)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_ja())
    }
}

/// Accepts the Japanese name (full-width or padded input too) or the English label in any case,
/// as found in imported spreadsheets.
impl FromStr for Status {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let normalized = text::normalize(s);
        Status::ALL
            .into_iter()
            .find(|status| {
                status.label_ja() == normalized
                    || status.label_en().eq_ignore_ascii_case(&normalized)
            })
            .ok_or_else(|| UnknownStatus(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_japanese() {
        let json = serde_json::to_string(&Status::ALL).unwrap();
        assert_eq!(json, r#"["未着手","作業中","完了","実施しない","対象外"]"#);
        let back: Vec<Status> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Status::ALL);
        assert!(serde_json::from_str::<Status>("\"done\"").is_err());
    }

    #[test]
    fn labels_match_serde_names() {
        for status in Status::ALL {
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                serde_json::Value::String(status.label_ja().to_owned())
            );
        }
        assert_eq!(Status::WontDo.label_en(), "Will not do");
        assert_eq!(Status::default(), Status::NotStarted);
    }

    #[test]
    fn only_decided_exclusions_leave_the_completion_denominator() {
        let counted: Vec<_> = Status::ALL
            .into_iter()
            .filter(|s| s.counts_toward_completion())
            .collect();
        assert_eq!(
            counted,
            [Status::NotStarted, Status::InProgress, Status::Done]
        );
        let open: Vec<_> = Status::ALL.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, [Status::NotStarted, Status::InProgress]);
    }

    #[test]
    fn parses_japanese_and_english() {
        assert_eq!("作業中".parse::<Status>().unwrap(), Status::InProgress);
        assert_eq!(" 完了　".parse::<Status>().unwrap(), Status::Done);
        assert_eq!(
            "not applicable".parse::<Status>().unwrap(),
            Status::NotApplicable
        );
        let error = "done!".parse::<Status>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "must be one of 未着手, 作業中, 完了, 実施しない, 対象外 (got \"done!\")"
        );
    }
}
