//! The words of the activity screen (`/activity`, 活動). In core, as the screen's markup is
//! written by the tools module (`screen.rs`); the app takes its navigation entry and heading
//! from here too.

use crate::lang::Lang;

#[derive(Debug)]
pub struct ActivityTexts {
    pub nav: &'static str,
    pub heading: &'static str,
    pub intro: &'static str,
    pub filters: &'static str,
    pub org: &'static str,
    pub all_orgs: &'static str,
    pub person: &'static str,
    pub everyone: &'static str,
    pub kind: &'static str,
    pub all_kinds: &'static str,
    /// Each kind of record, in `RecordKind::ALL`'s order (the app's words for them).
    pub kinds: [&'static str; 10],
    pub period: &'static str,
    /// Today, the last 7 days, the last 30 days, everything (`Period::ALL`'s order).
    pub periods: [&'static str; 4],
    pub list: &'static str,
    /// `{shown}` of `{total}` entries.
    pub count: &'static str,
    pub more: &'static str,
    pub none: &'static str,
    pub edited: &'static str,
    pub deleted: &'static str,
    pub restored: &'static str,
    pub by: &'static str,
    pub export_csv: &'static str,
    pub file_stem: &'static str,
    /// `{detail}`: why the screen or the file could not be made.
    pub failed: &'static str,
}

pub fn activity_texts(lang: Lang) -> &'static ActivityTexts {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

static JA: ActivityTexts = ActivityTexts {
    nav: "活動",
    heading: "活動",
    intro: "この端末にある記録の変更を、新しい順に表示します。オフラインでも見られます。",
    filters: "絞り込み",
    org: "団体",
    all_orgs: "すべての団体",
    person: "変更した人",
    everyone: "すべての人",
    kind: "記録の種類",
    all_kinds: "すべての種類",
    kinds: [
        "団体",
        "計画",
        "施策",
        "KPI",
        "分野",
        "手順チェック",
        "調査",
        "調査への回答",
        "標準化の進捗",
        "事例",
    ],
    period: "期間",
    periods: ["今日", "過去7日間", "過去30日間", "すべて"],
    list: "変更の一覧",
    count: "全{total}件中{shown}件を表示",
    more: "さらに表示",
    none: "この条件に当てはまる変更はありません。期間を広げるか、絞り込みを外してください。",
    edited: "編集",
    deleted: "削除",
    restored: "復元",
    by: "変更した人:",
    export_csv: "CSVで保存",
    file_stem: "活動",
    failed: "活動を表示または保存できませんでした: {detail}",
};

static EN: ActivityTexts = ActivityTexts {
    nav: "Activity",
    heading: "Activity",
    intro: "Changes to the records this device holds, newest first. Available offline.",
    filters: "Filters",
    org: "Organisation",
    all_orgs: "All organisations",
    person: "Changed by",
    everyone: "Everyone",
    kind: "Kind of record",
    all_kinds: "All kinds",
    kinds: [
        "Organisation",
        "Plan",
        "Measure",
        "KPI",
        "Area",
        "Step checklist",
        "Survey",
        "Survey answer",
        "Standardisation progress",
        "Case",
    ],
    period: "Period",
    periods: ["Today", "Last 7 days", "Last 30 days", "All"],
    list: "Changes",
    count: "Showing {shown} of {total}",
    more: "Show more",
    none: "No change matches these filters. Choose a longer period or fewer filters.",
    edited: "Edited",
    deleted: "Deleted",
    restored: "Restored",
    by: "Changed by:",
    export_csv: "Save as CSV",
    file_stem: "activity",
    failed: "Could not show or save the activity: {detail}",
};
