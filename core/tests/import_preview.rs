//! The preview: the mapping step's corrections, values typed the Japanese way, KPI rows,
//! and the row refusals that matching and the domain's validation give.

mod import_support;

use chrono::NaiveDate;
use import_support::*;
use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::domain::{Measure, RecordKind, Status};
use tsunagu_core::import::{
    preview_plan_import, read_csv, ChangeAction, ColumnMapping, ImportBatch, ImportErrorKind,
    ImportPreview, PlanContext, RefusalReason, Sheet, Target,
};
use tsunagu_core::lang::Lang;

fn preview_with(sheet: &Sheet, mapping: &ColumnMapping) -> ImportPreview {
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
        lang: Lang::Ja,
    };
    preview_plan_import("x.csv", sheet, mapping, &context).expect("preview")
}

fn preview(csv: &str) -> ImportPreview {
    let sheet = read_csv("x.csv", csv).expect("csv");
    let mapping = ColumnMapping::recognise("x.csv", &sheet).expect("headers");
    preview_with(&sheet, &mapping)
}

fn added_measure(preview: &ImportPreview, index: usize) -> Measure {
    let batch = ImportBatch::from_preview(preview, "i", |_| "032085-m-new".to_owned());
    let fields = batch.records[index]
        .writes
        .iter()
        .map(|w| (w.field.clone(), w.value.clone()))
        .collect();
    Measure::from_fields(&fields).expect("valid")
}

#[test]
fn the_mapping_step_corrects_a_column() {
    let sheet = read_csv(
        "x.csv",
        "取組内容,課,状況\r\n窓口の電子化,市民課,作業中\r\n",
    )
    .expect("csv");
    let mut mapping = ColumnMapping::recognise("x.csv", &sheet).expect("状況 is recognised");
    assert_eq!(mapping.column_of(Target::Status), Some(2));
    assert_eq!(mapping.column_of(Target::Title), None);
    let plan = plan();
    let context = PlanContext {
        plan_id: PLAN_ID,
        plan: &plan,
        measures: &[],
        kpis: &[],
        areas: &[],
        lang: Lang::Ja,
    };
    let error = preview_plan_import("x.csv", &sheet, &mapping, &context).expect_err("no title");
    assert_eq!(
        error.kind,
        ImportErrorKind::MissingColumn { column: "Measure" }
    );
    assert_eq!(
        error.message(Lang::Ja),
        "「x.csv」: 「施策」の列がありません。列の対応を設定してください。"
    );
    mapping.set(0, Some(Target::Title));
    mapping.set(1, Some(Target::Department));
    let preview = preview_with(&sheet, &mapping);
    let measure = added_measure(&preview, 0);
    assert_eq!(measure.title, "窓口の電子化");
    assert_eq!(measure.department, "市民課");
    // Mapping a target to another column takes it from the first; ignoring a column.
    mapping.set(1, Some(Target::Title));
    assert_eq!(mapping.column_of(Target::Title), Some(1));
    assert_eq!(mapping.columns[0].target, None);
    mapping.set(2, None);
    assert_eq!(mapping.column_of(Target::Status), None);
}

#[test]
fn values_typed_the_japanese_way() {
    let preview = preview(concat!(
        "施策名,基本施策,分野,重点,担当課,状況,進捗率,開始年度,終了年度,期限,備考\r\n",
        "ｷｬｯｼｭﾚｽ決済,業務の効率化,テレワークの推進,○,会計課,実施中,５５％,R6,令和８年度,R8.3.31,\"一行目\r\n二行目\"\r\n",
        "電子契約,,,,,Done,100,2024,FY2025,２０２５／３／３１,\r\n",
    ));
    assert_eq!(preview.refused, []);
    let first = added_measure(&preview, 0);
    assert_eq!(first.title, "キャッシュレス決済");
    assert_eq!(first.policy_id.as_deref(), Some("p2"));
    assert_eq!(first.area.as_deref(), Some("telework"));
    assert!(first.priority);
    assert_eq!(first.status, Status::InProgress);
    assert_eq!(first.percent, 55);
    assert_eq!(first.start_fy, Some(FiscalYear(2024)));
    assert_eq!(first.end_fy, Some(FiscalYear(2026)));
    assert_eq!(first.deadline, NaiveDate::from_ymd_opt(2026, 3, 31));
    assert_eq!(first.notes, "一行目\n二行目");
    let second = added_measure(&preview, 1);
    assert_eq!(second.status, Status::Done);
    assert_eq!(second.deadline, NaiveDate::from_ymd_opt(2025, 3, 31));
}

#[test]
fn rows_refused_by_matching_and_validation() {
    let preview = preview(concat!(
        "ID,施策名,基本施策,分野,状況,進捗率,開始年度,終了年度\r\n",
        "032085-m-zzz,消えた施策,,,,,,\r\n",
        ",新しい施策,存在しない基本施策,,,,,\r\n",
        ",新しい施策2,,宇宙開発,,,,\r\n",
        ",,業務の効率化,,完了,,,\r\n",
        ",逆転,,,,,令和8年度,令和6年度\r\n",
        ",進捗,,,たぶん,120,,\r\n",
    ));
    let reasons: Vec<(usize, Option<usize>, &RefusalReason)> = preview
        .refused
        .iter()
        .map(|r| (r.row, r.column.as_ref().map(|c| c.index), &r.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                2,
                Some(0),
                &RefusalReason::UnknownMeasureId {
                    id: "032085-m-zzz".into()
                }
            ),
            (
                3,
                Some(2),
                &RefusalReason::UnknownPolicy {
                    title: "存在しない基本施策".into()
                }
            ),
            (
                4,
                Some(3),
                &RefusalReason::UnknownArea {
                    name: "宇宙開発".into()
                }
            ),
            (5, Some(1), &RefusalReason::MissingTitle),
            (
                6,
                Some(7),
                &RefusalReason::Invalid {
                    field: "end_fy".into(),
                    message: "must not be before start_fy (got FY2024 before FY2026)".into()
                }
            ),
            (
                7,
                Some(4),
                &RefusalReason::InvalidStatus {
                    text: "たぶん".into()
                }
            ),
            (
                7,
                Some(5),
                &RefusalReason::InvalidPercent { text: "120".into() }
            ),
        ]
    );
    assert_eq!(preview.changes, []);
    for refusal in &preview.refused {
        assert!(refusal.message(Lang::Ja).contains("行目"));
        assert!(refusal.message(Lang::En).starts_with("Row "));
    }
}

#[test]
fn duplicate_rows_must_agree() {
    let preview = preview(concat!(
        "施策名,基本施策,状況\r\n",
        "RPAの導入,業務の効率化,作業中\r\n",
        "RPAの導入,業務の効率化,作業中\r\n",
        "RPAの導入,業務の効率化,完了\r\n",
    ));
    assert_eq!(preview.changes.len(), 1);
    assert_eq!(preview.changes[0].cells[0].new, "作業中");
    assert_eq!(preview.refused.len(), 1);
    assert_eq!(
        preview.refused[0].reason,
        RefusalReason::DuplicateRow { first_row: 2 }
    );
    assert_eq!(preview.refused[0].row, 4);
}

#[test]
fn kpi_rows_update_a_kpi_per_year_and_add_one_to_a_new_measure() {
    let preview = preview(concat!(
        "施策名,基本施策,KPI名,単位,基準値,年度,目標値,実績\r\n",
        "行政手続のオンライン化,行政サービスのデジタル化,オンライン申請件数,件,120,令和7年度,1000,640\r\n",
        "行政手続のオンライン化,行政サービスのデジタル化,オンライン申請件数,件,120,R6,,432\r\n",
        "窓口予約,行政サービスのデジタル化,予約件数,件,,2025,300,\r\n",
        "窓口予約,行政サービスのデジタル化,,,,2025,300,\r\n",
    ));
    assert_eq!(preview.refused.len(), 1);
    assert_eq!(preview.refused[0].row, 5);
    assert_eq!(preview.refused[0].reason, RefusalReason::KpiWithoutName);
    let summary: Vec<(usize, RecordKind, ChangeAction, &str)> = preview
        .changes
        .iter()
        .map(|c| (c.row, c.kind, c.action, c.title.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                2,
                RecordKind::Kpi,
                ChangeAction::Update,
                "オンライン申請件数"
            ),
            (4, RecordKind::Measure, ChangeAction::Add, "窓口予約"),
            (4, RecordKind::Kpi, ChangeAction::Add, "予約件数"),
        ]
    );
    let update = &preview.changes[0];
    assert_eq!(update.cells.len(), 1, "{:?}", update.cells);
    assert_eq!(update.cells[0].field, "actual_fy2025");
    assert_eq!(update.cells[0].old, "");
    assert_eq!(update.cells[0].new, "640");
    assert_eq!(preview.unchanged_rows, 1, "row 3 repeats what is stored");

    let batch = ImportBatch::from_preview(&preview, "i", |kind| match kind {
        RecordKind::Measure => "032085-m-new".to_owned(),
        _ => "032085-kpi-new".to_owned(),
    });
    let kpi = &batch.records[2];
    let measure_id = kpi
        .writes
        .iter()
        .find(|w| w.field == "measure_id")
        .map(|w| w.value.clone());
    assert_eq!(measure_id, Some(serde_json::Value::from("032085-m-new")));
}
