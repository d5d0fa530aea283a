//! CSV that Japanese Excel opens as it is: UTF-8 with a byte-order mark (without it Excel reads
//! Shift_JIS and garbles the text), CRLF line ends, RFC 4180 quoting.

use super::{Cell, Table};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the header row then every row. Percent cells are written as a number of percent with
/// one decimal (`42.9`); non-finite numbers as empty fields.
///
/// Formula injection: a spreadsheet runs a field that starts with `=`, `+`, `-` or `@` (and
/// some run a leading tab or carriage return) as a formula, so such a text cell gets a leading
/// apostrophe (`'=1+1`), which Excel shows as text. Number cells are not touched: `-3` stays a
/// number.
pub fn to_csv(table: &Table) -> Vec<u8> {
    let mut out = String::new();
    if !table.headers.is_empty() {
        write_line(
            &mut out,
            table.headers.iter().map(|header| text_field(header)),
        );
    }
    for row in &table.rows {
        write_line(&mut out, row.iter().map(field));
    }
    let mut bytes = Vec::with_capacity(BOM.len() + out.len());
    bytes.extend_from_slice(BOM);
    bytes.extend_from_slice(out.as_bytes());
    bytes
}

fn write_line(out: &mut String, fields: impl Iterator<Item = String>) {
    for (index, value) in fields.enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&value);
    }
    out.push_str("\r\n");
}

fn field(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => text_field(text),
        Cell::Integer(value) => value.to_string(),
        Cell::Number(value) if value.is_finite() => value.to_string(),
        Cell::Percent(fraction) if fraction.is_finite() => {
            format!("{:.1}", percent_one_decimal(*fraction))
        }
        Cell::Number(_) | Cell::Percent(_) => String::new(),
    }
}

/// Rounded half away from zero, as reports print it (0.4285 → 42.9, 0.0005 → 0.1).
pub(crate) fn percent_one_decimal(fraction: f64) -> f64 {
    (fraction * 1000.0).round() / 10.0
}

fn text_field(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: Vec<Vec<Cell>>) -> Table {
        Table {
            title: "ignored".into(),
            headers: vec!["名前".into(), "完了率(%)".into()],
            rows,
        }
    }

    #[test]
    fn bom_crlf_and_plain_fields() {
        let bytes = to_csv(&table(vec![
            vec![Cell::text("遠野市"), Cell::Percent(3.0 / 7.0)],
            vec![Cell::text("盛岡市"), Cell::Empty],
        ]));
        assert_eq!(
            bytes,
            "\u{FEFF}名前,完了率(%)\r\n遠野市,42.9\r\n盛岡市,\r\n".as_bytes()
        );
        assert_eq!(&bytes[..3], [0xEF, 0xBB, 0xBF]);
    }

    #[test]
    fn quotes_commas_quotes_and_line_breaks() {
        let bytes = to_csv(&table(vec![vec![
            Cell::text("a,b"),
            Cell::text("say \"hi\""),
            Cell::text("two\nlines"),
            Cell::text("cr\r"),
            Cell::text(" spaced "),
        ]]));
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text.lines().nth(1).map(str::to_owned),
            Some("\"a,b\",\"say \"\"hi\"\"\",\"two".to_owned())
        );
        assert!(text.ends_with(",\"two\nlines\",\"cr\r\", spaced \r\n"));
    }

    #[test]
    fn guards_against_formula_injection() {
        let bytes = to_csv(&Table {
            title: String::new(),
            headers: vec!["=HEADER".into()],
            rows: vec![vec![
                Cell::text("=1+1"),
                Cell::text("+81"),
                Cell::text("-x"),
                Cell::text("@SUM(A1)"),
                Cell::text("\tx"),
                Cell::text("=HYPERLINK(\"http://x\",\"a,b\")"),
                Cell::text("a=b"),
                Cell::Integer(-3),
                Cell::Number(-0.5),
            ]],
        });
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\u{FEFF}'=HEADER\r\n'=1+1,'+81,'-x,'@SUM(A1),'\tx,\
             \"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\",a=b,-3,-0.5\r\n"
        );
    }

    #[test]
    fn numbers_and_percent_rounding() {
        let bytes = to_csv(&Table {
            title: String::new(),
            headers: vec![],
            rows: vec![vec![
                Cell::Integer(1741),
                Cell::Number(12.25),
                Cell::Number(f64::NAN),
                Cell::Percent(1.0),
                Cell::Percent(0.0),
                Cell::Percent(2.0 / 3.0),
                Cell::Percent(0.0005),
                Cell::Percent(f64::INFINITY),
            ]],
        });
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\u{FEFF}1741,12.25,,100.0,0.0,66.7,0.1,\r\n"
        );
    }

    #[test]
    fn an_empty_table_is_just_the_bom() {
        assert_eq!(to_csv(&Table::default()), BOM);
    }
}
