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

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_core::access::checklist_id;
    use tsunagu_core::domain::is_valid_record_id;
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
}
