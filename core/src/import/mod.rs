//! Import of a plan's measures, KPIs and progress from CSV and XLSX, offline (issue 24), and
//! of a prefecture's taxonomy and survey questions.
//!
//! The steps, each its own module, each callable by the app's tools worker:
//! 1. read the file into a [`Sheet`]: [`read_csv`] (text the app decoded with `TextDecoder`),
//!    [`read_xlsx`] (the workbook's bytes, a sheet chosen with [`SheetChoice`]);
//! 2. propose a [`ColumnMapping`] from the headers ([`ColumnMapping::recognise`]), which the
//!    person may correct ([`ColumnMapping::set`]);
//! 3. compare with the plan: [`preview_plan_import`] → [`ImportPreview`] (adds, updates with
//!    old → new per cell, refused rows with row, column and reason);
//! 4. once confirmed, [`ImportBatch::from_preview`]: the field writes as one batch, which the
//!    app stores to show as one import in the history and to undo ([`ImportBatch::undo`]).
//!
//! A whole file is refused with an [`ImportError`] naming it (too large, too many rows,
//! damaged, a ZIP bomb, password-protected, unknown encoding, unclosed quote); nothing is
//! written for it. See docs/import.md.

mod batch;
mod cell;
mod csv;
mod error;
mod headers;
mod limits;
mod prefecture;
mod prefecture_preview;
mod preview;
pub mod screen;
mod values;
mod xlsx;
mod zip;

pub use batch::{BatchRecord, BatchWrite, ImportBatch, ImportUndo};
pub use cell::{column_letter, CellValue, Sheet};
pub use csv::read_csv;
pub use error::{ImportError, ImportErrorKind, Refusal, RefusalReason, RefusedColumn};
pub use headers::{ColumnMapping, MappedColumn, Target};
pub use limits::{
    check_file_size, HEADER_SEARCH_ROWS, MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS,
};

pub use prefecture::{read_survey_questions, read_taxonomy, QuestionImport, TaxonomyImport};
pub use prefecture_preview::{preview_questions, preview_taxonomy};
pub use preview::{
    preview_plan_import, CellChange, ChangeAction, ImportPreview, PlanContext, RecordChange,
};
pub use values::serial_date;
pub use xlsx::{read_xlsx, xlsx_sheet_names, SheetChoice};
pub use zip::{MAX_ENTRIES, MAX_ENTRY_SIZE, MAX_RATIO, MAX_TOTAL_SIZE, RATIO_FLOOR};
