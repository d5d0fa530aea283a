//! XLSX workbooks (Office Open XML): the ZIP container ([`super::zip`]), the workbook's sheet
//! list, shared strings, styles (to tell dates and percentages from plain numbers) and one
//! worksheet with its merged cells.

mod shared_strings;
mod styles;
mod workbook;
mod worksheet;
mod xml;

use super::cell::Sheet;
use super::limits::check_file_size;
use super::zip::{ZipArchive, ZipError};
use super::{ImportError, ImportErrorKind};
use workbook::SheetEntry;
use worksheet::WorksheetError;

/// The OLE compound file signature: an encrypted (password-protected) OOXML workbook, or an
/// old `.xls`.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Which sheet of a workbook to read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SheetChoice {
    /// The first sheet in the workbook's order.
    #[default]
    First,
    Named(String),
}

/// The names of the sheets, in order, for the person to choose from.
pub fn xlsx_sheet_names(file: &str, bytes: &[u8]) -> Result<Vec<String>, ImportError> {
    let (_, sheets) = open(file, bytes)?;
    Ok(sheets.into_iter().map(|sheet| sheet.name).collect())
}

/// Reads one sheet of an XLSX workbook. Formulas are read by their cached values; a formula
/// without one is kept as [`super::CellValue::FormulaWithoutValue`] and refused only if its
/// column is imported.
pub fn read_xlsx(file: &str, bytes: &[u8], choice: &SheetChoice) -> Result<Sheet, ImportError> {
    let (mut archive, sheets) = open(file, bytes)?;
    let corrupt = |detail: &str| {
        ImportError::new(
            file,
            ImportErrorKind::Corrupt {
                detail: detail.to_owned(),
            },
        )
    };
    let entry = match choice {
        SheetChoice::First => sheets.first(),
        SheetChoice::Named(name) => sheets.iter().find(|sheet| sheet.name == *name),
    };
    let Some(entry) = entry.cloned() else {
        let name = match choice {
            SheetChoice::Named(name) => name.clone(),
            SheetChoice::First => String::new(),
        };
        return Err(ImportError::new(
            file,
            ImportErrorKind::NoSuchSheet { name },
        ));
    };
    let shared = match read_part(file, &mut archive, "xl/sharedStrings.xml")? {
        Some(bytes) => shared_strings::shared_strings(&bytes).map_err(corrupt)?,
        None => Vec::new(),
    };
    let styles = match read_part(file, &mut archive, "xl/styles.xml")? {
        Some(bytes) => styles::Styles::read(&bytes).map_err(corrupt)?,
        None => styles::Styles::default(),
    };
    let bytes = read_part(file, &mut archive, &entry.path)?
        .ok_or_else(|| corrupt("a sheet's part is missing"))?;
    let rows =
        worksheet::read_worksheet(&bytes, &shared, &styles).map_err(|error| match error {
            WorksheetError::Malformed(detail) => corrupt(detail),
            WorksheetError::TooManyRows(rows) => ImportError::new(
                file,
                ImportErrorKind::TooManyRows {
                    rows: rows.saturating_sub(1),
                },
            ),
        })?;
    Ok(Sheet {
        name: entry.name,
        rows,
    })
}

fn open<'a>(file: &str, bytes: &'a [u8]) -> Result<(ZipArchive<'a>, Vec<SheetEntry>), ImportError> {
    check_file_size(file, bytes.len() as u64)?;
    if bytes.is_empty() {
        return Err(ImportError::new(file, ImportErrorKind::Empty));
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(ImportError::new(file, ole_kind(bytes)));
    }
    let mut archive = ZipArchive::open(bytes).map_err(|error| zip_error(file, error))?;
    let corrupt = |detail: &str| {
        ImportError::new(
            file,
            ImportErrorKind::Corrupt {
                detail: detail.to_owned(),
            },
        )
    };
    let workbook = read_part(file, &mut archive, "xl/workbook.xml")?
        .ok_or_else(|| corrupt("no xl/workbook.xml"))?;
    let rels = read_part(file, &mut archive, "xl/_rels/workbook.xml.rels")?
        .ok_or_else(|| corrupt("no workbook relationships"))?;
    let sheets = workbook::sheets(&workbook, &rels).map_err(corrupt)?;
    Ok((archive, sheets))
}

fn read_part(
    file: &str,
    archive: &mut ZipArchive<'_>,
    name: &str,
) -> Result<Option<Vec<u8>>, ImportError> {
    archive.read(name).map_err(|error| zip_error(file, error))
}

/// An OLE file holding an `EncryptedPackage` stream is an encrypted OOXML workbook; any other
/// is an old binary workbook.
fn ole_kind(bytes: &[u8]) -> ImportErrorKind {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if bytes.windows(name.len()).any(|window| window == name) {
        ImportErrorKind::PasswordProtected
    } else {
        ImportErrorKind::LegacyXls
    }
}

fn zip_error(file: &str, error: ZipError) -> ImportError {
    let kind = match error {
        ZipError::TooLarge { name } => ImportErrorKind::ZipBomb { entry: name },
        ZipError::Unsupported {
            feature: "encryption",
            ..
        } => ImportErrorKind::PasswordProtected,
        other => ImportErrorKind::Corrupt {
            detail: other.to_string(),
        },
    };
    ImportError::new(file, kind)
}
