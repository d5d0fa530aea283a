//! CSV and tab-separated text, already decoded. The app decodes the bytes with the browser's
//! `TextDecoder` (UTF-8 fatal, then Shift_JIS fatal; both failing is
//! [`ImportErrorKind::UnknownEncoding`]), so no encoding tables ship in the wasm.

use super::cell::{CellValue, Sheet};
use super::limits::{check_file_size, check_row_count, MAX_CELL_CHARS, MAX_COLUMNS};
use super::{ImportError, ImportErrorKind};

/// Reads CSV or TSV text (RFC 4180 quoting, CRLF, LF or CR line ends, a leading BOM ignored).
/// The separator is the one the first line uses more of: tab or comma. Every field is text;
/// the columns decide later what it means. A leading apostrophe that the app's export puts
/// before a text starting with `=`, `+`, `-` or `@` (formula injection guard) is removed.
pub fn read_csv(file: &str, text: &str) -> Result<Sheet, ImportError> {
    check_file_size(file, text.len() as u64)?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::new(file, ImportErrorKind::Empty));
    }
    let separator = detect_separator(text);
    let mut rows: Vec<Vec<CellValue>> = Vec::new();
    let mut row: Vec<CellValue> = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut row_count = 0usize;
    // While past the row limit, rows are counted, not kept.
    let mut keep = true;
    let mut quoted_since: Option<usize> = None;
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        if quoted_since.is_some() {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted_since = None;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted_since = Some(row_count + 1);
                was_quoted = true;
            }
            c if c == separator => {
                push_field(&mut row, &mut field, keep);
                was_quoted = false;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                push_field(&mut row, &mut field, keep);
                was_quoted = false;
                row_count += 1;
                if keep {
                    rows.push(std::mem::take(&mut row));
                    keep = row_count <= super::limits::MAX_ROWS + 1;
                }
                row.clear();
            }
            c => field.push(c),
        }
    }
    if let Some(row) = quoted_since {
        return Err(ImportError::new(
            file,
            ImportErrorKind::UnclosedQuote { row },
        ));
    }
    if !field.is_empty() || !row.is_empty() || was_quoted {
        push_field(&mut row, &mut field, keep);
        row_count += 1;
        if keep {
            rows.push(row);
        }
    }
    while rows
        .last()
        .is_some_and(|row| row.iter().all(CellValue::is_empty))
    {
        rows.pop();
        row_count -= 1;
    }
    check_row_count(file, row_count)?;
    Ok(Sheet {
        name: String::new(),
        rows,
    })
}

fn push_field(row: &mut Vec<CellValue>, field: &mut String, keep: bool) {
    let text = std::mem::take(field);
    if !keep || row.len() >= MAX_COLUMNS {
        return;
    }
    let text = unguard(text);
    let text = if text.chars().count() > MAX_CELL_CHARS {
        text.chars().take(MAX_CELL_CHARS).collect()
    } else {
        text
    };
    row.push(if text.is_empty() {
        CellValue::Empty
    } else {
        CellValue::Text(text)
    });
}

/// `'=1+1` → `=1+1`: undoes the export's guard, in quoted fields too (the export quotes a
/// guarded field that also holds a comma).
fn unguard(text: String) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
        _ => text,
    }
}

/// Tab when the first line has more tabs than commas (outside quotes), else comma.
fn detect_separator(text: &str) -> char {
    let mut tabs = 0;
    let mut commas = 0;
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\t' if !quoted => tabs += 1,
            ',' if !quoted => commas += 1,
            '\r' | '\n' if !quoted => break,
            _ => {}
        }
    }
    if tabs > commas {
        '\t'
    } else {
        ','
    }
}
