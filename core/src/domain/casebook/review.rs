//! The ids that tie a town's case to the prefecture's review of it, and the state a town's
//! case is in once its review is read.

use super::{Case, CaseState};
use crate::domain::schema::is_valid_record_id;
use crate::org::OrgCode;

/// `032085-case-1a2b3c4d`: a new case of `owner`, with the random part the app makes.
pub fn town_case_id(owner: &OrgCode, random: &str) -> String {
    format!("{owner}-case-{random}")
}

/// The id of the prefecture's review (and published copy) of a town's case:
/// `032085-case-1a2b3c4d` → `030007-case-032085-1a2b3c4d`. The same for every device of the
/// prefecture, so two people publishing one proposal offline write one record. `None` when
/// the id is not a town's case id of that shape.
pub fn review_id(town_case: &str) -> Option<String> {
    let (town, random) = town_case.split_once("-case-")?;
    let town = OrgCode::parse(town).ok()?;
    if town.is_prefecture() || town.as_str() != town_case.split_once('-')?.0 {
        return None;
    }
    let id = format!("{}-case-{town}-{random}", town.prefecture_code());
    is_valid_record_id(&id).then_some(id)
}

/// The town's case a review id answers (`030007-case-032085-1a2b3c4d` →
/// `032085-case-1a2b3c4d`), when `id` is one of `prefecture`'s review ids: the inverse of
/// [`review_id`] (the screens' trust and the server's claims both ask, so it is kept small).
pub fn reviewed_case_id(id: &str, prefecture: &OrgCode) -> Option<String> {
    let rest = id
        .strip_prefix(prefecture.as_str())?
        .strip_prefix("-case-")?;
    let (town, random) = rest.split_once('-')?;
    let code = OrgCode::parse(town).ok()?;
    let ours = prefecture.is_prefecture()
        && !code.is_prefecture()
        && code.as_str() == town
        && code.prefecture_number() == prefecture.prefecture_number()
        && !random.is_empty()
        && is_valid_record_id(id);
    ours.then(|| format!("{town}-case-{random}"))
}

/// Whether `id` is the review of a town's case, for a record owned by `owner`.
pub fn is_review_id(id: &str, owner: &OrgCode) -> bool {
    reviewed_case_id(id, owner).is_some()
}

/// Where a town's case stands, as the town and the prefecture see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalState {
    pub state: CaseState,
    /// The prefecture's comment when it was sent back (or published with a note).
    pub comment: String,
    /// Published, and the town has not submitted a change since.
    pub published_current: bool,
}

/// The state of a town's case given the prefecture's review of it (if any): a review answers
/// the round it names, so a case submitted again after being sent back is proposed again.
pub fn case_state_of(case: &Case, review: Option<&Case>) -> ProposalState {
    let answered = review.filter(|review| case.round > 0 && review.reviewed_round >= case.round);
    let (state, comment, published_current) = match (case.state, answered, review) {
        (CaseState::Proposed, Some(review), _) if review.state == CaseState::Returned => {
            (CaseState::Returned, review.review_comment.clone(), false)
        }
        (_, Some(review), _) if review.state == CaseState::Published => {
            (CaseState::Published, review.review_comment.clone(), true)
        }
        // Sent again after a review, or never reviewed.
        (CaseState::Proposed, _, _) => (CaseState::Proposed, String::new(), false),
        // A draft whose earlier round was published stays published for readers.
        (_, _, Some(review)) if review.state == CaseState::Published => {
            (CaseState::Published, review.review_comment.clone(), false)
        }
        (_, _, Some(review)) if review.state == CaseState::Returned => {
            (CaseState::Returned, review.review_comment.clone(), false)
        }
        _ => (CaseState::Draft, String::new(), false),
    };
    ProposalState {
        state,
        comment,
        published_current,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> OrgCode {
        OrgCode::parse(text).expect("a valid test code")
    }

    #[test]
    fn a_review_id_is_the_prefecture_s_and_names_the_town_s_case() {
        assert_eq!(
            review_id("032085-case-1a2b3c4d").as_deref(),
            Some("030007-case-032085-1a2b3c4d")
        );
        assert_eq!(
            reviewed_case_id("030007-case-032085-1a2b3c4d", &code("030007")).as_deref(),
            Some("032085-case-1a2b3c4d")
        );
        // Another prefecture's town, the prefecture's own case, a town's id: no review.
        assert_eq!(
            reviewed_case_id("030007-case-011002-1a2b3c4d", &code("030007")),
            None
        );
        assert_eq!(
            reviewed_case_id("030007-case-1a2b3c4d", &code("030007")),
            None
        );
        assert_eq!(review_id("030007-case-1a2b3c4d"), None);
        assert_eq!(review_id("legacy"), None);
        assert_eq!(review_id(&format!("032085-case-{}", "x".repeat(50))), None);
    }

    fn town_case(state: CaseState, round: u32) -> Case {
        Case {
            state,
            round,
            ..Case::new("t")
        }
    }

    fn review(state: CaseState, round: u32, comment: &str) -> Case {
        Case {
            state,
            reviewed_round: round,
            review_comment: comment.into(),
            ..Case::new("t")
        }
    }

    #[test]
    fn a_review_answers_the_round_it_names() {
        let proposed = town_case(CaseState::Proposed, 1);
        assert_eq!(case_state_of(&proposed, None).state, CaseState::Proposed);
        let returned = review(CaseState::Returned, 1, "費用を記入してください");
        let state = case_state_of(&proposed, Some(&returned));
        assert_eq!(state.state, CaseState::Returned);
        assert_eq!(state.comment, "費用を記入してください");
        // Submitted again: proposed, whatever the old review said.
        let again = town_case(CaseState::Proposed, 2);
        assert_eq!(
            case_state_of(&again, Some(&returned)).state,
            CaseState::Proposed
        );
        let published = review(CaseState::Published, 2, "");
        let state = case_state_of(&again, Some(&published));
        assert_eq!(state.state, CaseState::Published);
        assert!(state.published_current);
        assert_eq!(
            case_state_of(&town_case(CaseState::Draft, 0), None).state,
            CaseState::Draft
        );
    }
}
