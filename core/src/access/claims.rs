//! What a record's id and fields may claim about organisations.
//!
//! Some ids name their organisation (`<org>-steps`, `resp-<survey>-<org>`, `std-<system>-<org>`,
//! the `<org>-m-…` of the ids devices create), and some fields name one (an organisation
//! record's `code`). A write whose id or field names another organisation than the record's
//! owner would let one town take another's fixed ids first, or publish a record that screens
//! could read as another town's: such writes are refused, whoever the writer is.

use serde_json::Value;

use crate::domain::survey::parse_response_id;
use crate::domain::{casebook, standardisation, taxonomy, RecordKind};
use crate::org::OrgCode;

/// The one id of an organisation's step checklist.
pub fn checklist_id(owner: &OrgCode) -> String {
    format!("{owner}-steps")
}

/// What a record's id or one of its fields claims that its owner contradicts. Screens only ask
/// whether there is one; the server words it ([`id_problem`], [`field_problem`]), so the
/// sentences are not part of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contradiction {
    OrganisationId,
    ChecklistId,
    ResponseId,
    MigrationId,
    NationalArea,
    ForeignCode,
    OrganisationCode,
    OrganisationKind,
    AreaSource,
    ResponseSurvey,
    MigrationSystem,
    /// A town's case claiming the prefecture's states (returned, published), or the
    /// prefecture's claiming a town's (proposed).
    CaseState,
    /// A case's `source_case` other than the town's case its review id names.
    CaseSource,
}

/// What a record id of `kind` claims that `owner` contradicts, if anything.
pub fn id_contradiction(
    kind: RecordKind,
    record_id: &str,
    owner: &OrgCode,
) -> Option<Contradiction> {
    let (contradicted, contradiction) = match kind {
        RecordKind::Organisation => (record_id != owner.as_str(), Contradiction::OrganisationId),
        RecordKind::StepChecklist => (record_id != checklist_id(owner), Contradiction::ChecklistId),
        RecordKind::SurveyResponse => (
            parse_response_id(record_id).is_none_or(|(_, town)| &town != owner),
            Contradiction::ResponseId,
        ),
        RecordKind::SystemMigration => (
            migration_system(record_id, owner).is_none(),
            Contradiction::MigrationId,
        ),
        RecordKind::TaxonomyArea if is_national_area(record_id) => {
            (true, Contradiction::NationalArea)
        }
        // The prefecture's review of a town's case names that town (and only it).
        RecordKind::Case if casebook::is_review_id(record_id, owner) => return None,
        _ => (
            foreign_code(record_id, owner).is_some(),
            Contradiction::ForeignCode,
        ),
    };
    contradicted.then_some(contradiction)
}

/// What a field's value claims that the record's id and owner contradict, if anything.
pub fn field_contradiction(
    kind: RecordKind,
    record_id: &str,
    owner: &OrgCode,
    field: &str,
    value: &Value,
) -> Option<Contradiction> {
    if kind == RecordKind::Case {
        return case_field_contradiction(record_id, owner, field, value);
    }
    // Values of the wrong type are the schema's to refuse.
    let text = value.as_str()?;
    match (kind, field) {
        (RecordKind::Organisation, "code") => {
            (text != owner.as_str()).then_some(Contradiction::OrganisationCode)
        }
        (RecordKind::Organisation, "kind") => {
            (text != organisation_kind(owner)).then_some(Contradiction::OrganisationKind)
        }
        (RecordKind::TaxonomyArea, "source") => {
            (text != "prefecture").then_some(Contradiction::AreaSource)
        }
        (RecordKind::SurveyResponse, "survey_id") => parse_response_id(record_id)
            .is_none_or(|(survey, _)| survey != text)
            .then_some(Contradiction::ResponseSurvey),
        (RecordKind::SystemMigration, "system") => migration_system(record_id, owner)
            .is_none_or(|system| system != text)
            .then_some(Contradiction::MigrationSystem),
        _ => None,
    }
}

/// A town writes only drafts and proposals; the prefecture only drafts, reviews and published
/// cases; a review's `source_case` is the case its id names, and no other case has one.
fn case_field_contradiction(
    record_id: &str,
    owner: &OrgCode,
    field: &str,
    value: &Value,
) -> Option<Contradiction> {
    match field {
        "state" => {
            let state = value.as_str()?;
            let allowed: &[&str] = if owner.is_prefecture() {
                &["draft", "returned", "published"]
            } else {
                &["draft", "proposed"]
            };
            (!allowed.contains(&state)).then_some(Contradiction::CaseState)
        }
        "source_case" => {
            let source = value.as_str()?;
            let reviewed = casebook::reviewed_case_id(record_id, owner);
            (reviewed.as_deref() != Some(source)).then_some(Contradiction::CaseSource)
        }
        _ => None,
    }
}

fn organisation_kind(owner: &OrgCode) -> &'static str {
    if owner.is_prefecture() {
        "prefecture"
    } else {
        "municipality"
    }
}

/// Why a record id does not belong to `owner`, for a write of `kind`, in words.
pub fn id_problem(kind: RecordKind, record_id: &str, owner: &OrgCode) -> Option<String> {
    Some(match id_contradiction(kind, record_id, owner)? {
        Contradiction::OrganisationId => {
            format!("an organisation record's id must be its own code {owner}, not {record_id}")
        }
        Contradiction::ChecklistId => format!(
            "the step checklist of {owner} is the record {}, not {record_id}",
            checklist_id(owner)
        ),
        Contradiction::ResponseId => match parse_response_id(record_id) {
            Some((survey, _)) => format!(
                "an answer of {owner} to survey {survey} is the record resp-{survey}-{owner}, not {record_id}"
            ),
            None => format!("a survey response's id is resp-<survey id>-{owner}, not {record_id}"),
        },
        Contradiction::MigrationId => format!(
            "a system migration of {owner} is the record std-<system id>-{owner}, not {record_id}"
        ),
        Contradiction::NationalArea => format!(
            "{record_id} is an area of the national frame, which comes with the app; a prefecture's own areas need ids of their own"
        ),
        _ => {
            let code = foreign_code(record_id, owner).map(|c| c.to_string()).unwrap_or_default();
            format!("the id {record_id} names organisation {code}; ids of {owner}'s records may name only {owner}")
        }
    })
}

/// Why a field's value claims something the record's id and owner contradict, in words.
pub fn field_problem(
    kind: RecordKind,
    record_id: &str,
    owner: &OrgCode,
    field: &str,
    value: &Value,
) -> Option<String> {
    let contradiction = field_contradiction(kind, record_id, owner, field, value)?;
    let text = value.as_str().unwrap_or_default();
    Some(match contradiction {
        Contradiction::OrganisationCode => {
            format!("the code of organisation {owner}'s record must be {owner}, not {text}")
        }
        Contradiction::OrganisationKind => format!(
            "{owner} is a {}, not a {text}",
            organisation_kind(owner)
        ),
        Contradiction::AreaSource => format!(
            "a prefecture's own area has source \"prefecture\", not {text:?}: the national frame comes with the app"
        ),
        Contradiction::ResponseSurvey => {
            format!("the response {record_id} answers the survey its id names, not {text}")
        }
        Contradiction::CaseState if owner.is_prefecture() => format!(
            "a prefecture's case is a draft, returned or published, not {text:?}: proposals are the towns'"
        ),
        Contradiction::CaseState => format!(
            "a town's case is a draft or proposed, not {text:?}: only the prefecture returns or publishes a case"
        ),
        Contradiction::CaseSource => format!(
            "the case {record_id} may name as its source only the town's case its id names, not {text}"
        ),
        _ => format!("the migration {record_id} is of the system its id names, not {text}"),
    })
}

/// The system of `std-<system>-<owner>`, when the id has that shape and names a known system.
fn migration_system<'a>(record_id: &'a str, owner: &OrgCode) -> Option<&'a str> {
    let system = record_id
        .strip_prefix("std-")?
        .strip_suffix(owner.as_str())?
        .strip_suffix('-')?;
    standardisation::system(system).map(|_| system)
}

fn is_national_area(id: &str) -> bool {
    taxonomy::national_default()
        .iter()
        .any(|area| area.id == id)
}

/// The first organisation code, other than `owner`, that a `-`-separated part of `id` is.
fn foreign_code(id: &str, owner: &OrgCode) -> Option<OrgCode> {
    id.split('-')
        .filter(|part| part.len() == 6 && part.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|part| OrgCode::parse(part).ok())
        .find(|code| code != owner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TONO: &str = "032085";
    const MORIOKA: &str = "032018";
    const IWATE: &str = "030007";

    fn code(s: &str) -> OrgCode {
        OrgCode::parse(s).expect("valid test code")
    }

    #[test]
    fn ids_that_name_an_organisation_must_name_the_owner() {
        let tono = code(TONO);
        for (kind, id) in [
            (RecordKind::Measure, "032085-m-1a2b3c4d"),
            (RecordKind::Measure, "legacy-measure-7"),
            (RecordKind::Kpi, "032085-k-0123456789ab"),
            (RecordKind::Plan, "032085-dx-plan"),
            (RecordKind::StepChecklist, "032085-steps"),
            (RecordKind::Organisation, TONO),
            (
                RecordKind::SurveyResponse,
                "resp-030007-survey-1a2b3c4d-032085",
            ),
            (RecordKind::SystemMigration, "std-resident_registry-032085"),
        ] {
            assert_eq!(id_problem(kind, id, &tono), None, "{kind} {id}");
        }
        for (kind, id) in [
            (RecordKind::Measure, "032018-m-1a2b3c4d"),
            (RecordKind::Kpi, "x-032018-k"),
            (RecordKind::StepChecklist, "032018-steps"),
            (RecordKind::StepChecklist, "steps"),
            (RecordKind::Organisation, MORIOKA),
            (
                RecordKind::SurveyResponse,
                "resp-030007-survey-1a2b3c4d-032018",
            ),
            (RecordKind::SurveyResponse, "answer-1"),
            (RecordKind::SystemMigration, "std-resident_registry-032018"),
            (RecordKind::SystemMigration, "std-no-such-system-032085"),
        ] {
            assert!(id_problem(kind, id, &tono).is_some(), "{kind} {id}");
        }
    }

    #[test]
    fn a_national_area_id_is_never_a_prefecture_record() {
        let problem = id_problem(RecordKind::TaxonomyArea, "online", &code(IWATE));
        assert!(problem.is_some_and(|p| p.contains("national")));
        assert_eq!(
            id_problem(RecordKind::TaxonomyArea, "iwate_admin", &code(IWATE)),
            None
        );
    }

    #[test]
    fn fields_that_name_an_organisation_must_agree_with_the_owner() {
        let tono = code(TONO);
        let check = |kind, id, field, value: Value| field_problem(kind, id, &tono, field, &value);
        assert_eq!(
            check(RecordKind::Organisation, TONO, "code", json!(TONO)),
            None
        );
        assert!(check(RecordKind::Organisation, TONO, "code", json!(MORIOKA)).is_some());
        assert_eq!(
            check(
                RecordKind::Organisation,
                TONO,
                "kind",
                json!("municipality")
            ),
            None
        );
        assert!(check(RecordKind::Organisation, TONO, "kind", json!("prefecture")).is_some());
        assert!(check(RecordKind::TaxonomyArea, "a", "source", json!("national")).is_some());
        let response = "resp-030007-survey-1a2b3c4d-032085";
        assert_eq!(
            check(
                RecordKind::SurveyResponse,
                response,
                "survey_id",
                json!("030007-survey-1a2b3c4d")
            ),
            None
        );
        assert!(check(
            RecordKind::SurveyResponse,
            response,
            "survey_id",
            json!("030007-survey-other")
        )
        .is_some());
        let migration = "std-resident_registry-032085";
        assert_eq!(
            check(
                RecordKind::SystemMigration,
                migration,
                "system",
                json!("resident_registry")
            ),
            None
        );
        assert!(check(
            RecordKind::SystemMigration,
            migration,
            "system",
            json!("family_register")
        )
        .is_some());
        // A value of the wrong type is left to the schema.
        assert_eq!(
            check(RecordKind::Organisation, TONO, "code", json!(7)),
            None
        );
    }
}
