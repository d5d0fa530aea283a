//! The fixed parts of the package around the worksheets: content types, relationships, the
//! workbook (sheet names) and the three cell styles.

use std::fmt::Write;

use super::worksheet::escape_into;

/// Index into `cellXfs` of [`STYLES`].
pub const STYLE_HEADER: u8 = 1;
pub const STYLE_PERCENT: u8 = 2;

pub const ROOT_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
    "</Relationships>"
);

/// Default, bold (header), and `0.0%` (percent cells hold fractions). The font is the one
/// Japanese Excel uses by default.
pub const STYLES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>"#,
    r#"<fonts count="2">"#,
    r#"<font><sz val="11"/><name val="游ゴシック"/><family val="3"/><charset val="128"/></font>"#,
    r#"<font><b/><sz val="11"/><name val="游ゴシック"/><family val="3"/><charset val="128"/></font>"#,
    "</fonts>",
    r#"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#,
    r#"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#,
    r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#,
    r#"<cellXfs count="3">"#,
    r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#,
    r#"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#,
    r#"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
    "</cellXfs>",
    r#"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#,
    "</styleSheet>"
);

pub fn content_types(sheet_count: usize) -> String {
    let mut xml = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#,
        r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
        r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    ));
    for number in 1..=sheet_count {
        let _ = write!(
            xml,
            r#"<Override PartName="/xl/worksheets/sheet{number}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        );
    }
    xml.push_str("</Types>");
    xml
}

pub fn workbook(sheet_names: &[String]) -> String {
    let mut xml = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#,
        r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
        "<sheets>"
    ));
    for (index, name) in sheet_names.iter().enumerate() {
        xml.push_str(r#"<sheet name=""#);
        escape_into(&mut xml, name);
        let number = index + 1;
        let _ = write!(xml, r#"" sheetId="{number}" r:id="rId{number}"/>"#);
    }
    xml.push_str("</sheets></workbook>");
    xml
}

/// Worksheets are `rId1`…`rIdN`, the styles `rId(N+1)`.
pub fn workbook_rels(sheet_count: usize) -> String {
    let mut xml = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    ));
    for number in 1..=sheet_count {
        let _ = write!(
            xml,
            r#"<Relationship Id="rId{number}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{number}.xml"/>"#
        );
    }
    let styles = sheet_count + 1;
    let _ = write!(
        xml,
        r#"<Relationship Id="rId{styles}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
    );
    xml.push_str("</Relationships>");
    xml
}
