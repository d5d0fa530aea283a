//! The words of the deleted measures (`/trash`) and of the notice about edits a delete hid.

use super::Lang;

#[derive(Debug)]
pub struct TrashTexts {
    pub heading: &'static str,
    pub intro: &'static str,
    pub none: &'static str,
    pub caption: &'static str,
    pub col_measure: &'static str,
    pub col_deleted: &'static str,
    pub col_unseen: &'static str,
    pub restore: &'static str,
    pub unseen_notice: &'static str,
    pub open: &'static str,
}

pub fn trash_texts(lang: Lang) -> &'static TrashTexts {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

static JA: TrashTexts = TrashTexts {
    heading: "削除した施策",
    intro:
        "この団体で削除された施策です。元に戻すと、削除の後に加えられた編集も含めて計画に戻ります。",
    none: "削除された施策はありません。",
    caption: "{count}件の施策",
    col_measure: "施策",
    col_deleted: "削除した人・日時",
    col_unseen: "削除した人が見ていない編集",
    restore: "元に戻す",
    unseen_notice: "削除された施策{count}件に、削除した人が見ていない編集があります。",
    open: "削除した施策を見る",
};

static EN: TrashTexts = TrashTexts {
    heading: "Deleted measures",
    intro: "Measures deleted in this organisation. Restoring one puts it back in the plan, with any edits made after it was deleted.",
    none: "No measure has been deleted.",
    caption: "{count} measures",
    col_measure: "Measure",
    col_deleted: "Deleted by, at",
    col_unseen: "Edits the person deleting had not seen",
    restore: "Restore",
    unseen_notice: "{count} deleted measures have edits the person who deleted them had not seen.",
    open: "See deleted measures",
};
