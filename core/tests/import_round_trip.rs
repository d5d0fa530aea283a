//! A plan exported by the app (CSV and XLSX, with the id column), read back: nothing changes.
//! Edited (a status changed, a row added): exactly those cells change. The batch writes them
//! and its undo writes them back.

mod import_support;

use import_support::*;
use serde_json::Value;
use tsunagu_core::domain::{Measure, RecordKind, Status};
use tsunagu_core::export::{plan_table_with_ids, to_csv, to_xlsx, Cell};
use tsunagu_core::import::{
    preview_plan_import, read_csv, read_xlsx, ChangeAction, ColumnMapping, ImportBatch,
    ImportPreview, PlanContext, Sheet, SheetChoice,
};
use tsunagu_core::lang::Lang;
use tsunagu_core::merge::RecordKey;

fn preview(sheet: &Sheet, lang: Lang) -> ImportPreview {
    let plan = plan();
    let measures = measures();
    let kpis = kpis();
    let areas = areas();
    let context = PlanContext {
        plan_id: PLAN_ID,
        plan: &plan,
        measures: &measures,
        kpis: &kpis,
        areas: &areas,
        lang,
    };
    let mapping = ColumnMapping::recognise("plan.csv", sheet).expect("headers");
    preview_plan_import("plan.csv", sheet, &mapping, &context).expect("preview")
}

fn export(lang: Lang) -> tsunagu_core::export::Table {
    plan_table_with_ids(&plan(), &measures(), &areas(), today(), lang)
}

#[test]
fn an_unedited_export_changes_nothing_in_both_formats_and_languages() {
    for lang in [Lang::Ja, Lang::En] {
        let table = export(lang);
        let csv = String::from_utf8(to_csv(&table)).expect("utf-8");
        let from_csv = read_csv("plan.csv", &csv).expect("csv");
        let from_xlsx = read_xlsx(
            "plan.xlsx",
            &to_xlsx(std::slice::from_ref(&table)).expect("xlsx"),
            &SheetChoice::First,
        )
        .expect("xlsx");
        for sheet in [from_csv, from_xlsx] {
            let preview = preview(&sheet, lang);
            assert_eq!(preview.changes, [], "{lang:?}");
            assert_eq!(preview.refused, [], "{lang:?}");
            assert_eq!(preview.unchanged_rows, 3);
        }
    }
}

/// The export edited as a person would in Excel: one status changed, one row added.
fn edited(lang: Lang) -> tsunagu_core::export::Table {
    let mut table = export(lang);
    let status = table
        .headers
        .iter()
        .position(|h| h == lang.pick("状況", "Status"));
    let status = status.expect("status column");
    table.rows[1][status] = Cell::text(lang.pick("完了", "Done"));
    let mut added = vec![Cell::Empty; table.headers.len()];
    added[0] = Cell::text("窓口のキャッシュレス化");
    added[1] = Cell::text("行政サービスのデジタル化");
    added[status] = Cell::text(lang.pick("作業中", "In progress"));
    table.rows.push(added);
    table
}

fn assert_exactly_the_edits(preview: &ImportPreview, lang: Lang) {
    assert_eq!(preview.refused, []);
    assert_eq!(preview.changes.len(), 2, "{:#?}", preview.changes);
    let update = &preview.changes[0];
    assert_eq!(update.action, ChangeAction::Update);
    assert_eq!(update.id.as_deref(), Some("032085-m-0000000b"));
    assert_eq!(update.row, 3);
    assert_eq!(update.cells.len(), 1);
    assert_eq!(update.cells[0].field, "status");
    assert_eq!(update.cells[0].old, lang.pick("未着手", "Not started"));
    assert_eq!(update.cells[0].new, lang.pick("完了", "Done"));
    let added = &preview.changes[1];
    assert_eq!(added.action, ChangeAction::Add);
    assert_eq!(added.row, 5);
    assert_eq!(added.title, "窓口のキャッシュレス化");
    assert_eq!(preview.unchanged_rows, 2);
}

#[test]
fn a_changed_status_and_an_added_row_are_exactly_what_changes() {
    for lang in [Lang::Ja, Lang::En] {
        let table = edited(lang);
        let csv = String::from_utf8(to_csv(&table)).expect("utf-8");
        let sheet = read_csv("plan.csv", &csv).expect("csv");
        assert_exactly_the_edits(&preview(&sheet, lang), lang);
        let bytes = to_xlsx(std::slice::from_ref(&table)).expect("xlsx");
        let sheet = read_xlsx("plan.xlsx", &bytes, &SheetChoice::First).expect("xlsx");
        assert_exactly_the_edits(&preview(&sheet, lang), lang);
    }
}

#[test]
fn without_the_id_column_rows_match_by_title_within_the_policy() {
    let mut table = edited(Lang::Ja);
    table.headers.pop();
    for row in &mut table.rows {
        row.pop();
    }
    let csv = String::from_utf8(to_csv(&table)).expect("utf-8");
    let sheet = read_csv("plan.csv", &csv).expect("csv");
    assert_exactly_the_edits(&preview(&sheet, Lang::Ja), Lang::Ja);
}

#[test]
fn the_batch_writes_the_changes_and_undo_writes_them_back() {
    let csv = String::from_utf8(to_csv(&edited(Lang::Ja))).expect("utf-8");
    let sheet = read_csv("plan.csv", &csv).expect("csv");
    let preview = preview(&sheet, Lang::Ja);
    let mut next = 0;
    let batch = ImportBatch::from_preview(&preview, "import-1", |kind| {
        next += 1;
        format!(
            "032085-{}-new{next}",
            kind.as_str().chars().next().unwrap_or('x')
        )
    });
    assert_eq!(batch.import_id, "import-1");
    assert_eq!(batch.records.len(), 2);
    let update = &batch.records[0];
    assert_eq!(
        update.key,
        RecordKey::new(RecordKind::Measure, "032085-m-0000000b")
    );
    assert!(!update.created);
    assert_eq!(update.writes.len(), 1);
    assert_eq!(update.writes[0].field, "status");
    assert_eq!(update.writes[0].value, Value::from("完了"));
    assert_eq!(update.writes[0].previous, Some(Value::from("未着手")));
    let added = &batch.records[1];
    assert!(added.created);
    let fields: std::collections::BTreeMap<String, Value> = added
        .writes
        .iter()
        .map(|w| (w.field.clone(), w.value.clone()))
        .collect();
    let measure = Measure::from_fields(&fields).expect("a valid measure");
    assert_eq!(measure.title, "窓口のキャッシュレス化");
    assert_eq!(measure.policy_id.as_deref(), Some("p1"));
    assert_eq!(measure.status, Status::InProgress);
    assert_eq!(measure.plan_id, PLAN_ID);

    // Undo: the added measure is deleted, the status written back; a field changed since
    // the import is left alone.
    let undo = batch.undo(|_, _| Some(Value::from("完了")));
    assert_eq!(undo.delete, std::slice::from_ref(&added.key));
    assert_eq!(
        undo.writes,
        [(
            update.key.clone(),
            "status".to_owned(),
            Value::from("未着手")
        )]
    );
    let undo = batch.undo(|_, _| Some(Value::from("作業中")));
    assert_eq!(undo.writes, []);
    assert_eq!(undo.skipped, [(update.key.clone(), "status".to_owned())]);

    // The batch is stored by the app as JSON.
    let json = serde_json::to_string(&batch).expect("serialise");
    let back: ImportBatch = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, batch);
}

fn kpi_export(lang: Lang) -> tsunagu_core::export::Table {
    tsunagu_core::export::kpi_table(&plan(), &measures(), &kpis(), lang)
}

#[test]
fn the_kpi_export_reads_back_unchanged_and_an_edited_actual_changes_alone() {
    for lang in [Lang::Ja, Lang::En] {
        let table = kpi_export(lang);
        assert_eq!(table.rows.len(), 2, "one row per fiscal year");
        let csv = String::from_utf8(to_csv(&table)).expect("utf-8");
        let sheet = read_csv("kpi.csv", &csv).expect("csv");
        let unchanged = preview(&sheet, lang);
        assert_eq!(unchanged.refused, []);
        assert_eq!(unchanged.changes, [], "{lang:?}");
        let bytes = to_xlsx(std::slice::from_ref(&table)).expect("xlsx");
        let sheet = read_xlsx("kpi.xlsx", &bytes, &SheetChoice::First).expect("xlsx");
        assert_eq!(preview(&sheet, lang).changes, [], "{lang:?}");

        let mut edited = table.clone();
        let actual = edited
            .headers
            .iter()
            .position(|h| h == lang.pick("実績", "Actual"))
            .expect("actual column");
        edited.rows[1][actual] = Cell::Number(777.0);
        let bytes = to_xlsx(&[edited]).expect("xlsx");
        let sheet = read_xlsx("kpi.xlsx", &bytes, &SheetChoice::First).expect("xlsx");
        let preview = preview(&sheet, lang);
        assert_eq!(preview.refused, []);
        assert_eq!(preview.changes.len(), 1);
        let change = &preview.changes[0];
        assert_eq!(change.kind, RecordKind::Kpi);
        assert_eq!(change.id.as_deref(), Some("032085-kpi-1"));
        assert_eq!(change.cells.len(), 1);
        assert_eq!(change.cells[0].field, "actual_fy2025");
        assert_eq!(
            (change.cells[0].old.as_str(), change.cells[0].new.as_str()),
            ("", "777")
        );
    }
}
