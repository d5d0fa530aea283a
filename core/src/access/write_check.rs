//! Everything the server checks about one write before applying it, beyond the schema: the
//! token may write this kind of record for this owner, the id and the fields name no other
//! organisation, and an answer answers a survey that asks its town.

use serde_json::Value;

use super::claims::{field_problem, id_problem};
use super::rules::can_write;
use super::Principal;
use crate::domain::survey::parse_response_id;
use crate::domain::RecordKind;
use crate::org::OrgCode;

/// One field write as the rules see it.
#[derive(Clone, Copy, Debug)]
pub struct FieldWrite<'a> {
    pub kind: RecordKind,
    pub record_id: &'a str,
    /// The organisation the write says owns the record.
    pub owner: &'a OrgCode,
    pub field: &'a str,
    pub value: &'a Value,
}

/// Why `principal` may not make `write`, in words; `None` when it may. Says nothing about
/// records other than the one written, so it never tells who owns a record the token cannot
/// read.
pub fn write_problem(principal: &Principal, write: &FieldWrite) -> Option<String> {
    if !can_write(principal, write.kind, write.owner) {
        return Some(format!(
            "a {} token of {} may not write {} records of organisation {}",
            principal.role,
            principal.org,
            write.kind.as_str(),
            write.owner
        ));
    }
    id_problem(write.kind, write.record_id, write.owner).or_else(|| {
        field_problem(
            write.kind,
            write.record_id,
            write.owner,
            write.field,
            write.value,
        )
    })
}

/// Whom a survey asks, as the server has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurveyAudience {
    /// The survey record's owner.
    pub owner: OrgCode,
    /// The municipalities asked; empty asks every municipality of the owner's prefecture.
    pub targets: Vec<OrgCode>,
    pub deleted: bool,
}

impl SurveyAudience {
    /// Whether `town` is asked: a prefecture's survey, not deleted, listing `town` or no one.
    pub fn asks(&self, town: &OrgCode) -> bool {
        !self.deleted
            && self.owner.is_prefecture()
            && !town.is_prefecture()
            && town.prefecture_number() == self.owner.prefecture_number()
            && (self.targets.is_empty() || self.targets.contains(town))
    }
}

/// Why a write to the survey response `record_id` of `town` may not be made, given the
/// audience of the survey its id names (`None` when the server has no such survey).
pub fn answer_problem(
    record_id: &str,
    town: &OrgCode,
    audience: Option<&SurveyAudience>,
) -> Option<String> {
    let survey = parse_response_id(record_id).map_or(record_id, |(survey, _)| survey);
    match audience {
        Some(audience) if audience.asks(town) => None,
        _ => Some(format!(
            "survey {survey} does not ask {town} (no such survey of {town}'s prefecture, or {town} is not among its targets)"
        )),
    }
}

/// The kinds whose writes need the survey's audience ([`answer_problem`]).
pub fn needs_survey_audience(kind: RecordKind) -> bool {
    kind == RecordKind::SurveyResponse
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;
    use serde_json::{json, Value};

    const IWATE: &str = "030007";
    const TONO: &str = "032085";
    const MORIOKA: &str = "032018";
    const SAPPORO: &str = "011002";
    const HOKKAIDO: &str = "010006";

    fn code(s: &str) -> OrgCode {
        OrgCode::parse(s).expect("valid test code")
    }

    fn principal(org: &str, role: Role) -> Principal {
        Principal {
            token_id: "t".into(),
            org: code(org),
            role,
            label: "test".into(),
        }
    }

    #[test]
    fn the_kind_rule_comes_first_and_names_the_owner_written() {
        let editor = principal(TONO, Role::Editor);
        let owner = code(MORIOKA);
        let value = json!("x");
        let problem = write_problem(
            &editor,
            &FieldWrite {
                kind: RecordKind::Measure,
                record_id: "032018-m-1",
                owner: &owner,
                field: "title",
                value: &value,
            },
        );
        assert!(problem.is_some_and(|p| p.contains(MORIOKA) && p.contains("editor")));
    }

    #[test]
    fn an_administrator_cannot_publish_a_town_under_another_code() {
        let admin = principal(IWATE, Role::PrefectureAdmin);
        let tono = code(TONO);
        let forged = json!(MORIOKA);
        let (morioka_name, tono_name) = (json!("盛岡市"), json!("遠野市"));
        let write = |record_id, field, value| FieldWrite {
            kind: RecordKind::Organisation,
            record_id,
            owner: &tono,
            field,
            value,
        };
        assert!(write_problem(&admin, &write(TONO, "code", &forged)).is_some());
        assert!(write_problem(&admin, &write(MORIOKA, "name", &morioka_name)).is_some());
        assert_eq!(
            write_problem(&admin, &write(TONO, "name", &tono_name)),
            None
        );
    }

    #[test]
    fn a_survey_asks_the_towns_of_its_prefecture_it_targets() {
        let everyone = SurveyAudience {
            owner: code(IWATE),
            targets: vec![],
            deleted: false,
        };
        assert!(everyone.asks(&code(TONO)));
        assert!(!everyone.asks(&code(IWATE)), "not the prefecture itself");
        assert!(
            !everyone.asks(&code(SAPPORO)),
            "not another prefecture's town"
        );
        let only_morioka = SurveyAudience {
            targets: vec![code(MORIOKA)],
            ..everyone.clone()
        };
        assert!(only_morioka.asks(&code(MORIOKA)));
        assert!(!only_morioka.asks(&code(TONO)));
        let by_a_town = SurveyAudience {
            owner: code(MORIOKA),
            ..everyone.clone()
        };
        assert!(!by_a_town.asks(&code(TONO)), "a town's record is no survey");
        let deleted = SurveyAudience {
            deleted: true,
            ..everyone.clone()
        };
        assert!(!deleted.asks(&code(TONO)));
        let elsewhere = SurveyAudience {
            owner: code(HOKKAIDO),
            ..everyone
        };
        assert!(!elsewhere.asks(&code(TONO)));
    }

    #[test]
    fn an_answer_to_an_unknown_survey_or_one_not_asking_the_town_is_refused() {
        let id = "resp-030007-survey-1-032085";
        let problem = answer_problem(id, &code(TONO), None);
        assert!(problem.is_some_and(|p| p.contains("030007-survey-1")));
        let asks = SurveyAudience {
            owner: code(IWATE),
            targets: vec![],
            deleted: false,
        };
        assert_eq!(answer_problem(id, &code(TONO), Some(&asks)), None);
    }

    /// The casebook's access matrix: a town writes only its own drafts and proposals; only the
    /// prefecture publishes or sends back, under the review id of the town's case; nobody
    /// writes another prefecture's cases.
    #[test]
    fn casebook_access_matrix() {
        let tono = principal(TONO, Role::Editor);
        let morioka = principal(MORIOKA, Role::Editor);
        let iwate = principal(IWATE, Role::Editor);
        let hokkaido = principal(HOKKAIDO, Role::PrefectureAdmin);
        let viewer = principal(TONO, Role::Viewer);
        let town_case = "032085-case-1a2b3c4d";
        let review = "030007-case-032085-1a2b3c4d";
        let check = |who: &Principal, id: &str, owner: &str, field: &str, value: Value| {
            let owner = code(owner);
            write_problem(
                who,
                &FieldWrite {
                    kind: RecordKind::Case,
                    record_id: id,
                    owner: &owner,
                    field,
                    value: &value,
                },
            )
        };
        // A town's own drafts and proposals.
        assert_eq!(
            check(&tono, town_case, TONO, "title", json!("書かない窓口")),
            None
        );
        assert_eq!(
            check(&tono, town_case, TONO, "state", json!("proposed")),
            None
        );
        assert_eq!(check(&tono, town_case, TONO, "round", json!(1)), None);
        // Not publishing, not answering itself, not another town's case, not read-only.
        assert!(check(&tono, town_case, TONO, "state", json!("published")).is_some());
        assert!(check(&tono, town_case, TONO, "state", json!("returned")).is_some());
        assert!(check(
            &tono,
            town_case,
            TONO,
            "source_case",
            json!("032085-case-x")
        )
        .is_some());
        assert!(check(&morioka, town_case, TONO, "title", json!("x")).is_some());
        assert_eq!(
            check(&morioka, "032018-case-1", MORIOKA, "title", json!("x")),
            None
        );
        assert!(check(&viewer, town_case, TONO, "title", json!("x")).is_some());
        // The published case is the prefecture's: no town writes it.
        assert!(check(&tono, review, IWATE, "title", json!("x")).is_some());
        assert!(check(&tono, review, TONO, "state", json!("published")).is_some());
        // The prefecture publishes and sends back, under the review id only.
        assert_eq!(
            check(&iwate, review, IWATE, "state", json!("published")),
            None
        );
        assert_eq!(
            check(&iwate, review, IWATE, "state", json!("returned")),
            None
        );
        assert_eq!(
            check(&iwate, review, IWATE, "source_case", json!(town_case)),
            None
        );
        assert!(check(
            &iwate,
            review,
            IWATE,
            "source_case",
            json!("032085-case-other")
        )
        .is_some());
        assert!(check(&iwate, review, IWATE, "state", json!("proposed")).is_some());
        assert!(check(
            &iwate,
            "030007-case-9f9f9f9f",
            IWATE,
            "source_case",
            json!(town_case)
        )
        .is_some());
        assert_eq!(
            check(
                &iwate,
                "030007-case-9f9f9f9f",
                IWATE,
                "state",
                json!("published")
            ),
            None
        );
        // A town's measure made a case of the prefecture's (施策検索 → 事例にする): the
        // prefecture's own case naming the measure, which no town writes.
        assert_eq!(
            check(
                &iwate,
                "030007-case-9f9f9f9f",
                IWATE,
                "source_measure",
                json!("032085-m-1")
            ),
            None
        );
        assert!(check(
            &tono,
            "030007-case-9f9f9f9f",
            IWATE,
            "source_measure",
            json!("032085-m-1")
        )
        .is_some());
        // Not the town's own record, and not under another prefecture's town.
        assert!(check(&iwate, town_case, TONO, "state", json!("draft")).is_some());
        assert!(check(
            &iwate,
            "030007-case-011002-1a2b3c4d",
            IWATE,
            "title",
            json!("x")
        )
        .is_some());
        // Another prefecture writes nothing here.
        assert!(check(&hokkaido, review, IWATE, "state", json!("published")).is_some());
        assert!(check(&hokkaido, town_case, TONO, "title", json!("x")).is_some());
    }
}
