//! Whether the connected user may change a record: the same rule the worker applies
//! (`tsunagu_core::access::can_write`), asked before showing inputs.

use tsunagu_core::access::{can_write, Principal};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::WhoAmI;

/// `false` when not connected, for a viewer, and for another organisation's records.
pub fn may_write(who: Option<&WhoAmI>, kind: RecordKind, record_org: &OrgCode) -> bool {
    who.is_some_and(|who| {
        let principal = Principal {
            token_id: String::new(),
            org: who.org.clone(),
            role: who.role,
            label: who.label.clone(),
        };
        can_write(&principal, kind, record_org)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_core::access::Role;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn who(org: &str, role: Role) -> WhoAmI {
        let org = OrgCode::parse(org).expect("valid test code");
        WhoAmI {
            prefecture: org.prefecture_code(),
            org,
            role,
            label: "test".into(),
        }
    }

    #[wasm_bindgen_test]
    fn editors_write_their_own_records_only() {
        let tono = OrgCode::parse("032085").expect("valid");
        let morioka = OrgCode::parse("032018").expect("valid");
        let editor = who("032085", Role::Editor);
        assert!(may_write(Some(&editor), RecordKind::Plan, &tono));
        assert!(!may_write(Some(&editor), RecordKind::Plan, &morioka));
        assert!(!may_write(
            Some(&who("032085", Role::Viewer)),
            RecordKind::Plan,
            &tono
        ));
        assert!(!may_write(None, RecordKind::Plan, &tono));
    }
}
