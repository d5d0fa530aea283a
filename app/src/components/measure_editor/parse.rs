//! From what was typed to the stored JSON value: width folding for text, Japanese number forms
//! (`１，２３４．５`), fiscal years as staff write them (令和7年度, R7, FY2025), ISO dates.

use serde_json::Value;
use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::domain::schema::parse_iso_date;
use tsunagu_core::text::{fold_width, normalize_multiline, parse_decimal, parse_integer};

use super::input_error::InputError;

/// One line of text: full-width letters and digits folded, surrounding spaces removed.
pub fn single_line(input: &str) -> Value {
    Value::String(fold_width(input).trim().to_owned())
}

/// Free text (notes, schedule): folded, line breaks kept, blank edges removed.
pub fn multi_line(input: &str) -> Value {
    Value::String(normalize_multiline(input))
}

/// A whole number, required (`４０` and `1,000` accepted).
pub fn integer(input: &str) -> Result<Value, InputError> {
    parse_integer(input)
        .map(Value::from)
        .ok_or(InputError::NotAnInteger)
}

/// A number, or `null` when left empty.
pub fn optional_number(input: &str) -> Result<Value, InputError> {
    if input.trim().is_empty() {
        return Ok(Value::Null);
    }
    let number = parse_decimal(input).ok_or(InputError::NotANumber)?;
    Ok(number_value(number))
}

/// Whole numbers as JSON integers (`40`, not `40.0`), others as they are.
pub fn number_value(number: f64) -> Value {
    let whole = number.fract() == 0.0 && number.abs() < 9.0e15;
    if whole {
        Value::from(number as i64)
    } else {
        serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number)
    }
}

/// A fiscal year, or `None` when left empty.
pub fn optional_fiscal_year(input: &str) -> Result<Option<FiscalYear>, InputError> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(FiscalYear::parse(input)?))
}

/// An ISO date from a date input, or `null` when cleared.
pub fn optional_date(input: &str) -> Result<Value, InputError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(Value::Null);
    }
    parse_iso_date(input)
        .map(|_| Value::String(input.to_owned()))
        .ok_or(InputError::NotADate)
}

/// Whether two stored values are the same, counting `40` and `40.0` as equal.
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn japanese_number_forms() {
        assert_eq!(integer("４０"), Ok(Value::from(40)));
        assert_eq!(optional_number("１，２３４．５"), Ok(Value::from(1234.5)));
        assert_eq!(optional_number("1,000"), Ok(Value::from(1000)));
        assert_eq!(optional_number("　"), Ok(Value::Null));
        assert_eq!(optional_number("十"), Err(InputError::NotANumber));
        assert_eq!(integer(""), Err(InputError::NotAnInteger));
    }

    #[wasm_bindgen_test]
    fn fiscal_years_as_staff_write_them() {
        for input in ["令和7年度", "R7", "FY2025", "2025", "２０２５"] {
            assert_eq!(
                optional_fiscal_year(input),
                Ok(Some(FiscalYear(2025))),
                "{input}"
            );
        }
        assert_eq!(optional_fiscal_year(""), Ok(None));
        assert!(optional_fiscal_year("来年").is_err());
    }

    #[wasm_bindgen_test]
    fn text_is_folded_and_trimmed() {
        assert_eq!(
            single_line("　ＡＩ－ＯＣＲ導入 "),
            Value::from("AI-OCR導入")
        );
        assert_eq!(multi_line("調査\r\n導入  \n\n"), Value::from("調査\n導入"));
    }

    #[wasm_bindgen_test]
    fn dates_must_be_iso() {
        assert_eq!(optional_date("2026-03-31"), Ok(Value::from("2026-03-31")));
        assert_eq!(optional_date(""), Ok(Value::Null));
        assert_eq!(optional_date("2026-02-30"), Err(InputError::NotADate));
    }
}
