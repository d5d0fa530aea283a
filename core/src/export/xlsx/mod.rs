//! XLSX (Office Open XML) workbooks, one sheet per table, written by hand on a minimal ZIP
//! container. `rust_xlsxwriter` would add about 390 KB gzip to the browser app (measured on a
//! wasm32 release build); this writer with `miniz_oxide` adds about 14 KB.

mod parts;
mod sheet_name;
pub(crate) mod worksheet;
pub(crate) mod zip;

pub use sheet_name::sheet_names;

use super::{ExportError, ListValidation, Table};

/// A workbook with one sheet per table, named after its title (made valid and unique by
/// [`sheet_names`]). The first sheet is the one that opens.
pub fn to_xlsx(sheets: &[Table]) -> Result<Vec<u8>, ExportError> {
    to_xlsx_with_lists(sheets, &[])
}

/// [`to_xlsx`] with drop-down lists on some cells (the import template's statuses).
pub fn to_xlsx_with_lists(
    sheets: &[Table],
    lists: &[ListValidation],
) -> Result<Vec<u8>, ExportError> {
    if sheets.is_empty() {
        return Err(ExportError::NoSheets);
    }
    let names = sheet_names(sheets.iter().map(|table| table.title.as_str()));
    let mut zip = zip::ZipWriter::default();
    zip.add(
        "[Content_Types].xml",
        parts::content_types(sheets.len()).as_bytes(),
    )?;
    zip.add("_rels/.rels", parts::ROOT_RELS.as_bytes())?;
    zip.add("xl/workbook.xml", parts::workbook(&names).as_bytes())?;
    zip.add(
        "xl/_rels/workbook.xml.rels",
        parts::workbook_rels(sheets.len()).as_bytes(),
    )?;
    zip.add("xl/styles.xml", parts::STYLES.as_bytes())?;
    for (index, (table, name)) in sheets.iter().zip(&names).enumerate() {
        let sheet_lists: Vec<&ListValidation> =
            lists.iter().filter(|list| list.sheet == index).collect();
        let xml = worksheet::worksheet(table, name, index == 0, &sheet_lists)?;
        zip.add(
            &format!("xl/worksheets/sheet{}.xml", index + 1),
            xml.as_bytes(),
        )?;
    }
    zip.finish()
}

#[cfg(test)]
mod tests;
