//! The organisation directory: names, kinds and populations the screens show for each code.
//!
//! An `organisation` record is trusted only when its id, its owner and its `code` field are the
//! same code and its `kind` is what the code says, so a town cannot rename another by writing a
//! record that claims the other's code, under its own id or under the other's.

use crate::client::RecordView;
use crate::domain::RecordKind;
use crate::org::Organisation;

use super::owner_claims::claims_agree;

/// The organisation `view` describes, or `None` when it is not a trusted `organisation` record.
pub fn trusted_organisation(view: &RecordView) -> Option<Organisation> {
    if view.key.kind != RecordKind::Organisation || !claims_agree(view, &["code", "kind"]) {
        return None;
    }
    Organisation::from_fields(&view.values).ok()
}

/// Every trusted organisation among `views`, in code order.
pub fn organisation_directory(views: &[RecordView]) -> Vec<Organisation> {
    let mut organisations: Vec<Organisation> =
        views.iter().filter_map(trusted_organisation).collect();
    crate::sorting::sort_by(&mut organisations, |a, b| a.code.cmp(&b.code));
    organisations
}

/// The trusted municipalities among `views` (not the prefectures), in code order.
pub fn municipalities(views: &[RecordView]) -> Vec<Organisation> {
    let mut towns = organisation_directory(views);
    towns.retain(|organisation| !organisation.code.is_prefecture());
    towns
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::OrgKind;
    use crate::trust::test_records::{code, record, IWATE, MIYAKO, MORIOKA, TONO};
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    fn fields(code: &str, kind: &str, name: &str) -> BTreeMap<String, Value> {
        BTreeMap::from([
            ("code".to_owned(), json!(code)),
            ("kind".to_owned(), json!(kind)),
            ("name".to_owned(), json!(name)),
        ])
    }

    fn organisation(id: &str, owner: &str, code: &str, kind: &str, name: &str) -> RecordView {
        record(
            RecordKind::Organisation,
            id,
            owner,
            fields(code, kind, name),
        )
    }

    fn names(organisations: &[Organisation]) -> Vec<(&str, &str)> {
        organisations
            .iter()
            .map(|o| (o.code.as_str(), o.name.as_str()))
            .collect()
    }

    #[test]
    fn a_record_whose_id_owner_and_code_agree_is_trusted() {
        let tono = organisation(TONO, TONO, TONO, "municipality", "遠野市");
        let trusted = trusted_organisation(&tono).expect("trusted");
        assert_eq!(
            (trusted.code, trusted.name.as_str()),
            (code(TONO), "遠野市")
        );
        let iwate = organisation(IWATE, IWATE, IWATE, "prefecture", "岩手県");
        assert_eq!(
            trusted_organisation(&iwate).map(|o| o.kind),
            Some(OrgKind::Prefecture)
        );
    }

    #[test]
    fn a_forged_record_with_another_towns_code_is_ignored() {
        let records = [
            organisation(TONO, TONO, TONO, "municipality", "遠野市"),
            // Morioka's own record claiming Tono's code: id and owner Morioka.
            organisation(MORIOKA, MORIOKA, TONO, "municipality", "乗っ取り市"),
            // Morioka writing under Tono's id (owner Morioka).
            organisation(TONO, MORIOKA, TONO, "municipality", "乗っ取り市"),
            // Under Miyako's id and code, but owned by Morioka.
            organisation(MIYAKO, MORIOKA, MIYAKO, "municipality", "乗っ取り市"),
        ];
        assert_eq!(names(&organisation_directory(&records)), [(TONO, "遠野市")]);
    }

    #[test]
    fn a_kind_that_contradicts_the_code_is_ignored() {
        let records = [
            organisation(TONO, TONO, TONO, "prefecture", "遠野県"),
            organisation(IWATE, IWATE, IWATE, "municipality", "岩手市"),
        ];
        assert!(organisation_directory(&records).is_empty());
        let mut no_kind = organisation(TONO, TONO, TONO, "municipality", "遠野市");
        no_kind.values.remove("kind");
        assert!(
            trusted_organisation(&no_kind).is_some(),
            "a missing kind is the code's"
        );
    }

    #[test]
    fn other_kinds_of_record_are_not_organisations() {
        let plan = record(
            RecordKind::Plan,
            TONO,
            TONO,
            fields(TONO, "municipality", "遠野市"),
        );
        assert_eq!(trusted_organisation(&plan), None);
    }

    #[test]
    fn municipalities_leave_the_prefecture_out_in_code_order() {
        let records = [
            organisation(TONO, TONO, TONO, "municipality", "遠野市"),
            organisation(IWATE, IWATE, IWATE, "prefecture", "岩手県"),
            organisation(MORIOKA, MORIOKA, MORIOKA, "municipality", "盛岡市"),
        ];
        assert_eq!(
            names(&municipalities(&records)),
            [(MORIOKA, "盛岡市"), (TONO, "遠野市")]
        );
        assert_eq!(organisation_directory(&records).len(), 3);
    }
}
