//! A tiny typed ja/en dictionary. Japanese is the default language.
//!
//! Every UI string is a field of [`Texts`], so a string missing from one
//! language is a compile error. The chosen language is remembered in
//! `localStorage`.

use crate::storage::{self, StorageError};

/// `localStorage` key holding the chosen language code.
pub const LANG_STORAGE_KEY: &str = "tsunagu.lang";

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// 日本語 (default).
    #[default]
    Ja,
    /// English.
    En,
}

impl Lang {
    /// All languages, in the order the switch shows them.
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// BCP 47 code, as used by the `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// Parses a code written by [`Lang::code`].
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's own name (shown the same whatever the UI language).
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::En => "English",
        }
    }

    /// The dictionary for this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Ja => &JA,
            Lang::En => &EN,
        }
    }

    /// The saved language, or the default when none is saved, the value is
    /// unknown or storage is unavailable.
    pub fn load_saved() -> Lang {
        storage::get(LANG_STORAGE_KEY)
            .ok()
            .flatten()
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }

    /// Remembers this language for the next visit.
    pub fn save(self) -> Result<(), StorageError> {
        storage::set(LANG_STORAGE_KEY, self.code())
    }
}

/// Every string the UI shows, for one language.
#[derive(Debug)]
pub struct Texts {
    pub app_tagline: &'static str,
    pub language_label: &'static str,
    pub connection_heading: &'static str,
    pub status_checking: &'static str,
    pub status_online: &'static str,
    pub status_offline: &'static str,
    pub status_error: &'static str,
    pub server_version: &'static str,
    pub last_checked: &'static str,
    pub not_checked_yet: &'static str,
    pub offline_hint: &'static str,
    pub error_http_status: &'static str,
    pub error_invalid_response: &'static str,
    pub error_wrong_service: &'static str,
    pub error_not_ok: &'static str,
    pub error_protocol: &'static str,
    pub error_heading: &'static str,
    pub error_storage: &'static str,
    pub error_unexpected: &'static str,
    pub dismiss: &'static str,
}

/// 日本語.
pub const JA: Texts = Texts {
    app_tagline: "自治体DX計画をつなぐ",
    language_label: "表示言語",
    connection_heading: "同期サーバーとの接続",
    status_checking: "確認中…",
    status_online: "接続中",
    status_offline: "オフライン",
    status_error: "エラー",
    server_version: "サーバーのバージョン",
    last_checked: "最終確認",
    not_checked_yet: "未確認",
    offline_hint: "同期サーバーに接続できません。この端末での作業は続けられます。",
    error_http_status: "同期サーバーがエラーを返しました",
    error_invalid_response: "同期サーバーの応答を読み取れませんでした",
    error_wrong_service: "接続先が同期サーバーではありません",
    error_not_ok: "同期サーバーが異常を報告しています",
    error_protocol: "同期サーバーとアプリのバージョンが合いません。ページを再読み込みしてください",
    error_heading: "問題が発生しました",
    error_storage: "設定をこの端末に保存できませんでした",
    error_unexpected: "予期しないエラーが発生しました",
    dismiss: "閉じる",
};

/// English.
pub const EN: Texts = Texts {
    app_tagline: "Connecting municipal DX plans",
    language_label: "Language",
    connection_heading: "Connection to the sync server",
    status_checking: "Checking…",
    status_online: "Connected",
    status_offline: "Offline",
    status_error: "Error",
    server_version: "Server version",
    last_checked: "Last checked",
    not_checked_yet: "Not checked yet",
    offline_hint: "The sync server cannot be reached. You can keep working on this device.",
    error_http_status: "The sync server returned an error",
    error_invalid_response: "The sync server's answer could not be read",
    error_wrong_service: "The server is not a Tsunagu sync server",
    error_not_ok: "The sync server reports a problem",
    error_protocol: "The sync server and this app do not match. Please reload the page",
    error_heading: "Something went wrong",
    error_storage: "The setting could not be saved on this device",
    error_unexpected: "An unexpected error occurred",
    dismiss: "Dismiss",
};

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[wasm_bindgen_test]
    fn japanese_is_default() {
        assert_eq!(Lang::default(), Lang::Ja);
    }
}
