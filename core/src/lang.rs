//! The two languages core writes labels in (exports, report headers, the markup the tools
//! module writes), and field names in words. The app has its own `Lang` for the UI dictionary
//! and converts to this one.

use serde::{Deserialize, Serialize};

use crate::domain::{RecordKind, Step};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// 日本語, the default: staff and prefectures read Japanese.
    #[default]
    Ja,
    En,
}

impl Lang {
    /// Picks the Japanese or the English text.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

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
        "measure_id" => ("施策", "Measure"),
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
        "name_ja" => ("名称", "Name"),
        "name_en" => ("英語名", "English name"),
        "parent" => ("親分野", "Parent area"),
        "order" => ("順序", "Order"),
        "priority_area" => ("重点", "Priority"),
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

    #[test]
    fn japanese_is_the_default() {
        assert_eq!(Lang::default(), Lang::Ja);
        assert_eq!(Lang::Ja.pick("完了", "Done"), "完了");
        assert_eq!(Lang::En.pick("完了", "Done"), "Done");
        assert_eq!(serde_json::to_string(&Lang::En).unwrap(), "\"en\"");
    }

    #[test]
    fn fields_in_words() {
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
            field_label(Lang::En, RecordKind::Survey, "question.q3"),
            "Question q3"
        );
        assert_eq!(
            field_label(Lang::Ja, RecordKind::Kpi, "target_fy2025"),
            "target_fy2025"
        );
    }
}
