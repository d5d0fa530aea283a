//! The national starter set: the cases of MIC's 自治体DX推進参考事例集 (体制整備, 2024) that
//! ship with the app as examples (data/casebook/national.json), each with where it was taken
//! from. They are not records: nobody edits them, every prefecture has them, and they are
//! shown apart from the prefecture's own cases.

use serde::{Deserialize, Serialize};

use super::Case;

/// Where a national case's facts come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSource {
    /// The document's title and date.
    pub document: String,
    /// Its number, section and pages in the document.
    pub section: String,
}

/// One case of the national starter set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NationalCase {
    /// `national-04`: an id of its own, which adopted measures name in `source_case`.
    pub id: String,
    pub source: CaseSource,
    #[serde(flatten)]
    pub case: Case,
}

const NATIONAL_JSON: &str = include_str!("../../../data/casebook/national.json");

/// The starter set as shipped. A file that does not parse is a build error in practice: the
/// test below reads it.
pub fn national_cases() -> Result<Vec<NationalCase>, serde_json::Error> {
    serde_json::from_str(NATIONAL_JSON)
}

/// Whether `id` names a case of the starter set (`national-…`).
pub fn is_national_id(id: &str) -> bool {
    id.starts_with("national-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::casebook::{missing_to_publish, CaseState};

    #[test]
    fn all_fourteen_parse_validate_and_are_complete() {
        let cases = national_cases().expect("national.json parses");
        assert_eq!(cases.len(), 14);
        let mut ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
        ids.dedup();
        assert_eq!(ids.len(), 14, "ids are distinct");
        for national in &cases {
            let case = &national.case;
            assert!(is_national_id(&national.id), "{}", national.id);
            assert_eq!(case.validate(), Ok(()), "{}", national.id);
            assert_eq!(case.state, CaseState::Published, "{}", national.id);
            assert_eq!(
                missing_to_publish(case),
                Vec::<&str>::new(),
                "{}",
                national.id
            );
            assert!(!national.source.document.is_empty() && !national.source.section.is_empty());
        }
    }
}
