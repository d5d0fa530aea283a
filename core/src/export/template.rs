//! The empty workbook staff download to fill in and import: the header row the import
//! recognises, the five statuses and the 重点 mark as drop-down lists, and a second sheet
//! explaining each column. In Japanese, which is what staff fill it in.

use super::{to_xlsx_with_lists, Cell, ExportError, ListValidation, Table};
use crate::domain::Status;

/// Rows of the data sheet that get the drop-down lists (the header is row 1).
const LIST_ROWS: usize = 2_000;

/// The template's columns: header, what it holds, an example.
const COLUMNS: [(&str, &str, &str); 17] = [
    ("施策", "施策(個別施策)の名称。必須です。同じ基本施策の中で同じ名称の行は、同じ施策として更新されます。", "書かない窓口の導入"),
    ("基本施策", "この施策が属する基本施策の名称。計画に登録済みの基本施策と同じ名称で書いてください。", "行政サービスのデジタル化"),
    ("分野", "取組分野(例: 行政手続のオンライン化)。空欄でも構いません。", "自治体の行政手続のオンライン化"),
    ("重点", "重点取組なら「○」、そうでなければ空欄。", "○"),
    ("担当課", "担当する課の名称。", "総務課"),
    ("状況", "未着手・作業中・完了・実施しない・対象外のいずれか(一覧から選べます)。空欄なら変更しません(新しい施策は未着手)。", "作業中"),
    ("進捗(%)", "0〜100の数値。「40」「40%」「４０」と書けます。空欄なら変更しません。", "40"),
    ("開始年度", "令和7年度、R7、2025 のように書きます。", "令和6年度"),
    ("終了年度", "開始年度より前にはできません。", "令和8年度"),
    ("期限", "令和7年3月31日、R7.3.31、2025/3/31 のように書きます。", "令和8年3月31日"),
    ("備考", "自由記述。改行もできます。", "ぴったりサービスの26手続"),
    ("KPI名", "成果指標の名称。同じ施策のKPIは名称で照合します。KPIがなければ空欄。", "オンライン申請件数"),
    ("単位", "KPIの単位。", "件"),
    ("基準値", "KPIの基準値(数値)。", "120"),
    ("年度", "目標値・実績の年度。年度ごとに1行ずつ書けます(施策の列は同じ値にしてください)。", "令和7年度"),
    ("目標値", "その年度の目標値(数値)。", "500"),
    ("実績", "その年度の実績(数値)。", "432"),
];

/// The template as tables: the empty data sheet and the explanation sheet.
pub fn import_template() -> (Vec<Table>, Vec<ListValidation>) {
    let data = Table {
        title: "施策".to_owned(),
        headers: COLUMNS
            .iter()
            .map(|(header, _, _)| (*header).to_owned())
            .collect(),
        rows: Vec::new(),
    };
    let help = Table {
        title: "説明".to_owned(),
        headers: vec!["列".to_owned(), "説明".to_owned(), "例".to_owned()],
        rows: COLUMNS
            .iter()
            .map(|(header, help, example)| {
                vec![Cell::text(*header), Cell::text(*help), Cell::text(*example)]
            })
            .collect(),
    };
    let column = |name: &str| {
        COLUMNS
            .iter()
            .position(|(header, _, _)| *header == name)
            .unwrap_or(0)
    };
    let lists = vec![
        ListValidation {
            sheet: 0,
            column: column("状況"),
            first_row: 2,
            last_row: LIST_ROWS,
            values: Status::LABELS_JA.iter().map(|s| (*s).to_owned()).collect(),
        },
        ListValidation {
            sheet: 0,
            column: column("重点"),
            first_row: 2,
            last_row: LIST_ROWS,
            values: vec!["○".to_owned()],
        },
    ];
    (vec![data, help], lists)
}

/// The template workbook's bytes.
pub fn import_template_xlsx() -> Result<Vec<u8>, ExportError> {
    let (tables, lists) = import_template();
    to_xlsx_with_lists(&tables, &lists)
}
