//! The questions of a draft survey: text, answer type, required, choices (one per line) and
//! unit; moved, removed and added. Read-only once the survey is published.

use leptos::prelude::*;
use tsunagu_core::domain::survey::{Choice, Question, QuestionKind};
use tsunagu_core::text::fold_width;

use super::builder::edit_survey;
use super::records::SurveyRecord;
use crate::components::when::When;
use crate::i18n::measure::fill;
use crate::i18n::survey::{survey_texts, SurveyTexts};
use crate::state::Locale;
use crate::ui::ids::new_item_id;

const KINDS: [QuestionKind; 4] = [
    QuestionKind::Single,
    QuestionKind::Multiple,
    QuestionKind::Number,
    QuestionKind::Text,
];

pub fn kind_label(kind: QuestionKind, t: &SurveyTexts) -> &'static str {
    match kind {
        QuestionKind::Single => t.kind_single,
        QuestionKind::Multiple => t.kind_multiple,
        QuestionKind::Number => t.kind_number,
        QuestionKind::Text => t.kind_text,
    }
}

/// The first `prefix<n>` not among `taken`: for choices, which live inside their question's
/// one field (a new question's id is random instead, [`new_item_id`]).
fn fresh_id<'a>(prefix: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !taken.clone().any(|t| t == id))
        .unwrap_or_else(|| prefix.to_owned())
}

/// Choices from one label per line; a line keeps the id (and whether it is answered alone) of
/// the choice it replaces.
fn choices_from_lines(text: &str, old: &[Choice]) -> Vec<Choice> {
    let labels: Vec<String> = text
        .lines()
        .map(|line| fold_width(line).trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect();
    let mut choices: Vec<Choice> = Vec::with_capacity(labels.len());
    for (i, label) in labels.into_iter().enumerate() {
        let choice = match old.get(i) {
            Some(choice) => Choice {
                label,
                ..choice.clone()
            },
            None => Choice::new(
                fresh_id("c", old.iter().chain(choices.iter()).map(|c| c.id.as_str())),
                label,
            ),
        };
        choices.push(choice);
    }
    choices
}

fn edit_question(
    record: Memo<Option<SurveyRecord>>,
    index: usize,
    change: impl FnOnce(&mut Question),
) {
    edit_survey(record, |survey| {
        if let Some(question) = survey.questions.get_mut(index) {
            change(question);
        }
    });
}

#[component]
pub fn QuestionList(record: Memo<Option<SurveyRecord>>, editable: Signal<bool>) -> impl IntoView {
    let locale = Locale::expect();
    let t = move || survey_texts(locale.get());
    let count =
        Memo::new(move |_| record.with(|r| r.as_ref().map_or(0, |r| r.survey.questions.len())));
    let add = move |_| {
        let text = t().new_question_text.to_owned();
        edit_survey(record, |survey| {
            let id = new_item_id("q");
            survey.questions.push(Question {
                id,
                kind: QuestionKind::Single,
                text,
                required: true,
                choices: vec![Choice::new("c1", "はい"), Choice::new("c2", "いいえ")],
                unit: None,
            });
        });
    };

    view! {
        <h3>{locale.word(|l| survey_texts(l).questions_heading)}</h3>
        <ol class="question-list">
            {move || (0..count.get()).map(|index| view! { <QuestionCard record index editable/> }).collect_view()}
        </ol>
        <When when=move || editable.get()>
            <button type="button" on:click=add>
                <span aria-hidden="true">"＋ "</span>
                {locale.word(|l| survey_texts(l).add_question)}
            </button>
        </When>
    }
}

#[component]
fn QuestionCard(
    record: Memo<Option<SurveyRecord>>,
    index: usize,
    editable: Signal<bool>,
) -> impl IntoView {
    let locale = Locale::expect();
    let t = move || survey_texts(locale.get());
    let question = Memo::new(move |_| {
        record.with(|r| {
            r.as_ref()
                .and_then(|r| r.survey.questions.get(index).cloned())
        })
    });
    let read =
        move |f: fn(&Question) -> String| question.with(|q| q.as_ref().map(f).unwrap_or_default());
    let kind =
        Memo::new(move |_| question.with(|q| q.as_ref().map_or(QuestionKind::Text, |q| q.kind)));
    let id = move |part: &str| format!("q{index}-{part}");
    let heading = move || fill(t().question_n, &[("n", &(index + 1).to_string())]);
    let disabled = move || !editable.get();
    let last =
        move || record.with(|r| r.as_ref().map_or(0, |r| r.survey.questions.len())) <= index + 1;

    view! {
        <li class="card question-card">
            <fieldset>
                <legend>{heading}</legend>
                <div class="form__field form__field--wide">
                    <label for=id("text")>{locale.word(|l| survey_texts(l).question_text)}</label>
                    <input
                        id=id("text")
                        type="text"
                        maxlength="500"
                        prop:value=move || read(|q| q.text.clone())
                        disabled=disabled
                        on:change=move |ev| {
                            let text = fold_width(&event_target_value(&ev)).trim().to_owned();
                            edit_question(record, index, |q| q.text = text);
                        }
                    />
                </div>
                <div class="form__row">
                    <div class="form__field">
                        <label for=id("kind")>{locale.word(|l| survey_texts(l).question_kind)}</label>
                        <select
                            id=id("kind")
                            disabled=disabled
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                if let Some(kind) = KINDS.into_iter().find(|k| k.as_str() == value) {
                                    edit_question(record, index, |q| q.set_kind(kind));
                                }
                            }
                        >
                            {KINDS
                                .into_iter()
                                .map(|k| view! {
                                    <option value=k.as_str() selected=move || kind.get() == k>
                                        {move || kind_label(k, t())}
                                    </option>
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <label class="choice">
                        <input
                            type="checkbox"
                            prop:checked=move || question.with(|q| q.as_ref().is_some_and(|q| q.required))
                            disabled=disabled
                            on:change=move |ev| {
                                let required = event_target_checked(&ev);
                                edit_question(record, index, |q| q.required = required);
                            }
                        />
                        {locale.word(|l| survey_texts(l).question_required)}
                    </label>
                </div>
                <When when=move || kind.get().has_choices()>
                    <div class="form__field form__field--wide">
                        <label for=id("choices")>{locale.word(|l| survey_texts(l).question_choices)}</label>
                        <textarea
                            id=id("choices")
                            rows="4"
                            aria-describedby=id("choices-hint")
                            prop:value=move || read(|q| q.choices.iter().map(|c| c.label.as_str()).collect::<Vec<_>>().join("\n"))
                            disabled=disabled
                            on:change=move |ev| {
                                let text = event_target_value(&ev);
                                edit_question(record, index, |q| q.choices = choices_from_lines(&text, &q.choices));
                            }
                        ></textarea>
                        <p id=id("choices-hint") class="form__hint">{locale.word(|l| survey_texts(l).question_choices_hint)}</p>
                    </div>
                </When>
                <When when=move || kind.get() == QuestionKind::Multiple>
                    <ExclusiveChoices record index question disabled=Signal::derive(disabled)/>
                </When>
                <When when=move || kind.get() == QuestionKind::Number>
                    <div class="form__field">
                        <label for=id("unit")>{locale.word(|l| survey_texts(l).question_unit)}</label>
                        <input
                            id=id("unit")
                            type="text"
                            maxlength="20"
                            prop:value=move || read(|q| q.unit.clone().unwrap_or_default())
                            disabled=disabled
                            on:change=move |ev| {
                                let unit = fold_width(&event_target_value(&ev)).trim().to_owned();
                                edit_question(record, index, |q| q.unit = (!unit.is_empty()).then_some(unit));
                            }
                        />
                    </div>
                </When>
                <When when=move || editable.get()>
                    <p class="actions">
                        <button type="button" disabled=move || index == 0 on:click=move |_| {
                            edit_survey(record, |s| if index > 0 { s.questions.swap(index - 1, index) })
                        }>
                            <span aria-hidden="true">"↑ "</span>{locale.word(|l| survey_texts(l).move_up)}
                        </button>
                        <button type="button" disabled=last on:click=move |_| {
                            edit_survey(record, |s| if index + 1 < s.questions.len() { s.questions.swap(index, index + 1) })
                        }>
                            <span aria-hidden="true">"↓ "</span>{locale.word(|l| survey_texts(l).move_down)}
                        </button>
                        <button type="button" class="button--danger" on:click=move |_| {
                            edit_survey(record, |s| if index < s.questions.len() { s.questions.remove(index); })
                        }>
                            {locale.word(|l| survey_texts(l).remove_question)}
                        </button>
                    </p>
                </When>
            </fieldset>
        </li>
    }
}

/// Which choices of a multiple-choice question are answered alone ("none of these").
#[component]
fn ExclusiveChoices(
    record: Memo<Option<SurveyRecord>>,
    index: usize,
    question: Memo<Option<Question>>,
    disabled: Signal<bool>,
) -> impl IntoView {
    let locale = Locale::expect();
    let choices =
        move || question.with(|q| q.as_ref().map(|q| q.choices.clone()).unwrap_or_default());
    view! {
        <fieldset class="form__field form__field--wide exclusive-choices">
            <legend>{locale.word(|l| survey_texts(l).exclusive_legend)}</legend>
            <p class="form__hint">{locale.word(|l| survey_texts(l).exclusive_hint)}</p>
            <div class="exclusive-choices__list">
            {move || {
                choices()
                    .into_iter()
                    .map(|choice| {
                        let id = choice.id.clone();
                        view! {
                            <label class="choice">
                                <input
                                    type="checkbox"
                                    prop:checked=choice.exclusive
                                    disabled=disabled
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        edit_question(record, index, |q| {
                                            if let Some(c) = q.choices.iter_mut().find(|c| c.id == id) {
                                                c.exclusive = on;
                                            }
                                        });
                                    }
                                />
                                {choice.label}
                            </label>
                        }
                    })
                    .collect_view()
            }}
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn lines_become_choices_keeping_ids_by_position() {
        let mut none = Choice::new("c2", "ない");
        none.exclusive = true;
        let old = vec![Choice::new("c1", "はい"), none];
        let choices = choices_from_lines("はい\n\n  いいえ \nわからない", &old);
        let ids: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
        let labels: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
        let alone: Vec<bool> = choices.iter().map(|c| c.exclusive).collect();
        assert_eq!(ids, ["c1", "c2", "c3"]);
        assert_eq!(labels, ["はい", "いいえ", "わからない"]);
        assert_eq!(alone, [false, true, false]);
    }
}
