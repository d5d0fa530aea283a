//! Files that must be refused, each with a message naming the file (and the row and column
//! where one applies): damaged and truncated workbooks, ZIP bombs, a file over 50 MB, a
//! password-protected workbook, an old .xls, 100,000 rows; and cells refused in an
//! otherwise good file (a formula without a cached value, 令和99年13月), which refuse their
//! row only.

mod import_support;

use import_support::*;
use tsunagu_core::export::{to_xlsx, Cell, Table};
use tsunagu_core::import::{
    preview_plan_import, read_csv, read_xlsx, ColumnMapping, ImportError, ImportErrorKind,
    PlanContext, RefusalReason, SheetChoice, MAX_FILE_BYTES, MAX_ROWS,
};
use tsunagu_core::lang::Lang;

fn small_workbook() -> Vec<u8> {
    let table = Table {
        title: "計画".into(),
        headers: vec!["施策名".into(), "状況".into()],
        rows: (0..200)
            .map(|i| vec![Cell::text(format!("施策{i}")), Cell::text("作業中")])
            .collect(),
    };
    to_xlsx(&[table]).expect("xlsx")
}

fn refused(file: &str, bytes: &[u8]) -> ImportError {
    let error = read_xlsx(file, bytes, &SheetChoice::First).expect_err("refused");
    assert_names_file(&error, file);
    error
}

#[test]
fn truncated_and_damaged_workbooks() {
    let bytes = small_workbook();
    for cut in [10, bytes.len() / 2, bytes.len() - 10] {
        let error = refused("cut.xlsx", &bytes[..cut]);
        assert!(
            matches!(error.kind, ImportErrorKind::Corrupt { .. }),
            "{error:?}"
        );
    }
    // Damaged deflate data in the middle of the archive.
    let mut damaged = bytes.clone();
    let middle = damaged.len() / 3;
    for byte in &mut damaged[middle..middle + 64] {
        *byte ^= 0x5A;
    }
    let error = refused("damaged.xlsx", &damaged);
    assert!(
        matches!(error.kind, ImportErrorKind::Corrupt { .. }),
        "{error:?}"
    );
    let error = refused("text.xlsx", "施策名,状況\r\n".as_bytes());
    assert!(matches!(error.kind, ImportErrorKind::Corrupt { .. }));
    let error = refused("empty.xlsx", b"");
    assert_eq!(error.kind, ImportErrorKind::Empty);
    let message = refused("cut.xlsx", &bytes[..100]).message(Lang::Ja);
    assert!(message.contains("壊れている"), "{message}");
}

/// The offset in `zip` of the central directory entry of `name`.
fn central_entry(zip: &[u8], name: &str) -> usize {
    zip.windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x01\x02")
        .map(|(at, _)| at)
        .find(|&at| zip[at + 46..].starts_with(name.as_bytes()))
        .expect("entry in the central directory")
}

fn set_u32(bytes: &mut [u8], at: usize, value: u32) {
    bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

/// A workbook whose sheet is one cell of 8 MB of zeros: compresses about 1,000 times.
fn bomb() -> Vec<u8> {
    let zeros = "0".repeat(8 * 1024 * 1024);
    let xml = worksheet(
        &format!(r#"<row><c t="inlineStr"><is><t>{zeros}</t></is></c></row>"#),
        "",
    );
    hand_built_xlsx(&[("Sheet1", &xml)], None, None)
}

#[test]
fn zip_bombs_claiming_or_inflating_beyond_the_limits() {
    let honest = bomb();
    let error = refused("bomb.xlsx", &honest);
    assert_eq!(
        error.kind,
        ImportErrorKind::ZipBomb {
            entry: "xl/worksheets/sheet1.xml".into()
        }
    );
    // An entry that claims gigabytes.
    let mut claims = honest.clone();
    let entry = central_entry(&claims, "xl/worksheets/sheet1.xml");
    set_u32(&mut claims, entry + 24, 4_000_000_000);
    let error = refused("claims.xlsx", &claims);
    assert!(
        matches!(error.kind, ImportErrorKind::ZipBomb { .. }),
        "{error:?}"
    );
    // An entry that claims a few bytes and inflates far beyond: stopped while inflating.
    let mut lies = honest;
    set_u32(&mut lies, entry + 24, 1_000);
    let error = refused("lies.xlsx", &lies);
    assert!(
        matches!(error.kind, ImportErrorKind::ZipBomb { .. }),
        "{error:?}"
    );
    assert!(error.message(Lang::En).contains("expand beyond the limit"));
}

#[test]
fn a_file_over_50_mb_is_refused_before_it_is_read() {
    let big = vec![b'a'; MAX_FILE_BYTES as usize + 1];
    let error = refused("big.xlsx", &big);
    assert!(matches!(error.kind, ImportErrorKind::FileTooLarge { .. }));
    assert!(error.message(Lang::Ja).contains("50 MB"));
    let text = String::from_utf8(big).expect("ascii");
    let error = read_csv("big.csv", &text).expect_err("too large");
    assert!(matches!(error.kind, ImportErrorKind::FileTooLarge { .. }));
    assert_names_file(&error, "big.csv");
}

#[test]
fn a_password_protected_workbook_and_an_old_xls() {
    // An encrypted OOXML workbook is an OLE compound file with an EncryptedPackage stream.
    let mut encrypted = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    encrypted.resize(1024, 0);
    let stream: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    encrypted.extend_from_slice(&stream);
    encrypted.resize(4096, 0);
    let error = refused("secret.xlsx", &encrypted);
    assert_eq!(error.kind, ImportErrorKind::PasswordProtected);
    assert!(error.message(Lang::Ja).contains("パスワード"));
    assert!(error
        .message(Lang::En)
        .contains("save it without a password"));
    let mut xls = encrypted[..8].to_vec();
    xls.resize(4096, 0);
    assert_eq!(refused("old.xls", &xls).kind, ImportErrorKind::LegacyXls);
}

#[test]
fn a_hundred_thousand_rows_are_refused_with_the_limit() {
    let mut csv = String::from("施策名,状況\r\n");
    for i in 0..100_000 {
        csv.push_str(&format!("施策{i},完了\r\n"));
    }
    let error = read_csv("huge.csv", &csv).expect_err("too many rows");
    assert_eq!(error.kind, ImportErrorKind::TooManyRows { rows: 100_000 });
    let message = error.message(Lang::Ja);
    assert!(message.contains("huge.csv") && message.contains(&MAX_ROWS.to_string()));

    let rows: String = (2..=100_001)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#))
        .collect();
    let xml = worksheet(
        &format!(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>施策名</t></is></c></row>{rows}"#),
        "",
    );
    let bytes = hand_built_xlsx(&[("Sheet1", &xml)], None, None);
    let error = refused("huge.xlsx", &bytes);
    assert_eq!(error.kind, ImportErrorKind::TooManyRows { rows: 100_000 });
    // At the limit, it is read.
    let mut csv = String::from("施策名\r\n");
    for i in 0..MAX_ROWS {
        csv.push_str(&format!("施策{i}\r\n"));
    }
    assert_eq!(
        read_csv("limit.csv", &csv).expect("read").rows.len(),
        MAX_ROWS + 1
    );
}

#[test]
fn a_formula_without_value_and_reiwa_99_refuse_their_rows_with_row_and_column() {
    let xml = worksheet(
        concat!(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>施策名</t></is></c><c r="B1" t="inlineStr"><is><t>進捗率</t></is></c><c r="C1" t="inlineStr"><is><t>期限</t></is></c></row>"#,
            r#"<row r="2"><c r="A2" t="inlineStr"><is><t>書かない窓口</t></is></c><c r="B2"><v>50</v></c><c r="C2" t="inlineStr"><is><t>R7.3.31</t></is></c></row>"#,
            r#"<row r="3"><c r="A3" t="inlineStr"><is><t>電子申請</t></is></c><c r="B3"><f>B2*2</f></c></row>"#,
            r#"<row r="4"><c r="A4" t="inlineStr"><is><t>AI-OCR</t></is></c><c r="C4" t="inlineStr"><is><t>令和99年13月</t></is></c></row>"#,
        ),
        "",
    );
    let bytes = hand_built_xlsx(&[("Sheet1", &xml)], None, None);
    let sheet = read_xlsx("cells.xlsx", &bytes, &SheetChoice::First).expect("read");
    let plan = plan();
    let areas = areas();
    let context = PlanContext {
        plan_id: PLAN_ID,
        plan: &plan,
        measures: &[],
        kpis: &[],
        areas: &areas,
        lang: Lang::Ja,
    };
    let mapping = ColumnMapping::recognise("cells.xlsx", &sheet).expect("headers");
    let preview = preview_plan_import("cells.xlsx", &sheet, &mapping, &context).expect("preview");
    assert_eq!(preview.refused.len(), 2);
    let formula = &preview.refused[0];
    assert_eq!(formula.row, 3);
    assert_eq!(formula.reason, RefusalReason::FormulaWithoutValue);
    assert_eq!(
        formula.message(Lang::Ja),
        "3行目 B列「進捗率」: 数式の計算結果が保存されていません。Excelで開いて保存し直すか、値を貼り付けてください。"
    );
    let date = &preview.refused[1];
    assert_eq!(date.row, 4);
    assert_eq!(
        date.reason,
        RefusalReason::InvalidDate {
            text: "令和99年13月".into()
        }
    );
    assert!(date
        .message(Lang::En)
        .starts_with("Row 4, column C (期限): \"令和99年13月\" is not a date"));
    // The good row alone is added; the refused rows write nothing.
    assert_eq!(preview.changes.len(), 1);
    assert_eq!(preview.changes[0].title, "書かない窓口");
}

#[test]
fn a_merge_over_the_whole_sheet_stays_within_the_cells_used() {
    let xml = worksheet(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>施策名</t></is></c><c r="B1" t="inlineStr"><is><t>状況</t></is></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>x</t></is></c></row>"#,
        r#"<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>"#,
    );
    let bytes = hand_built_xlsx(&[("Sheet1", &xml)], None, None);
    let sheet = read_xlsx("merge.xlsx", &bytes, &SheetChoice::First).expect("read");
    assert_eq!(sheet.rows.len(), 3);
    assert!(sheet.rows.iter().all(|row| row.len() <= 2));
}
