//! The words of the prefecture's measure search (`/prefecture/measures`, 施策検索). In core, as
//! the screen's markup and files are written by the tools module; the app takes its heading
//! and navigation entry from here too.

use crate::lang::Lang;

#[derive(Debug)]
pub struct MeasureSearchTexts {
    pub nav: &'static str,
    pub heading: &'static str,
    pub intro: &'static str,
    pub filters: &'static str,
    pub words: &'static str,
    pub words_hint: &'static str,
    pub org: &'static str,
    pub all_orgs: &'static str,
    pub area: &'static str,
    pub all_areas: &'static str,
    pub status: &'static str,
    pub all_statuses: &'static str,
    pub priority_only: &'static str,
    pub overdue_only: &'static str,
    pub list: &'static str,
    /// `{shown}` of `{total}` measures.
    pub count: &'static str,
    pub more: &'static str,
    pub none: &'static str,
    pub export_csv: &'static str,
    pub export_xlsx: &'static str,
    pub file_stem: &'static str,
    pub sheet: &'static str,
    /// The list's and the files' columns: code, organisation, measure id, title, area,
    /// department, status, progress (%), deadline, 【重点】, overdue.
    pub columns: [&'static str; 11],
    pub yes: &'static str,
    pub overdue: &'static str,
    /// `{detail}`: why the screen or a file could not be made.
    pub failed: &'static str,
}

pub fn measure_search_texts(lang: Lang) -> &'static MeasureSearchTexts {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

static JA: MeasureSearchTexts = MeasureSearchTexts {
    nav: "施策検索",
    heading: "施策検索（全団体）",
    intro: "県内すべての団体の施策を、言葉・団体・分野・状況で探せます。この端末にある記録から探すので、オフラインでも使えます。",
    filters: "検索条件",
    words: "言葉",
    words_hint: "施策名・担当課・備考・団体名から探します（例: 窓口 オンライン）",
    org: "団体",
    all_orgs: "すべての団体",
    area: "分野",
    all_areas: "すべての分野",
    status: "状況",
    all_statuses: "すべての状況",
    priority_only: "【重点】のみ",
    overdue_only: "遅れのみ",
    list: "見つかった施策",
    count: "{total}件中{shown}件を表示",
    more: "さらに表示",
    none: "条件に合う施策はありません。",
    export_csv: "CSVで保存",
    export_xlsx: "Excel(XLSX)で保存",
    file_stem: "施策検索",
    sheet: "施策検索",
    columns: [
        "団体コード",
        "団体名",
        "施策ID",
        "施策名",
        "分野",
        "担当課",
        "状況",
        "進捗率(%)",
        "期限",
        "重点",
        "遅れ",
    ],
    yes: "○",
    overdue: "遅れ",
    failed: "施策検索を表示できませんでした（{detail}）。",
};

static EN: MeasureSearchTexts = MeasureSearchTexts {
    nav: "Measure search",
    heading: "Measure search (all organisations)",
    intro: "Find the measures of every organisation in the prefecture by words, organisation, area and status. It searches the records on this device, so it works offline.",
    filters: "Search",
    words: "Words",
    words_hint: "Searches titles, departments, notes and organisation names (e.g. counter online)",
    org: "Organisation",
    all_orgs: "All organisations",
    area: "Area",
    all_areas: "All areas",
    status: "Status",
    all_statuses: "All statuses",
    priority_only: "Priority only",
    overdue_only: "Overdue only",
    list: "Measures found",
    count: "{shown} of {total} shown",
    more: "Show more",
    none: "No measure matches.",
    export_csv: "Save as CSV",
    export_xlsx: "Save as Excel (XLSX)",
    file_stem: "measure-search",
    sheet: "Measures",
    columns: [
        "Code",
        "Organisation",
        "Measure id",
        "Title",
        "Area",
        "Department",
        "Status",
        "Progress (%)",
        "Deadline",
        "Priority",
        "Overdue",
    ],
    yes: "Yes",
    overdue: "Overdue",
    failed: "The measure search could not be shown ({detail}).",
};
