//! Tables as files staff open in Excel: CSV (UTF-8 with BOM) and XLSX (Office Open XML).
//!
//! Views build a neutral [`Table`]; the writers know nothing of dashboards or surveys.

mod csv;
mod kpi;
mod plan;
pub(crate) mod refused;
mod template;
pub(crate) mod xlsx;

pub use csv::to_csv;
pub use kpi::kpi_table;
pub use plan::{plan_table, plan_table_with_ids};
pub use refused::{refused_table, rejection_reason, unsent_table, RefusedRow};
pub use template::{import_template, import_template_xlsx};
pub use xlsx::{sheet_names, to_xlsx, to_xlsx_with_lists};

/// One sheet of output. `title` names the XLSX sheet (and the file, for the caller); CSV has
/// no room for it and leaves it out.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A drop-down list on cells `first_row..=last_row` (numbered from 1, as in Excel) of one
/// column of sheet `sheet` (index in the workbook).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListValidation {
    pub sheet: usize,
    pub column: usize,
    pub first_row: usize,
    pub last_row: usize,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Cell {
    Empty,
    Text(String),
    Integer(i64),
    Number(f64),
    /// A share from 0 to 1. XLSX keeps the fraction under a `0.0%` format; CSV writes the
    /// number of percent with one decimal (0.4286 → `42.9`), so put the unit in the header.
    Percent(f64),
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    /// `Empty` for `None`: a rate over nothing is left blank, not written as 0.
    pub fn percent(fraction: Option<f64>) -> Cell {
        fraction.map_or(Cell::Empty, Cell::Percent)
    }
}

/// Why a workbook could not be written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
pub enum ExportError {
    #[error("a workbook needs at least one sheet")]
    NoSheets,
    #[error("sheet {sheet:?} has {rows} rows and {columns} columns; Excel allows 1,048,576 rows and 16,384 columns")]
    SheetTooLarge {
        sheet: String,
        rows: usize,
        columns: usize,
    },
    #[error("sheet {sheet:?}, cell {cell}: text longer than Excel's 32,767 characters")]
    TextTooLong { sheet: String, cell: String },
    #[error("the workbook is larger than 4 GiB")]
    TooLarge,
}
