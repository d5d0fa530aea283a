//! A field's JSON value as short text, for places that show any field (the conflicts list).

use serde_json::Value;

use crate::i18n::Texts;

/// Longest text shown before it is cut with `…`.
const MAX_CHARS: usize = 120;

/// `作業中`, `40`, `はい`, `(空)`; arrays and objects as compact JSON, cut to a readable length.
pub fn value_text(value: &Value, t: &Texts) -> String {
    let text = match value {
        Value::Null => return t.value_empty.to_owned(),
        Value::Bool(true) => return t.value_yes.to_owned(),
        Value::Bool(false) => return t.value_no.to_owned(),
        Value::String(text) if text.is_empty() => return t.value_empty.to_owned(),
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Array(_) | Value::Object(_) => value.to_string(),
    };
    cut(&text)
}

fn cut(text: &str) -> String {
    if text.chars().count() <= MAX_CHARS {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(MAX_CHARS).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::JA;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn values_in_words() {
        assert_eq!(value_text(&Value::from("作業中"), &JA), "作業中");
        assert_eq!(value_text(&Value::from(40), &JA), "40");
        assert_eq!(value_text(&Value::Bool(true), &JA), JA.value_yes);
        assert_eq!(value_text(&Value::Null, &JA), JA.value_empty);
        let long = "あ".repeat(200);
        assert_eq!(
            value_text(&Value::from(long), &JA).chars().count(),
            MAX_CHARS + 1
        );
    }
}
