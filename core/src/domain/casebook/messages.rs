//! A case's validation problems in the person's language. The schema words its rules in
//! English for the API and the sync worker ("must be at most 200 characters (got 201)"); the
//! casebook's forms say the same in Japanese first, after the field's name in words.

use super::case_field_label;
use crate::lang::Lang;
use crate::validation::ValidationError;

/// `事例名: 200文字以内で入力してください（現在201文字）` / `Title: must be at most …`.
/// A vendor's line names the vendors' field (`vendors[2].service` → ベンダー…).
pub fn problem_in_words(problem: &ValidationError, lang: Lang) -> String {
    let field = problem.field.split(['[', '.']).next().unwrap_or_default();
    let label = match case_field_label(field, lang) {
        "" => field,
        label => label,
    };
    match lang {
        Lang::Ja => format!("{label}: {}", rule_in_japanese(&problem.message)),
        Lang::En => format!("{label}: {}", problem.message),
    }
}

/// The runs of digits in `text`, in order (`U+0007` gives `0007`).
fn numbers_in(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .collect()
}

/// What follows `(got ` in a rule's message: the value that was refused.
fn got(message: &str) -> &str {
    message
        .split_once("(got ")
        .map_or("", |(_, rest)| rest.trim_end_matches(')'))
}

/// Every rule message the case schema makes (`domain::schema`), said in Japanese; a message
/// not known here keeps its English detail after a Japanese lead.
pub fn rule_in_japanese(message: &str) -> String {
    let numbers = numbers_in(message);
    let number = |at: usize| numbers.get(at).copied().unwrap_or("");
    if message.starts_with("must be ") && message.contains(", got ") {
        // A value of the wrong JSON type: "must be an integer, got a string".
        let found = message.rsplit(", got ").next().unwrap_or_default();
        format!("値の種類が違います（{}）", found_in_japanese(found))
    } else if message == "is required" || message.starts_with("must not be blank") {
        "入力してください".to_owned()
    } else if message.starts_with("cannot be null") {
        "空にはできません".to_owned()
    } else if message.starts_with("must be at most") && message.contains("characters") {
        format!(
            "{}文字以内で入力してください（現在{}文字）",
            number(0),
            number(1)
        )
    } else if message.starts_with("must be at least") && message.contains("characters") {
        format!(
            "{}文字以上で入力してください（現在{}文字）",
            number(0),
            number(1)
        )
    } else if message.starts_with("must be a single line") {
        format!(
            "改行を含めず1行で入力してください（{}文字目に改行があります）",
            number(0)
        )
    } else if message.starts_with("must not contain control characters") {
        let code = message
            .split_once("U+")
            .map_or("", |(_, rest)| rest.get(..4).unwrap_or(rest));
        format!("制御文字（U+{code}）は使えません")
    } else if message.starts_with("must be between") {
        format!(
            "{}から{}までの値にしてください（入力値 {}）",
            number(0),
            number(1),
            got(message)
        )
    } else if message.starts_with("must be an integer") {
        format!("整数で入力してください（入力値 {}）", got(message))
    } else if message.starts_with("must be one of") {
        let allowed = message
            .trim_start_matches("must be one of ")
            .split(" (got ")
            .next()
            .unwrap_or_default();
        format!(
            "次のいずれかにしてください: {allowed}（入力値 {}）",
            got(message)
        )
    } else if message.starts_with("must be an id") {
        format!(
            "ID は半角英数字・_・- の{}文字までです（入力値 {}）",
            number(1),
            got(message)
        )
    } else if message.starts_with("must have at most") && message.contains("vendors") {
        format!("{}件までにしてください（現在{}件）", number(0), number(1))
    } else if message.starts_with("is not a field of a vendor") {
        "ベンダーの行にない項目です（ベンダー・サービス・運用形態の3つです）".to_owned()
    } else if message.starts_with("is not a field of") {
        "事例にない項目です".to_owned()
    } else {
        format!("入力内容を確認してください（{message}）")
    }
}

/// `describe`'s words for a JSON value (`a number`) in Japanese.
fn found_in_japanese(found: &str) -> &str {
    match found {
        "null" => "空の値",
        "a boolean" => "真偽値",
        "a number" => "数値",
        "a string" => "文字列",
        "an array" => "配列",
        "an object" => "オブジェクト",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::domain::casebook::Case;
    use crate::domain::schema::validate_record;
    use crate::domain::RecordKind;

    /// The problems the schema finds with `field` set to `value` on an otherwise valid case.
    fn problems_with(field: &str, value: Value) -> Vec<ValidationError> {
        let mut fields = Case::new("書かない窓口").to_fields();
        fields.insert(field.to_owned(), value);
        validate_record(RecordKind::Case, &fields)
    }

    /// One bad value for every kind of rule the case schema has.
    fn every_kind_of_problem() -> Vec<ValidationError> {
        let vendor = json!({"vendor": "A社", "service": "S", "operation": "クラウド"});
        let cases = [
            ("title", json!("   ")),
            ("title", json!("長".repeat(201))),
            ("category", json!("一行目\n二行目")),
            ("point", json!("ベル\u{7}")),
            ("cost_initial", json!(-1)),
            ("cost_running", json!(1.5)),
            ("population_class", json!("huge")),
            ("area", json!("分野")),
            ("vendors", Value::Array(vec![vendor; 21])),
            ("vendors", json!([{"vendor": "A社", "price": 1}])),
            ("vendors", json!("A社")),
            ("round", json!("一")),
            ("title", Value::Null),
        ];
        cases
            .into_iter()
            .flat_map(|(field, value)| {
                let found = problems_with(field, value);
                assert!(!found.is_empty(), "{field} should be refused");
                found
            })
            .collect()
    }

    #[test]
    fn every_case_rule_is_said_in_japanese() {
        for problem in every_kind_of_problem() {
            let words = problem_in_words(&problem, Lang::Ja);
            assert!(
                !words.contains("must") && !words.contains("入力内容を確認"),
                "{problem} → {words}"
            );
            assert!(
                words
                    .split(':')
                    .next()
                    .is_some_and(|label| !label.is_ascii()),
                "the field is named in Japanese: {words}"
            );
        }
    }

    #[test]
    fn english_keeps_the_rule_after_the_field_in_words() {
        for problem in every_kind_of_problem() {
            let words = problem_in_words(&problem, Lang::En);
            assert!(words.ends_with(&problem.message), "{words}");
        }
        let long = &problems_with("title", json!("長".repeat(201)))[0];
        assert_eq!(
            problem_in_words(long, Lang::Ja),
            "事例名: 200文字以内で入力してください（現在201文字）"
        );
        assert_eq!(
            problem_in_words(long, Lang::En),
            "Title: must be at most 200 characters (got 201)"
        );
    }

    #[test]
    fn an_unknown_message_keeps_its_detail() {
        let unknown = &problems_with("budget", json!(1))[0];
        assert_eq!(
            problem_in_words(unknown, Lang::Ja),
            "budget: 事例にない項目です"
        );
        assert_eq!(rule_in_japanese("odd"), "入力内容を確認してください（odd）");
    }
}
