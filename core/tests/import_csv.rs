//! CSV as staff save it: UTF-8 with or without BOM, Shift_JIS (Japanese Excel's default),
//! tab-separated, quoted fields; and the encodings and quotes that cannot be read.

mod import_support;

use import_support::*;
use tsunagu_core::import::{read_csv, CellValue, ColumnMapping, ImportErrorKind, Sheet, Target};

fn texts(sheet: &Sheet) -> Vec<Vec<String>> {
    sheet
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| c.as_text().unwrap_or_default())
                .collect()
        })
        .collect()
}

const PLAN_CSV: &str = "施策名,担当課,状況,進捗率,期限\r\n書かない窓口,市民課,作業中,４０％,令和7年3月31日\r\n\"電子申請, 26手続\",総務課,完了,100,R7.3.31\r\n";

#[test]
fn utf8_with_and_without_bom_read_the_same() {
    let with_bom = format!("\u{FEFF}{PLAN_CSV}");
    let a = read_csv("a.csv", PLAN_CSV).expect("read");
    let b = read_csv("b.csv", &with_bom).expect("read");
    assert_eq!(a, b);
    assert_eq!(
        texts(&a)[0][0],
        "施策名",
        "the BOM is not part of the first header"
    );
    assert_eq!(texts(&a)[2][0], "電子申請, 26手続");
    let mapping = ColumnMapping::recognise("a.csv", &a).expect("headers");
    assert_eq!(mapping.column_of(Target::Title), Some(0));
    assert_eq!(mapping.column_of(Target::Percent), Some(3));
    assert_eq!(mapping.column_of(Target::Deadline), Some(4));
}

#[test]
fn shift_jis_decoded_as_the_app_does() {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(PLAN_CSV);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "really Shift_JIS");
    let text = decode_like_the_app("sjis.csv", &bytes).expect("decodes as Shift_JIS");
    let sheet = read_csv("sjis.csv", &text).expect("read");
    assert_eq!(sheet, read_csv("utf8.csv", PLAN_CSV).expect("read"));
}

#[test]
fn mixed_encodings_are_refused_naming_the_file() {
    // A UTF-8 file with Shift_JIS lines pasted in: neither decoder reads it all.
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("電子申請,総務課\r\n");
    let mut bytes = "施策名,担当課\r\n書かない窓口,市民課\r\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(&sjis);
    bytes.extend_from_slice("窓口,課\r\n".as_bytes());
    let error = decode_like_the_app("mixed.csv", &bytes).expect_err("mixed");
    assert_eq!(error.kind, ImportErrorKind::UnknownEncoding);
    assert_names_file(&error, "mixed.csv");
}

#[test]
fn tab_separated_and_line_ends() {
    let sheet = read_csv("tsv.txt", "施策名\t状況\n窓口, 受付\t完了\r施策B\t作業中").expect("read");
    assert_eq!(
        texts(&sheet),
        [
            ["施策名", "状況"],
            ["窓口, 受付", "完了"],
            ["施策B", "作業中"]
        ]
    );
}

#[test]
fn quotes_line_breaks_and_the_exports_formula_guard() {
    let sheet = read_csv(
        "q.csv",
        "a,b,c\r\n\"two\nlines\",\"say \"\"hi\"\"\",'=1+1\r\n\"'-x, y\",,'plain\r\n\r\n\r\n",
    )
    .expect("read");
    assert_eq!(sheet.rows.len(), 3, "trailing blank rows dropped");
    assert_eq!(texts(&sheet)[1], ["two\nlines", "say \"hi\"", "=1+1"]);
    assert_eq!(texts(&sheet)[2], ["-x, y", "", "'plain"]);
    assert_eq!(sheet.rows[2][1], CellValue::Empty);
}

#[test]
fn an_unclosed_quote_is_refused_with_its_row() {
    let error = read_csv(
        "broken.csv",
        "施策名,状況\r\n窓口,完了\r\n\"電子申請,作業中\r\n次,完了\r\n",
    )
    .expect_err("unclosed");
    assert_eq!(error.kind, ImportErrorKind::UnclosedQuote { row: 3 });
    assert_names_file(&error, "broken.csv");
    assert!(error
        .message(tsunagu_core::lang::Lang::Ja)
        .contains("3行目"));
}

#[test]
fn an_empty_file_is_refused() {
    let error = read_csv("empty.csv", "\u{FEFF}\r\n").expect_err("empty");
    assert_eq!(error.kind, ImportErrorKind::Empty);
}
