//! A survey's results for the prefecture (集計結果: response rate, non-responders, and per
//! question the counts and shares with a chart, the figures of a number, the free texts) as
//! markup text, and its CSV and workbook, made by the tools module over the replica the app
//! sent, so none of it is in the app's first load. Read as every screen reads: the survey only
//! from a prefecture, each answer only as its town's own record (`trust`).

mod tables;
mod texts;

pub use tables::{answers_table, counts_table, overview_table};
pub use texts::{results_texts, ResultsTexts};

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::chart::{bar_chart, Bar};
use crate::client::RecordView;
use crate::domain::survey::{survey_results, Question, QuestionResult, QuestionSummary};
use crate::domain::{Rate, RecordKind};
use crate::export::{to_csv, to_xlsx, ExportError};
use crate::lang::Lang;
use crate::merge::RecordState;
use crate::org::OrgCode;
use crate::text::escaped;
use crate::tools::ScreenOutput;
use crate::trust::{municipalities, responses_to, trusted_survey};

/// The results as the app asks for them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyResultsScreen {
    /// The replica (`ActivityData::generation`) it is about: the tools module refuses another.
    pub generation: u64,
    pub lang: Lang,
    pub survey_id: String,
    pub output: ScreenOutput,
    /// The file name without extension (`survey-<id>`), named by the app.
    #[serde(default)]
    pub stem: String,
}

/// `39.4%`, or `—` for a rate of nothing.
pub fn percent_text(rate: Rate) -> String {
    rate.percent()
        .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
}

/// The markup, the counts' CSV or the workbook over the replica's `records`. A survey the
/// replica does not hold (written on this device and not yet synced) gives a notice.
pub fn render(
    screen: &SurveyResultsScreen,
    records: &[RecordState],
) -> Result<Vec<u8>, ExportError> {
    let t = results_texts(screen.lang);
    let views: Vec<RecordView> = records
        .iter()
        .filter(|record| match record.key.kind {
            RecordKind::Survey => record.key.id == screen.survey_id,
            kind => matches!(kind, RecordKind::SurveyResponse | RecordKind::Organisation),
        })
        .filter_map(RecordView::synced)
        .collect();
    let Some(record) = views.iter().find_map(trusted_survey) else {
        return Ok(match screen.output {
            ScreenOutput::Screen => {
                format!("<p class=\"notice\">{}</p>", t.not_synced).into_bytes()
            }
            _ => return Err(ExportError::NoSheets),
        });
    };
    let towns = municipalities(&views);
    let codes: Vec<OrgCode> = towns.iter().map(|town| town.code.clone()).collect();
    let names: BTreeMap<OrgCode, String> = towns.into_iter().map(|t| (t.code, t.name)).collect();
    let responses = responses_to(&record, &views);
    let results = survey_results(&record.survey, &codes, &responses);
    let lang = screen.lang;
    Ok(match screen.output {
        ScreenOutput::Csv => to_csv(&counts_table(&record.survey, &results, lang)),
        ScreenOutput::Xlsx => to_xlsx(&[
            overview_table(&results, &names, lang),
            counts_table(&record.survey, &results, lang),
            answers_table(&record.survey, &responses, &names, lang),
        ])?,
        ScreenOutput::Screen => {
            let name_of =
                |code: &OrgCode| names.get(code).cloned().unwrap_or_else(|| code.to_string());
            let mut out = String::new();
            if !results.published {
                let _ = write!(out, "<p class=\"notice\">{}</p>", t.preview);
            }
            let _ = write!(
                out,
                "<p class=\"actions no-print\"><button type=\"button\" data-action=\"csv\">{}</button> \
                 <button type=\"button\" data-action=\"xlsx\">{}</button> \
                 <button type=\"button\" data-action=\"print\">{}</button></p>\
                 <dl class=\"figures\"><dt>{}</dt><dd class=\"figures__value\" data-testid=\"response-rate\">{}</dd></dl>\
                 <h3>{}</h3>",
                t.export_csv,
                t.export_xlsx,
                t.print,
                t.response_rate,
                escaped(&(t.response_rate_value)(
                    results.answered as usize,
                    results.targeted.len(),
                    &percent_text(results.response_rate),
                )),
                t.non_responders
            );
            if results.non_responders.is_empty() {
                let _ = write!(out, "<p>{}</p>", t.non_responders_none);
            } else {
                out.push_str("<ul class=\"org-list\" data-testid=\"non-responders\">");
                for code in &results.non_responders {
                    let _ = write!(
                        out,
                        "<li><a href=\"/orgs/{code}\">{}</a></li>",
                        escaped(&name_of(code))
                    );
                }
                out.push_str("</ul>");
            }
            for (index, (question, result)) in record
                .survey
                .questions
                .iter()
                .zip(&results.questions)
                .enumerate()
            {
                question_html(&mut out, t, index, question, result, &name_of);
            }
            out.into_bytes()
        }
    })
}

fn question_html(
    out: &mut String,
    t: &ResultsTexts,
    index: usize,
    question: &Question,
    result: &QuestionResult,
    name_of: &dyn Fn(&OrgCode) -> String,
) {
    let _ = write!(
        out,
        "<section class=\"card question-result\" data-question=\"{}\"><h3>{} {}</h3><p class=\"form__hint\">{}</p>",
        escaped(&question.id),
        t.question_n.replace("{n}", &(index + 1).to_string()),
        escaped(&question.text),
        (t.answered_of)(result.answered)
    );
    match &result.summary {
        QuestionSummary::Choices { choices } => {
            let label_of = |id: &str| {
                question
                    .choice(id)
                    .map_or_else(|| id.to_owned(), |c| c.label.clone())
            };
            let _ = write!(
                out,
                "<table class=\"data-table table--compact\"><thead><tr><th scope=\"col\">{}</th>\
                 <th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead><tbody>",
                t.col_choice, t.col_count, t.col_share
            );
            for c in choices {
                let _ = write!(
                    out,
                    "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    escaped(&label_of(&c.choice_id)),
                    c.count,
                    percent_text(c.share)
                );
            }
            out.push_str("</tbody></table>");
            let bars: Vec<Bar> = choices
                .iter()
                .map(|c| Bar {
                    label: label_of(&c.choice_id),
                    value: c.count,
                    note: format!(" ({})", percent_text(c.share)),
                    class: "bar--answer",
                })
                .collect();
            let caption = t.chart_label.replace("{question}", &question.text);
            bar_chart(out, &caption, &bars, result.answered, 380);
        }
        QuestionSummary::Number(summary) => {
            let number = |n: Option<f64>| {
                n.map_or_else(
                    || "—".to_owned(),
                    |n| format!("{}", (n * 100.0).round() / 100.0),
                )
            };
            let _ = write!(
                out,
                "<dl class=\"figures\"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd>\
                 <dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl>",
                t.number_count,
                summary.count,
                t.number_sum,
                number(Some(summary.sum)),
                t.number_mean,
                number(summary.mean),
                t.number_min,
                number(summary.min),
                t.number_max,
                number(summary.max)
            );
        }
        QuestionSummary::Text { answers } if answers.is_empty() => {
            let _ = write!(out, "<p>{}</p>", t.text_answers_none);
        }
        QuestionSummary::Text { answers } => {
            out.push_str("<dl class=\"text-answers\">");
            for answer in answers {
                let _ = write!(
                    out,
                    "<dt>{}</dt><dd class=\"pre-wrap\">{}</dd>",
                    escaped(&name_of(&answer.org)),
                    escaped(&answer.text)
                );
            }
            out.push_str("</dl>");
        }
    }
    out.push_str("</section>");
}

#[cfg(test)]
mod tests;
