//! Full-text search keys for Japanese office text, without an index or a dictionary.
//!
//! A text and a query are both reduced to a *search key*: the compatibility fold (full-width
//! `ＤＸ` is `DX`, half-width `ﾏﾄﾞｸﾞﾁ` is `マドグチ`), lower case, katakana as hiragana (`マドグチ`
//! finds `まどぐち`), and every run of whitespace one space. A query matches when each of its
//! words occurs somewhere in the key: Japanese has no spaces between words, so a word matches
//! inside a longer one (`窓口` in `書かない窓口`). Readings are not known: `まどぐち` does not
//! find `窓口` (that would need a dictionary of readings, megabytes the app does not ship).

use super::normalize;

/// A text reduced for matching (see the module documentation).
pub fn search_key(text: &str) -> String {
    normalize(text)
        .chars()
        .flat_map(char::to_lowercase)
        .map(katakana_as_hiragana)
        .collect()
}

/// Katakana ァ–ヶ (U+30A1–U+30F6) as the hiragana 0x60 below; ー and the rest as they are.
fn katakana_as_hiragana(c: char) -> char {
    if ('\u{30A1}'..='\u{30F6}').contains(&c) {
        char::from_u32(c as u32 - 0x60).unwrap_or(c)
    } else {
        c
    }
}

/// What a person typed in a search box, as words to find.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    pub fn new(typed: &str) -> Self {
        Query {
            words: search_key(typed)
                .split(' ')
                .filter(|word| !word.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }

    /// Nothing typed: every text matches.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether every word occurs in `key`, a [`search_key`].
    pub fn matches(&self, key: &str) -> bool {
        self.words.iter().all(|word| key.contains(word.as_str()))
    }

    /// Whether every word occurs in one of `texts` (each reduced here: for one-off checks;
    /// keep the keys of a long list and use [`Query::matches`]).
    pub fn matches_any_of(&self, texts: &[&str]) -> bool {
        self.is_empty() || self.matches(&search_key(&texts.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_matches_inside_a_longer_one() {
        let key = search_key("書かない窓口の導入");
        assert!(Query::new("窓口").matches(&key));
        assert!(Query::new("書かない 導入").matches(&key));
        assert!(!Query::new("窓口 電子申請").matches(&key));
    }

    #[test]
    fn full_width_and_case_fold() {
        let key = search_key("自治体DXの推進");
        assert!(Query::new("ＤＸ").matches(&key));
        assert!(Query::new("dx").matches(&key));
        assert!(Query::new("ｄｘ").matches(&key));
    }

    #[test]
    fn katakana_and_hiragana_and_half_width_kana_match_each_other() {
        let key = search_key("キャッシュレス決済");
        assert!(Query::new("きゃっしゅれす").matches(&key));
        assert!(Query::new("ｷｬｯｼｭﾚｽ").matches(&key));
        assert!(Query::new("キャッシュレス").matches(&key));
        let key = search_key("オンライン申請（マイナポータル）");
        assert!(Query::new("まいなぽーたる").matches(&key));
        assert!(Query::new("ﾏｲﾅﾎﾟｰﾀﾙ").matches(&key));
    }

    #[test]
    fn whitespace_of_any_width_separates_words() {
        let query = Query::new("　窓口\u{3000}\u{3000}導入 ");
        assert_eq!(query.words, vec!["窓口", "導入"]);
        assert!(Query::new("  ").is_empty());
        assert!(Query::new("").matches_any_of(&["anything"]));
    }

    #[test]
    fn matches_any_of_joins_the_texts() {
        let query = Query::new("窓口 税務課");
        assert!(query.matches_any_of(&["書かない窓口", "税務課"]));
        assert!(!query.matches_any_of(&["書かない窓口", "総務課"]));
    }
}
