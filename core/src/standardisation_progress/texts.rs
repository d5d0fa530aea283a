//! The words of the prefecture's standardisation progress, written by the tools module.

use crate::lang::Lang;

#[derive(Debug)]
pub struct ProgressTexts {
    pub overall: &'static str,
    pub by_system: &'static str,
    pub by_step: &'static str,
    pub by_municipality: &'static str,
    pub col_system: &'static str,
    pub col_overall: &'static str,
    pub col_municipality: &'static str,
    pub col_completion: &'static str,
    /// `3 / 25`: done of the steps that count.
    pub done_of: fn(u32, u32) -> String,
    pub export_csv: &'static str,
    pub export_xlsx: &'static str,
    pub print: &'static str,
    /// `{detail}`: why the progress or a file could not be made.
    pub failed: &'static str,
}

pub fn progress_texts(lang: Lang) -> &'static ProgressTexts {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

static JA: ProgressTexts = ProgressTexts {
    overall: "全体の完了率",
    by_system: "業務ごとの完了率",
    by_step: "手順ごとの完了率",
    by_municipality: "市町村ごとの完了率(低い順)",
    col_system: "業務",
    col_overall: "全体",
    col_municipality: "市町村",
    col_completion: "完了率",
    done_of: |done, counted| format!("{done} / {counted}"),
    export_csv: "CSVで保存",
    export_xlsx: "Excel(XLSX)で保存",
    print: "印刷",
    failed: "標準化の進捗を表示できませんでした（{detail}）。",
};

static EN: ProgressTexts = ProgressTexts {
    overall: "Overall completion",
    by_system: "Completion per system",
    by_step: "Completion per step",
    by_municipality: "Completion per municipality (lowest first)",
    col_system: "System",
    col_overall: "Overall",
    col_municipality: "Municipality",
    col_completion: "Completion",
    done_of: |done, counted| format!("{done} of {counted}"),
    export_csv: "Save as CSV",
    export_xlsx: "Save as Excel (XLSX)",
    print: "Print",
    failed: "The standardisation progress could not be shown ({detail}).",
};
