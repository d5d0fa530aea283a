//! The kinds of record that are stored and synchronised.
//!
//! A record is a flat map of fields (see [`crate::domain::schema`]); its kind says which fields it
//! may have. The string form is part of the sync protocol and of stored data: never rename it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Organisation,
    Plan,
    Measure,
    Kpi,
    TaxonomyArea,
    StepChecklist,
    /// A prefecture's survey of its municipalities.
    Survey,
    /// One municipality's answers to one survey.
    SurveyResponse,
    /// One municipality's progress moving one business system to the standard (標準化).
    SystemMigration,
    /// A case of good practice (横展開) in MIC's casebook shape: a town's draft or proposal,
    /// or the prefecture's review and published copy of one (domain/casebook).
    Case,
}

/// A record kind name that is not one of [`RecordKind::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown record kind {0:?} (expected one of organisation, plan, measure, kpi, taxonomy_area, step_checklist, survey, survey_response, system_migration, case)")]
pub struct UnknownRecordKind(pub String);

impl RecordKind {
    pub const ALL: [RecordKind; 10] = [
        RecordKind::Organisation,
        RecordKind::Plan,
        RecordKind::Measure,
        RecordKind::Kpi,
        RecordKind::TaxonomyArea,
        RecordKind::StepChecklist,
        RecordKind::Survey,
        RecordKind::SurveyResponse,
        RecordKind::SystemMigration,
        RecordKind::Case,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Organisation => "organisation",
            RecordKind::Plan => "plan",
            RecordKind::Measure => "measure",
            RecordKind::Kpi => "kpi",
            RecordKind::TaxonomyArea => "taxonomy_area",
            RecordKind::StepChecklist => "step_checklist",
            RecordKind::Survey => "survey",
            RecordKind::SurveyResponse => "survey_response",
            RecordKind::SystemMigration => "system_migration",
            RecordKind::Case => "case",
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RecordKind {
    type Err = UnknownRecordKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RecordKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == s)
            .ok_or_else(|| UnknownRecordKind(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_parse_and_serde_agree() {
        for kind in RecordKind::ALL {
            assert_eq!(kind.as_str().parse::<RecordKind>().unwrap(), kind);
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::Value::String(kind.as_str().to_owned())
            );
            assert_eq!(kind.to_string(), kind.as_str());
        }
        assert_eq!(RecordKind::TaxonomyArea.as_str(), "taxonomy_area");
        assert_eq!(RecordKind::SurveyResponse.as_str(), "survey_response");
        assert_eq!(RecordKind::SystemMigration.as_str(), "system_migration");
    }

    #[test]
    fn rejects_unknown_kinds() {
        let error = "Measure".parse::<RecordKind>().unwrap_err();
        assert_eq!(error, UnknownRecordKind("Measure".into()));
        assert!(error
            .to_string()
            .starts_with("unknown record kind \"Measure\""));
    }
}
