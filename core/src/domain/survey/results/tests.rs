use chrono::NaiveDate;
use serde_json::{json, Value};

use super::*;
use crate::domain::survey::Choice;

const IWATE: &str = "030007";
const MORIOKA: &str = "032018";
const MIYAKO: &str = "032026";
const OFUNATO: &str = "032034";
const HANAMAKI: &str = "032051";
const KITAKAMI: &str = "032069";
const TONO: &str = "032085";
const SENDAI: &str = "041009";

fn code(text: &str) -> OrgCode {
    OrgCode::parse(text).expect("valid test code")
}

fn codes(texts: &[&str]) -> Vec<OrgCode> {
    texts.iter().map(|text| code(text)).collect()
}

fn directory() -> Vec<OrgCode> {
    codes(&[
        TONO, IWATE, MORIOKA, MIYAKO, OFUNATO, HANAMAKI, KITAKAMI, TONO,
    ])
}

fn question(id: &str, kind: QuestionKind, choice_ids: &[&str]) -> Question {
    Question {
        id: id.into(),
        kind,
        text: format!("問 {id}"),
        required: false,
        choices: choice_ids
            .iter()
            .map(|id| Choice::new(*id, id.to_uppercase()))
            .collect(),
        unit: None,
    }
}

fn survey() -> Survey {
    Survey {
        published: true,
        questions: vec![
            question("dept", QuestionKind::Single, &["yes", "planned", "no"]),
            question("steps", QuestionKind::Multiple, &["a", "b", "c"]),
            question("count", QuestionKind::Number, &[]),
            question("note", QuestionKind::Text, &[]),
        ],
        ..Survey::new(
            "s-2021",
            "調査",
            NaiveDate::from_ymd_opt(2021, 9, 30).expect("valid date"),
        )
    }
}

fn response(org: &str, submitted: bool, answers: &[(&str, Value)]) -> (OrgCode, SurveyResponse) {
    let response = SurveyResponse {
        submitted,
        answers: answers
            .iter()
            .map(|(id, value)| ((*id).to_owned(), value.clone()))
            .collect(),
        ..SurveyResponse::new("s-2021")
    };
    (code(org), response)
}

fn responses() -> Vec<(OrgCode, SurveyResponse)> {
    let mut other_survey = response(KITAKAMI, true, &[("dept", json!("no"))]);
    other_survey.1.survey_id = "s-2020".into();
    vec![
        response(
            MORIOKA,
            true,
            &[
                ("dept", json!("yes")),
                ("steps", json!(["a", "b"])),
                ("count", json!(10)),
                ("note", json!("庁内WGを設置")),
            ],
        ),
        response(
            MIYAKO,
            true,
            &[
                ("dept", json!("planned")),
                ("steps", json!(["a"])),
                ("count", json!(4)),
            ],
        ),
        response(
            TONO,
            true,
            &[
                ("dept", json!("yes")),
                ("steps", json!(["a", "c"])),
                ("count", json!(1.5)),
                ("note", json!("  ")),
            ],
        ),
        // Not submitted yet: not counted.
        response(HANAMAKI, false, &[("dept", json!("no"))]),
        // Another prefecture's town: not in the directory.
        response(SENDAI, true, &[("dept", json!("no"))]),
        other_survey,
    ]
}

fn shares(result: &QuestionResult) -> Vec<(&str, u32, Option<f64>)> {
    match &result.summary {
        QuestionSummary::Choices { choices } => choices
            .iter()
            .map(|c| (c.choice_id.as_str(), c.count, c.share.percent()))
            .collect(),
        other => panic!("not a choice summary: {other:?}"),
    }
}

#[test]
fn response_rate_and_non_responders() {
    let results = survey_results(&survey(), &directory(), &responses());
    assert_eq!(results.survey_id, "s-2021");
    assert!(results.published);
    assert_eq!(
        results.targeted,
        codes(&[MORIOKA, MIYAKO, OFUNATO, HANAMAKI, KITAKAMI, TONO])
    );
    assert_eq!(results.answered, 3);
    assert_eq!(results.response_rate, Rate::new(3, 6));
    assert_eq!(results.response_rate.fraction(), Some(0.5));
    assert_eq!(results.response_rate.percent(), Some(50.0));
    assert_eq!(
        results.non_responders,
        codes(&[OFUNATO, HANAMAKI, KITAKAMI])
    );
}

#[test]
fn choice_counts_and_percentages() {
    let results = survey_results(&survey(), &directory(), &responses());
    let dept = &results.questions[0];
    assert_eq!(dept.answered, 3);
    assert_eq!(
        shares(dept),
        [
            ("yes", 2, Some(66.7)),
            ("planned", 1, Some(33.3)),
            ("no", 0, Some(0.0))
        ]
    );
    let steps = &results.questions[1];
    assert_eq!(
        shares(steps),
        [
            ("a", 3, Some(100.0)),
            ("b", 1, Some(33.3)),
            ("c", 1, Some(33.3))
        ]
    );
}

#[test]
fn number_and_text_summaries() {
    let results = survey_results(&survey(), &directory(), &responses());
    let QuestionSummary::Number(numbers) = &results.questions[2].summary else {
        panic!("count is a number question");
    };
    assert_eq!(numbers.count, 3);
    assert_eq!(numbers.sum, 15.5);
    assert_eq!(numbers.mean, Some(15.5 / 3.0));
    assert_eq!((numbers.min, numbers.max), (Some(1.5), Some(10.0)));
    let note = &results.questions[3];
    // Tono's blank note is no answer.
    assert_eq!(note.answered, 1);
    assert_eq!(
        note.summary,
        QuestionSummary::Text {
            answers: vec![TextAnswer {
                org: code(MORIOKA),
                text: "庁内WGを設置".into()
            }]
        }
    );
}

#[test]
fn a_target_subset_ignores_everyone_else() {
    let subset = Survey {
        targets: codes(&[TONO, MIYAKO, KITAKAMI, SENDAI]),
        ..survey()
    };
    let answers = vec![
        response(MORIOKA, true, &[("dept", json!("no"))]),
        response(TONO, true, &[("dept", json!("yes")), ("count", json!(2))]),
    ];
    let results = survey_results(&subset, &directory(), &answers);
    // Sendai is not a municipality of this directory.
    assert_eq!(results.targeted, codes(&[MIYAKO, KITAKAMI, TONO]));
    assert_eq!(results.answered, 1);
    assert_eq!(results.response_rate.percent(), Some(33.3));
    assert_eq!(results.non_responders, codes(&[MIYAKO, KITAKAMI]));
    assert_eq!(
        shares(&results.questions[0]),
        [
            ("yes", 1, Some(100.0)),
            ("planned", 0, Some(0.0)),
            ("no", 0, Some(0.0))
        ]
    );
}

#[test]
fn a_draft_without_answers_is_a_preview() {
    let draft = Survey {
        published: false,
        ..survey()
    };
    let results = survey_results(&draft, &directory(), &[]);
    assert!(!results.published);
    assert_eq!(results.targeted.len(), 6);
    assert_eq!(results.answered, 0);
    assert_eq!(results.response_rate.percent(), Some(0.0));
    assert_eq!(results.non_responders, results.targeted);
    assert_eq!(results.questions[0].answered, 0);
    assert_eq!(shares(&results.questions[0])[0], ("yes", 0, None));
    let QuestionSummary::Number(numbers) = &results.questions[2].summary else {
        panic!("count is a number question");
    };
    assert_eq!((numbers.count, numbers.mean, numbers.min), (0, None, None));
}

#[test]
fn wrong_answers_are_not_counted() {
    let answers = vec![
        response(
            MORIOKA,
            true,
            &[("dept", json!("maybe")), ("steps", json!("a"))],
        ),
        response(TONO, true, &[("dept", json!("no"))]),
    ];
    let results = survey_results(&survey(), &directory(), &answers);
    assert_eq!(results.answered, 2, "both responses are submitted");
    assert_eq!(results.questions[0].answered, 1);
    assert_eq!(results.questions[1].answered, 0);
}

#[test]
fn nobody_to_ask_gives_no_rate() {
    let results = survey_results(&survey(), &codes(&[IWATE]), &[]);
    assert!(results.targeted.is_empty());
    assert_eq!(results.response_rate.percent(), None);
}
