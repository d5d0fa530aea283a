//! What a reader hands on: a grid of cells as the file held them, before any column means
//! anything.

/// One cell as read. Dates in XLSX are numbers with a date format, kept apart here so that a
/// serial number in a date column is read as a date and elsewhere as a number.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    Text(String),
    Number(f64),
    /// An XLSX number under a date format: days since 1899-12-30 (Excel's 1900 system).
    DateSerial(f64),
    /// An XLSX number under a percent format (`0.4` shown as `40%`).
    Percent(f64),
    Bool(bool),
    /// A formula whose result the file did not store (written by a program, never
    /// recalculated): its value cannot be known without a spreadsheet engine.
    FormulaWithoutValue(String),
    /// An error value such as `#DIV/0!`.
    Error(String),
}

impl CellValue {
    pub fn is_empty(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, for headers and text columns: numbers as written (`2025`, `0.5`).
    pub fn as_text(&self) -> Option<String> {
        match self {
            CellValue::Text(text) => Some(text.clone()),
            CellValue::Number(value) | CellValue::DateSerial(value) | CellValue::Percent(value) => {
                Some(number_text(*value))
            }
            CellValue::Bool(value) => Some(if *value { "TRUE" } else { "FALSE" }.to_owned()),
            CellValue::Empty | CellValue::FormulaWithoutValue(_) | CellValue::Error(_) => None,
        }
    }
}

/// `2025.0` → `"2025"`, `0.5` → `"0.5"`.
pub fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

/// The rows of one sheet (or of a CSV file). Row `i` of `rows` is the file's row `i + 1`, as
/// the person sees it in Excel, so refusals name the row they can find.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<CellValue>>,
}

impl Sheet {
    pub fn cell(&self, row: usize, column: usize) -> &CellValue {
        self.rows
            .get(row)
            .and_then(|cells| cells.get(column))
            .unwrap_or(&CellValue::Empty)
    }

    pub fn column_count(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// `0` → `A`, `26` → `AA`: how refusals name a column besides its header.
pub fn column_letter(index: usize) -> String {
    crate::export::xlsx::worksheet::column_name(index)
}
