//! The prefecture's view of a survey's answers: response rate, who has not answered, and per
//! question the counts and shares with a chart; exported as CSV or XLSX, or printed.

use std::collections::BTreeMap;

use leptos::prelude::*;
use tsunagu_core::domain::survey::{
    survey_results, Question, QuestionResult, QuestionSummary, SurveyResults,
};
use tsunagu_core::domain::Rate;
use tsunagu_core::org::OrgCode;

use super::records::{municipalities, responses, SurveyRecord};
use super::results_table::survey_files;
use crate::components::bar_chart::{Bar, BarChart};
use crate::components::export_buttons::ExportButtons;
use crate::components::when::When;
use crate::i18n::measure::fill;
use crate::i18n::survey::{survey_texts, SurveyTexts};
use crate::state::{Locale, Workspace};

/// `39.4%`, or `—` for a rate of nothing.
pub fn percent_text(rate: Rate) -> String {
    rate.percent()
        .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
}

#[component]
pub fn SurveyResultsView(record: Memo<Option<SurveyRecord>>) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || survey_texts(locale.get());
    let towns = Memo::new(move |_| municipalities(workspace));
    let names = Memo::new(move |_| {
        towns.with(|towns| {
            // Inserted one by one: collecting would add a copy of the sort to the wasm.
            let mut names = BTreeMap::new();
            for town in towns {
                names.insert(town.code.clone(), town.name.clone());
            }
            names
        })
    });
    let results = Memo::new(move |_| {
        let record = record.get()?;
        let codes: Vec<OrgCode> =
            towns.with(|towns| towns.iter().map(|o| o.code.clone()).collect());
        Some(survey_results(
            &record.survey,
            &codes,
            &responses(workspace, &record),
        ))
    });
    let files = Callback::new(move |()| {
        let (record, results) = (record.get_untracked()?, results.get_untracked()?);
        let lang = locale.get_untracked();
        Some(names.with_untracked(|names| survey_files(&record, &results, names, lang)))
    });
    let name_of = move |code: &OrgCode| {
        names.with(|n| n.get(code).cloned().unwrap_or_else(|| code.to_string()))
    };

    view! {
        <section class="survey-results" aria-labelledby="results-heading">
            <h2 id="results-heading">{locale.word(|l| survey_texts(l).results_heading)}</h2>
            <When when=move || results.with(|r| r.as_ref().is_some_and(|r| !r.published))>
                <p class="notice">{locale.word(|l| survey_texts(l).results_preview)}</p>
            </When>
            <ExportButtons files/>
            {move || results.get().map(|results| {
                let t = t();
                let rate = (t.response_rate_value)(
                    results.answered as usize,
                    results.targeted.len(),
                    &percent_text(results.response_rate),
                );
                let non_responders = results.non_responders.clone();
                view! {
                    <dl class="figures">
                        <dt>{t.response_rate}</dt>
                        <dd class="figures__value" data-testid="response-rate">{rate}</dd>
                    </dl>
                    <h3>{t.non_responders}</h3>
                    {if non_responders.is_empty() {
                        view! { <p>{t.non_responders_none}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="org-list" data-testid="non-responders">
                                {non_responders.into_iter().map(|code| view! {
                                    <li><a href=format!("/orgs/{code}")>{name_of(&code)}</a></li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {question_views(&record.get_untracked().map(|r| r.survey.questions).unwrap_or_default(), &results, t, &name_of)}
                }
            })}
        </section>
    }
}

fn question_views(
    questions: &[Question],
    results: &SurveyResults,
    t: &'static SurveyTexts,
    name_of: &impl Fn(&OrgCode) -> String,
) -> impl IntoView {
    questions
        .iter()
        .zip(&results.questions)
        .enumerate()
        .map(|(index, (question, result))| question_view(index, question, result, t, name_of))
        .collect_view()
}

fn question_view(
    index: usize,
    question: &Question,
    result: &QuestionResult,
    t: &'static SurveyTexts,
    name_of: &impl Fn(&OrgCode) -> String,
) -> impl IntoView {
    let heading = format!(
        "{} {}",
        fill(t.question_n, &[("n", &(index + 1).to_string())]),
        question.text
    );
    let answered = (t.answered_of)(result.answered);
    let body = match &result.summary {
        QuestionSummary::Choices { choices } => {
            let label_of = |id: &str| {
                question
                    .choice(id)
                    .map_or_else(|| id.to_owned(), |c| c.label.clone())
            };
            let rows = choices
                .iter()
                .map(|c| {
                    view! {
                        <tr>
                            <th scope="row">{label_of(&c.choice_id)}</th>
                            <td class="num">{c.count}</td>
                            <td class="num">{percent_text(c.share)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let bars = choices
                .iter()
                .map(|c| Bar {
                    label: label_of(&c.choice_id),
                    value: c.count,
                    note: format!(" ({})", percent_text(c.share)),
                    class: "bar--answer",
                })
                .collect();
            view! {
                <table class="data-table table--compact">
                    <thead><tr>
                        <th scope="col">{t.col_choice}</th>
                        <th scope="col" class="num">{t.col_count}</th>
                        <th scope="col" class="num">{t.col_share}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <BarChart caption=fill(t.chart_label, &[("question", &question.text)]) bars scale_max=result.answered label_width=380/>
            }
            .into_any()
        }
        QuestionSummary::Number(summary) => {
            let number = |n: Option<f64>| {
                n.map_or_else(
                    || "—".to_owned(),
                    |n| format!("{}", (n * 100.0).round() / 100.0),
                )
            };
            view! {
                <dl class="figures">
                    <dt>{t.number_count}</dt><dd>{summary.count}</dd>
                    <dt>{t.number_sum}</dt><dd>{number(Some(summary.sum))}</dd>
                    <dt>{t.number_mean}</dt><dd>{number(summary.mean)}</dd>
                    <dt>{t.number_min}</dt><dd>{number(summary.min)}</dd>
                    <dt>{t.number_max}</dt><dd>{number(summary.max)}</dd>
                </dl>
            }
            .into_any()
        }
        QuestionSummary::Text { answers } if answers.is_empty() => {
            view! { <p>{t.text_answers_none}</p> }.into_any()
        }
        QuestionSummary::Text { answers } => view! {
            <dl class="text-answers">
                {answers.iter().map(|a| view! {
                    <dt>{name_of(&a.org)}</dt>
                    <dd class="pre-wrap">{a.text.clone()}</dd>
                }).collect_view()}
            </dl>
        }
        .into_any(),
    };
    view! {
        <section class="card question-result" data-question=question.id.clone()>
            <h3>{heading}</h3>
            <p class="form__hint">{answered}</p>
            {body}
        </section>
    }
}
