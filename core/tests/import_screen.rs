//! The import screen's session (`import::screen`), as the tools module runs it: a file opened,
//! mapped, previewed, confirmed into operations the app writes, and undone; bad files refused
//! in words; the markup escaped.

mod import_support;

use import_support::*;
use serde_json::Value;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::export::{plan_table_with_ids, to_csv, to_xlsx, Cell, Table};
use tsunagu_core::import::screen::{
    new_id, ContextRecord, FileFormat, ImportContext, ImportEntry, ImportReply, ImportRequest,
    ImportSession, ImportStep, ImportTarget,
};
use tsunagu_core::lang::Lang;

const OWNER: &str = "032085";

fn context() -> ImportContext {
    let mut records = vec![ContextRecord {
        kind: RecordKind::Plan,
        id: PLAN_ID.into(),
        org: OWNER.into(),
        values: plan().to_fields(),
    }];
    for (id, measure) in measures() {
        records.push(ContextRecord {
            kind: RecordKind::Measure,
            id,
            org: OWNER.into(),
            values: measure.to_fields(),
        });
    }
    for (id, kpi) in kpis() {
        records.push(ContextRecord {
            kind: RecordKind::Kpi,
            id,
            org: OWNER.into(),
            values: kpi.to_fields(),
        });
    }
    ImportContext {
        plan_id: PLAN_ID.into(),
        owner: OWNER.into(),
        records,
        target: ImportTarget::Plan,
        seed: 0,
    }
}

/// The app's export, a status changed and a row added as in Excel.
fn edited_export() -> Table {
    let mut table = plan_table_with_ids(&plan(), &measures(), &areas(), today(), Lang::Ja);
    let status = table
        .headers
        .iter()
        .position(|h| h == "状況")
        .expect("status column");
    table.rows[1][status] = Cell::text("完了");
    let mut added = vec![Cell::Empty; table.headers.len()];
    added[0] = Cell::text("窓口のキャッシュレス化");
    added[1] = Cell::text("行政サービスのデジタル化");
    table.rows.push(added);
    table
}

fn open(session: &mut ImportSession, file: &str, format: FileFormat, bytes: &[u8]) -> ImportReply {
    session.handle(
        ImportRequest {
            name: file.into(),
            number: bytes.len() as u64,
            format: Some(format),
            ..ImportRequest::new(ImportStep::Open, Lang::Ja)
        },
        bytes.to_vec(),
    )
}

fn apply(context: &mut ImportContext, reply: &ImportReply) -> usize {
    apply_ops(context, reply, OWNER)
}

#[test]
fn an_edited_export_is_previewed_confirmed_and_undone() {
    let bytes = to_xlsx(&[edited_export()]).expect("xlsx");
    let mut session = ImportSession::default();
    let opened = open(&mut session, "計画.xlsx", FileFormat::Xlsx, &bytes);
    assert_eq!(opened.status, "");
    assert!(
        opened.body.contains("data-action=\"map\""),
        "{}",
        opened.body
    );
    assert!(opened
        .body
        .contains("<option value=\"1\" selected>施策</option>"));

    let mut context = context();
    let previewed = session.handle(
        ImportRequest {
            context: Some(context.clone()),
            ..ImportRequest::new(ImportStep::Preview, Lang::Ja)
        },
        Vec::new(),
    );
    assert_eq!(previewed.status, "");
    assert_eq!(count(&previewed.body, "add"), Some(1), "{}", previewed.body);
    assert_eq!(count(&previewed.body, "update"), Some(1));
    assert_eq!(count(&previewed.body, "refused"), Some(0));
    assert!(previewed.body.contains("<td>未着手</td><td>完了</td>"));
    assert!(previewed.body.contains("data-action=\"confirm\""));
    assert_eq!(previewed.ops, "", "nothing is written before confirming");

    let confirmed = session.handle(
        ImportRequest {
            name: "032085-import-1".into(),
            number: 7,
            at_ms: 1_765_000_000_000,
            person: "遠野 太郎".into(),
            ..ImportRequest::new(ImportStep::Confirm, Lang::Ja)
        },
        Vec::new(),
    );
    assert!(confirmed.status.contains("追加 1件、更新 1件"));
    assert!(confirmed.status.contains("data-action=\"undo\""));
    assert!(
        confirmed.body.contains("id=\"import-file\""),
        "back to the first step"
    );
    assert_eq!(confirmed.entry_id, "032085-import-1");
    let entry: ImportEntry = serde_json::from_str(&confirmed.entry).expect("entry");
    assert_eq!(entry.file, "計画.xlsx");
    assert_eq!(entry.plan_id, PLAN_ID);
    assert_eq!((entry.added, entry.updated), (1, 1));
    let written = apply(&mut context, &confirmed);
    assert!(written > 2);
    let added = context
        .records
        .iter()
        .find(|r| r.values.get("title").and_then(Value::as_str) == Some("窓口のキャッシュレス化"))
        .expect("the added measure");
    assert!(added.id.starts_with("032085-m-"));
    assert_eq!(added.values["plan_id"], PLAN_ID);

    assert!(confirmed.history.contains("「計画.xlsx」の取り込み"));
    assert!(confirmed.history.contains("data-id=\"032085-import-1\""));
    // The app stores the entry and gives it back when the screen opens again.
    let reopened = session.handle(
        ImportRequest {
            entries: vec![confirmed.entry.clone()],
            ..ImportRequest::new(ImportStep::Start, Lang::Ja)
        },
        Vec::new(),
    );
    assert_eq!(reopened.history, confirmed.history);

    let undone = undo_import(&mut session, "032085-import-1", &context);
    apply(&mut context, &undone);
    assert_eq!(context, self::context(), "undo restores the plan exactly");
    let entry: ImportEntry = serde_json::from_str(&undone.entry).expect("entry");
    assert_eq!(entry.undone_at_ms, Some(1_765_000_100_000));
    assert!(undone.history.contains("元に戻しました"));
    assert!(!undone.history.contains("data-action=\"undo\""));
    let again = session.handle(
        ImportRequest {
            name: "032085-import-1".into(),
            context: Some(context),
            at_ms: 0,
            ..ImportRequest::new(ImportStep::Undo, Lang::En)
        },
        Vec::new(),
    );
    assert!(again.status.contains("already undone"));
    assert_eq!(again.ops, "");
    let shown = session.handle(ImportRequest::new(ImportStep::Show, Lang::En), Vec::new());
    assert!(shown.history.contains("import of 計画.xlsx"));
    assert!(shown.history.contains("undone"));
}

#[test]
fn a_csv_is_mapped_and_a_column_can_be_ignored() {
    let table = edited_export();
    let status = table
        .headers
        .iter()
        .position(|h| h == "状況")
        .expect("status");
    let csv = to_csv(&table);
    let text = decode_like_the_app("plan.csv", &csv).expect("utf-8");
    let mut session = ImportSession::default();
    let opened = open(&mut session, "plan.csv", FileFormat::Csv, text.as_bytes());
    assert_eq!(opened.status, "");
    // Ignore the status column: the changed status is no longer an update.
    let mapped = session.handle(
        ImportRequest {
            number: status as u64,
            target: None,
            ..ImportRequest::new(ImportStep::Map, Lang::En)
        },
        Vec::new(),
    );
    assert!(mapped.body.contains("Not imported"));
    let previewed = session.handle(
        ImportRequest {
            context: Some(context()),
            ..ImportRequest::new(ImportStep::Preview, Lang::En)
        },
        Vec::new(),
    );
    assert_eq!(count(&previewed.body, "add"), Some(1), "{}", previewed.body);
    assert_eq!(count(&previewed.body, "update"), Some(0));
    // Back to the mapping, in the other language.
    let back = session.handle(ImportRequest::new(ImportStep::Back, Lang::Ja), Vec::new());
    assert!(back.body.contains("列の対応"));
}

#[test]
fn a_file_without_a_measure_column_is_refused_at_the_preview_in_words() {
    let mut session = ImportSession::default();
    let csv = "施策名,状況\n窓口,完了\n";
    open(&mut session, "plan.csv", FileFormat::Csv, csv.as_bytes());
    session.handle(
        ImportRequest {
            number: 0,
            target: None,
            ..ImportRequest::new(ImportStep::Map, Lang::Ja)
        },
        Vec::new(),
    );
    let previewed = session.handle(
        ImportRequest {
            context: Some(context()),
            ..ImportRequest::new(ImportStep::Preview, Lang::Ja)
        },
        Vec::new(),
    );
    assert!(previewed.status.contains("role=\"alert\""));
    assert!(previewed.status.contains("plan.csv"));
    assert!(
        previewed.body.contains("data-action=\"map\""),
        "stays on the mapping"
    );
    let confirmed = session.handle(
        ImportRequest {
            name: "x".into(),
            number: 1,
            at_ms: 0,
            person: String::new(),
            ..ImportRequest::new(ImportStep::Confirm, Lang::Ja)
        },
        Vec::new(),
    );
    assert_eq!(confirmed.ops, "", "no preview, nothing to write");
}

#[test]
fn bad_files_are_refused_naming_the_file_and_nothing_is_kept() {
    let mut session = ImportSession::default();
    let cases: [(&str, FileFormat, Vec<u8>, u64); 4] = [
        (
            "壊れた.xlsx",
            FileFormat::Xlsx,
            b"PK\x03\x04 not a zip".to_vec(),
            0,
        ),
        ("混在.csv", FileFormat::CsvUndecodable, Vec::new(), 0),
        ("大きい.xlsx", FileFormat::Xlsx, Vec::new(), 60_000_000),
        ("quote.csv", FileFormat::Csv, b"a,\"b\nc,d\n".to_vec(), 0),
    ];
    for (file, format, bytes, size) in cases {
        let reply = session.handle(
            ImportRequest {
                name: file.into(),
                number: if size == 0 { bytes.len() as u64 } else { size },
                format: Some(format),
                ..ImportRequest::new(ImportStep::Open, Lang::Ja)
            },
            bytes,
        );
        assert!(reply.status.contains(file), "{file}: {}", reply.status);
        assert!(reply.status.contains("role=\"alert\""));
        assert_eq!(reply.body, "", "{file}: the step shown stays");
        let previewed = session.handle(
            ImportRequest {
                context: Some(context()),
                ..ImportRequest::new(ImportStep::Preview, Lang::Ja)
            },
            Vec::new(),
        );
        assert!(previewed.status.contains("もう一度"), "{file}");
    }
}

#[test]
fn a_workbook_of_several_sheets_asks_which() {
    let first = Table {
        title: "表紙".into(),
        headers: vec!["メモ".into()],
        rows: vec![vec![Cell::text("<b>説明</b>")]],
    };
    let bytes = to_xlsx(&[first, edited_export()]).expect("xlsx");
    let mut session = ImportSession::default();
    let opened = open(&mut session, "two.xlsx", FileFormat::Xlsx, &bytes);
    assert!(opened.body.contains("2枚のシート"), "{}", opened.body);
    assert!(opened.body.contains("<option value=\"表紙\">表紙</option>"));
    let sheet = session.handle(
        ImportRequest {
            name: edited_export().title,
            ..ImportRequest::new(ImportStep::Sheet, Lang::Ja)
        },
        Vec::new(),
    );
    assert!(sheet.body.contains("data-action=\"map\""), "{}", sheet.body);
}

#[test]
fn headers_and_values_are_escaped() {
    let csv = "施策名,<script>x</script>\n\"<img src=x onerror=alert(1)>\",1\n";
    let mut session = ImportSession::default();
    let opened = open(&mut session, "<b>.csv", FileFormat::Csv, csv.as_bytes());
    assert!(!opened.body.contains("<script>"));
    assert!(!opened.body.contains("<img"));
    assert!(!opened.body.contains("<b>"));
    assert!(opened.body.contains("&lt;script&gt;"));
}

#[test]
fn a_reply_crosses_to_the_app_as_text() {
    let reply = ImportReply {
        status: "<p>a</p>".into(),
        body: "<section>b</section>".into(),
        history: "<ul></ul>".into(),
        ops: "[]".into(),
        entry_id: "i".into(),
        entry: "{\"id\":\"i\"}".into(),
    };
    assert_eq!(ImportReply::from_text(&reply.to_text()), reply);
    assert_eq!(ImportReply::from_text(""), ImportReply::default());
}

#[test]
fn new_ids_have_the_apps_shapes_and_differ() {
    let measures: Vec<String> = (1..=1000)
        .map(|n| new_id(OWNER, RecordKind::Measure, 42, n))
        .collect();
    let mut distinct = measures.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), measures.len());
    assert!(measures[0].starts_with("032085-m-") && measures[0].len() == "032085-m-".len() + 8);
    let kpi = new_id(OWNER, RecordKind::Kpi, 42, 1);
    assert!(kpi.starts_with("032085-k-") && kpi.len() == "032085-k-".len() + 12);
    assert_ne!(
        new_id(OWNER, RecordKind::Measure, 1, 1),
        new_id(OWNER, RecordKind::Measure, 2, 1)
    );
}

#[test]
fn switching_the_language_during_the_preview_makes_it_again_in_the_other_language() {
    let xlsx = to_xlsx(&[edited_export()]).expect("xlsx");
    let mut session = ImportSession::default();
    open(&mut session, "計画.xlsx", FileFormat::Xlsx, &xlsx);
    let japanese = session.handle(
        ImportRequest {
            context: Some(context()),
            ..ImportRequest::new(ImportStep::Preview, Lang::Ja)
        },
        Vec::new(),
    );
    assert!(japanese.body.contains("完了"), "{}", japanese.body);
    let english = session.handle(
        ImportRequest {
            context: Some(context()),
            ..ImportRequest::new(ImportStep::Show, Lang::En)
        },
        Vec::new(),
    );
    assert_eq!(
        count(&english.body, "update"),
        count(&japanese.body, "update")
    );
    assert!(
        english.body.contains("Done"),
        "old → new in English: {}",
        english.body
    );
    assert!(!english.body.contains("完了"), "{}", english.body);
    // Without a preview, Show only writes the step again.
    session.handle(ImportRequest::new(ImportStep::Back, Lang::En), Vec::new());
    let mapping = session.handle(
        ImportRequest {
            context: Some(context()),
            ..ImportRequest::new(ImportStep::Show, Lang::Ja)
        },
        Vec::new(),
    );
    assert!(count(&mapping.body, "update").is_none());
}

#[test]
fn a_replys_operations_become_the_persons_edits_in_order() {
    use serde_json::json;
    use tsunagu_core::client::{Edit, FieldKey};
    use tsunagu_core::import::screen::edits_of_ops;
    use tsunagu_core::merge::RecordKey;
    let ops = json!([
        ["w", "measure", "032085-m-1", "title", "窓口DX"],
        ["w", "kpi", "032085-k-1", "targets", {"2025": 10}],
        "not an operation",
        ["w", "no such kind", "x", "title", 1],
        ["d", "measure", "032085-m-2"],
        ["w", "measure", "032085-m-3", "notes"],
        ["?", "measure", "032085-m-4"]
    ])
    .to_string();
    let measure = |id: &str| RecordKey::new(RecordKind::Measure, id);
    let write = |record: RecordKey, field: &str, value: Value| {
        Edit::Write(
            FieldKey {
                record,
                field: field.into(),
            },
            value,
        )
    };
    assert_eq!(
        edits_of_ops(&ops),
        vec![
            write(measure("032085-m-1"), "title", json!("窓口DX")),
            write(
                RecordKey::new(RecordKind::Kpi, "032085-k-1"),
                "targets",
                json!({"2025": 10})
            ),
            Edit::Delete(measure("032085-m-2")),
            write(measure("032085-m-3"), "notes", Value::Null),
        ]
    );
    assert!(edits_of_ops("not JSON").is_empty());
}
