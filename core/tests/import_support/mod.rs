//! What the import tests share: a plan with measures and KPIs, the app's decoding of a CSV
//! file (UTF-8 then Shift_JIS, both fatal), and hand-built XLSX archives written with the
//! `zip` crate, independently of core's own writer.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;

use chrono::NaiveDate;
use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::domain::{taxonomy, BasicPolicy, Kpi, Measure, Plan, Status, TaxonomyArea};
use tsunagu_core::import::{ImportError, ImportErrorKind};
use tsunagu_core::lang::Lang;

pub const PLAN_ID: &str = "032085-plan-1";

pub fn plan() -> Plan {
    Plan {
        title: "遠野市DX推進計画".into(),
        start_fy: FiscalYear(2022),
        end_fy: FiscalYear(2025),
        vision: String::new(),
        policies: vec![
            BasicPolicy {
                id: "p1".into(),
                title: "行政サービスのデジタル化".into(),
                description: String::new(),
            },
            BasicPolicy {
                id: "p2".into(),
                title: "業務の効率化".into(),
                description: String::new(),
            },
        ],
    }
}

pub fn measures() -> Vec<(String, Measure)> {
    let online = Measure {
        policy_id: Some("p1".into()),
        area: Some("online".into()),
        priority: true,
        department: "総務課".into(),
        status: Status::InProgress,
        percent: 40,
        start_fy: Some(FiscalYear(2023)),
        end_fy: Some(FiscalYear(2025)),
        notes: "ぴったりサービスの26手続\n二行目".into(),
        deadline: NaiveDate::from_ymd_opt(2026, 3, 31),
        ..Measure::new(PLAN_ID, "行政手続のオンライン化")
    };
    let rpa = Measure {
        policy_id: Some("p2".into()),
        department: "情報政策課".into(),
        ..Measure::new(PLAN_ID, "RPAの導入")
    };
    let ocr = Measure {
        policy_id: Some("p2".into()),
        status: Status::Done,
        percent: 100,
        notes: "=SUM(A1) のような文字".into(),
        ..Measure::new(PLAN_ID, "AI-OCR, 帳票の読取")
    };
    vec![
        ("032085-m-0000000a".into(), online),
        ("032085-m-0000000b".into(), rpa),
        ("032085-m-0000000c".into(), ocr),
    ]
}

pub fn kpis() -> Vec<(String, Kpi)> {
    vec![(
        "032085-kpi-1".into(),
        Kpi {
            unit: "件".into(),
            baseline: Some(120.0),
            targets: BTreeMap::from([(2025, 1000.0)]),
            actuals: BTreeMap::from([(2024, 432.0)]),
            ..Kpi::new("032085-m-0000000a", "オンライン申請件数")
        },
    )]
}

pub fn areas() -> Vec<TaxonomyArea> {
    taxonomy::national_default()
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 7).expect("valid date")
}

/// What the app does with a CSV file's bytes: `TextDecoder('utf-8', {fatal: true})`, then
/// `TextDecoder('shift_jis', {fatal: true})`; both failing is core's `UnknownEncoding`.
pub fn decode_like_the_app(file: &str, bytes: &[u8]) -> Result<String, ImportError> {
    let bytes_without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes_without_bom) {
        return Ok(text.to_owned());
    }
    encoding_rs::SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or_else(|| ImportError::new(file, ImportErrorKind::UnknownEncoding))
}

/// A minimal XLSX written with the `zip` crate: workbook, relationships, the given sheets
/// (name, worksheet XML), and optional shared strings and styles.
pub fn hand_built_xlsx(
    sheets: &[(&str, &str)],
    shared_strings: Option<&str>,
    styles: Option<&str>,
) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut add = |name: &str, text: &str| {
        zip.start_file(name, options).expect("start entry");
        zip.write_all(text.as_bytes()).expect("write entry");
    };
    let mut workbook = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (index, (name, _)) in sheets.iter().enumerate() {
        let n = index + 1;
        workbook.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
    }
    workbook.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    );
    for n in 1..=sheets.len() {
        types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
    }
    if shared_strings.is_some() {
        types.push_str(r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#);
    }
    if styles.is_some() {
        types.push_str(r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#);
    }
    types.push_str("</Types>");
    add("[Content_Types].xml", &types);
    add(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    add("xl/workbook.xml", &workbook);
    if shared_strings.is_some() || styles.is_some() {
        rels = rels.replace("</Relationships>", "");
        let base = sheets.len();
        if shared_strings.is_some() {
            rels.push_str(&format!(r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#, base + 1));
        }
        if styles.is_some() {
            rels.push_str(&format!(r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#, base + 2));
        }
        rels.push_str("</Relationships>");
    }
    add("xl/_rels/workbook.xml.rels", &rels);
    if let Some(strings) = shared_strings {
        add("xl/sharedStrings.xml", strings);
    }
    if let Some(styles) = styles {
        add("xl/styles.xml", styles);
    }
    for (index, (_, xml)) in sheets.iter().enumerate() {
        add(&format!("xl/worksheets/sheet{}.xml", index + 1), xml);
    }
    zip.finish().expect("finish zip").into_inner()
}

/// A worksheet part around `sheet_data` (the `<row>` elements) and what follows it.
pub fn worksheet(sheet_data: &str, after: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData>{after}</worksheet>"#
    )
}

/// Every message of an error, in both languages, names the file.
pub fn assert_names_file(error: &ImportError, file: &str) {
    for lang in [Lang::Ja, Lang::En] {
        let message = error.message(lang);
        assert!(message.contains(file), "{message}");
    }
}

/// The number shown in the preview's `data-count="<what>"`.
pub fn count(markup: &str, what: &str) -> Option<usize> {
    let start = markup.find(&format!("data-count=\"{what}\">"))?;
    let rest = &markup[start..];
    rest[rest.find('>')? + 1..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

/// Applies a reply's operations to the context, as the app's writes would (records it adds
/// owned by `owner`); returns the number of operations.
pub fn apply_ops(
    context: &mut tsunagu_core::import::screen::ImportContext,
    reply: &tsunagu_core::import::screen::ImportReply,
    owner: &str,
) -> usize {
    use tsunagu_core::domain::RecordKind;
    use tsunagu_core::import::screen::ContextRecord;
    let ops: Vec<serde_json::Value> = serde_json::from_str(&reply.ops).expect("ops are JSON");
    for op in &ops {
        let part = |i: usize| op[i].as_str().expect("text").to_owned();
        let kind: RecordKind = part(1).parse().expect("kind");
        let id = part(2);
        let position = context
            .records
            .iter()
            .position(|r| r.kind == kind && r.id == id);
        match part(0).as_str() {
            "w" => {
                let index = position.unwrap_or_else(|| {
                    context.records.push(ContextRecord {
                        kind,
                        id: id.clone(),
                        org: owner.into(),
                        values: Default::default(),
                    });
                    context.records.len() - 1
                });
                context.records[index].values.insert(part(3), op[4].clone());
            }
            "d" => {
                if let Some(index) = position {
                    context.records.remove(index);
                }
            }
            other => panic!("unknown op {other}"),
        }
    }
    ops.len()
}

/// Undoes the import `name` over `context` in one step, as the panel's 元に戻す does, and
/// checks the panel says it was undone.
pub fn undo_import(
    session: &mut tsunagu_core::import::screen::ImportSession,
    name: &str,
    context: &tsunagu_core::import::screen::ImportContext,
) -> tsunagu_core::import::screen::ImportReply {
    use tsunagu_core::import::screen::{ImportRequest, ImportStep};
    let undone = session.handle(
        ImportRequest {
            name: name.into(),
            context: Some(context.clone()),
            at_ms: 1_765_000_100_000,
            ..ImportRequest::new(ImportStep::Undo, Lang::Ja)
        },
        Vec::new(),
    );
    assert!(
        undone.status.contains("元に戻しました"),
        "{}",
        undone.status
    );
    undone
}
