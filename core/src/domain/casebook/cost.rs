//! Costs as people write them: `1,200,000`, `１２０万円`, `1,200千円`, `3.5億円`, `約120万円`.
//! Stored in whole yen.

use super::MAX_YEN;
use crate::text::{normalize, parse_decimal};

/// Why a typed cost is not an amount of yen.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum YenError {
    #[error("{0:?} is not an amount of yen (write it as 1200000, 120万円 or 1,200千円)")]
    NotAnAmount(String),
    #[error("{0:?} is negative: a cost is 0 yen or more")]
    Negative(String),
    #[error("{0:?} is more than a case may state (1兆円)")]
    TooLarge(String),
}

impl YenError {
    /// The message in Japanese, for forms.
    pub fn message_ja(&self) -> String {
        match self {
            YenError::NotAnAmount(text) => {
                format!("「{text}」は金額として読めません（1200000、120万円、1,200千円のように入力してください）")
            }
            YenError::Negative(text) => {
                format!("「{text}」は負の金額です。0円以上で入力してください")
            }
            YenError::TooLarge(text) => format!("「{text}」は大きすぎます（1兆円まで）"),
        }
    }
}

const UNITS: [(&str, f64); 5] = [
    ("億円", 100_000_000.0),
    ("万円", 10_000.0),
    ("千円", 1_000.0),
    ("円", 1.0),
    ("", 1.0),
];

/// An amount of yen typed in a form. Empty text is `Ok(None)`. Full-width digits, thousands
/// separators, `約`/`程度` and the units 円, 千円, 万円, 億円 are understood; the result is
/// rounded to whole yen.
pub fn parse_yen(typed: &str) -> Result<Option<i64>, YenError> {
    let normalized = normalize(typed);
    let mut text = normalized.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text = text.strip_prefix('約').unwrap_or(text).trim();
    for suffix in ["程度", "/年", "(年額)", "(税込)", "(税抜)"] {
        text = text.strip_suffix(suffix).unwrap_or(text).trim();
    }
    let not_an_amount = || YenError::NotAnAmount(typed.to_owned());
    let (number, factor) = UNITS
        .iter()
        .find_map(|(unit, factor)| text.strip_suffix(unit).map(|n| (n.trim(), *factor)))
        .ok_or_else(not_an_amount)?;
    let value = parse_decimal(number).ok_or_else(not_an_amount)? * factor;
    if value < 0.0 {
        return Err(YenError::Negative(typed.to_owned()));
    }
    if value > MAX_YEN as f64 {
        return Err(YenError::TooLarge(typed.to_owned()));
    }
    Ok(Some(value.round() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen_as_people_write_it() {
        for (typed, yen) in [
            ("1200000", 1_200_000),
            ("１，２００，０００円", 1_200_000),
            ("120万円", 1_200_000),
            ("１２０万円", 1_200_000),
            ("1,200千円", 1_200_000),
            ("約120万円", 1_200_000),
            ("3.5億円", 350_000_000),
            ("0円", 0),
            (" 4,545千円 ", 4_545_000),
        ] {
            assert_eq!(parse_yen(typed), Ok(Some(yen)), "{typed}");
        }
        assert_eq!(parse_yen("　"), Ok(None));
    }

    #[test]
    fn what_is_not_a_cost_is_said() {
        assert!(matches!(parse_yen("未定"), Err(YenError::NotAnAmount(_))));
        assert!(matches!(
            parse_yen("120ドル"),
            Err(YenError::NotAnAmount(_))
        ));
        assert!(matches!(parse_yen("-5万円"), Err(YenError::Negative(_))));
        assert!(matches!(parse_yen("△5万円"), Err(YenError::Negative(_))));
        assert!(matches!(parse_yen("2兆円"), Err(YenError::NotAnAmount(_))));
        assert!(matches!(parse_yen("20000億円"), Err(YenError::TooLarge(_))));
        assert!(parse_yen("未定").unwrap_err().message_ja().contains("未定"));
    }
}
