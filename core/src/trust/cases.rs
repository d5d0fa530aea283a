//! Cases (横展開): a case is published only when the prefecture owns its record; a town's case
//! counts only as that town's draft or proposal; a review is read only from the prefecture,
//! under the id derived from the town's case (`domain::casebook::review_id`). So a town's
//! record claiming `published`, or a record of another prefecture, never enters the casebook.

use super::owner_claims::claims_agree;
use crate::client::RecordView;
use crate::domain::casebook::{case_state_of, review_id, Case, CaseState, ProposalState};
use crate::domain::RecordKind;
use crate::org::OrgCode;

/// A trusted case record: its id, its owner and the case.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseRecord {
    pub id: String,
    pub owner: OrgCode,
    pub case: Case,
}

/// The case `view` holds, when its id, owner and claimed state agree.
pub fn trusted_case(view: &RecordView) -> Option<CaseRecord> {
    if view.key.kind != RecordKind::Case || !claims_agree(view, &["state", "source_case"]) {
        return None;
    }
    let case = Case::from_fields(&view.values).ok()?;
    Some(CaseRecord {
        id: view.key.id.clone(),
        owner: view.org.clone(),
        case,
    })
}

/// Every trusted case among `views`.
pub fn trusted_cases(views: &[RecordView]) -> Vec<CaseRecord> {
    views.iter().filter_map(trusted_case).collect()
}

/// The prefecture's published cases: its own and the towns' it published.
pub fn published_cases(cases: &[CaseRecord]) -> Vec<&CaseRecord> {
    cases
        .iter()
        .filter(|record| record.owner.is_prefecture() && record.case.state == CaseState::Published)
        .collect()
}

/// A town's case with the prefecture's review of it, and where it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct TownCase<'a> {
    pub record: &'a CaseRecord,
    pub review: Option<&'a CaseRecord>,
    pub state: ProposalState,
}

/// The prefecture's review of the town's case `record`, if it has written one.
pub fn review_of<'a>(record: &CaseRecord, cases: &'a [CaseRecord]) -> Option<&'a CaseRecord> {
    let id = review_id(&record.id)?;
    let prefecture = record.owner.prefecture_code();
    cases
        .iter()
        .find(|review| review.id == id && review.owner == prefecture)
}

/// The towns' cases (all of them, or `town`'s), each with its review and state.
pub fn town_cases<'a>(cases: &'a [CaseRecord], town: Option<&OrgCode>) -> Vec<TownCase<'a>> {
    cases
        .iter()
        .filter(|record| !record.owner.is_prefecture())
        .filter(|record| town.is_none_or(|town| &record.owner == town))
        .map(|record| {
            let review = review_of(record, cases);
            TownCase {
                record,
                review,
                state: case_state_of(&record.case, review.map(|r| &r.case)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::test_records::{code, record, IWATE, MORIOKA, TONO};
    use serde_json::json;

    fn case(id: &str, owner: &str, state: &str, round: u32) -> RecordView {
        let mut fields = Case::new("書かない窓口").to_fields();
        fields.insert("state".into(), json!(state));
        fields.insert("round".into(), json!(round));
        record(RecordKind::Case, id, owner, fields)
    }

    #[test]
    fn only_the_prefecture_s_records_are_published() {
        let views = [
            case("030007-case-aaaa", IWATE, "published", 0),
            // A town claiming to have published its own case.
            case("032085-case-bbbb", TONO, "published", 1),
            // A town's record under the prefecture's review id.
            case("030007-case-032085-bbbb", TONO, "published", 0),
            case("030007-case-cccc", IWATE, "draft", 0),
        ];
        let cases = trusted_cases(&views);
        let published: Vec<&str> = published_cases(&cases)
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(published, ["030007-case-aaaa"]);
    }

    #[test]
    fn a_town_s_case_takes_its_state_from_the_prefecture_s_review() {
        let mut review = case("030007-case-032085-bbbb", IWATE, "returned", 0);
        review.values.insert("reviewed_round".into(), json!(1));
        review
            .values
            .insert("review_comment".into(), json!("費用を"));
        review
            .values
            .insert("source_case".into(), json!("032085-case-bbbb"));
        let views = [
            case("032085-case-bbbb", TONO, "proposed", 1),
            case("032018-case-dddd", MORIOKA, "proposed", 1),
            review,
        ];
        let cases = trusted_cases(&views);
        assert_eq!(cases.len(), 3);
        let tono = town_cases(&cases, Some(&code(TONO)));
        assert_eq!(tono.len(), 1);
        assert_eq!(tono[0].state.state, CaseState::Returned);
        assert_eq!(tono[0].state.comment, "費用を");
        let all = town_cases(&cases, None);
        assert_eq!(all.len(), 2);
        let morioka = all
            .iter()
            .find(|c| c.record.owner == code(MORIOKA))
            .unwrap();
        assert_eq!(morioka.state.state, CaseState::Proposed);
        assert!(morioka.review.is_none());
    }
}
