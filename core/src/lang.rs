//! The two languages core writes labels in (exports, report headers). The app has its own
//! `Lang` for the UI dictionary and converts to this one.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// 日本語, the default: staff and prefectures read Japanese.
    #[default]
    Ja,
    En,
}

impl Lang {
    /// Picks the Japanese or the English text.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_is_the_default() {
        assert_eq!(Lang::default(), Lang::Ja);
        assert_eq!(Lang::Ja.pick("完了", "Done"), "完了");
        assert_eq!(Lang::En.pick("完了", "Done"), "Done");
        assert_eq!(serde_json::to_string(&Lang::En).unwrap(), "\"en\"");
    }
}
