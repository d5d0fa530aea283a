//! A municipality's answer form. Each answer is saved on change into the town's one response
//! record (`resp-<survey>-<org>`, the same on every device), offline too; 回答を提出 marks it
//! submitted once the required questions are answered. After the deadline it is read-only.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;
use tsunagu_core::domain::survey::{
    response_id, validate_response, Answer, Question, QuestionKind, SurveyResponse,
};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::text::{fold_width, parse_decimal};

use super::records::{is_closed, own_response, SurveyRecord};
use crate::components::when::When;
use crate::i18n::measure::fill;
use crate::i18n::survey::survey_texts;
use crate::state::{Locale, Workspace};
use crate::ui::dates::format_date;
use crate::ui::ime::guard_composing_enter;

/// The label of the choice answered alone that `value` combines with others, if any.
fn exclusive_conflict(question: &Question, value: &Value) -> Option<String> {
    let Ok(Some(Answer::Choices(chosen))) = Answer::read(question, value) else {
        return None;
    };
    question
        .exclusive_conflict(&chosen)
        .map(|choice| choice.label.clone())
}

/// Writes `fields` into the own response, creating it (with its survey id) on the first answer.
fn save_answer(record: &SurveyRecord, fields: Vec<(String, Value)>) {
    let workspace = Workspace::expect();
    let Some(org) = workspace.own_org() else {
        return;
    };
    let Ok(id) = response_id(&record.survey.id, &org) else {
        return;
    };
    let mut writes = fields;
    if own_response(workspace, record, &org).is_none() {
        writes.push(("survey_id".into(), Value::from(record.survey.id.as_str())));
    }
    workspace.write_fields(
        &org,
        &RecordKey::new(RecordKind::SurveyResponse, id),
        writes,
    );
}

#[component]
pub fn AnswerForm(record: Memo<Option<SurveyRecord>>) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || survey_texts(locale.get());
    let response = Memo::new(move |_| {
        let org = workspace.own_org()?;
        record.with(|r| r.as_ref().and_then(|r| own_response(workspace, r, &org)))
    });
    let closed = Memo::new(move |_| record.with(|r| r.as_ref().is_some_and(is_closed)));
    let submitted = Memo::new(move |_| response.with(|r| r.as_ref().is_some_and(|r| r.submitted)));
    let problem = RwSignal::new(None::<String>);
    let questions = Memo::new(move |_| {
        record.with(|r| {
            r.as_ref()
                .map(|r| r.survey.questions.clone())
                .unwrap_or_default()
        })
    });

    let submit = move |_| {
        let (Some(current), Some(org)) = (record.get_untracked(), workspace.own_org()) else {
            return;
        };
        let mut answer = own_response(workspace, &current, &org)
            .unwrap_or_else(|| SurveyResponse::new(current.survey.id.clone()));
        answer.submitted = true;
        let texts = t();
        let mut missing = Vec::new();
        let mut conflicts = Vec::new();
        for error in validate_response(&current.survey, &answer) {
            let Some(id) = error.field.strip_prefix("q.") else {
                continue;
            };
            let Some(position) = current.survey.questions.iter().position(|q| q.id == id) else {
                continue;
            };
            let question = &current.survey.questions[position];
            let name = fill(texts.question_n, &[("n", &(position + 1).to_string())]);
            match answer
                .answers
                .get(id)
                .and_then(|value| exclusive_conflict(question, value))
            {
                Some(choice) => conflicts.push(fill(
                    texts.exclusive_conflict,
                    &[("question", &name), ("choice", &choice)],
                )),
                None => missing.push(name),
            }
        }
        if !missing.is_empty() {
            conflicts.push(fill(
                texts.missing_required,
                &[("questions", &missing.join("、"))],
            ));
        }
        if !conflicts.is_empty() {
            problem.set(Some(conflicts.join(" ")));
            return;
        }
        problem.set(None);
        save_answer(&current, vec![("submitted".into(), Value::Bool(true))]);
    };
    let withdraw = move |_| {
        if let Some(current) = record.get_untracked() {
            save_answer(&current, vec![("submitted".into(), Value::Bool(false))]);
        }
    };

    view! {
        <h1>{move || record.with(|r| r.as_ref().map(|r| r.survey.title.clone()))}</h1>
        <p class="pre-wrap">{move || record.with(|r| r.as_ref().map(|r| r.survey.description.clone()))}</p>
        <p class="lead">
            {move || record.with(|r| r.as_ref().map(|r| fill(t().answer_deadline, &[("date", &format_date(locale.get(), r.survey.deadline))])))}
        </p>
        <When when=move || closed.get()>
            <p class="notice" role="status">{locale.word(|l| survey_texts(l).closed_notice)}</p>
        </When>
        <When when=move || submitted.get() && !closed.get()>
            <p class="notice notice--ok" role="status">
                <span aria-hidden="true">"✔ "</span>
                {locale.word(|l| survey_texts(l).submitted_notice)}
            </p>
        </When>
        <form class="card form survey-answer" on:submit=|ev| ev.prevent_default() on:keydown=guard_composing_enter novalidate>
            <h2>{locale.word(|l| survey_texts(l).answer_heading)}</h2>
            <p class="form__hint">{locale.word(|l| survey_texts(l).answer_saved_locally)}</p>
            <ol class="answer-list">
                {move || {
                    questions
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(index, question)| view! { <AnswerField record response question index closed/> })
                        .collect_view()
                }}
            </ol>
            <p id="answer-problem" class="form__problem" role="alert">{move || problem.get().unwrap_or_default()}</p>
            <When when=move || !closed.get()>
                <p class="actions">
                    <When
                        when=move || submitted.get()
                        fallback=move || view! {
                            <button type="button" class="button--primary" on:click=submit aria-describedby="answer-problem">
                                {locale.word(|l| survey_texts(l).submit)}
                            </button>
                        }
                    >
                        <button type="button" on:click=withdraw>{locale.word(|l| survey_texts(l).withdraw)}</button>
                    </When>
                </p>
            </When>
        </form>
    }
}

/// One question with the input its type needs.
#[component]
fn AnswerField(
    record: Memo<Option<SurveyRecord>>,
    response: Memo<Option<SurveyResponse>>,
    question: Question,
    index: usize,
    closed: Memo<bool>,
) -> impl IntoView {
    let locale = Locale::expect();
    let t = move || survey_texts(locale.get());
    let qid = question.id.clone();
    let field = SurveyResponse::answer_field(&question.id);
    let current = {
        let qid = qid.clone();
        Memo::new(move |_| response.with(|r| r.as_ref().and_then(|r| r.answers.get(&qid).cloned())))
    };
    let save = {
        let field = field.clone();
        move |value: Value| {
            if let Some(current) = record.get_untracked() {
                save_answer(&current, vec![(field.clone(), value)]);
            }
        }
    };
    let dom_id = format!("answer-{index}");
    let label = format!(
        "{} {}",
        fill(t().question_n, &[("n", &(index + 1).to_string())]),
        question.text
    );
    let required = question.required;

    let input = match question.kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            let multiple = question.kind == QuestionKind::Multiple;
            let rules = Arc::new(question.clone());
            question
                .choices
                .iter()
                .map(|choice| {
                    let id = choice.id.clone();
                    let checked_id = choice.id.clone();
                    let save = save.clone();
                    let rules = Arc::clone(&rules);
                    let is_checked = move || {
                        current.with(|value| match value {
                            Some(Value::String(chosen)) => chosen == &checked_id,
                            Some(Value::Array(chosen)) => {
                                chosen.iter().any(|c| c.as_str() == Some(&checked_id))
                            }
                            _ => false,
                        })
                    };
                    view! {
                        <label class="choice">
                            <input
                                type=if multiple { "checkbox" } else { "radio" }
                                name=format!("answer-{index}")
                                prop:checked=is_checked
                                disabled=move || closed.get()
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let value = if multiple {
                                        let chosen: Vec<String> = current
                                            .get_untracked()
                                            .and_then(|v| serde_json::from_value(v).ok())
                                            .unwrap_or_default();
                                        Value::from(rules.toggle_choice(chosen, &id, on))
                                    } else {
                                        Value::from(id.as_str())
                                    };
                                    save(value);
                                }
                            />
                            {choice.label.clone()}
                            {(multiple && choice.exclusive).then(|| view! {
                                <span class="choice__note">{locale.word(|l| survey_texts(l).exclusive_mark)}</span>
                            })}
                        </label>
                    }
                })
                .collect_view()
                .into_any()
        }
        QuestionKind::Number => {
            let save = save.clone();
            let invalid = RwSignal::new(false);
            let unit = question.unit.clone().unwrap_or_default();
            view! {
                <input
                    id=dom_id.clone()
                    type="text"
                    inputmode="decimal"
                    class="input--number"
                    prop:value=move || current.with(|v| v.as_ref().and_then(Value::as_f64).map(|n| n.to_string()).unwrap_or_default())
                    disabled=move || closed.get()
                    on:change=move |ev| {
                        let text = fold_width(&event_target_value(&ev)).trim().to_owned();
                        if text.is_empty() {
                            save(Value::Null);
                        } else if let Some(number) = parse_decimal(&text) {
                            invalid.set(false);
                            save(serde_json::json!(number));
                        } else {
                            invalid.set(true);
                        }
                    }
                    aria-invalid=move || invalid.get().to_string()
                />
                " " {unit}
                <When when=move || invalid.get()>
                    <span class="form__problem" role="alert">{locale.word(|l| survey_texts(l).number_invalid)}</span>
                </When>
            }
            .into_any()
        }
        QuestionKind::Text => {
            let save = save.clone();
            view! {
                <textarea
                    id=dom_id.clone()
                    rows="3"
                    maxlength="4000"
                    prop:value=move || current.with(|v| v.as_ref().and_then(Value::as_str).map(str::to_owned).unwrap_or_default())
                    disabled=move || closed.get()
                    on:change=move |ev| save(Value::from(event_target_value(&ev)))
                ></textarea>
            }
            .into_any()
        }
    };
    let grouped = question.kind.has_choices();
    // A radio once picked cannot be unticked: an optional single choice gets a way back.
    let clearable = question.kind == QuestionKind::Single && !required;
    let answered = move || current.with(|v| matches!(v, Some(Value::String(id)) if !id.is_empty()));
    let clear = move |_| save(Value::Null);

    view! {
        <li class="answer">
            {if grouped {
                view! {
                    <fieldset>
                        <legend>
                            {label}
                            <When when=move || required>
                                <span class="required">{locale.word(|l| survey_texts(l).answer_required_mark)}</span>
                            </When>
                        </legend>
                        {input}
                        <When when=move || clearable && answered() && !closed.get()>
                            <button type="button" class="answer__clear" on:click=clear.clone()>
                                {locale.word(|l| survey_texts(l).clear_choice)}
                            </button>
                        </When>
                    </fieldset>
                }
                .into_any()
            } else {
                view! {
                    <div class="form__field form__field--wide">
                        <label for=dom_id>
                            {label}
                            <When when=move || required>
                                <span class="required">{locale.word(|l| survey_texts(l).answer_required_mark)}</span>
                            </When>
                        </label>
                        {input}
                    </div>
                }
                .into_any()
            }}
        </li>
    }
}
