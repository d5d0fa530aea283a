//! One table as a SpreadsheetML worksheet: bold header row frozen at the top, numbers as
//! numbers, text as inline strings (no shared-string table to keep in step), column widths
//! from the longest text.

use std::fmt::Write;

use super::super::{Cell, ExportError, ListValidation, Table};
use super::parts::{STYLE_HEADER, STYLE_PERCENT};

const MAX_ROWS: usize = 1_048_576;
const MAX_COLUMNS: usize = 16_384;
const MAX_TEXT: usize = 32_767;
/// Widths in characters of the default font; wide (CJK) characters count two.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

pub fn worksheet(
    table: &Table,
    sheet: &str,
    selected: bool,
    validations: &[&ListValidation],
) -> Result<String, ExportError> {
    let has_header = !table.headers.is_empty();
    let row_count = table.rows.len() + usize::from(has_header);
    let column_count = table
        .rows
        .iter()
        .map(Vec::len)
        .chain([table.headers.len()])
        .max()
        .unwrap_or(0);
    if row_count > MAX_ROWS || column_count > MAX_COLUMNS {
        return Err(ExportError::SheetTooLarge {
            sheet: sheet.to_owned(),
            rows: row_count,
            columns: column_count,
        });
    }

    let mut xml = String::with_capacity(64 + row_count * column_count * 24);
    xml.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#,
        r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
    ));
    if row_count > 0 && column_count > 0 {
        let _ = write!(
            xml,
            r#"<dimension ref="A1:{}{row_count}"/>"#,
            column_name(column_count - 1)
        );
    }
    let tab = if selected { r#" tabSelected="1""# } else { "" };
    let _ = write!(xml, r#"<sheetViews><sheetView workbookViewId="0"{tab}>"#);
    if has_header {
        xml.push_str(concat!(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#,
            r#"<selection pane="bottomLeft"/>"#
        ));
    }
    xml.push_str("</sheetView></sheetViews>");
    write_widths(&mut xml, table, column_count);

    xml.push_str("<sheetData>");
    let mut row_number = 0;
    if has_header {
        row_number += 1;
        let header: Vec<Cell> = table.headers.iter().cloned().map(Cell::Text).collect();
        write_row(&mut xml, sheet, row_number, &header, Some(STYLE_HEADER))?;
    }
    for row in &table.rows {
        row_number += 1;
        write_row(&mut xml, sheet, row_number, row, None)?;
    }
    xml.push_str("</sheetData>");
    write_validations(&mut xml, validations);
    xml.push_str("</worksheet>");
    Ok(xml)
}

/// Drop-down lists: `<dataValidations>` comes after `<sheetData>` (nothing else we write
/// sits between them in the schema's order). The list is given inline, as Excel does for a
/// list typed in its dialog (at most 255 characters).
fn write_validations(xml: &mut String, validations: &[&ListValidation]) {
    if validations.is_empty() {
        return;
    }
    let _ = write!(xml, r#"<dataValidations count="{}">"#, validations.len());
    for validation in validations {
        let column = column_name(validation.column);
        let _ = write!(
            xml,
            r#"<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="{column}{}:{column}{}"><formula1>""#,
            validation.first_row, validation.last_row
        );
        escape_into(xml, &validation.values.join(","));
        xml.push_str(r#""</formula1></dataValidation>"#);
    }
    xml.push_str("</dataValidations>");
}

fn write_row(
    xml: &mut String,
    sheet: &str,
    row_number: usize,
    cells: &[Cell],
    style: Option<u8>,
) -> Result<(), ExportError> {
    let _ = write!(xml, r#"<row r="{row_number}">"#);
    for (column, cell) in cells.iter().enumerate() {
        let reference = format!("{}{row_number}", column_name(column));
        let style = match (style, cell) {
            (Some(style), _) => format!(r#" s="{style}""#),
            (None, Cell::Percent(_)) => format!(r#" s="{STYLE_PERCENT}""#),
            (None, _) => String::new(),
        };
        match cell {
            Cell::Empty => {}
            Cell::Text(text) => {
                if text.chars().count() > MAX_TEXT {
                    return Err(ExportError::TextTooLong {
                        sheet: sheet.to_owned(),
                        cell: reference,
                    });
                }
                let _ = write!(
                    xml,
                    r#"<c r="{reference}"{style} t="inlineStr"><is><t xml:space="preserve">"#
                );
                escape_into(xml, text);
                xml.push_str("</t></is></c>");
            }
            Cell::Integer(value) => {
                let _ = write!(xml, r#"<c r="{reference}"{style}><v>{value}</v></c>"#);
            }
            // NaN and infinities have no spreadsheet value: the cell stays empty.
            Cell::Number(value) | Cell::Percent(value) if value.is_finite() => {
                let _ = write!(xml, r#"<c r="{reference}"{style}><v>{value}</v></c>"#);
            }
            Cell::Number(_) | Cell::Percent(_) => {}
        }
    }
    xml.push_str("</row>");
    Ok(())
}

fn write_widths(xml: &mut String, table: &Table, column_count: usize) {
    if column_count == 0 {
        return;
    }
    let mut widths = vec![MIN_WIDTH; column_count];
    let texts = table
        .headers
        .iter()
        .enumerate()
        .map(|(column, header)| (column, header.as_str()));
    let cells = table.rows.iter().flat_map(|row| {
        row.iter()
            .enumerate()
            .filter_map(|(column, cell)| match cell {
                Cell::Text(text) => Some((column, text.as_str())),
                _ => None,
            })
    });
    for (column, text) in texts.chain(cells) {
        let width = text.lines().map(display_width).max().unwrap_or(0) + 2;
        widths[column] = widths[column].max(width.min(MAX_WIDTH));
    }
    xml.push_str("<cols>");
    for (index, width) in widths.iter().enumerate() {
        let number = index + 1;
        let _ = write!(
            xml,
            r#"<col min="{number}" max="{number}" width="{width}" customWidth="1"/>"#
        );
    }
    xml.push_str("</cols>");
}

/// Characters of the default font a text needs: two for wide (CJK, full-width) characters.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| if c >= '\u{1100}' { 2 } else { 1 })
        .sum()
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn column_name(index: usize) -> String {
    let mut name = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        name.push(b'A' + digit as u8);
        rest = (rest - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

pub use crate::text::escape_into;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702, 16_383]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(
            names,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"]
        );
    }

    #[test]
    fn escapes_markup_and_drops_invalid_characters() {
        let mut xml = String::new();
        escape_into(&mut xml, "a<b>&\"c\"\u{0}\u{1F}\t\n\u{FFFF}遠野");
        assert_eq!(xml, "a&lt;b&gt;&amp;&quot;c&quot;\t\n遠野");
    }

    #[test]
    fn wide_characters_count_two() {
        assert_eq!(display_width("遠野市 ab"), 9);
    }
}
