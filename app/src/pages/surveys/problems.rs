//! The builder's rule breaks in the user's language: core words its errors in English for the
//! API (`questions[8].text: must not be blank`); a prefecture's officer reads 「問9の設問文を入力
//! してください」. Errors the builder cannot produce keep core's wording after a readable place.

use leptos::prelude::*;
use tsunagu_core::domain::schema::{MAX_CHOICES, MIN_CHOICES};
use tsunagu_core::validation::ValidationError;

use crate::components::when::When;
use crate::i18n::measure::fill;
use crate::i18n::survey::{survey_texts, SurveyTexts};
use crate::i18n::Lang;
use crate::state::Locale;

/// Where the error is: 「問9の設問文」, 「調査名」; `None` for a place the builder does not show.
fn place(field: &str, t: &SurveyTexts) -> Option<String> {
    let Some(rest) = field.strip_prefix("questions[") else {
        return match field {
            "title" => Some(t.field_title.to_owned()),
            "description" => Some(t.field_description.to_owned()),
            "deadline" => Some(t.field_deadline.to_owned()),
            "targets" => Some(t.field_targets.to_owned()),
            _ => None,
        };
    };
    let (index, part) = rest.split_once(']')?;
    let number = index.parse::<usize>().ok()? + 1;
    let question = fill(t.question_n, &[("n", &number.to_string())]);
    let part = part.trim_start_matches('.');
    let what = if part.starts_with("choices") {
        t.question_choices
    } else if part == "text" {
        t.question_text
    } else if part == "unit" {
        t.question_unit
    } else {
        return Some(question);
    };
    Some(fill(
        t.problem_part,
        &[("question", &question), ("part", what)],
    ))
}

/// One error as a sentence in `lang`.
pub fn problem_text(error: &ValidationError, lang: Lang) -> String {
    let t = survey_texts(lang);
    if error.field == "questions" && error.message == "add at least one question" {
        return t.problem_no_questions.to_owned();
    }
    let Some(place) = place(&error.field, t) else {
        return error.to_string();
    };
    if error.message == "must not be blank" || error.message == "is required" {
        return fill(t.problem_blank, &[("place", &place)]);
    }
    // "must have 2 to 40 choices for a single question (got 1)"
    let choice_count = format!("must have {MIN_CHOICES} to {MAX_CHOICES} choices");
    if let Some(got) = error
        .message
        .strip_prefix(choice_count.as_str())
        .and_then(|rest| rest.rsplit_once("(got "))
        .and_then(|(_, n)| n.strip_suffix(')'))
    {
        return fill(t.problem_choice_count, &[("place", &place), ("n", got)]);
    }
    format!("{place}: {}", error.message)
}

/// Rule breaks under a heading, announced when they appear; nothing while there are none.
#[component]
pub fn ProblemList(
    heading: Signal<&'static str>,
    problems: RwSignal<Vec<ValidationError>>,
) -> impl IntoView {
    let locale = Locale::expect();
    view! {
        <When when=move || problems.with(|p| !p.is_empty())>
            <div class="notice notice--error" role="alert">
                <h3>{move || heading.get()}</h3>
                <ul>
                    {move || {
                        let lang = locale.get();
                        problems
                            .get()
                            .iter()
                            .map(|p| view! { <li>{problem_text(p, lang)}</li> })
                            .collect_view()
                    }}
                </ul>
            </div>
        </When>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn errors_read_as_sentences_or_keep_their_words_after_a_readable_place() {
        let cases = [
            (
                "questions[8].text",
                "must not be blank",
                Lang::Ja,
                "問9の設問文を入力してください。",
            ),
            (
                "questions[8].text",
                "must not be blank",
                Lang::En,
                "Q9 (Question) is empty.",
            ),
            (
                "questions[0].choices",
                "must have 2 to 40 choices for a single question (got 1)",
                Lang::Ja,
                "問1の選択肢は2〜40個にしてください(今は1個)。",
            ),
            (
                "questions",
                "add at least one question",
                Lang::Ja,
                "設問を1つ以上追加してください。",
            ),
            (
                "title",
                "must not be blank",
                Lang::Ja,
                "調査名を入力してください。",
            ),
            (
                "questions[2].unit",
                "must be at most 20 characters (got 25)",
                Lang::Ja,
                "問3の単位: must be at most 20 characters (got 25)",
            ),
            ("id", "must be an id", Lang::Ja, "id: must be an id"),
        ];
        for (field, message, lang, expected) in cases {
            let error = ValidationError::new(field, message);
            assert_eq!(problem_text(&error, lang), expected, "{field}: {message}");
        }
    }

    /// The matching above relies on core's wording: take the errors from core itself, so a
    /// change there fails here instead of showing English to the user.
    #[wasm_bindgen_test]
    fn cores_own_errors_for_a_blank_question_and_a_single_choice_are_translated() {
        use chrono::NaiveDate;
        use tsunagu_core::domain::survey::{Choice, Question, QuestionKind, Survey};

        let question = |id: &str, text: &str, choices: Vec<Choice>| Question {
            id: id.into(),
            kind: QuestionKind::Single,
            text: text.into(),
            required: true,
            choices,
            unit: None,
        };
        let deadline = NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date");
        let mut survey = Survey::new("s-1", "調査", deadline);
        survey.questions = vec![question(
            "q1",
            "",
            vec![Choice::new("a", "はい"), Choice::new("b", "いいえ")],
        )];
        let blank = survey.validate().expect_err("a blank question is refused");
        assert_eq!(
            problem_text(&blank[0], Lang::Ja),
            "問1の設問文を入力してください。"
        );
        survey.questions = vec![question("q1", "問", vec![Choice::new("a", "はい")])];
        let one = survey.validate().expect_err("a single choice is refused");
        assert_eq!(
            problem_text(&one[0], Lang::Ja),
            "問1の選択肢は2〜40個にしてください(今は1個)。"
        );
    }
}
