//! Field names in words, for lists that show any field of any record (conflicts).

use tsunagu_core::domain::{RecordKind, Step};

use crate::i18n::Lang;

/// `title` → 名称 / Title; unknown names (KPI years) are shown as they are.
pub fn field_label(lang: Lang, kind: RecordKind, field: &str) -> String {
    if kind == RecordKind::StepChecklist {
        if let Some(label) = step_field_label(lang, field) {
            return label;
        }
    }
    // One field per policy or question: named after the list, with the item's id.
    let items = [
        ("policy.", "基本施策", "Basic policy"),
        ("question.", "設問", "Question"),
    ];
    for (prefix, ja, en) in items {
        if let Some(id) = field.strip_prefix(prefix) {
            return match lang {
                Lang::Ja => format!("{ja} {id}"),
                Lang::En => format!("{en} {id}"),
            };
        }
    }
    let (ja, en) = match field {
        "title" => ("名称", "Title"),
        "name" => ("名称", "Name"),
        "start_fy" => ("開始年度", "First fiscal year"),
        "end_fy" => ("終了年度", "Last fiscal year"),
        "vision" => ("目指す姿", "Vision"),
        "policies" => ("基本施策", "Basic policies"),
        "plan_id" => ("計画", "Plan"),
        "policy_id" => ("基本施策", "Basic policy"),
        "area" => ("分野", "Area"),
        "priority" => ("重点", "Priority"),
        "department" => ("担当課", "Department"),
        "status" => ("状況", "Status"),
        "percent" => ("進捗率", "Progress"),
        "schedule" => ("年度別の予定", "Schedule"),
        "notes" => ("備考", "Notes"),
        "deadline" => ("期限", "Deadline"),
        "unit" => ("単位", "Unit"),
        "baseline" => ("基準値", "Baseline"),
        "_deleted" => ("削除", "Deleted"),
        _ => return field.to_owned(),
    };
    match lang {
        Lang::Ja => ja.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// `step2_note` → ステップ2 メモ.
fn step_field_label(lang: Lang, field: &str) -> Option<String> {
    let (step, part) = field.strip_prefix("step")?.split_once('_')?;
    let step: usize = step.parse().ok()?;
    let step = Step::ALL.into_iter().find(|s| s.number() == step)?;
    let (ja, en) = match part {
        "done" => ("完了", "done"),
        "date" => ("日付", "date"),
        "note" => ("メモ", "note"),
        _ => return None,
    };
    Some(match lang {
        Lang::Ja => format!("ステップ{} {ja}", step.number()),
        Lang::En => format!("Step {} {en}", step.number()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn labels() {
        assert_eq!(field_label(Lang::Ja, RecordKind::Measure, "status"), "状況");
        assert_eq!(
            field_label(Lang::En, RecordKind::Measure, "percent"),
            "Progress"
        );
        assert_eq!(
            field_label(Lang::Ja, RecordKind::StepChecklist, "step2_note"),
            "ステップ2 メモ"
        );
        assert_eq!(
            field_label(Lang::Ja, RecordKind::Kpi, "target_fy2025"),
            "target_fy2025"
        );
    }
}
