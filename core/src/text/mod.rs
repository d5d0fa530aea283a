//! Input normalisation for what staff type: full-width digits and letters, the ideographic
//! space, half-width katakana from old systems, Japanese minus signs and separators.
//!
//! Two strengths are offered because NFKC is lossy for prose:
//! - [`normalize`] applies [`fold_compatibility`], NFKC for the characters of Japanese office
//!   input (see [`fold`] for exactly which, and what NFKC did that it does not). Right for codes,
//!   numbers, years and search keys, where `０３２０１８` must equal `032018`. Wrong for titles and
//!   notes: it also turns `②` into `2` and `㈱` into `(株)`, and plans number their steps `②-1`.
//! - [`fold_width`] folds only character *width* (full-width ASCII, U+3000, half-width katakana)
//!   and keeps everything else as typed. Right for names, titles and free text.

pub mod fold;
mod fold_table;
mod markup;
mod search;

pub use fold::fold_compatibility;
pub use markup::{escape_into, escaped};
pub use search::{search_key, Query};

/// [`fold_compatibility`] (NFKC for Japanese office input), then trims and collapses every run
/// of whitespace (including U+3000 and line breaks) into one ASCII space.
///
/// `"　０３２０１８ "` becomes `"032018"`; `"ﾄｵﾉｼ"` becomes `"トオノシ"`; `"㋿７年"` becomes
/// `"令和7年"`.
pub fn normalize(input: &str) -> String {
    fold_compatibility(input)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Folds width only: full-width ASCII (`Ａ１！`) to ASCII, the ideographic space to a space,
/// half-width katakana (`ﾄﾞｳ`) to full-width (`ドウ`). Circled numbers, kanji and symbols are
/// kept. Whitespace is left alone (see [`normalize_multiline`] for free text).
pub fn fold_width(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut half_width_kana = String::new();
    for c in input.chars() {
        if is_half_width_katakana(c) {
            // Kept as a run so that a voiced mark (ﾞ) composes with the kana before it.
            half_width_kana.push(c);
            continue;
        }
        flush_kana(&mut half_width_kana, &mut out);
        out.push(fold_char_width(c));
    }
    flush_kana(&mut half_width_kana, &mut out);
    out
}

/// For long text (vision, notes): [`fold_width`], line breaks as `\n`, trailing spaces of each
/// line removed, leading and trailing blank lines removed. Inner blank lines are kept.
pub fn normalize_multiline(input: &str) -> String {
    let unified = input.replace("\r\n", "\n").replace('\r', "\n");
    let folded = fold_width(&unified);
    let lines: Vec<&str> = folded.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|line| !line.trim().is_empty());
    let last = lines.iter().rposition(|line| !line.trim().is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

/// Length as people count it in forms: Unicode scalar values, not bytes (`"遠野市"` is 3).
pub fn char_count(input: &str) -> usize {
    input.chars().count()
}

/// Parses an integer as typed in Japanese forms: full-width digits, `,`/`，` thousands separators
/// (in groups of three), and a leading minus written `-`, `－`, `−` or the accounting marks `△`/`▲`.
/// `ー` (the katakana long vowel mark) is not a minus sign and is rejected.
pub fn parse_integer(input: &str) -> Option<i64> {
    let normalized = normalize(input);
    let (negative, unsigned) = split_sign(&normalized)?;
    let digits = strip_thousands_separators(unsigned)?;
    let signed = if negative {
        format!("-{digits}")
    } else {
        digits
    };
    signed.parse().ok()
}

/// Like [`parse_integer`], with an optional decimal part after `.` or `．` (`１，２３４．５`).
pub fn parse_decimal(input: &str) -> Option<f64> {
    let normalized = normalize(input);
    let (negative, unsigned) = split_sign(&normalized)?;
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let mut number = strip_thousands_separators(whole)?;
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        number.push('.');
        number.push_str(fraction);
    }
    let value: f64 = number.parse().ok()?;
    value
        .is_finite()
        .then_some(if negative { -value } else { value })
}

fn is_half_width_katakana(c: char) -> bool {
    ('\u{FF61}'..='\u{FF9F}').contains(&c)
}

/// Folds a run of half-width katakana on its own, so that `ﾞ` composes only with the half-width
/// kana before it: `ｶﾞ` → `ガ`, while a full-width `か` followed by `ﾞ` keeps its U+3099.
fn flush_kana(run: &mut String, out: &mut String) {
    if !run.is_empty() {
        out.push_str(&fold_compatibility(run));
        run.clear();
    }
}

fn fold_char_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        _ => fold::full_width_ascii(c).unwrap_or(c),
    }
}

/// Splits a leading sign off a normalized number. `None` for an empty number.
fn split_sign(normalized: &str) -> Option<(bool, &str)> {
    let mut chars = normalized.chars();
    let first = chars.next()?;
    let (negative, rest) = match first {
        '-' | '\u{2212}' | '△' | '▲' => (true, chars.as_str()),
        '+' => (false, chars.as_str()),
        _ => (false, normalized),
    };
    let rest = rest.trim_start();
    (!rest.is_empty()).then_some((negative, rest))
}

/// `"1,234,567"` → `"1234567"`; rejects misplaced separators (`"12,34"`) and non-digits.
fn strip_thousands_separators(number: &str) -> Option<String> {
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !number.contains(',') {
        return all_digits(number).then(|| number.to_owned());
    }
    let mut groups = number.split(',');
    let first = groups.next()?;
    if !all_digits(first) || first.len() > 3 {
        return None;
    }
    let mut digits = first.to_owned();
    for group in groups {
        if group.len() != 3 || !all_digits(group) {
            return None;
        }
        digits.push_str(group);
    }
    Some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_full_width_and_collapses_spaces() {
        assert_eq!(normalize("　０３２０１８ "), "032018");
        assert_eq!(normalize("ＦＹ２０２５"), "FY2025");
        assert_eq!(
            normalize("遠野市　　DX \t推進\n計画"),
            "遠野市 DX 推進 計画"
        );
        assert_eq!(normalize("   "), "");
    }

    #[test]
    fn normalize_turns_half_width_kana_full_width() {
        assert_eq!(normalize("ﾎｯｶｲﾄﾞｳ"), "ホッカイドウ");
        assert_eq!(normalize("ﾄｵﾉｼ"), "トオノシ");
    }

    #[test]
    fn fold_width_keeps_circled_numbers_and_symbols() {
        assert_eq!(
            fold_width("②－１　現行システム環境の基礎調査"),
            "②-1 現行システム環境の基礎調査"
        );
        assert_eq!(fold_width("㈱ＡＢＣ ﾊﾟｿｺﾝ"), "㈱ABC パソコン");
        assert_eq!(fold_width("ｶﾞｷﾞ①"), "ガギ①");
    }

    #[test]
    fn normalize_folds_era_signs_enclosed_numbers_and_units() {
        assert_eq!(normalize("㋿７年　４月"), "令和7年 4月");
        assert_eq!(normalize("㍻３０年度"), "平成30年度");
        assert_eq!(normalize("㈱ﾄｵﾉ　①"), "(株)トオノ 1");
        assert_eq!(normalize("延床\u{A0}1,234㎡"), "延床 1,234m2");
        assert_eq!(
            normalize("ﾃﾞｼﾞﾀﾙ･ﾄﾗﾝｽﾌｫｰﾒｰｼｮﾝ"),
            "デジタル・トランスフォーメーション"
        );
        assert_eq!(normalize("テ\u{3099}ータ"), "データ");
        assert_eq!(normalize("⑴\u{2003}⒈"), "(1) 1.");
    }

    #[test]
    fn normalize_equals_nfkc_then_whitespace_collapse_for_office_input() {
        use unicode_normalization::UnicodeNormalization;
        for text in [
            " ＦＹ２０２５　第１四半期 ",
            "ｶﾌﾞｼｷｶﾞｲｼｬ　ﾄｵﾉ ｼｽﾃﾑ",
            "㋿７年４月１日～㋿８年３月３１日",
            "Ⅱ\t推進体制\n⑵ 庁内体制（ＣＩＯ補佐官）",
            "△１，２３４．５ ㎡",
            "ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ\u{3000}\u{3000}ﾞ",
            "か\u{3099}っこう\u{A0}ハ\u{309A}ソコン",
        ] {
            let nfkc: String = text.nfkc().collect();
            let expected = nfkc.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(normalize(text), expected, "{text:?}");
        }
    }

    #[test]
    fn fold_width_composes_only_within_half_width_runs() {
        assert_eq!(fold_width("ｳﾞｧﾜﾞ"), "ヴァヷ");
        assert_eq!(fold_width("ﾊﾟｿｺﾝ｢ｱ｣､｡･"), "パソコン「ア」、。・");
        // Only width: a full-width kana keeps a half-width mark after it as U+3099, and
        // macOS's decomposed kana, circled numbers and era signs are left as typed.
        assert_eq!(fold_width("かﾞ"), "か\u{3099}");
        assert_eq!(fold_width("か\u{3099}"), "か\u{3099}");
        assert_eq!(fold_width("㋿①㎡￥"), "㋿①㎡￥");
        assert_eq!(fold_width("ﾞ"), "\u{3099}");
    }

    #[test]
    fn normalize_multiline_keeps_inner_lines() {
        assert_eq!(
            normalize_multiline("\r\n  \r\n第１段階  \r\n\r\n　第２段階\r\n\n"),
            "第1段階\n\n 第2段階"
        );
        assert_eq!(normalize_multiline(" \n \n"), "");
    }

    #[test]
    fn char_count_counts_characters_not_bytes() {
        assert_eq!(char_count("遠野市"), 3);
        assert_eq!("遠野市".len(), 9);
    }

    #[test]
    fn parse_integer_accepts_japanese_input() {
        assert_eq!(parse_integer("123"), Some(123));
        assert_eq!(parse_integer("１２３"), Some(123));
        assert_eq!(parse_integer(" 1,234,567 "), Some(1_234_567));
        assert_eq!(parse_integer("１，２３４"), Some(1234));
        assert_eq!(parse_integer("-5"), Some(-5));
        assert_eq!(parse_integer("－５"), Some(-5));
        assert_eq!(parse_integer("−5"), Some(-5));
        assert_eq!(parse_integer("△1,000"), Some(-1000));
        assert_eq!(parse_integer("▲ 20"), Some(-20));
        assert_eq!(parse_integer("+7"), Some(7));
        assert_eq!(parse_integer("-9223372036854775808"), Some(i64::MIN));
    }

    #[test]
    fn parse_integer_rejects_what_is_not_an_integer() {
        for bad in [
            "",
            " ",
            "-",
            "ー5",
            "12,34",
            "1234,567",
            ",123",
            "123,",
            "1.5",
            "12a",
            "1 000",
            "99999999999999999999",
            "--5",
        ] {
            assert_eq!(parse_integer(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn parse_decimal_accepts_japanese_input() {
        assert_eq!(parse_decimal("12.5"), Some(12.5));
        assert_eq!(parse_decimal("１２．５"), Some(12.5));
        assert_eq!(parse_decimal("１，２３４．５"), Some(1234.5));
        assert_eq!(parse_decimal("△0.25"), Some(-0.25));
        assert_eq!(parse_decimal("42"), Some(42.0));
    }

    #[test]
    fn parse_decimal_rejects_malformed_numbers() {
        for bad in [
            "", "1.", ".5", "1.2.3", "1.2,3", "12,34.5", "inf", "NaN", "1e5", "ー1",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
    }
}
