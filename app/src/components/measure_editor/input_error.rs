//! Why a value typed into the editor was not saved, and how to say it.

use thiserror::Error;
use tsunagu_core::calendar::CalendarError;
use tsunagu_core::validation::ValidationError;

use crate::i18n::measure::{fill, MeasureTexts};
use crate::i18n::Lang;

/// A typed value that was refused; nothing was written.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum InputError {
    #[error("not a number")]
    NotANumber,
    #[error("not a whole number")]
    NotAnInteger,
    #[error("not a date")]
    NotADate,
    #[error(transparent)]
    FiscalYear(#[from] CalendarError),
    #[error("the last fiscal year is before the first")]
    EndBeforeStart,
    /// A rule of the field schema (`core::domain::schema`).
    #[error(transparent)]
    Invalid(#[from] ValidationError),
}

impl InputError {
    /// A sentence for the user, in the UI language.
    pub fn message(&self, lang: Lang, t: &MeasureTexts) -> String {
        match self {
            InputError::NotANumber => t.err_not_number.to_owned(),
            InputError::NotAnInteger => t.err_not_integer.to_owned(),
            InputError::NotADate => t.err_date.to_owned(),
            InputError::EndBeforeStart => t.err_end_before_start.to_owned(),
            InputError::FiscalYear(CalendarError::EraYearOutOfRange { era, year, .. }) => {
                let era = match lang {
                    Lang::Ja => era.name_ja(),
                    Lang::En => era.name_en(),
                };
                fill(t.err_era_year, &[("era", era), ("year", &year.to_string())])
            }
            InputError::FiscalYear(_) => t.err_fiscal_year.to_owned(),
            InputError::Invalid(error) => rule_message(&error.message, t),
        }
    }
}

/// Words for a schema rule's message. The schema words its messages in English for the API
/// ("must be at most 200 characters (got 201)"); the editor says the same in the UI language.
fn rule_message(message: &str, t: &MeasureTexts) -> String {
    let numbers = numbers_in(message);
    let number = |index: usize| numbers.get(index).map(String::as_str).unwrap_or("");
    if message.starts_with("must not be blank") || message == "is required" {
        t.err_blank.to_owned()
    } else if message.starts_with("must be at most") && message.contains("characters") {
        fill(t.err_too_long, &[("max", number(0)), ("len", number(1))])
    } else if message.starts_with("must be a single line") {
        t.err_single_line.to_owned()
    } else if message.starts_with("must not contain control characters") {
        t.err_control.to_owned()
    } else if message.starts_with("must be a fiscal year") || message.starts_with("fiscal year") {
        t.err_fy_range.to_owned()
    } else if message.starts_with("must be between") {
        fill(t.err_range, &[("min", number(0)), ("max", number(1))])
    } else if message.starts_with("must be a date") {
        t.err_date.to_owned()
    } else if message.starts_with("must have at most") && message.contains("fiscal years") {
        t.err_too_many_years.to_owned()
    } else {
        format!("{} ({message})", t.err_other)
    }
}

/// The runs of ASCII digits in `text`, in order.
fn numbers_in(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::measure::{EN, JA};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn schema_messages_are_said_in_japanese() {
        let too_long = InputError::Invalid(ValidationError::new(
            "title",
            "must be at most 200 characters (got 201)",
        ));
        assert_eq!(
            too_long.message(Lang::Ja, &JA),
            "200文字以内で入力してください（現在201文字）"
        );
        let range = InputError::Invalid(ValidationError::new(
            "percent",
            "must be between 0 and 100 (got 150)",
        ));
        assert_eq!(range.message(Lang::En, &EN), "Enter a value from 0 to 100");
    }

    #[wasm_bindgen_test]
    fn unknown_messages_keep_the_detail() {
        let odd = InputError::Invalid(ValidationError::new("x", "something new"));
        assert_eq!(
            odd.message(Lang::Ja, &JA),
            "入力内容を確認してください (something new)"
        );
    }
}
