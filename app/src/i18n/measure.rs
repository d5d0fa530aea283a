//! The measure editor's words (`/measures/:id`), in the style of the app dictionary: every
//! string is a field of [`MeasureTexts`], so a string missing from one language is a compile
//! error. Templates hold `{name}` placeholders, filled with [`fill`].

use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::domain::{KpiSeries, RecordKind};

use super::Lang;

/// Every string the measure editor shows, for one language.
#[derive(Debug)]
pub struct MeasureTexts {
    pub page_kind: &'static str,
    pub loading: &'static str,
    pub not_found_heading: &'static str,
    pub not_found_body: &'static str,
    pub back_to_plan: &'static str,
    pub read_only_viewer: &'static str,
    pub read_only_other_org: &'static str,
    pub read_only_not_connected: &'static str,

    pub section_basics: &'static str,
    pub section_progress: &'static str,
    pub section_period: &'static str,
    pub section_schedule: &'static str,
    pub section_kpis: &'static str,
    pub section_history: &'static str,
    pub section_delete: &'static str,

    pub field_title: &'static str,
    pub field_plan: &'static str,
    pub field_policy: &'static str,
    pub field_area: &'static str,
    pub field_priority: &'static str,
    pub field_department: &'static str,
    pub field_status: &'static str,
    pub field_percent: &'static str,
    pub field_start_fy: &'static str,
    pub field_end_fy: &'static str,
    pub field_deadline: &'static str,
    pub field_schedule: &'static str,
    pub field_notes: &'static str,
    pub field_deleted: &'static str,
    pub field_kpi_name: &'static str,
    pub field_kpi_unit: &'static str,
    pub field_kpi_baseline: &'static str,
    pub field_kpi_measure: &'static str,
    pub target: &'static str,
    pub actual: &'static str,

    pub hint_fiscal_year: &'static str,
    pub hint_percent: &'static str,
    pub hint_number: &'static str,
    pub hint_priority: &'static str,
    pub hint_deadline_era: &'static str,
    pub none_option: &'static str,
    pub area_group_priority: &'static str,
    pub area_group_other: &'static str,
    pub priority_tag: &'static str,

    pub sync_state_label: &'static str,
    pub sync_synced: &'static str,
    pub sync_saving: &'static str,
    pub sync_saved_local: &'static str,
    pub sync_waiting: &'static str,
    pub sync_save_failed: &'static str,
    pub sync_fields_pending: &'static str,
    pub field_pending_tag: &'static str,

    pub err_not_number: &'static str,
    pub err_not_integer: &'static str,
    pub err_fiscal_year: &'static str,
    pub err_era_year: &'static str,
    pub err_end_before_start: &'static str,
    pub err_blank: &'static str,
    pub err_too_long: &'static str,
    pub err_single_line: &'static str,
    pub err_control: &'static str,
    pub err_range: &'static str,
    pub err_fy_range: &'static str,
    pub err_date: &'static str,
    pub err_too_many_years: &'static str,
    pub err_other: &'static str,
    pub err_prefix: &'static str,

    pub conflict_summary_heading: &'static str,
    pub conflict_summary_intro: &'static str,
    pub conflict_heading: &'static str,
    pub conflict_body: &'static str,
    pub conflict_current: &'static str,
    pub conflict_loser: &'static str,
    pub conflict_by: &'static str,
    pub restore_mine: &'static str,
    pub keep_current: &'static str,
    pub conflict_resolved: &'static str,

    pub history_caption: &'static str,
    pub history_when: &'static str,
    pub history_who: &'static str,
    pub history_field: &'static str,
    pub history_change: &'static str,
    pub history_empty: &'static str,
    pub history_loading: &'static str,
    pub history_error: &'static str,
    pub history_lost: &'static str,
    pub history_show_more: &'static str,
    pub history_arrow_label: &'static str,
    pub kpi_prefix: &'static str,

    pub empty_value: &'static str,
    pub yes: &'static str,
    pub no: &'static str,

    pub kpi_none: &'static str,
    pub kpi_add_legend: &'static str,
    pub kpi_new_name: &'static str,
    pub kpi_add_button: &'static str,
    pub kpi_added: &'static str,
    pub kpi_delete: &'static str,
    pub kpi_delete_confirm: &'static str,
    pub kpi_years_caption: &'static str,
    pub col_fiscal_year: &'static str,
    pub kpi_years_empty: &'static str,

    pub schedule_caption: &'static str,
    pub schedule_col_plan: &'static str,
    pub schedule_cell_label: &'static str,
    pub schedule_empty_period: &'static str,

    pub delete_button: &'static str,
    pub delete_confirm_text: &'static str,
    pub delete_confirm: &'static str,
    pub cancel: &'static str,
}

/// 日本語.
pub static JA: MeasureTexts = MeasureTexts {
    page_kind: "施策の編集",
    loading: "読み込み中…",
    not_found_heading: "施策が見つかりません",
    not_found_body: "この施策は削除されたか、まだこの端末に同期されていません。",
    back_to_plan: "計画に戻る",
    read_only_viewer: "閲覧用の権限のため、この施策は表示のみです。",
    read_only_other_org: "ほかの団体の施策のため、表示のみです。",
    read_only_not_connected: "同期サーバーに接続していないため、表示のみです。",

    section_basics: "基本情報",
    section_progress: "進捗",
    section_period: "期間と期限",
    section_schedule: "年度別スケジュール",
    section_kpis: "成果指標（KPI）",
    section_history: "変更履歴",
    section_delete: "施策の削除",

    field_title: "施策名",
    field_plan: "計画",
    field_policy: "基本施策",
    field_area: "分野",
    field_priority: "【重点】取組事項",
    field_department: "担当課",
    field_status: "状況",
    field_percent: "進捗率（%）",
    field_start_fy: "開始年度",
    field_end_fy: "終了年度",
    field_deadline: "期限",
    field_schedule: "スケジュール",
    field_notes: "備考",
    field_deleted: "削除",
    field_kpi_name: "指標名",
    field_kpi_unit: "単位",
    field_kpi_baseline: "基準値",
    field_kpi_measure: "施策",
    target: "目標",
    actual: "実績",

    hint_fiscal_year: "例: 令和7年度、R7、FY2025、2025",
    hint_percent: "0〜100の整数（全角数字でも入力できます）",
    hint_number: "数値（全角数字やカンマ区切りも使えます）",
    hint_priority: "国の重点取組事項に当たる施策",
    hint_deadline_era: "和暦: {date}",
    none_option: "（未設定）",
    area_group_priority: "【重点】取組事項",
    area_group_other: "その他の分野",
    priority_tag: "【重点】",

    sync_state_label: "保存の状態",
    sync_synced: "同期済み",
    sync_saving: "この端末に保存しています…",
    sync_saved_local: "この端末に保存済み（接続すると同期します）",
    sync_waiting: "この端末に保存済み・同期待ち",
    sync_save_failed: "この端末に保存できませんでした。もう一度入力してください",
    sync_fields_pending: "未同期の項目: {n}件",
    field_pending_tag: "同期待ち",

    err_not_number: "数値を入力してください（例: 1,234.5）",
    err_not_integer: "整数を入力してください（例: 40）",
    err_fiscal_year:
        "年度として読み取れません。令和7年度、R7、FY2025、2025 のように入力してください",
    err_era_year: "{era}{year}年度という年度はありません",
    err_end_before_start: "終了年度は開始年度と同じか、それより後にしてください",
    err_blank: "入力してください（空欄にはできません）",
    err_too_long: "{max}文字以内で入力してください（現在{len}文字）",
    err_single_line: "改行は入れられません",
    err_control: "使えない文字が含まれています",
    err_range: "{min}〜{max}の範囲で入力してください",
    err_fy_range: "2000年度から2100年度までの年度を入力してください",
    err_date: "日付を正しく入力してください（例: 2026-03-31）",
    err_too_many_years: "スケジュールは20年度分までです",
    err_other: "入力内容を確認してください",
    err_prefix: "エラー: ",

    conflict_summary_heading: "同時に編集された項目があります",
    conflict_summary_intro:
        "ほかの人の変更と重なり、次の項目では一方の値が採用されました。内容を確認してください。",
    conflict_heading: "{field}: 同時編集",
    conflict_body:
        "同時に編集され、次の値が採用されました。採用されなかった値に戻すこともできます。",
    conflict_current: "採用された値",
    conflict_loser: "採用されなかった値",
    conflict_by: "{author}、{time}",
    restore_mine: "自分の値に戻す",
    keep_current: "この値のままにする",
    conflict_resolved: "対応済みです。同期すると表示が消えます。",

    history_caption: "この施策とKPIの変更履歴（新しい順）",
    history_when: "日時",
    history_who: "変更者",
    history_field: "項目",
    history_change: "変更内容",
    history_empty: "同期された変更はまだありません。",
    history_loading: "履歴を読み込み中…",
    history_error: "履歴を読み込めませんでした",
    history_lost: "同時編集により不採用",
    history_show_more: "さらに表示",
    history_arrow_label: "から",
    kpi_prefix: "KPI「{name}」",

    empty_value: "（空欄）",
    yes: "はい",
    no: "いいえ",

    kpi_none: "この施策にはまだKPIがありません。",
    kpi_add_legend: "KPIを追加",
    kpi_new_name: "新しいKPIの指標名",
    kpi_add_button: "KPIを追加",
    kpi_added: "KPI「{name}」を追加しました",
    kpi_delete: "KPIを削除: {name}",
    kpi_delete_confirm: "KPI「{name}」を削除しますか？",
    kpi_years_caption: "{name}の年度別の目標と実績",
    col_fiscal_year: "年度",
    kpi_years_empty: "年度の行を表示するには、施策または計画の期間を入力してください。",

    schedule_caption: "年度ごとの予定",
    schedule_col_plan: "予定",
    schedule_cell_label: "{year}の予定",
    schedule_empty_period: "開始年度と終了年度を入力すると、年度ごとの行が表示されます。",

    delete_button: "この施策を削除",
    delete_confirm_text: "施策「{title}」とそのKPIを削除します。よろしいですか？",
    delete_confirm: "削除する",
    cancel: "キャンセル",
};

/// English.
pub static EN: MeasureTexts = MeasureTexts {
    page_kind: "Edit measure",
    loading: "Loading…",
    not_found_heading: "Measure not found",
    not_found_body: "This measure was deleted, or it has not been synced to this device yet.",
    back_to_plan: "Back to the plan",
    read_only_viewer: "Your access is read-only, so this measure is shown but cannot be edited.",
    read_only_other_org: "This measure belongs to another organisation, so it cannot be edited.",
    read_only_not_connected: "Not connected to the sync server, so this measure cannot be edited.",

    section_basics: "Basics",
    section_progress: "Progress",
    section_period: "Period and deadline",
    section_schedule: "Schedule by fiscal year",
    section_kpis: "Key performance indicators (KPIs)",
    section_history: "History",
    section_delete: "Delete the measure",

    field_title: "Title",
    field_plan: "Plan",
    field_policy: "Basic policy",
    field_area: "Area",
    field_priority: "National priority area 【重点】",
    field_department: "Department",
    field_status: "Status",
    field_percent: "Progress (%)",
    field_start_fy: "First fiscal year",
    field_end_fy: "Last fiscal year",
    field_deadline: "Deadline",
    field_schedule: "Schedule",
    field_notes: "Notes",
    field_deleted: "Deleted",
    field_kpi_name: "Indicator",
    field_kpi_unit: "Unit",
    field_kpi_baseline: "Baseline",
    field_kpi_measure: "Measure",
    target: "Target",
    actual: "Actual",

    hint_fiscal_year: "For example 令和7年度, R7, FY2025 or 2025",
    hint_percent: "A whole number from 0 to 100 (full-width digits are fine)",
    hint_number: "A number (full-width digits and thousands commas are fine)",
    hint_priority: "The measure falls under a national priority area",
    hint_deadline_era: "Japanese era: {date}",
    none_option: "(not set)",
    area_group_priority: "National priority areas 【重点】",
    area_group_other: "Other areas",
    priority_tag: "【重点】",

    sync_state_label: "Save state",
    sync_synced: "Synced",
    sync_saving: "Saving on this device…",
    sync_saved_local: "Saved on this device (syncs when connected)",
    sync_waiting: "Saved on this device, waiting to sync",
    sync_save_failed: "Could not save on this device. Please enter it again",
    sync_fields_pending: "Fields not synced yet: {n}",
    field_pending_tag: "waiting to sync",

    err_not_number: "Enter a number (for example 1,234.5)",
    err_not_integer: "Enter a whole number (for example 40)",
    err_fiscal_year: "Not a fiscal year. Write it as 令和7年度, R7, FY2025 or 2025",
    err_era_year: "{era} {year} is not a fiscal year that exists",
    err_end_before_start: "The last fiscal year must not be before the first",
    err_blank: "Required: this cannot be empty",
    err_too_long: "At most {max} characters (now {len})",
    err_single_line: "Line breaks are not allowed here",
    err_control: "Contains characters that cannot be used",
    err_range: "Enter a value from {min} to {max}",
    err_fy_range: "Enter a fiscal year from 2000 to 2100",
    err_date: "Enter a valid date (for example 2026-03-31)",
    err_too_many_years: "A schedule holds at most 20 fiscal years",
    err_other: "Please check this value",
    err_prefix: "Error: ",

    conflict_summary_heading: "Some fields were edited at the same time",
    conflict_summary_intro: "These fields were changed by someone else at the same time, and one value was kept. Please check them.",
    conflict_heading: "{field}: edited at the same time",
    conflict_body: "This field was edited concurrently and this value was kept. You can go back to the value that was not kept.",
    conflict_current: "Value kept",
    conflict_loser: "Value not kept",
    conflict_by: "{author}, {time}",
    restore_mine: "Restore my value",
    keep_current: "Keep this value",
    conflict_resolved: "Resolved. This notice goes away after the next sync.",

    history_caption: "Changes to this measure and its KPIs (newest first)",
    history_when: "When",
    history_who: "Who",
    history_field: "Field",
    history_change: "Change",
    history_empty: "No synced changes yet.",
    history_loading: "Loading history…",
    history_error: "The history could not be read",
    history_lost: "Not kept (concurrent edit)",
    history_show_more: "Show more",
    history_arrow_label: "to",
    kpi_prefix: "KPI “{name}”",

    empty_value: "(empty)",
    yes: "Yes",
    no: "No",

    kpi_none: "This measure has no KPIs yet.",
    kpi_add_legend: "Add a KPI",
    kpi_new_name: "Name of the new KPI",
    kpi_add_button: "Add KPI",
    kpi_added: "Added the KPI “{name}”",
    kpi_delete: "Delete KPI: {name}",
    kpi_delete_confirm: "Delete the KPI “{name}”?",
    kpi_years_caption: "Targets and actuals of {name} by fiscal year",
    col_fiscal_year: "Fiscal year",
    kpi_years_empty: "Enter the period of the measure or the plan to show a row per fiscal year.",

    schedule_caption: "What is planned each fiscal year",
    schedule_col_plan: "Plan",
    schedule_cell_label: "Plan for {year}",
    schedule_empty_period: "Enter the first and last fiscal year to show a row per year.",

    delete_button: "Delete this measure",
    delete_confirm_text: "This deletes the measure “{title}” and its KPIs. Are you sure?",
    delete_confirm: "Delete",
    cancel: "Cancel",
};

/// The measure editor's dictionary for `lang`.
pub fn measure_texts(lang: Lang) -> &'static MeasureTexts {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

/// Replaces each `{name}` in `template` with its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// A fiscal year as this language writes it on its own: 令和7年度 / FY2025.
pub fn fiscal_year_label(lang: Lang, year: FiscalYear) -> String {
    match lang {
        Lang::Ja => year.label_ja(),
        Lang::En => year.label_en(),
    }
}

impl MeasureTexts {
    /// The name of a field of a measure or a KPI, as shown in labels and the history
    /// (`target_fy2025` → 目標 令和7年度). Unknown fields show their stored name.
    pub fn field_label(&self, lang: Lang, kind: RecordKind, field: &str) -> String {
        if kind == RecordKind::Kpi {
            if let Some(Ok((series, year))) = KpiSeries::parse_field(field) {
                let series = match series {
                    KpiSeries::Target => self.target,
                    KpiSeries::Actual => self.actual,
                };
                return format!("{series} {}", fiscal_year_label(lang, FiscalYear(year)));
            }
        }
        let label = match (kind, field) {
            (_, "_deleted") => self.field_deleted,
            (RecordKind::Kpi, "name") => self.field_kpi_name,
            (RecordKind::Kpi, "unit") => self.field_kpi_unit,
            (RecordKind::Kpi, "baseline") => self.field_kpi_baseline,
            (RecordKind::Kpi, "measure_id") => self.field_kpi_measure,
            (_, "title") => self.field_title,
            (_, "plan_id") => self.field_plan,
            (_, "policy_id") => self.field_policy,
            (_, "area") => self.field_area,
            (_, "priority") => self.field_priority,
            (_, "department") => self.field_department,
            (_, "status") => self.field_status,
            (_, "percent") => self.field_percent,
            (_, "start_fy") => self.field_start_fy,
            (_, "end_fy") => self.field_end_fy,
            (_, "deadline") => self.field_deadline,
            (_, "schedule") => self.field_schedule,
            (_, "notes") => self.field_notes,
            _ => return field.to_owned(),
        };
        label.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(
            fill(JA.err_too_long, &[("max", "200"), ("len", "201")]),
            "200文字以内で入力してください（現在201文字）"
        );
    }

    #[wasm_bindgen_test]
    fn kpi_year_fields_are_named_by_series_and_year() {
        assert_eq!(
            JA.field_label(Lang::Ja, RecordKind::Kpi, "target_fy2025"),
            "目標 令和7年度"
        );
        assert_eq!(
            EN.field_label(Lang::En, RecordKind::Kpi, "actual_fy2024"),
            "Actual FY2024"
        );
        assert_eq!(
            JA.field_label(Lang::Ja, RecordKind::Measure, "title"),
            "施策名"
        );
        assert_eq!(JA.field_label(Lang::Ja, RecordKind::Kpi, "name"), "指標名");
    }
}
