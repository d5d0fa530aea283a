//! The prefecture's words: the dashboard (`/prefecture`), a municipality's plan as the
//! prefecture sees it (`/orgs/:code`), last-sync marks, export and print. Same style as the app
//! dictionary: a string missing from one language is a compile error.

use super::Lang;

#[derive(Debug)]
pub struct PrefectureTexts {
    pub nav_dashboard: &'static str,
    pub dashboard_heading: &'static str,
    pub dashboard_lead: &'static str,
    pub dashboard_prefecture_only: &'static str,
    pub back_to_dashboard: &'static str,
    pub org_not_found: &'static str,
    pub org_not_found_body: &'static str,

    pub last_sync: &'static str,
    pub never_synced: &'static str,
    pub stale_mark: &'static str,

    pub filters: &'static str,
    pub filter_population: &'static str,
    pub filter_population_any: &'static str,
    pub filter_status: &'static str,
    pub filter_status_any: &'static str,
    pub filter_priority: &'static str,
    pub filter_overdue: &'static str,
    pub sort_by: &'static str,
    pub sort_behind: &'static str,
    pub sort_code: &'static str,
    pub sort_name: &'static str,
    /// "{shown} of {total}" municipalities; English takes the noun of the total.
    pub shown_count: fn(usize, usize) -> String,

    pub matrix_caption: &'static str,
    pub col_municipality: &'static str,
    pub col_total: &'static str,
    pub col_last_sync: &'static str,
    pub row_total: &'static str,
    pub cell_empty: &'static str,
    /// "N measures" in a cell (English counts one apart).
    pub cell_measures: fn(u32) -> String,
    pub cell_overdue: &'static str,
    pub completion: &'static str,
    pub no_rows: &'static str,
    pub no_data_yet: &'static str,

    pub charts_heading: &'static str,
    pub chart_caption: &'static str,
    pub chart_none: &'static str,

    pub export_heading: &'static str,
    pub export_csv: &'static str,
    pub export_xlsx: &'static str,
    pub export_failed: &'static str,
    /// The tools module (XLSX) could not be loaded; `{detail}` is the browser's reason.
    pub tools_unavailable: &'static str,
    pub print: &'static str,

    pub areas_nav: &'static str,
    pub areas_heading: &'static str,
    pub areas_lead: &'static str,
    pub areas_national: &'static str,
    pub areas_own: &'static str,
    pub areas_own_none: &'static str,
    pub area_name_ja: &'static str,
    pub area_name_en: &'static str,
    pub area_parent: &'static str,
    pub area_parent_none: &'static str,
    pub area_order: &'static str,
    pub area_add: &'static str,
    pub area_delete: &'static str,
    pub area_name_required: &'static str,
    pub area_in_use: fn(usize) -> String,
}

pub fn prefecture_texts(lang: Lang) -> &'static PrefectureTexts {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

static JA: PrefectureTexts = PrefectureTexts {
    nav_dashboard: "県ダッシュボード",
    dashboard_heading: "市町村の取組状況",
    dashboard_lead: "各市町村の計画を分野ごとに集計しています。完了率は「実施しない」「対象外」を除いた取組に対する完了の割合です。",
    dashboard_prefecture_only: "このページは都道府県の担当者向けです。",
    back_to_dashboard: "← 県ダッシュボードへ戻る",
    org_not_found: "団体が見つかりません",
    org_not_found_body: "団体コードが正しくありません。ダッシュボードから選んでください。",

    last_sync: "最終同期",
    never_synced: "まだ同期していません",
    stale_mark: "(2週間以上前)",

    filters: "絞り込みと並べ替え",
    filter_population: "人口規模",
    filter_population_any: "すべて",
    filter_status: "状況",
    filter_status_any: "すべて",
    filter_priority: "【重点】の取組のみ",
    filter_overdue: "期限切れのある団体のみ",
    sort_by: "並べ替え",
    sort_behind: "遅れている順",
    sort_code: "団体コード順",
    sort_name: "名称(かな)順",
    shown_count: |shown, total| format!("{shown} / {total} 団体を表示"),

    matrix_caption: "市町村 × 分野の状況(セル: 状況、完了率、取組数)",
    col_municipality: "市町村",
    col_total: "合計",
    col_last_sync: "最終同期",
    row_total: "分野ごとの合計",
    cell_empty: "取組なし",
    cell_measures: |n| format!("{n}件"),
    cell_overdue: "期限切れ{n}件",
    completion: "完了率",
    no_rows: "条件に合う団体はありません。",
    no_data_yet: "まだ市町村のデータがありません。同期すると表示されます。",

    charts_heading: "分野ごとの分布",
    chart_caption: "{area}: 状況ごとの市町村数",
    chart_none: "取組なし",

    export_heading: "書き出し",
    export_csv: "CSVで保存",
    export_xlsx: "Excel(XLSX)で保存",
    export_failed: "書き出しに失敗しました: {detail}",
    tools_unavailable: "Excelの書き出し機能を読み込めませんでした。一度オンラインでアプリを開いてから、もう一度お試しください({detail})",
    print: "印刷",

    areas_nav: "分野",
    areas_heading: "分野(タクソノミー)",
    areas_lead: "市町村の施策を分類する分野です。国の分野(重点取組事項ほか)は共通で、県独自の分野を追加できます。追加した分野は同期後、すべての市町村で選べるようになります。",
    areas_national: "国の分野",
    areas_own: "県独自の分野",
    areas_own_none: "県独自の分野はまだありません。",
    area_name_ja: "名称",
    area_name_en: "英語名",
    area_parent: "上位の分野",
    area_parent_none: "なし(最上位)",
    area_order: "並び順",
    area_add: "分野を追加",
    area_delete: "削除",
    area_name_required: "名称を入力してください。",
    area_in_use: |n| format!("{n}件の施策がこの分野を使っています。削除すると、それらは「その他・未分類」として集計されます。削除しますか?"),
};

static EN: PrefectureTexts = PrefectureTexts {
    nav_dashboard: "Prefecture dashboard",
    dashboard_heading: "Municipalities at a glance",
    dashboard_lead: "Each municipality's plan, summed up per area. Completion is done ÷ measures, leaving out \"will not do\" and \"not applicable\".",
    dashboard_prefecture_only: "This page is for prefecture staff.",
    back_to_dashboard: "← Back to the prefecture dashboard",
    org_not_found: "Organisation not found",
    org_not_found_body: "The organisation code is not valid. Pick a municipality on the dashboard.",

    last_sync: "Last sync",
    never_synced: "never synced",
    stale_mark: "(over two weeks ago)",

    filters: "Filter and sort",
    filter_population: "Population",
    filter_population_any: "All",
    filter_status: "Status",
    filter_status_any: "All",
    filter_priority: "Priority (【重点】) measures only",
    filter_overdue: "Only municipalities with overdue measures",
    sort_by: "Sort",
    sort_behind: "Furthest behind first",
    sort_code: "By code",
    sort_name: "By name (kana)",
    shown_count: |shown, total| match total {
        1 => format!("Showing {shown} of 1 municipality"),
        total => format!("Showing {shown} of {total} municipalities"),
    },

    matrix_caption: "Municipalities × areas (cell: status, completion, measures)",
    col_municipality: "Municipality",
    col_total: "Total",
    col_last_sync: "Last sync",
    row_total: "Total per area",
    cell_empty: "no measures",
    // In English a cell reads as the plan's own count ("1 measure", "3 measures").
    cell_measures: |n| (super::EN.measure_count)(n as usize),
    cell_overdue: "{n} overdue",
    completion: "Completion",
    no_rows: "No municipality matches.",
    no_data_yet: "No municipality data yet. It appears after a sync.",

    charts_heading: "Distribution per area",
    chart_caption: "{area}: municipalities per status",
    chart_none: "No measures",

    export_heading: "Export",
    export_csv: "Save as CSV",
    export_xlsx: "Save as Excel (XLSX)",
    export_failed: "Export failed: {detail}",
    tools_unavailable: "The Excel export could not be loaded. Open the app once while online, then try again ({detail})",
    print: "Print",

    areas_nav: "Areas",
    areas_heading: "Areas (taxonomy)",
    areas_lead: "The areas municipalities classify their measures under. The national areas (the priority areas and others) are shared; the prefecture can add its own, which every municipality can pick after syncing.",
    areas_national: "National areas",
    areas_own: "The prefecture's areas",
    areas_own_none: "The prefecture has no areas of its own yet.",
    area_name_ja: "Name",
    area_name_en: "English name",
    area_parent: "Parent area",
    area_parent_none: "None (top level)",
    area_order: "Order",
    area_add: "Add area",
    area_delete: "Delete",
    area_name_required: "Please enter a name.",
    area_in_use: |n| match n {
        1 => "1 measure uses this area. Deleted, it counts as other or unclassified. Delete the area?".to_owned(),
        n => format!("{n} measures use this area. Deleted, they count as other or unclassified. Delete the area?"),
    },
};
