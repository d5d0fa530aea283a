//! A survey's results as tables for CSV and XLSX: the counts per answer (the CSV file), and in
//! the workbook also the response rate, the non-responders and every town's answers.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::domain::survey::{QuestionSummary, Survey, SurveyResponse, SurveyResults};
use crate::export::{Cell, Table};
use crate::lang::Lang;
use crate::org::OrgCode;

fn headers(lang: Lang, ja: &[&str], en: &[&str]) -> Vec<String> {
    let words = if lang == Lang::Ja { ja } else { en };
    words.iter().map(|w| (*w).to_owned()).collect()
}

/// One row per choice (and per figure of a number question): the file a prefecture pastes
/// into its report.
pub fn counts_table(survey: &Survey, results: &SurveyResults, lang: Lang) -> Table {
    let mut rows = Vec::new();
    for (index, (question, result)) in survey.questions.iter().zip(&results.questions).enumerate() {
        let number = Cell::Integer(index as i64 + 1);
        let text = Cell::text(question.text.clone());
        match &result.summary {
            QuestionSummary::Choices { choices } => {
                for choice in choices {
                    let label = question
                        .choice(&choice.choice_id)
                        .map_or(choice.choice_id.clone(), |c| c.label.clone());
                    rows.push(vec![
                        number.clone(),
                        text.clone(),
                        Cell::text(label),
                        Cell::Integer(i64::from(choice.count)),
                        Cell::percent(choice.share.fraction()),
                        Cell::Integer(i64::from(result.answered)),
                    ]);
                }
            }
            QuestionSummary::Number(summary) => {
                let figures = [
                    (lang.pick("合計", "Sum"), Some(summary.sum)),
                    (lang.pick("平均", "Mean"), summary.mean),
                    (lang.pick("最小", "Min"), summary.min),
                    (lang.pick("最大", "Max"), summary.max),
                ];
                for (label, value) in figures {
                    rows.push(vec![
                        number.clone(),
                        text.clone(),
                        Cell::text(label),
                        value.map_or(Cell::Empty, Cell::Number),
                        Cell::Empty,
                        Cell::Integer(i64::from(result.answered)),
                    ]);
                }
            }
            QuestionSummary::Text { answers } => rows.push(vec![
                number.clone(),
                text.clone(),
                Cell::text(lang.pick("自由記述", "Free text")),
                Cell::Integer(answers.len() as i64),
                Cell::Empty,
                Cell::Integer(i64::from(result.answered)),
            ]),
        }
    }
    Table {
        title: lang.pick("集計", "Counts").into(),
        headers: headers(
            lang,
            &["問", "設問", "選択肢", "団体数", "割合(%)", "回答団体数"],
            &[
                "Q",
                "Question",
                "Choice",
                "Municipalities",
                "Share (%)",
                "Answered",
            ],
        ),
        rows,
    }
}

pub fn overview_table(
    results: &SurveyResults,
    names: &BTreeMap<OrgCode, String>,
    lang: Lang,
) -> Table {
    let name = |code: &OrgCode| names.get(code).cloned().unwrap_or_else(|| code.to_string());
    let mut rows = vec![vec![
        Cell::text(lang.pick("回答率", "Response rate")),
        Cell::Integer(i64::from(results.answered)),
        Cell::Integer(results.targeted.len() as i64),
        Cell::percent(results.response_rate.fraction()),
    ]];
    for code in &results.non_responders {
        rows.push(vec![
            Cell::text(lang.pick("未回答", "Not answered")),
            Cell::text(code.to_string()),
            Cell::text(name(code)),
            Cell::Empty,
        ]);
    }
    Table {
        title: lang.pick("回答状況", "Responses").into(),
        headers: headers(
            lang,
            &[
                "項目",
                "回答団体数 / 団体コード",
                "対象団体数 / 団体名",
                "回答率(%)",
            ],
            &["Item", "Answered / code", "Asked / name", "Rate (%)"],
        ),
        rows,
    }
}

/// Every submitted answer, one row per town in code order, choices as their labels.
pub fn answers_table(
    survey: &Survey,
    responses: &[(OrgCode, SurveyResponse)],
    names: &BTreeMap<OrgCode, String>,
    lang: Lang,
) -> Table {
    let mut answered: Vec<&(OrgCode, SurveyResponse)> = responses
        .iter()
        .filter(|(_, response)| response.submitted)
        .collect();
    crate::sorting::sort_by(&mut answered, |a, b| a.0.cmp(&b.0));
    let rows = answered
        .into_iter()
        .map(|(org, response)| {
            let mut row = vec![
                Cell::text(org.to_string()),
                Cell::text(names.get(org).cloned().unwrap_or_default()),
            ];
            for question in &survey.questions {
                let label = |id: &str| {
                    question
                        .choice(id)
                        .map_or(id.to_owned(), |c| c.label.clone())
                };
                row.push(match response.answers.get(&question.id) {
                    Some(Value::String(text)) if question.kind.has_choices() => {
                        Cell::text(label(text))
                    }
                    Some(Value::String(text)) => Cell::text(text.clone()),
                    Some(Value::Array(ids)) => Cell::text(
                        ids.iter()
                            .filter_map(Value::as_str)
                            .map(label)
                            .collect::<Vec<_>>()
                            .join("、"),
                    ),
                    Some(Value::Number(n)) => n.as_f64().map_or(Cell::Empty, Cell::Number),
                    _ => Cell::Empty,
                });
            }
            row
        })
        .collect();
    let mut header = headers(lang, &["団体コード", "団体名"], &["Code", "Name"]);
    header.extend(
        survey
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| format!("{} {}", i + 1, q.text)),
    );
    Table {
        title: lang.pick("回答一覧", "Answers").into(),
        headers: header,
        rows,
    }
}
