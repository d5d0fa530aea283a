use super::{Principal, Role};
use crate::domain::RecordKind;
use crate::org::OrgCode;

/// Which records a principal may read, within its own prefecture (another prefecture's data
/// lives in another Durable Object and is never reachable).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadScope {
    /// Every record of the prefecture.
    WholePrefecture,
    /// The records of these organisations, plus every organisation record (the directory of
    /// municipalities is public within the prefecture).
    Orgs(Vec<OrgCode>),
}

impl ReadScope {
    pub fn allows(&self, kind: RecordKind, record_org: &OrgCode) -> bool {
        match self {
            ReadScope::WholePrefecture => true,
            ReadScope::Orgs(orgs) => kind == RecordKind::Organisation || orgs.contains(record_org),
        }
    }
}

/// Read access: the prefecture's staff and anyone holding a prefecture-level token see the
/// whole prefecture; a municipality sees its own records and what its prefecture publishes.
pub fn read_scope(principal: &Principal) -> ReadScope {
    if principal.role == Role::PrefectureAdmin || principal.org.is_prefecture() {
        return ReadScope::WholePrefecture;
    }
    ReadScope::Orgs(vec![principal.org.clone(), principal.org.prefecture_code()])
}

/// Who keeps a kind of record: a municipality, its prefecture, or either for its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keeper {
    /// Plans, measures, KPIs and cases: every organisation keeps its own.
    Own,
    /// The ステップ0〜3 checklist, system migrations and survey answers: municipalities only.
    Municipality,
    /// The taxonomy's own areas and surveys: the prefecture, for its municipalities.
    Prefecture,
    /// Organisation records, the directory: the prefecture's administrator, for itself and
    /// every municipality of the prefecture.
    PrefectureAdmin,
}

/// Who keeps records of `kind` (see docs/protocol.md, "Who writes what").
pub fn keeper(kind: RecordKind) -> Keeper {
    match kind {
        RecordKind::Plan | RecordKind::Measure | RecordKind::Kpi => Keeper::Own,
        // A town's drafts and proposals; the prefecture's reviews, published and own cases
        // (what each may say is access::claims').
        RecordKind::Case => Keeper::Own,
        RecordKind::StepChecklist | RecordKind::SystemMigration | RecordKind::SurveyResponse => {
            Keeper::Municipality
        }
        RecordKind::TaxonomyArea | RecordKind::Survey => Keeper::Prefecture,
        RecordKind::Organisation => Keeper::PrefectureAdmin,
    }
}

/// Write access to records of `kind` owned by `record_org`: the kind and owner only. The
/// server also checks what the record's id and fields claim (`check_write`).
pub fn can_write(principal: &Principal, kind: RecordKind, record_org: &OrgCode) -> bool {
    if record_org.prefecture_number() != principal.prefecture_number()
        || principal.role == Role::Viewer
    {
        return false;
    }
    let own = record_org == &principal.org;
    match keeper(kind) {
        Keeper::Own => own,
        Keeper::Municipality => own && !record_org.is_prefecture(),
        Keeper::Prefecture => own && record_org.is_prefecture(),
        Keeper::PrefectureAdmin => {
            principal.role == Role::PrefectureAdmin && principal.org.is_prefecture()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(org: &str, role: Role) -> Principal {
        Principal {
            token_id: "t".into(),
            org: OrgCode::parse(org).expect("valid test code"),
            role,
            label: "test".into(),
        }
    }

    fn code(s: &str) -> OrgCode {
        OrgCode::parse(s).expect("valid test code")
    }

    // 030007 Iwate, 032018 Tono... the codes below all carry correct check digits.
    const IWATE: &str = "030007";
    const MORIOKA: &str = "032018";
    const MIYAKO: &str = "032026";
    const MIYAGI: &str = "040002";

    #[test]
    fn editor_writes_only_its_own_organisation() {
        let editor = principal(MORIOKA, Role::Editor);
        assert!(can_write(&editor, RecordKind::Measure, &code(MORIOKA)));
        assert!(!can_write(&editor, RecordKind::Measure, &code(MIYAKO)));
        assert!(!can_write(&editor, RecordKind::Measure, &code(IWATE)));
    }

    #[test]
    fn viewer_writes_nothing() {
        let viewer = principal(MORIOKA, Role::Viewer);
        assert!(!can_write(&viewer, RecordKind::Measure, &code(MORIOKA)));
    }

    #[test]
    fn prefecture_admin_writes_prefecture_records_and_master_data_but_not_plans() {
        let admin = principal(IWATE, Role::PrefectureAdmin);
        assert!(can_write(&admin, RecordKind::TaxonomyArea, &code(IWATE)));
        assert!(can_write(&admin, RecordKind::Survey, &code(IWATE)));
        assert!(can_write(&admin, RecordKind::Plan, &code(IWATE)));
        assert!(can_write(&admin, RecordKind::Organisation, &code(MORIOKA)));
        assert!(can_write(&admin, RecordKind::Organisation, &code(IWATE)));
        assert!(!can_write(&admin, RecordKind::Measure, &code(MORIOKA)));
        assert!(!can_write(&admin, RecordKind::StepChecklist, &code(IWATE)));
        assert!(!can_write(&admin, RecordKind::SurveyResponse, &code(IWATE)));
        assert!(!can_write(&admin, RecordKind::Organisation, &code(MIYAGI)));
    }

    #[test]
    fn municipalities_keep_their_own_plans_checklists_and_answers_only() {
        let editor = principal(MORIOKA, Role::Editor);
        for kind in [
            RecordKind::Plan,
            RecordKind::Measure,
            RecordKind::Kpi,
            RecordKind::StepChecklist,
            RecordKind::SystemMigration,
            RecordKind::SurveyResponse,
        ] {
            assert!(can_write(&editor, kind, &code(MORIOKA)), "{kind}");
        }
        for kind in [
            RecordKind::Organisation,
            RecordKind::TaxonomyArea,
            RecordKind::Survey,
        ] {
            assert!(!can_write(&editor, kind, &code(MORIOKA)), "{kind}");
        }
    }

    #[test]
    fn a_prefecture_editor_writes_the_prefecture_s_surveys_and_areas_but_not_the_directory() {
        let editor = principal(IWATE, Role::Editor);
        assert!(can_write(&editor, RecordKind::Survey, &code(IWATE)));
        assert!(can_write(&editor, RecordKind::TaxonomyArea, &code(IWATE)));
        assert!(!can_write(&editor, RecordKind::Organisation, &code(IWATE)));
        assert!(!can_write(
            &editor,
            RecordKind::Organisation,
            &code(MORIOKA)
        ));
        assert!(!can_write(&editor, RecordKind::Survey, &code(MORIOKA)));
    }

    #[test]
    fn an_administrator_token_of_a_municipality_is_not_the_prefecture() {
        let admin = principal(MORIOKA, Role::PrefectureAdmin);
        assert!(!can_write(&admin, RecordKind::Organisation, &code(MIYAKO)));
    }

    #[test]
    fn municipality_reads_itself_its_prefecture_and_the_directory() {
        let scope = read_scope(&principal(MORIOKA, Role::Viewer));
        assert!(scope.allows(RecordKind::Measure, &code(MORIOKA)));
        assert!(scope.allows(RecordKind::TaxonomyArea, &code(IWATE)));
        assert!(scope.allows(RecordKind::Organisation, &code(MIYAKO)));
        assert!(!scope.allows(RecordKind::Measure, &code(MIYAKO)));
    }

    #[test]
    fn prefecture_tokens_read_the_whole_prefecture() {
        assert_eq!(
            read_scope(&principal(IWATE, Role::Viewer)),
            ReadScope::WholePrefecture
        );
    }
}
