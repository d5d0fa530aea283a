//! The compatibility fold for Japanese office input: what NFKC does to the characters staff of a
//! municipality type or paste, without NFKC's tables (about 120 KB of data in the app's wasm).
//!
//! For every character of these ranges the fold gives exactly what NFKC gives (a test compares
//! them with a real NFKC implementation):
//! - full-width ASCII U+FF01–U+FF5E (`Ａ１！～`) → ASCII, by arithmetic;
//! - the ideographic space U+3000, the no-break and other spaces (U+00A0, U+2000–U+200A,
//!   U+202F, U+205F) → a space; the rest of Latin-1's compatibility characters (`¹²³ ª º ¼ ½ ¾ µ`)
//!   and of General Punctuation (`…` → `...`, `‥` → `..`, `‼`, `⁉`, `″`);
//! - superscripts and subscripts U+2070–U+209F, Letterlike Symbols U+2100–U+214F (`℃ № ℡ ™`),
//!   Number Forms U+2150–U+218F (fractions, Roman numerals `Ⅻ` → `XII`);
//! - Enclosed Alphanumerics U+2460–U+24FF: `①` → `1`, `㉑` → `21`, `⑴` → `(1)`, `⒈` → `1.`,
//!   `⒜` → `(a)`, `Ⓐ` → `A`;
//! - Kangxi Radicals U+2F00–U+2FDF, which text copied out of PDFs is full of (`⾏` → `行`);
//! - Enclosed CJK Letters and Months U+3200–U+32FF (`㈱` → `(株)`, `㊤` → `上`, `㋿` → `令和`)
//!   and CJK Compatibility U+3300–U+33FF (`㍻` → `平成`, `㌔` → `キロ`, `㎡` → `m2`);
//! - the ligatures `ﬀ`–`ﬆ` U+FB00–U+FB06; vertical forms U+FE10–U+FE19, CJK compatibility
//!   forms U+FE30–U+FE4F and small forms U+FE50–U+FE6F, as found in text copied from vertical or
//!   old documents;
//! - U+FF5F/U+FF60 (`⦅ ⦆`), half-width CJK punctuation and katakana U+FF61–U+FF9F (`｡｢｣､･ｱ`),
//!   full-width signs U+FFE0–U+FFE6 and half-width forms U+FFE8–U+FFEE.
//!
//! Sound marks compose as in NFKC: U+3099 and U+309A, and the half-width `ﾞ`/`ﾟ` (which become
//! them), join the kana just before them where a precomposed kana exists (`ｶﾞ` → `ガ`, `ﾊﾟ` → `パ`,
//! `ｳﾞ` → `ヴ`, `か` U+3099 → `が` as macOS writes it, `ワ` U+3099 → `ヷ`); elsewhere they stay
//! U+3099/U+309A, as NFKC leaves them (a lone `ﾞ` becomes U+3099, `ｶﾟ` becomes `カ` U+309A).
//!
//! Everything else passes through unchanged. What NFKC did and the fold no longer does:
//! - the CJK compatibility ideographs U+F900–U+FAFF and U+2F800–U+2FA1F (U+FA19, a variant of
//!   神, stays; NFKC gave 神 U+795E) and other canonical singletons outside the ranges (U+2329
//!   LEFT-POINTING ANGLE BRACKET stays; NFKC gave U+3008);
//! - Hangul: half-width Hangul U+FFA0–U+FFDC, the compatibility jamo U+3131–U+318E and joining
//!   conjoining jamo into syllables (the parenthesised and circled Hangul of U+3200–U+327F are
//!   folded);
//! - Arabic, Hebrew and Armenian presentation forms (U+FB13–U+FDFF, U+FE70–U+FEFF), the
//!   mathematical alphanumerics U+1D400–U+1D7FF, the enclosed supplements U+1F100–U+1F2FF
//!   (`🄐`, `🅰`, `🈁`), modifier letters and spacing accents (`ʰ`, `˜`), Kanbun U+3190–U+319F;
//! - the kana `゛` U+309B and `゜` U+309C (NFKC gave a space and a combining mark), `ゟ` U+309F
//!   (`より`) and `ヿ` U+30FF (`コト`);
//! - canonical composition and reordering other than kana with U+3099/U+309A: `e` U+0301 stays two
//!   characters (NFKC gave `é`), and combining marks are not reordered. A few entries give a space
//!   and a combining mark as NFKC does (`￣` U+FFE3 → U+0020 U+0304, also `¨ ¯ ´ ¸ ‗ ‾ ﹉–﹌`);
//!   a sound mark right after one of those is not moved before it as NFKC would.
//!
//! The fold leaves NFKC output unchanged (NFKC keeps none of the characters the table lists and
//! leaves no kana followed by a sound mark that composes), so values stored by the NFKC-based
//! `normalize` of earlier versions still compare equal. The fold is idempotent too.
//!
//! The table is `fold_table.rs`, generated once from Python's `unicodedata` (see its header).

use super::fold_table::{COMPATIBILITY, SEMI_VOICED, VOICED};

/// The compatibility fold of `input` (see the module documentation): NFKC for the characters
/// Japanese office input contains, everything else as it is.
pub fn fold_compatibility(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        push_folded(&mut out, c);
    }
    out
}

/// Appends the fold of `c`, composing a sound mark with the kana `out` ends with.
fn push_folded(out: &mut String, c: char) {
    if let Some(ascii) = full_width_ascii(c) {
        out.push(ascii);
        return;
    }
    match compatibility(c) {
        Some(folded) => folded.chars().for_each(|f| push_composing(out, f)),
        None => push_composing(out, c),
    }
}

/// `Ａ` → `A`: U+FF01–U+FF5E are U+0021–U+007E shifted by 0xFEE0.
pub(super) fn full_width_ascii(c: char) -> Option<char> {
    ('\u{FF01}'..='\u{FF5E}')
        .contains(&c)
        .then(|| char::from_u32(c as u32 - 0xFEE0))
        .flatten()
}

fn compatibility(c: char) -> Option<&'static str> {
    // No entry below U+00A0, between the ideographic blocks and the ligatures, or above U+FFEE:
    // ASCII, kana and kanji skip the search.
    if c < '\u{A0}' || ('\u{3400}'..'\u{FB00}').contains(&c) || c > '\u{FFEE}' {
        return None;
    }
    COMPATIBILITY
        .binary_search_by_key(&c, |&(from, _)| from)
        .ok()
        .map(|index| COMPATIBILITY[index].1)
}

fn push_composing(out: &mut String, c: char) {
    let compositions = match c {
        '\u{3099}' => VOICED,
        '\u{309A}' => SEMI_VOICED,
        _ => {
            out.push(c);
            return;
        }
    };
    let composed = out.chars().next_back().and_then(|base| {
        compositions
            .binary_search_by_key(&base, |&(base, _)| base)
            .ok()
            .map(|index| compositions[index].1)
    });
    match composed {
        Some(composed) => {
            out.pop();
            out.push(composed);
        }
        None => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn nfkc(input: &str) -> String {
        input.nfkc().collect()
    }

    /// The ranges the fold promises to match NFKC over, character by character.
    const FOLDED_RANGES: &[(u32, u32)] = &[
        (0x00A0, 0x00BF),
        (0x2000, 0x206F),
        (0x2070, 0x209F),
        (0x2100, 0x214F),
        (0x2150, 0x218F),
        (0x2460, 0x24FF),
        (0x2F00, 0x2FDF),
        (0x3000, 0x3000),
        (0x3200, 0x32FF),
        (0x3300, 0x33FF),
        (0xFB00, 0xFB06),
        (0xFE10, 0xFE19),
        (0xFE30, 0xFE4F),
        (0xFE50, 0xFE6F),
        (0xFF01, 0xFF9F),
        (0xFFE0, 0xFFEE),
    ];

    /// Kana NFKC changes on their own and the fold keeps (see the module documentation).
    const KANA_NOT_FOLDED: [char; 4] = ['\u{309B}', '\u{309C}', '\u{309F}', '\u{30FF}'];

    fn chars_of(ranges: &[(u32, u32)]) -> impl Iterator<Item = char> + '_ {
        ranges
            .iter()
            .flat_map(|&(first, last)| (first..=last).filter_map(char::from_u32))
    }

    /// Hiragana, katakana and half-width katakana, with the kana the fold keeps left out.
    fn kana() -> Vec<char> {
        chars_of(&[(0x3040, 0x30FF), (0xFF61, 0xFF9F)])
            .filter(|c| !KANA_NOT_FOLDED.contains(c))
            .collect()
    }

    #[test]
    fn table_is_sorted_and_folds_only_what_nfkc_changes() {
        assert!(COMPATIBILITY.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert!(VOICED.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert!(SEMI_VOICED.windows(2).all(|pair| pair[0].0 < pair[1].0));
        for &(from, to) in COMPATIBILITY {
            assert_ne!(from.to_string(), to, "{from:?} is listed but NFKC keeps it");
            assert_eq!(nfkc(to), to, "{from:?} → {to:?} is not in NFKC form");
            assert!(chars_of(FOLDED_RANGES).any(|c| c == from), "{from:?}");
        }
        assert_eq!(COMPATIBILITY.len(), 1200);
        assert_eq!(VOICED.len(), 48);
        assert_eq!(SEMI_VOICED.len(), 10);
    }

    #[test]
    fn equals_nfkc_for_every_character_of_the_folded_ranges() {
        let mut checked = 0;
        let mut differences = Vec::new();
        for c in chars_of(FOLDED_RANGES).chain(kana()) {
            let text = c.to_string();
            let (folded, expected) = (fold_compatibility(&text), nfkc(&text));
            if folded != expected {
                differences.push(format!("U+{:04X} {folded:?} ≠ {expected:?}", c as u32));
            }
            checked += 1;
        }
        assert!(differences.is_empty(), "{differences:#?}");
        // 1,488 characters of the folded ranges and 251 kana.
        assert_eq!(checked, 1739);
    }

    #[test]
    fn passes_everything_else_through() {
        for text in [
            "遠野市役所",
            "髙橋 﨑",
            "\u{FA19}\u{F900}",
            "\u{2329}\u{232A}",
            "한국",
            "𝐀𝐁",
            "e\u{301}",
            "か゛",
            "ゟ",
            "\u{1F600}",
            "〈〉《》【】〔〕",
            "―－‐—",
        ] {
            let folded = fold_compatibility(text);
            let expected: String = text
                .chars()
                .map(|c| full_width_ascii(c).unwrap_or(c))
                .collect();
            assert_eq!(folded, expected, "{text:?}");
        }
        // What NFKC did and the fold no longer does.
        assert_eq!(nfkc("\u{FA19}\u{2329}"), "\u{795E}\u{3008}");
        assert_eq!(nfkc("e\u{301}"), "é");
        assert_eq!(fold_compatibility("e\u{301}"), "e\u{301}");
    }

    #[test]
    fn sound_marks_compose_with_the_kana_before_them() {
        assert_eq!(fold_compatibility("ｶﾞｷﾞｸﾞ"), "ガギグ");
        assert_eq!(fold_compatibility("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ"), "パピプペポ");
        assert_eq!(fold_compatibility("ｳﾞｧｲｵﾘﾝ"), "ヴァイオリン");
        assert_eq!(fold_compatibility("ﾜﾞｦﾞ"), "ヷヺ");
        // macOS writes が as か followed by U+3099.
        assert_eq!(fold_compatibility("か\u{3099}は\u{309A}"), "がぱ");
        assert_eq!(
            fold_compatibility("う\u{3099}ワ\u{3099}ヰ\u{3099}ヱ\u{3099}ヲ\u{3099}"),
            "ゔヷヸヹヺ"
        );
        assert_eq!(fold_compatibility("ゝ\u{3099}ヽ\u{3099}"), "ゞヾ");
        // A half-width mark after a full-width kana composes too, as in NFKC.
        assert_eq!(fold_compatibility("かﾞハﾟ"), "がパ");
        // And after kana that came out of an enclosed or squared sign.
        assert_eq!(fold_compatibility("㋕\u{3099}"), "ガ");
        // No precomposed form: the mark stays combining, as NFKC leaves it.
        assert_eq!(fold_compatibility("ﾞ"), "\u{3099}");
        assert_eq!(fold_compatibility("ﾟ"), "\u{309A}");
        assert_eq!(fold_compatibility("ｶﾟ"), "カ\u{309A}");
        assert_eq!(fold_compatibility("ｱﾞ"), "ア\u{3099}");
        assert_eq!(fold_compatibility("Aﾞ"), "A\u{3099}");
        assert_eq!(fold_compatibility("ｶﾞﾞ"), "ガ\u{3099}");
        assert_eq!(fold_compatibility("ｶﾟﾞ"), "カ\u{309A}\u{3099}");
    }

    #[test]
    fn every_kana_and_mark_pair_equals_nfkc() {
        let marks = ['\u{3099}', '\u{309A}', '\u{FF9E}', '\u{FF9F}'];
        for base in kana() {
            for first in marks {
                let pair: String = [base, first].into_iter().collect();
                assert_eq!(fold_compatibility(&pair), nfkc(&pair), "{pair:?}");
                for second in marks {
                    let triple: String = [base, first, second].into_iter().collect();
                    assert_eq!(fold_compatibility(&triple), nfkc(&triple), "{triple:?}");
                }
            }
        }
    }

    #[test]
    fn folds_signs_and_numbers_as_nfkc_does() {
        assert_eq!(fold_compatibility("㋿７年"), "令和7年");
        assert_eq!(fold_compatibility("㍻㍼㍽㍾"), "平成昭和大正明治");
        assert_eq!(fold_compatibility("①⑳㉑㊿"), "1202150");
        assert_eq!(fold_compatibility("⑴⒇"), "(1)(20)");
        assert_eq!(fold_compatibility("⒈⒛"), "1.20.");
        assert_eq!(fold_compatibility("㈱㈲㈹"), "(株)(有)(代)");
        assert_eq!(fold_compatibility("㊤㊥㊦"), "上中下");
        assert_eq!(fold_compatibility("㌔㎡㍉㏄"), "キロm2ミリcc");
        assert_eq!(fold_compatibility("ⅠⅡⅫⅻ"), "IIIXIIxii");
        assert_eq!(fold_compatibility("m²H₂O"), "m2H2O");
        assert_eq!(fold_compatibility("ﬁﬂ"), "fifl");
        assert_eq!(fold_compatibility("™℡№℃"), "TMTELNo°C");
        assert_eq!(
            fold_compatibility("a\u{A0}b\u{2003}c\u{202F}d\u{205F}e\u{3000}f"),
            "a b c d e f"
        );
        assert_eq!(fold_compatibility("￠￡￢￤￥￦"), "¢£¬¦¥₩");
        // NFKC turns the full-width macron into a space and a combining macron.
        assert_eq!(fold_compatibility("￣"), " \u{304}");
        assert_eq!(fold_compatibility("｟｠"), "⦅⦆");
        assert_eq!(fold_compatibility("｡｢｣､･"), "。「」、・");
        assert_eq!(fold_compatibility("￨￩￪￫￬￭￮"), "│←↑→↓■○");
        assert_eq!(fold_compatibility("︵︶﹁﹂"), "()「」");
        assert_eq!(fold_compatibility("⾏政"), "行政");
    }

    #[test]
    fn realistic_input_equals_nfkc() {
        for text in [
            "　０３２０１８ ",
            "ＦＹ２０２５",
            "令和７年４月１日",
            "㋿7年4月1日",
            "Ｈ３１．４．３０",
            "㍻31年4月30日",
            "ﾎｯｶｲﾄﾞｳ ﾄｵﾉｼ",
            "ｶﾌﾞｼｷｶﾞｲｼｬ ﾊﾟｿｺﾝ ｻｰﾋﾞｽ",
            "㈱ＡＢＣ　ﾊﾟｿｺﾝ",
            "②－１　現行システム環境の基礎調査",
            "△１，２３４．５",
            "▲ 20",
            "−5",
            "ー5",
            "延床面積 1,234㎡（約３７４坪）",
            "会議室Ａ・Ｂ ｢第１｣ ①②③",
            "Ⅲ 推進体制…⑴ 庁内体制",
            "ﾃﾞｼﾞﾀﾙ･ﾄﾗﾝｽﾌｫｰﾒｰｼｮﾝ（ＤＸ）推進計画",
            "デ\u{3099}シ\u{3099}タル",
            "㌔㌘㍍ ㏄ ㍉ ㌢",
            "℡ 0198-62-2111 № 12",
            "第⒈章 ⑴ ①",
            "Ｅｍａｉｌ：ｉｎｆｏ＠ｅｘａｍｐｌｅ．ｊｐ",
            "ｏｆｆｉｃｅ™ ﬁle",
            "\u{2F8F}\u{2F3D}計画",
            "平成３０年度～令和２年度",
            "¥1,000 ￥2,000",
            "遠野市\u{A0}DX\u{2002}推進",
        ] {
            assert_eq!(fold_compatibility(text), nfkc(text), "{text:?}");
        }
    }

    /// Characters to build random text from: ASCII and full-width ASCII, kana and sound marks,
    /// kanji, and every table entry whose NFKC holds no combining mark (see the module
    /// documentation for those).
    fn alphabet() -> Vec<char> {
        let mut chars: Vec<char> = chars_of(&[(0x20, 0x7E), (0xFF01, 0xFF5E)]).collect();
        chars.extend(kana());
        chars.extend([
            '\u{3099}', '\u{309A}', '遠', '野', '市', '年', '度', '﨑', '髙',
        ]);
        chars.extend(
            COMPATIBILITY
                .iter()
                .filter(|(_, to)| !to.chars().any(|c| ('\u{300}'..='\u{36F}').contains(&c)))
                .map(|&(from, _)| from),
        );
        chars
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn random_japanese_text_equals_nfkc(
            chars in proptest::collection::vec(proptest::sample::select(alphabet()), 0..24)
        ) {
            let text: String = chars.into_iter().collect();
            prop_assert_eq!(fold_compatibility(&text), nfkc(&text), "{:?}", text);
        }

        #[test]
        fn folding_twice_changes_nothing(
            chars in proptest::collection::vec(proptest::sample::select(alphabet()), 0..24)
        ) {
            let once = fold_compatibility(&chars.into_iter().collect::<String>());
            prop_assert_eq!(fold_compatibility(&once), once.clone());
        }
    }
}
