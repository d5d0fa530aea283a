//! The local government code (全国地方公共団体コード, JIS X 0402): the key every organisation is
//! known by, here and in the national datasets.
//!
//! Six digits: two for the prefecture (01 to 47), three for the municipality (000 for the
//! prefecture itself), one check digit. The check digit catches most typing mistakes, so a code
//! is only ever constructed through [`OrgCode::parse`] and always valid.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text;

/// Number of prefectures: codes 01 (北海道) to 47 (沖縄県).
pub const PREFECTURE_COUNT: u8 = 47;

/// Weights JIS X 0402 puts on the first five digits.
const CHECK_WEIGHTS: [u32; 5] = [6, 5, 4, 3, 2];

/// Why a text is not a local government code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("is empty: a local government code has 6 digits")]
    Empty,
    #[error("character {character:?} at position {position} is not a digit")]
    NotADigit { character: char, position: usize },
    #[error(
        "the check digit is missing: {first5} has 5 digits, the full code is {first5}{expected}"
    )]
    MissingCheckDigit { first5: String, expected: u8 },
    #[error("must have 6 digits (got {length})")]
    WrongLength { length: usize },
    #[error("prefecture part {prefecture:02} is not between 01 and 47")]
    InvalidPrefecture { prefecture: u8 },
    #[error("check digit is {found} but should be {expected} for {first5}")]
    WrongCheckDigit {
        first5: String,
        found: u8,
        expected: u8,
    },
}

/// A valid six-digit local government code, such as `032085` (遠野市).
///
/// Its six ASCII digits are held inline: every change, record and history row carries its
/// organisation, and a copy is then a copy of six bytes, not a new string (issue 27). The
/// derived order of the bytes is the order of the text.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgCode([u8; 6]);

impl OrgCode {
    /// The code of six ASCII digits already checked.
    fn from_checked(digits: &str) -> OrgCode {
        let mut bytes = *b"000000";
        if let Some(digits) = digits.as_bytes().get(..6) {
            bytes.copy_from_slice(digits);
        }
        OrgCode(bytes)
    }
}

impl OrgCode {
    /// Parses a code as typed: full-width digits and surrounding spaces are accepted
    /// (`"　０３２０８５ "`), anything else must be exactly six digits with a correct check digit.
    pub fn parse(input: &str) -> Result<OrgCode, CodeError> {
        // Codes from storage and the network are plain ASCII digits, which normalising leaves
        // as they are: skipping it matters when a first sync reads thousands of records.
        let normalized = if !input.is_empty() && input.bytes().all(|b| b.is_ascii_digit()) {
            input.to_owned()
        } else {
            text::normalize(input)
        };
        if normalized.is_empty() {
            return Err(CodeError::Empty);
        }
        if let Some((index, character)) = normalized
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_digit())
        {
            return Err(CodeError::NotADigit {
                character,
                position: index + 1,
            });
        }
        // Only ASCII digits from here on, so byte offsets are character offsets.
        match normalized.len() {
            6 => {}
            5 => {
                return Err(CodeError::MissingCheckDigit {
                    expected: check_digit(&normalized).unwrap_or_default(),
                    first5: normalized,
                })
            }
            length => return Err(CodeError::WrongLength { length }),
        }
        let prefecture = normalized[..2].parse().unwrap_or_default();
        if !(1..=PREFECTURE_COUNT).contains(&prefecture) {
            return Err(CodeError::InvalidPrefecture { prefecture });
        }
        let first5 = &normalized[..5];
        let expected = check_digit(first5).unwrap_or_default();
        let found = normalized.as_bytes()[5] - b'0';
        if found != expected {
            return Err(CodeError::WrongCheckDigit {
                first5: first5.to_owned(),
                found,
                expected,
            });
        }
        Ok(OrgCode::from_checked(&normalized))
    }

    /// The code of prefecture number `prefecture` itself (`3` → `030007`, 岩手県).
    pub fn for_prefecture(prefecture: u8) -> Result<OrgCode, CodeError> {
        if !(1..=PREFECTURE_COUNT).contains(&prefecture) {
            return Err(CodeError::InvalidPrefecture { prefecture });
        }
        let first5 = format!("{prefecture:02}000");
        let check = check_digit(&first5).unwrap_or_default();
        Ok(OrgCode::from_checked(&format!("{first5}{check}")))
    }

    /// Same as the free function [`check_digit`], for callers that think of it as the code's.
    pub fn check_digit(first5: &str) -> Option<u8> {
        check_digit(first5)
    }

    pub fn as_str(&self) -> &str {
        // Six ASCII digits (`parse`), so always text.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// 1 to 47.
    pub fn prefecture_number(&self) -> u8 {
        // Two ASCII digits, guaranteed by `parse`.
        let bytes = self.0;
        (bytes[0] - b'0') * 10 + (bytes[1] - b'0')
    }

    /// The code of the prefecture this organisation is in (itself for a prefecture).
    pub fn prefecture_code(&self) -> OrgCode {
        OrgCode::for_prefecture(self.prefecture_number()).unwrap_or_else(|_| self.clone())
    }

    /// True for a prefecture's own code (municipality part `000`).
    pub fn is_prefecture(&self) -> bool {
        &self.0[2..5] == b"000"
    }

    /// True when the code is in prefecture number `prefecture` (a prefecture belongs to itself).
    pub fn belongs_to_prefecture(&self, prefecture: u8) -> bool {
        self.prefecture_number() == prefecture
    }
}

/// The JIS X 0402 check digit of the first five digits: weights 6,5,4,3,2, then
/// `(11 − sum mod 11) mod 10`. `None` unless `first5` is exactly five ASCII digits.
pub fn check_digit(first5: &str) -> Option<u8> {
    if first5.len() != 5 || !first5.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first5
        .bytes()
        .zip(CHECK_WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    u8::try_from((11 - sum % 11) % 10).ok()
}

impl fmt::Display for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OrgCode").field(&self.as_str()).finish()
    }
}

impl FromStr for OrgCode {
    type Err = CodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrgCode::parse(s)
    }
}

impl AsRef<str> for OrgCode {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Serialize for OrgCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Deserialises through [`OrgCode::parse`], so an invalid code in stored or received data fails
/// with the reason rather than slipping in.
impl<'de> Deserialize<'de> for OrgCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        OrgCode::parse(&text).map_err(|error| {
            serde::de::Error::custom(format!("invalid local government code {text:?}: {error}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digit_follows_jis_x_0402() {
        assert_eq!(check_digit("03208"), Some(5)); // 遠野市 032085
        assert_eq!(check_digit("01100"), Some(2)); // 札幌市 011002
        assert_eq!(check_digit("01000"), Some(6)); // 北海道 010006
        assert_eq!(check_digit("13000"), Some(1)); // 東京都 130001
        assert_eq!(check_digit("0320"), None);
        assert_eq!(check_digit("0320a"), None);
        assert_eq!(check_digit("032085"), None);
        assert_eq!(OrgCode::check_digit("03208"), Some(5));
    }

    #[test]
    fn check_digit_covers_remainders_zero_and_one() {
        // 6·1 + 5·1 = 11: remainder 0, so (11 − 0) mod 10 = 1.
        assert_eq!(check_digit("11000"), Some(1));
        // 6·1 + 3·2 = 12: remainder 1, so (11 − 1) mod 10 = 0.
        assert_eq!(check_digit("10020"), Some(0));
    }

    #[test]
    fn parses_a_valid_code() {
        let code = OrgCode::parse("032085").unwrap();
        assert_eq!(code.as_str(), "032085");
        assert_eq!(code.to_string(), "032085");
        assert_eq!(code.prefecture_number(), 3);
        assert!(!code.is_prefecture());
        assert!(code.belongs_to_prefecture(3));
        assert!(!code.belongs_to_prefecture(4));
        assert_eq!(code.prefecture_code().as_str(), "030007");
    }

    #[test]
    fn accepts_full_width_digits_and_surrounding_spaces() {
        assert_eq!(
            OrgCode::parse("　０３２０８５ ").unwrap().as_str(),
            "032085"
        );
        assert_eq!("032085".parse::<OrgCode>().unwrap().as_str(), "032085");
    }

    #[test]
    fn recognises_prefectures() {
        let iwate = OrgCode::parse("030007").unwrap();
        assert!(iwate.is_prefecture());
        assert_eq!(iwate.prefecture_code(), iwate);
        assert_eq!(OrgCode::for_prefecture(3).unwrap(), iwate);
        assert_eq!(OrgCode::for_prefecture(1).unwrap().as_str(), "010006");
        assert_eq!(OrgCode::for_prefecture(47).unwrap().as_str(), "470007");
    }

    #[test]
    fn for_prefecture_rejects_numbers_outside_1_to_47() {
        assert_eq!(
            OrgCode::for_prefecture(0),
            Err(CodeError::InvalidPrefecture { prefecture: 0 })
        );
        assert_eq!(
            OrgCode::for_prefecture(48),
            Err(CodeError::InvalidPrefecture { prefecture: 48 })
        );
    }

    #[test]
    fn rejects_empty_input() {
        assert_eq!(OrgCode::parse(""), Err(CodeError::Empty));
        assert_eq!(OrgCode::parse(" 　"), Err(CodeError::Empty));
    }

    #[test]
    fn rejects_a_non_digit_and_says_where() {
        let error = OrgCode::parse("03a085").unwrap_err();
        assert_eq!(
            error,
            CodeError::NotADigit {
                character: 'a',
                position: 3
            }
        );
        assert_eq!(
            error.to_string(),
            "character 'a' at position 3 is not a digit"
        );
        assert!(matches!(
            OrgCode::parse("03-2085"),
            Err(CodeError::NotADigit { character: '-', .. })
        ));
    }

    #[test]
    fn rejects_a_wrong_length_with_the_actual_length() {
        let error = OrgCode::parse("0320851").unwrap_err();
        assert_eq!(error, CodeError::WrongLength { length: 7 });
        assert_eq!(error.to_string(), "must have 6 digits (got 7)");
        assert_eq!(
            OrgCode::parse("0320"),
            Err(CodeError::WrongLength { length: 4 })
        );
    }

    #[test]
    fn a_five_digit_code_gets_its_check_digit_suggested() {
        let error = OrgCode::parse("03208").unwrap_err();
        assert_eq!(
            error.to_string(),
            "the check digit is missing: 03208 has 5 digits, the full code is 032085"
        );
    }

    #[test]
    fn rejects_a_prefecture_outside_01_to_47() {
        for (input, prefecture) in [("000000", 0), ("480000", 48), ("990000", 99)] {
            let error = OrgCode::parse(input).unwrap_err();
            assert_eq!(error, CodeError::InvalidPrefecture { prefecture });
        }
        assert_eq!(
            OrgCode::parse("480000").unwrap_err().to_string(),
            "prefecture part 48 is not between 01 and 47"
        );
        assert_eq!(
            OrgCode::parse("001002").unwrap_err().to_string(),
            "prefecture part 00 is not between 01 and 47"
        );
    }

    #[test]
    fn rejects_a_wrong_check_digit_with_the_expected_one() {
        let error = OrgCode::parse("032083").unwrap_err();
        assert_eq!(
            error,
            CodeError::WrongCheckDigit {
                first5: "03208".into(),
                found: 3,
                expected: 5
            }
        );
        assert_eq!(
            error.to_string(),
            "check digit is 3 but should be 5 for 03208"
        );
    }

    #[test]
    fn serializes_as_a_string_and_deserializes_through_parse() {
        let code = OrgCode::parse("032085").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"032085\"");
        assert_eq!(
            serde_json::from_str::<OrgCode>("\"０３２０８５\"").unwrap(),
            code
        );
        let error = serde_json::from_str::<OrgCode>("\"032083\"").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("check digit is 3 but should be 5 for 03208"),
            "{error}"
        );
        assert!(serde_json::from_str::<OrgCode>("32085").is_err());
    }

    #[test]
    fn orders_by_code() {
        let mut codes = ["032085", "010006", "030007"].map(|c| OrgCode::parse(c).unwrap());
        codes.sort();
        assert_eq!(codes.map(|c| c.to_string()), ["010006", "030007", "032085"]);
    }
}
