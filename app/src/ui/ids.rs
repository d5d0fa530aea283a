//! Ids of records this device creates: prefixed with the owner's code, since record ids are
//! unique within a prefecture whoever owns them, and a random part so that two devices never
//! pick the same one.

use tsunagu_core::org::OrgCode;

/// Eight random hex digits.
fn random_part() -> String {
    let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!("{random:08x}")
}

/// `032085-m-1a2b3c4d`.
pub fn new_measure_id(org: &OrgCode) -> String {
    format!("{org}-m-{}", random_part())
}

/// `032085-plan-1a2b3c4d`.
pub fn new_plan_id(org: &OrgCode) -> String {
    format!("{org}-plan-{}", random_part())
}

/// `030007-survey-1a2b3c4d`: short enough that response ids (`resp-<survey>-<org>`) fit.
pub fn new_survey_id(org: &OrgCode) -> String {
    format!("{org}-survey-{}", random_part())
}

/// `030007-area-1a2b3c4d`: a prefecture's own taxonomy area.
pub fn new_area_id(org: &OrgCode) -> String {
    format!("{org}-area-{}", random_part())
}

/// `p1a2b3c4d`, `q1a2b3c4d`: a new policy of a plan or question of a survey. Each is stored as
/// its own field (`policy.<id>`, `question.<id>`), so two devices adding one offline at once
/// must not both pick the next number (they would write one field, and one item would be lost).
pub fn new_item_id(prefix: &str) -> String {
    format!("{prefix}{}", random_part())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_core::access::checklist_id;
    use tsunagu_core::domain::is_valid_record_id;
    use tsunagu_core::domain::schema::{is_valid_policy_id, is_valid_question_id};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn ids_are_valid_record_ids() {
        let org = OrgCode::parse("032085").expect("valid");
        for id in [new_measure_id(&org), new_plan_id(&org), checklist_id(&org)] {
            assert!(is_valid_record_id(&id), "{id}");
            assert!(id.starts_with("032085-"));
        }
        assert_ne!(new_measure_id(&org), new_measure_id(&org));
    }

    #[wasm_bindgen_test]
    fn item_ids_are_valid_policy_and_question_ids_and_differ() {
        let (policy, question) = (new_item_id("p"), new_item_id("q"));
        assert!(
            is_valid_policy_id(&policy) && policy.starts_with('p'),
            "{policy}"
        );
        assert!(
            is_valid_question_id(&question) && question.starts_with('q'),
            "{question}"
        );
        assert_ne!(new_item_id("p"), new_item_id("p"));
    }
}
