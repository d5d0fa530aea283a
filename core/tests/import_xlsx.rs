//! XLSX read by core's own reader: workbooks written by the app's writer and hand-built ones
//! (written with the `zip` crate, as Excel lays them out): shared strings with phonetic
//! guides, inline strings, numbers, dates as serial numbers, percentages, merged header
//! cells, formulas by their cached values, sheet choice. calamine reads the same files as a
//! check of the files themselves.

mod import_support;

use chrono::NaiveDate;
use import_support::*;
use tsunagu_core::export::{to_xlsx, Cell, Table};
use tsunagu_core::import::{
    read_xlsx, xlsx_sheet_names, CellValue, ColumnMapping, ImportErrorKind, SheetChoice, Target,
};

fn text(value: &str) -> CellValue {
    CellValue::Text(value.to_owned())
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="176" formatCode="[$-ja-JP]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="9"/></cellXfs></styleSheet>"#;

const SHARED: &str = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>施策名</t></si><si><t>期限</t></si><si><r><t>書かない</t></r><r><rPr><b/></rPr><t>窓口</t></r><rPh sb="0" eb="4"><t>カカナイ</t></rPh></si><si><t>A &amp; B_x000D_</t></si></sst>"#;

#[test]
fn shared_and_inline_strings_numbers_dates_and_percentages() {
    let sheet_xml = worksheet(
        concat!(
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>進捗率</t></is></c></row>"#,
            r#"<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="1"><v>45747</v></c><c r="C2" s="3"><v>0.4</v></c><c r="D2"><v>1234.5</v></c><c r="E2" t="b"><v>1</v></c></row>"#,
            r#"<row r="4"><c r="A4" t="s"><v>3</v></c><c r="B4" s="2"><v>45382</v></c><c r="C4" t="e"><v>#DIV/0!</v></c></row>"#,
        ),
        "",
    );
    let bytes = hand_built_xlsx(&[("計画", &sheet_xml)], Some(SHARED), Some(STYLES));
    let sheet = read_xlsx("hand.xlsx", &bytes, &SheetChoice::First).expect("read");
    assert_eq!(sheet.name, "計画");
    assert_eq!(
        sheet.rows[0],
        [text("施策名"), text("期限"), text("進捗率")]
    );
    assert_eq!(
        sheet.rows[1],
        [
            text("書かない窓口"),
            CellValue::DateSerial(45747.0),
            CellValue::Percent(0.4),
            CellValue::Number(1234.5),
            CellValue::Bool(true)
        ],
        "rich text joined, the phonetic guide left out"
    );
    assert_eq!(sheet.rows[2], [], "row 3 is absent and stays empty");
    assert_eq!(
        sheet.rows[3],
        [
            text("A & B\r"),
            CellValue::DateSerial(45382.0),
            CellValue::Error("#DIV/0!".into())
        ]
    );
    assert_eq!(
        tsunagu_core::import::serial_date(45747.0),
        NaiveDate::from_ymd_opt(2025, 3, 31)
    );

    // calamine reads the same file the same way.
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("calamine");
    use calamine::Reader;
    let range = workbook.worksheet_range("計画").expect("sheet");
    assert_eq!(
        range.get_value((1, 0)),
        Some(&calamine::Data::String("書かない窓口".into()))
    );
    assert_eq!(
        range.get_value((1, 3)),
        Some(&calamine::Data::Float(1234.5))
    );
}

#[test]
fn formulas_are_read_by_their_cached_values() {
    let sheet_xml = worksheet(
        concat!(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>施策名</t></is></c><c r="B1" t="inlineStr"><is><t>進捗率</t></is></c></row>"#,
            r#"<row r="2"><c r="A2" t="str"><f>CONCAT("窓口","改革")</f><v>窓口改革</v></c><c r="B2"><f>20*2</f><v>40</v></c></row>"#,
            r#"<row r="3"><c r="A3" t="inlineStr"><is><t>施策B</t></is></c><c r="B3"><f>SUM(B1:B2)</f></c></row>"#,
        ),
        "",
    );
    let bytes = hand_built_xlsx(&[("Sheet1", &sheet_xml)], None, None);
    let sheet = read_xlsx("formulas.xlsx", &bytes, &SheetChoice::First).expect("read");
    assert_eq!(sheet.rows[1], [text("窓口改革"), CellValue::Number(40.0)]);
    assert_eq!(
        sheet.rows[2],
        [
            text("施策B"),
            CellValue::FormulaWithoutValue("SUM(B1:B2)".into())
        ]
    );
}

#[test]
fn merged_header_cells_and_a_title_row_above_them() {
    // Row 1: a title merged over the table. Rows 2-3: 施策名 merged down, "KPI" merged
    // across 基準値/目標値/実績.
    let sheet_xml = worksheet(
        concat!(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>遠野市DX推進計画 進捗</t></is></c></row>"#,
            r#"<row r="2"><c r="A2" t="inlineStr"><is><t>施策名</t></is></c><c r="B2" t="inlineStr"><is><t>KPI</t></is></c></row>"#,
            r#"<row r="3"><c r="B3" t="inlineStr"><is><t>基準値</t></is></c><c r="C3" t="inlineStr"><is><t>目標値</t></is></c><c r="D3" t="inlineStr"><is><t>実績</t></is></c></row>"#,
            r#"<row r="4"><c r="A4" t="inlineStr"><is><t>電子申請</t></is></c><c r="B4"><v>1</v></c><c r="C4"><v>2</v></c><c r="D4"><v>3</v></c></row>"#,
        ),
        r#"<mergeCells count="3"><mergeCell ref="A1:D1"/><mergeCell ref="A2:A3"/><mergeCell ref="B2:D2"/></mergeCells>"#,
    );
    let bytes = hand_built_xlsx(&[("Sheet1", &sheet_xml)], None, None);
    let sheet = read_xlsx("merged.xlsx", &bytes, &SheetChoice::First).expect("read");
    assert_eq!(
        sheet.rows[1],
        [text("施策名"), text("KPI"), text("KPI"), text("KPI")]
    );
    assert_eq!(sheet.rows[2][0], text("施策名"), "merged down");
    let mapping = ColumnMapping::recognise("merged.xlsx", &sheet).expect("headers");
    assert_eq!(
        mapping.header_row, 2,
        "the lower header row names more columns"
    );
    assert_eq!(mapping.column_of(Target::Title), Some(0));
    assert_eq!(mapping.column_of(Target::KpiBaseline), Some(1));
    assert_eq!(mapping.column_of(Target::KpiTarget), Some(2));
    assert_eq!(mapping.column_of(Target::KpiActual), Some(3));
}

#[test]
fn the_first_sheet_or_a_chosen_one() {
    let first = Table {
        title: "計画".into(),
        headers: vec!["施策名".into()],
        rows: vec![vec![Cell::text("一つ目")]],
    };
    let second = Table {
        title: "KPI".into(),
        headers: vec!["KPI名".into(), "実績".into()],
        rows: vec![vec![Cell::text("件数"), Cell::Integer(12)]],
    };
    let bytes = to_xlsx(&[first, second]).expect("xlsx");
    assert_eq!(
        xlsx_sheet_names("two.xlsx", &bytes).expect("names"),
        ["計画", "KPI"]
    );
    let sheet = read_xlsx("two.xlsx", &bytes, &SheetChoice::First).expect("read");
    assert_eq!(sheet.rows[1], [text("一つ目")]);
    let sheet = read_xlsx("two.xlsx", &bytes, &SheetChoice::Named("KPI".into())).expect("read");
    assert_eq!(sheet.rows[1], [text("件数"), CellValue::Number(12.0)]);
    let error = read_xlsx("two.xlsx", &bytes, &SheetChoice::Named("なし".into()))
        .expect_err("no such sheet");
    assert_eq!(
        error.kind,
        ImportErrorKind::NoSuchSheet {
            name: "なし".into()
        }
    );
}

#[test]
fn the_apps_percent_cells_read_as_percentages() {
    let table = Table {
        title: "率".into(),
        headers: vec!["施策名".into(), "進捗率".into()],
        rows: vec![vec![Cell::text("窓口"), Cell::Percent(0.25)]],
    };
    let bytes = to_xlsx(&[table]).expect("xlsx");
    let sheet = read_xlsx("rate.xlsx", &bytes, &SheetChoice::First).expect("read");
    assert_eq!(sheet.rows[1][1], CellValue::Percent(0.25));
}

#[test]
fn cells_without_references_shared_formulas_and_iso_dates() {
    // Some writers leave out `r` on rows and cells; Excel writes shared formulas' followers
    // as `<f t="shared" si="0"/>` with their cached values.
    let sheet_xml = worksheet(
        concat!(
            r#"<row><c t="inlineStr"><is><t>施策名</t></is></c><c t="inlineStr"><is><t>進捗率</t></is></c><c t="inlineStr"><is><t>期限</t></is></c></row>"#,
            r#"<row><c t="inlineStr"><is><t>窓口</t></is></c><c><f t="shared" ref="B2:B3" si="0">10*2</f><v>20</v></c><c t="d"><v>2025-03-31</v></c></row>"#,
            r#"<row><c t="inlineStr"><is><t>電子申請</t></is></c><c><f t="shared" si="0"/><v>30</v></c><c/><c t="inlineStr"><is><t>x</t></is></c></row>"#,
        ),
        "",
    );
    let bytes = hand_built_xlsx(&[("Sheet1", &sheet_xml)], None, None);
    let sheet = read_xlsx("plain.xlsx", &bytes, &SheetChoice::First).expect("read");
    assert_eq!(
        sheet.rows[1],
        [text("窓口"), CellValue::Number(20.0), text("2025-03-31")]
    );
    assert_eq!(
        sheet.rows[2],
        [
            text("電子申請"),
            CellValue::Number(30.0),
            CellValue::Empty,
            text("x")
        ],
        "an empty styled cell still takes its column"
    );
}
