//! Workbooks read back by another implementation (calamine): same sheets, texts and numbers.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::super::{Cell, ExportError, Table};
use super::to_xlsx;

fn read(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

fn rows(workbook: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<Vec<Data>> {
    let range = workbook.worksheet_range(sheet).unwrap();
    assert_eq!(range.start(), Some((0, 0)));
    range.rows().map(<[Data]>::to_vec).collect()
}

fn progress() -> Table {
    Table {
        title: "進捗一覧".into(),
        headers: vec![
            "団体コード".into(),
            "市区町村".into(),
            "完了率(%)".into(),
            "施策数".into(),
            "平均進捗".into(),
        ],
        rows: vec![
            vec![
                Cell::text("032085"),
                Cell::text("遠野市"),
                Cell::Percent(3.0 / 7.0),
                Cell::Integer(60),
                Cell::Number(42.25),
            ],
            vec![
                Cell::text("032018"),
                Cell::text("盛岡市 <本庁> & \"支所\"\n二行目"),
                Cell::Empty,
                Cell::Integer(-1),
                Cell::Number(f64::NAN),
            ],
        ],
    }
}

#[test]
fn texts_and_numbers_round_trip() {
    let mut workbook = read(to_xlsx(&[progress()]).unwrap());
    assert_eq!(workbook.sheet_names(), ["進捗一覧"]);
    let rows = rows(&mut workbook, "進捗一覧");
    assert_eq!(
        rows[0],
        ["団体コード", "市区町村", "完了率(%)", "施策数", "平均進捗"]
            .map(|text| Data::String(text.into()))
    );
    assert_eq!(
        rows[1],
        [
            Data::String("032085".into()),
            Data::String("遠野市".into()),
            Data::Float(3.0 / 7.0),
            Data::Float(60.0),
            Data::Float(42.25),
        ]
    );
    assert_eq!(
        rows[2],
        [
            Data::String("032018".into()),
            Data::String("盛岡市 <本庁> & \"支所\"\n二行目".into()),
            Data::Empty,
            Data::Float(-1.0),
            Data::Empty,
        ]
    );
    assert_eq!(rows.len(), 3);
}

#[test]
fn header_is_bold_and_percent_cells_are_formatted() {
    let mut workbook = read(to_xlsx(&[progress()]).unwrap());
    let styles = workbook.worksheet_style("進捗一覧").unwrap();
    let bold = |position| {
        styles
            .get(position)
            .and_then(|style| style.font.as_ref())
            .is_some_and(|font| font.is_bold())
    };
    assert!(bold((0, 0)) && bold((0, 4)));
    assert!(!bold((1, 0)));
    let format = styles
        .get((1, 2))
        .and_then(|style| style.number_format.as_ref())
        .map(|format| format.format_code.clone());
    assert_eq!(format.as_deref(), Some("0.0%"));
}

#[test]
fn one_sheet_per_table_with_valid_unique_names() {
    let sheets = [
        Table {
            title: "集計/岩手".into(),
            ..progress()
        },
        Table {
            title: "集計/岩手".into(),
            headers: vec!["A".into()],
            rows: vec![vec![Cell::Integer(1)]],
        },
        Table {
            title: String::new(),
            headers: vec![],
            rows: vec![vec![Cell::text("見出しなし")]],
        },
    ];
    let mut workbook = read(to_xlsx(&sheets).unwrap());
    assert_eq!(
        workbook.sheet_names(),
        ["集計_岩手", "集計_岩手 (2)", "Sheet3"]
    );
    assert_eq!(
        rows(&mut workbook, "集計_岩手 (2)"),
        [vec![Data::String("A".into())], vec![Data::Float(1.0)]]
    );
    assert_eq!(
        rows(&mut workbook, "Sheet3"),
        [vec![Data::String("見出しなし".into())]]
    );
}

#[test]
fn japanese_text_round_trips_exactly() {
    let texts = [
        "自治体の情報システムの標準化・共通化",
        "ｲﾜﾃｹﾝ（半角カナ）と全角英数ＡＢＣ１２３",
        "令和7年度（FY2025）〜令和8年3月",
        "𠮷野家 and emoji 😀",
        "  leading and trailing spaces  ",
        "=SUM(A1) stays text",
    ];
    let table = Table {
        title: "日本語".into(),
        headers: vec!["テキスト".into()],
        rows: texts.iter().map(|text| vec![Cell::text(*text)]).collect(),
    };
    let mut workbook = read(to_xlsx(&[table]).unwrap());
    let rows = rows(&mut workbook, "日本語");
    let back: Vec<Data> = rows[1..].iter().map(|row| row[0].clone()).collect();
    assert_eq!(back, texts.map(|text| Data::String(text.into())));
}

#[test]
fn equal_tables_give_equal_bytes() {
    assert_eq!(to_xlsx(&[progress()]), to_xlsx(&[progress()]));
}

#[test]
fn refuses_what_excel_cannot_hold() {
    assert_eq!(to_xlsx(&[]), Err(ExportError::NoSheets));
    let long = Table {
        title: "長文".into(),
        headers: vec![],
        rows: vec![vec![Cell::Empty, Cell::text("あ".repeat(32_768))]],
    };
    assert_eq!(
        to_xlsx(&[long]),
        Err(ExportError::TextTooLong {
            sheet: "長文".into(),
            cell: "B1".into()
        })
    );
    let wide = Table {
        title: "wide".into(),
        headers: vec![String::new(); 16_385],
        rows: vec![],
    };
    assert!(matches!(
        to_xlsx(&[wide]),
        Err(ExportError::SheetTooLarge {
            columns: 16_385,
            rows: 1,
            ..
        })
    ));
}

#[test]
fn header_row_is_frozen() {
    let xml = super::worksheet::worksheet(&progress(), "進捗一覧", true, &[]).unwrap();
    assert!(xml
        .contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#));
    assert!(xml.contains(r#"<dimension ref="A1:E3"/>"#));
    assert!(xml.contains(r#"<c r="C2" s="2"><v>0.42857142857142855</v></c>"#));
    let bare = Table {
        headers: vec![],
        ..progress()
    };
    let xml = super::worksheet::worksheet(&bare, "x", false, &[]).unwrap();
    assert!(!xml.contains("<pane"));
}
