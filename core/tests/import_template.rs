//! The empty template staff download: a header row the import recognises, the statuses as a
//! drop-down list, a sheet explaining each column; read by calamine and by the import.

mod import_support;

use std::io::Read;

use calamine::{Data, Reader, Xlsx};
use tsunagu_core::domain::Status;
use tsunagu_core::export::import_template_xlsx;
use tsunagu_core::import::{read_xlsx, ColumnMapping, SheetChoice, Target};

#[test]
fn the_template_opens_with_a_status_list_and_an_explanation_sheet() {
    let bytes = import_template_xlsx().expect("template");
    let mut workbook = Xlsx::new(std::io::Cursor::new(bytes.clone())).expect("calamine");
    assert_eq!(workbook.sheet_names(), ["施策", "説明"]);
    let help = workbook.worksheet_range("説明").expect("help sheet");
    assert_eq!(help.get_value((0, 1)), Some(&Data::String("説明".into())));
    assert_eq!(help.height(), 18, "a header and one row per column");

    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).expect("zip");
    let mut sheet = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .expect("sheet")
        .read_to_string(&mut sheet)
        .expect("utf-8");
    let statuses = Status::LABELS_JA.join(",");
    assert!(
        sheet.contains(&format!(
            r#"<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="F2:F2000"><formula1>"{statuses}"</formula1></dataValidation>"#
        )),
        "{sheet}"
    );

    let read = read_xlsx("template.xlsx", &bytes, &SheetChoice::First).expect("read");
    let mapping = ColumnMapping::recognise("template.xlsx", &read).expect("headers");
    let mapped: Vec<Target> = mapping.columns.iter().filter_map(|c| c.target).collect();
    assert_eq!(
        mapped.len(),
        17,
        "every column of the template is recognised"
    );
    assert!(!mapped.contains(&Target::MeasureId));
}
