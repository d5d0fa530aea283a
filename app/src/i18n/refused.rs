//! The words of the refused changes (`/refused`) and of the sync bar's notice about them.

use super::Lang;

#[derive(Debug)]
pub struct RefusedTexts {
    pub heading: &'static str,
    pub intro: &'static str,
    pub none: &'static str,
    pub caption: &'static str,
    pub col_written: &'static str,
    pub col_record: &'static str,
    pub col_field: &'static str,
    pub col_value: &'static str,
    pub col_reason: &'static str,
    pub discard: &'static str,
    pub discard_all: &'static str,
    pub confirm_discard: &'static str,
    pub export_csv: &'static str,
    pub file_stem: &'static str,
    pub notice: &'static str,
    pub review: &'static str,
    pub failed: &'static str,
}

pub fn refused_texts(lang: Lang) -> &'static RefusedTexts {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

static JA: RefusedTexts = RefusedTexts {
    heading: "受け付けられなかった変更",
    intro: "サーバーが受け付けなかった変更です。内容はこの端末に残っています。CSVで保存して担当者と確認し、不要になったら破棄してください。ほかの変更の送受信は続いています。",
    none: "受け付けられなかった変更はありません。",
    caption: "{count}件の変更",
    col_written: "書いた日時",
    col_record: "記録",
    col_field: "項目",
    col_value: "値",
    col_reason: "理由",
    discard: "破棄",
    discard_all: "すべて破棄",
    confirm_discard: "{count}件の変更を破棄します。元に戻せません。よろしいですか?",
    export_csv: "CSVで保存",
    file_stem: "受け付けられなかった変更",
    notice: "{count}件の変更がサーバーに受け付けられませんでした(内容は失われていません)。",
    review: "内容を確認",
    failed: "保存できませんでした: {detail}",
};

static EN: RefusedTexts = RefusedTexts {
    heading: "Changes the server refused",
    intro: "The server did not accept these changes. They are still kept on this device: save them as CSV to check with the person in charge, and discard them once they are no longer needed. Other changes keep syncing.",
    none: "No change was refused.",
    caption: "{count} changes",
    col_written: "Written at",
    col_record: "Record",
    col_field: "Field",
    col_value: "Value",
    col_reason: "Reason",
    discard: "Discard",
    discard_all: "Discard all",
    confirm_discard: "Discard {count} changes? This cannot be undone.",
    export_csv: "Save as CSV",
    file_stem: "refused-changes",
    notice: "{count} changes were refused by the server (nothing is lost).",
    review: "Review",
    failed: "Could not be saved: {detail}",
};
