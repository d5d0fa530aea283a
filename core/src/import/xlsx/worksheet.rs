//! One worksheet part: its cells (shared strings, inline strings, numbers under date or
//! percent formats, booleans, errors, formulas by their cached values) and its merged ranges,
//! each range's value copied into all its cells so that a header or a policy merged over
//! several cells is read in each.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::styles::{NumberKind, Styles};
use super::xml::{attribute, part_text, resolve_reference, unescape_excel};
use crate::import::cell::CellValue;
use crate::import::limits::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS};

/// Why a worksheet could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorksheetError {
    Malformed(&'static str),
    /// The highest row holding a value (the sheet's extent).
    TooManyRows(usize),
}

/// The `t` attribute of a cell: what its `<v>` holds.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum CellType {
    #[default]
    Number,
    Shared,
    Inline,
    FormulaString,
    Boolean,
    Error,
}

impl CellType {
    fn of(attribute: Option<&str>) -> CellType {
        match attribute {
            Some("s") => CellType::Shared,
            Some("inlineStr") => CellType::Inline,
            // `d` (an ISO date as text) is read as text too; values.rs reads ISO dates.
            Some("str" | "d") => CellType::FormulaString,
            Some("b") => CellType::Boolean,
            Some("e") => CellType::Error,
            _ => CellType::Number,
        }
    }
}

/// Cells being read: the attributes of `<c>` and what its children held.
#[derive(Default)]
struct PendingCell {
    row: usize,
    column: usize,
    kind: CellType,
    style: usize,
    value: Option<String>,
    formula: Option<String>,
    inline: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Inside {
    Nothing,
    Value,
    Formula,
    InlineText,
}

pub fn read_worksheet(
    bytes: &[u8],
    shared: &[String],
    styles: &Styles,
) -> Result<Vec<Vec<CellValue>>, WorksheetError> {
    let text = part_text(bytes).ok_or(WorksheetError::Malformed("worksheet is not UTF-8"))?;
    let mut reader = Reader::from_str(text);
    let mut rows: Vec<Vec<CellValue>> = Vec::new();
    let mut merges: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut cell: Option<PendingCell> = None;
    let mut inside = Inside::Nothing;
    let mut phonetic_depth = 0usize;
    let mut row_number = 0usize;
    let mut next_column = 0usize;
    let mut highest_row = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|_| WorksheetError::Malformed("worksheet is not well-formed"))?;
        match event {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == "row" =>
            {
                row_number = attribute(&element, "r")
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(row_number + 1);
                next_column = 0;
            }
            Event::Start(element) if element.local_name().as_ref() == "c" => {
                cell = Some(start_cell(&element, row_number, next_column));
            }
            Event::Empty(element) if element.local_name().as_ref() == "c" => {
                // A styled empty cell: only its position counts.
                next_column = start_cell(&element, row_number, next_column).column + 1;
            }
            Event::Empty(element) if element.local_name().as_ref() == "mergeCell" => {
                if let Some(range) = attribute(&element, "ref").and_then(|r| parse_range(&r)) {
                    merges.push(range);
                }
            }
            Event::Start(element) => match element.local_name().as_ref() {
                "v" if cell.is_some() => inside = Inside::Value,
                "f" if cell.is_some() => inside = Inside::Formula,
                "rPh" => phonetic_depth += 1,
                "t" if cell.is_some() && phonetic_depth == 0 => inside = Inside::InlineText,
                _ => {}
            },
            Event::Empty(element) if element.local_name().as_ref() == "f" => {
                // A shared formula's follower: `<f t="shared" si="0"/>`, still a formula.
                if let Some(cell) = cell.as_mut() {
                    cell.formula.get_or_insert_with(String::new);
                }
            }
            Event::Text(text) => push_text(&mut cell, inside, &text.xml10_content()),
            Event::CData(text) => push_text(&mut cell, inside, &text.xml10_content()),
            Event::GeneralRef(reference) => {
                if let Some(c) = resolve_reference(&reference) {
                    push_text(&mut cell, inside, c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::End(element) => match element.local_name().as_ref() {
                "c" => {
                    if let Some(done) = cell.take() {
                        next_column = done.column + 1;
                        let (row, column) = (done.row, done.column);
                        let value = finish_cell(done, shared, styles);
                        if row == 0 || column >= MAX_COLUMNS || value.is_empty() {
                            continue;
                        }
                        highest_row = highest_row.max(row);
                        if row > MAX_ROWS + 1 {
                            continue;
                        }
                        if rows.len() < row {
                            rows.resize_with(row, Vec::new);
                        }
                        let cells = &mut rows[row - 1];
                        if cells.len() <= column {
                            cells.resize(column + 1, CellValue::Empty);
                        }
                        cells[column] = value;
                    }
                    inside = Inside::Nothing;
                }
                "v" | "f" | "t" => inside = Inside::Nothing,
                "rPh" => phonetic_depth = phonetic_depth.saturating_sub(1),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if highest_row > MAX_ROWS + 1 {
        return Err(WorksheetError::TooManyRows(highest_row));
    }
    apply_merges(&mut rows, &merges);
    Ok(rows)
}

/// A cell's `r`, `t` and `s`, read in one pass over its raw attributes (none of them can hold
/// an entity) without the duplicate check: three lookups of a checked, normalised value
/// each cost a pass and an allocation, on every cell of a 10,000-row sheet.
fn start_cell(element: &BytesStart<'_>, row: usize, next_column: usize) -> PendingCell {
    let mut cell = PendingCell {
        row,
        column: next_column,
        ..PendingCell::default()
    };
    let mut attributes = element.attributes();
    attributes.with_checks(false);
    for attribute in attributes.flatten() {
        let value = attribute.value.trim();
        match attribute.key.local_name().as_ref() {
            "r" => {
                if let Some((row, column)) = parse_reference(value) {
                    (cell.row, cell.column) = (row, column);
                }
            }
            "t" => cell.kind = CellType::of(Some(value)),
            "s" => cell.style = value.parse().unwrap_or(0),
            _ => {}
        }
    }
    cell
}

fn push_text(cell: &mut Option<PendingCell>, inside: Inside, text: &str) {
    let Some(cell) = cell.as_mut() else { return };
    let target = match inside {
        Inside::Value => &mut cell.value,
        Inside::Formula => &mut cell.formula,
        Inside::InlineText => &mut cell.inline,
        Inside::Nothing => return,
    };
    let target = target.get_or_insert_with(String::new);
    if target.len() < MAX_CELL_CHARS * 4 {
        target.push_str(text);
    }
}

fn finish_cell(cell: PendingCell, shared: &[String], styles: &Styles) -> CellValue {
    let value = cell.value.filter(|v| !v.is_empty());
    if let (Some(formula), None) = (&cell.formula, &value) {
        if cell.kind != CellType::Inline {
            return CellValue::FormulaWithoutValue(formula.clone());
        }
    }
    match cell.kind {
        CellType::Shared => value
            .and_then(|index| index.trim().parse::<usize>().ok())
            .and_then(|index| shared.get(index))
            .map_or(CellValue::Empty, |text| CellValue::Text(text.clone())),
        CellType::Inline => cell.inline.map_or(CellValue::Empty, text_cell),
        CellType::FormulaString => value.map_or(CellValue::Empty, text_cell),
        CellType::Boolean => CellValue::Bool(value.as_deref().map(str::trim) == Some("1")),
        CellType::Error => CellValue::Error(value.unwrap_or_default()),
        CellType::Number => match value.as_deref().map(str::trim).map(str::parse::<f64>) {
            Some(Ok(number)) if number.is_finite() => match styles.kind(cell.style) {
                NumberKind::Date => CellValue::DateSerial(number),
                NumberKind::Percent => CellValue::Percent(number),
                NumberKind::Plain => CellValue::Number(number),
            },
            Some(_) => CellValue::Error(value.unwrap_or_default()),
            None => CellValue::Empty,
        },
    }
}

fn text_cell(text: String) -> CellValue {
    let text = match unescape_excel(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(unescaped) => unescaped,
    };
    if text.is_empty() {
        CellValue::Empty
    } else if text.len() <= MAX_CELL_CHARS {
        CellValue::Text(text)
    } else {
        CellValue::Text(text.chars().take(MAX_CELL_CHARS).collect())
    }
}

/// `B3` → `(3, 1)`: row number from 1, column index from 0.
fn parse_reference(reference: &str) -> Option<(usize, usize)> {
    let split = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = reference.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let column = letters.bytes().try_fold(0usize, |column, byte| {
        byte.is_ascii_alphabetic()
            .then(|| column * 26 + usize::from(byte.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: usize = digits.parse().ok()?;
    (row > 0).then_some((row, column - 1))
}

/// `A1:C2` → first row, first column, last row, last column (rows from 1).
fn parse_range(range: &str) -> Option<(usize, usize, usize, usize)> {
    let (first, last) = range.split_once(':')?;
    let (top, left) = parse_reference(first)?;
    let (bottom, right) = parse_reference(last)?;
    (top <= bottom && left <= right).then_some((top, left, bottom, right))
}

/// Copies each merged range's top-left value into its other cells, within the rows and
/// columns that hold values (a range over a whole sheet costs no more than the sheet).
fn apply_merges(rows: &mut [Vec<CellValue>], merges: &[(usize, usize, usize, usize)]) {
    let used_columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    for &(top, left, bottom, right) in merges {
        let value = rows
            .get(top - 1)
            .and_then(|cells| cells.get(left))
            .cloned()
            .unwrap_or(CellValue::Empty);
        if value.is_empty() {
            continue;
        }
        let right = right.min(used_columns.saturating_sub(1));
        let bottom = bottom.min(rows.len());
        for cells in rows.iter_mut().take(bottom).skip(top - 1) {
            if cells.len() <= right {
                cells.resize(right + 1, CellValue::Empty);
            }
            for cell in cells.iter_mut().take(right + 1).skip(left) {
                if cell.is_empty() {
                    *cell = value.clone();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_ranges() {
        assert_eq!(parse_reference("A1"), Some((1, 0)));
        assert_eq!(parse_reference("AB12"), Some((12, 27)));
        assert_eq!(parse_reference("A0"), None);
        assert_eq!(parse_reference("12"), None);
        assert_eq!(parse_range("A1:C2"), Some((1, 0, 2, 2)));
        assert_eq!(parse_range("C2:A1"), None);
    }
}
