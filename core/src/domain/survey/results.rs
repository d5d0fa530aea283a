//! What a prefecture reads from a survey: who was asked, who answered, the response rate, who
//! has not answered, and the distribution of answers per question.
//!
//! Only submitted responses of targeted municipalities count: a draft answer or an answer from
//! a town that was not asked is left out.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::Survey;
use super::question::{Question, QuestionKind};
use super::response::{Answer, SurveyResponse};
use crate::domain::rate::Rate;
use crate::org::OrgCode;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyResults {
    pub survey_id: String,
    /// Copied from the survey: results of a draft are a preview.
    pub published: bool,
    /// The municipalities asked, in code order.
    pub targeted: Vec<OrgCode>,
    /// Targeted municipalities with a submitted response.
    pub answered: u32,
    /// `answered` of `targeted`.
    pub response_rate: Rate,
    /// Targeted municipalities without a submitted response, in code order.
    pub non_responders: Vec<OrgCode>,
    /// In survey order.
    pub questions: Vec<QuestionResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionResult {
    pub question_id: String,
    /// Counted responses that answer this question (the base of the choice percentages).
    pub answered: u32,
    pub summary: QuestionSummary,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum QuestionSummary {
    /// In choice order. For multiple choice the shares can sum above 100 %.
    Choices {
        choices: Vec<ChoiceCount>,
    },
    Number(NumberSummary),
    Text {
        answers: Vec<TextAnswer>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceCount {
    pub choice_id: String,
    pub count: u32,
    /// `count` of the municipalities that answered the question.
    pub share: Rate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberSummary {
    pub count: u32,
    pub sum: f64,
    /// `None` without answers, like `min` and `max`.
    pub mean: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextAnswer {
    pub org: OrgCode,
    pub text: String,
}

/// The results of `survey` among `municipalities` (the prefecture's directory; prefecture codes
/// and duplicates are left out). Targets not in the directory are not counted. Of two responses
/// of the same town (there should be one: the id is deterministic), the later one counts.
pub fn survey_results(
    survey: &Survey,
    municipalities: &[OrgCode],
    responses: &[(OrgCode, SurveyResponse)],
) -> SurveyResults {
    let mut targeted: Vec<OrgCode> = municipalities
        .iter()
        .filter(|org| survey.targets_org(org))
        .cloned()
        .collect();
    crate::sorting::sort(&mut targeted);
    targeted.dedup();
    // Inserted one by one: collecting would add a copy of the sort to the wasm.
    let mut counted: BTreeMap<&OrgCode, &SurveyResponse> = BTreeMap::new();
    for (org, response) in responses {
        if response.submitted
            && response.survey_id == survey.id
            && targeted.binary_search(org).is_ok()
        {
            counted.insert(org, response);
        }
    }
    let non_responders = targeted
        .iter()
        .filter(|org| !counted.contains_key(org))
        .cloned()
        .collect();
    let answered = count(counted.len());
    SurveyResults {
        survey_id: survey.id.clone(),
        published: survey.published,
        response_rate: Rate::new(answered, count(targeted.len())),
        answered,
        targeted,
        non_responders,
        questions: survey
            .questions
            .iter()
            .map(|question| question_result(question, &counted))
            .collect(),
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Answers that do not fit the question (a wrong shape, an unknown choice) are not counted.
fn question_result(
    question: &Question,
    counted: &BTreeMap<&OrgCode, &SurveyResponse>,
) -> QuestionResult {
    let answers: Vec<(&OrgCode, Answer<'_>)> = counted
        .iter()
        .filter_map(|(org, response)| {
            let value = response.answers.get(&question.id)?;
            let answer = Answer::read(question, value).ok()??;
            Some((*org, answer))
        })
        .collect();
    let answered = count(answers.len());
    let summary = match question.kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            let choices = question
                .choices
                .iter()
                .map(|choice| {
                    let chose = |answer: &Answer<'_>| match answer {
                        Answer::Choice(id) => *id == choice.id,
                        Answer::Choices(ids) => ids.contains(&choice.id.as_str()),
                        Answer::Number(_) | Answer::Text(_) => false,
                    };
                    let n = count(answers.iter().filter(|(_, a)| chose(a)).count());
                    ChoiceCount {
                        choice_id: choice.id.clone(),
                        count: n,
                        share: Rate::new(n, answered),
                    }
                })
                .collect();
            QuestionSummary::Choices { choices }
        }
        QuestionKind::Number => {
            let numbers: Vec<f64> = answers
                .iter()
                .filter_map(|(_, answer)| match answer {
                    Answer::Number(number) => Some(*number),
                    _ => None,
                })
                .collect();
            QuestionSummary::Number(number_summary(&numbers))
        }
        QuestionKind::Text => QuestionSummary::Text {
            answers: answers
                .iter()
                .filter_map(|(org, answer)| match answer {
                    Answer::Text(text) => Some(TextAnswer {
                        org: (*org).clone(),
                        text: (*text).to_owned(),
                    }),
                    _ => None,
                })
                .collect(),
        },
    };
    QuestionResult {
        question_id: question.id.clone(),
        answered,
        summary,
    }
}

fn number_summary(numbers: &[f64]) -> NumberSummary {
    let sum: f64 = numbers.iter().sum();
    let count = count(numbers.len());
    NumberSummary {
        count,
        sum,
        mean: (count > 0).then(|| sum / f64::from(count)),
        min: numbers.iter().copied().reduce(f64::min),
        max: numbers.iter().copied().reduce(f64::max),
    }
}

#[cfg(test)]
mod tests;
