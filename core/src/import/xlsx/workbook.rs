//! `xl/workbook.xml` and its relationships: the sheets in order, each with the part that holds
//! it.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::xml::{attribute, part_text};

/// A sheet's name and the path of its worksheet part in the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetEntry {
    pub name: String,
    pub path: String,
}

/// The sheets in workbook order. `rels` is `xl/_rels/workbook.xml.rels`.
pub fn sheets(workbook: &[u8], rels: &[u8]) -> Result<Vec<SheetEntry>, &'static str> {
    let targets = relationships(rels)?;
    let text = part_text(workbook).ok_or("workbook.xml is not UTF-8")?;
    let mut reader = Reader::from_str(text);
    let mut sheets = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(element) | Event::Empty(element))
                if element.local_name().as_ref() == "sheet" =>
            {
                let name = attribute(&element, "name").unwrap_or_default();
                let id = attribute(&element, "id").ok_or("sheet without r:id")?;
                let target = targets
                    .iter()
                    .find(|(seen, _)| *seen == id)
                    .map(|(_, target)| target.clone())
                    .ok_or("sheet without a relationship")?;
                sheets.push(SheetEntry {
                    name: name.into_owned(),
                    path: resolve(&target),
                });
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(_) => return Err("workbook.xml is not well-formed"),
        }
    }
    if sheets.is_empty() {
        return Err("the workbook has no sheets");
    }
    Ok(sheets)
}

fn relationships(rels: &[u8]) -> Result<Vec<(String, String)>, &'static str> {
    let text = part_text(rels).ok_or("workbook relationships are not UTF-8")?;
    let mut reader = Reader::from_str(text);
    let mut targets = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(element) | Event::Empty(element))
                if element.local_name().as_ref() == "Relationship" =>
            {
                if let (Some(id), Some(target)) =
                    (attribute(&element, "Id"), attribute(&element, "Target"))
                {
                    targets.push((id.into_owned(), target.into_owned()));
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(_) => return Err("workbook relationships are not well-formed"),
        }
    }
    Ok(targets)
}

/// `worksheets/sheet1.xml` → `xl/worksheets/sheet1.xml`; `/xl/worksheets/sheet1.xml` →
/// `xl/worksheets/sheet1.xml`.
fn resolve(target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{}", target.trim_start_matches("./")),
    }
}
