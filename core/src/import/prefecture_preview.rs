//! The prefecture's imports (its taxonomy areas, a survey's questions) as an
//! [`ImportPreview`] of the plan import's shape, so the import screen's preview, its one
//! batch, the history and undo serve them unchanged. Nothing here writes.

use serde_json::Value;

use super::cell::Sheet;
use super::prefecture::{read_survey_questions, read_taxonomy};
use super::preview::{CellChange, ChangeAction, ImportPreview, RecordChange};
use super::{ImportError, ImportErrorKind};
use crate::domain::survey::{QuestionKind, Survey, QUESTION_FIELD_PREFIX};
use crate::domain::taxonomy::{self, TaxonomyArea};
use crate::domain::{Fields, RecordKind};
use crate::lang::Lang;

/// The file's areas against the prefecture's stored ones (`stored`: each area record's id and
/// fields): an area named like a stored one (or given its id) updates it, others are added
/// under `new_id()`. An area the file leaves out stays as it is.
pub fn preview_taxonomy(
    file: &str,
    sheet: &Sheet,
    stored: &[(String, Fields)],
    lang: Lang,
    new_id: impl FnMut() -> String,
) -> Result<ImportPreview, ImportError> {
    let national = taxonomy::national_default();
    let existing: Vec<TaxonomyArea> = stored
        .iter()
        .filter_map(|(id, fields)| TaxonomyArea::from_fields(id, fields).ok())
        .collect();
    let import = read_taxonomy(file, sheet, &national, &existing, new_id)?;
    let mut preview = ImportPreview {
        refused: import.refused,
        ..ImportPreview::default()
    };
    let name_of = |id: &str| {
        national
            .iter()
            .chain(&import.areas)
            .chain(&existing)
            .find(|area| area.id == id)
            .map(|area| area.name_ja.clone())
    };
    for (area, row) in import.areas.iter().zip(&import.rows) {
        let before = stored
            .iter()
            .find(|(id, _)| *id == area.id)
            .map(|(_, fields)| fields);
        let shown = |field: &str, value: Option<&Value>| match (field, value) {
            ("parent", Some(Value::String(id))) => name_of(id).unwrap_or_else(|| id.clone()),
            (_, value) => shown_value(value, lang),
        };
        let (writes, previous, cells) = field_changes(area.to_fields(), before, &shown);
        if writes.is_empty() {
            preview.unchanged_rows += 1;
            continue;
        }
        preview.changes.push(RecordChange {
            row: *row,
            kind: RecordKind::TaxonomyArea,
            action: if before.is_some() {
                ChangeAction::Update
            } else {
                ChangeAction::Add
            },
            id: Some(area.id.clone()),
            title: area.name_ja.clone(),
            cells,
            writes,
            previous,
            new_measure: None,
            item: false,
        });
    }
    Ok(preview)
}

/// The file's questions into the survey `id` as stored (`stored`, its fields): a question
/// with a stored question's id replaces it, others are added after the survey's questions
/// under `new_id()`. A published survey's questions are fixed (answers refer to them), so
/// its import is refused whole.
pub fn preview_questions(
    file: &str,
    sheet: &Sheet,
    id: &str,
    stored: &Fields,
    lang: Lang,
    new_id: impl FnMut() -> String,
) -> Result<ImportPreview, ImportError> {
    let survey = Survey::from_fields(id, stored)
        .map_err(|_| ImportError::new(file, ImportErrorKind::NoSurvey))?;
    if survey.published {
        return Err(ImportError::new(file, ImportErrorKind::SurveyPublished));
    }
    let import = read_survey_questions(file, sheet, new_id)?;
    let mut next = survey.clone();
    for question in &import.questions {
        match next.questions.iter_mut().find(|q| q.id == question.id) {
            Some(held) => *held = question.clone(),
            None => next.questions.push(question.clone()),
        }
    }
    let mut preview = ImportPreview {
        refused: import.refused,
        ..ImportPreview::default()
    };
    if let Err(errors) = next.validate() {
        // The questions pass one by one (read_survey_questions), so this is the set: too many.
        let row = import.rows.first().copied().unwrap_or(1);
        preview
            .refused
            .extend(errors.into_iter().map(|error| super::Refusal {
                row,
                column: None,
                reason: super::RefusalReason::Invalid {
                    field: error.field,
                    message: error.message,
                },
            }));
        return Ok(preview);
    }
    // Every write of the survey (the questions' fields, their order, a legacy array's
    // migration), each given to the question it belongs to; the others go with the first.
    let mut writes = next.writes_over(stored);
    for (question, row) in import.questions.iter().zip(&import.rows) {
        let field = format!("{QUESTION_FIELD_PREFIX}{}", question.id);
        let before = survey.question(&question.id);
        let mine: Vec<(String, Value)> = writes
            .iter()
            .filter(|(name, _)| *name == field)
            .cloned()
            .collect();
        writes.retain(|(name, _)| *name != field);
        if mine.is_empty() {
            preview.unchanged_rows += 1;
            continue;
        }
        let previous = mine
            .iter()
            .map(|(name, _)| stored.get(name).cloned())
            .collect();
        preview.changes.push(RecordChange {
            row: *row,
            kind: RecordKind::Survey,
            action: if before.is_some() {
                ChangeAction::Update
            } else {
                ChangeAction::Add
            },
            id: Some(id.to_owned()),
            title: question.text.clone(),
            cells: vec![CellChange {
                field: field.clone(),
                column: None,
                old: before.map(|q| question_text(q, lang)).unwrap_or_default(),
                new: question_text(question, lang),
            }],
            writes: mine,
            previous,
            new_measure: None,
            item: true,
        });
    }
    if let Some(first) = preview.changes.first_mut() {
        for (name, value) in writes {
            first.previous.push(stored.get(&name).cloned());
            first.writes.push((name, value));
        }
    }
    Ok(preview)
}

/// The fields of `fields` that differ from `before` (every field when it is new): the writes,
/// the values they replace, and the cells shown (the area's `source` is not shown: always the
/// prefecture's).
type FieldChanges = (Vec<(String, Value)>, Vec<Option<Value>>, Vec<CellChange>);

fn field_changes(
    fields: Fields,
    before: Option<&Fields>,
    shown: &dyn Fn(&str, Option<&Value>) -> String,
) -> FieldChanges {
    let mut changes: FieldChanges = (Vec::new(), Vec::new(), Vec::new());
    for (field, value) in fields {
        let old = before.and_then(|fields| fields.get(&field));
        if old == Some(&value) || (before.is_none() && value.is_null()) {
            continue;
        }
        if field != "source" {
            changes.2.push(CellChange {
                field: field.clone(),
                column: None,
                old: shown(&field, old),
                new: shown(&field, Some(&value)),
            });
        }
        changes.1.push(old.cloned());
        changes.0.push((field, value));
    }
    changes
}

fn shown_value(value: Option<&Value>, lang: Lang) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Bool(true)) => lang.pick("はい", "Yes").to_owned(),
        Some(Value::Bool(false)) => lang.pick("いいえ", "No").to_owned(),
        Some(other) => other.to_string(),
    }
}

/// `設問文 (単一選択・必須: はい／いいえ)`: a question as one line of the preview.
fn question_text(question: &crate::domain::survey::Question, lang: Lang) -> String {
    let kind = match question.kind {
        QuestionKind::Single => lang.pick("単一選択", "single choice"),
        QuestionKind::Multiple => lang.pick("複数選択", "multiple choice"),
        QuestionKind::Number => lang.pick("数値", "number"),
        QuestionKind::Text => lang.pick("自由記述", "free text"),
    };
    let mut parts = vec![kind.to_owned()];
    if question.required {
        parts.push(lang.pick("必須", "required").to_owned());
    }
    if let Some(unit) = &question.unit {
        parts.push(format!("{}: {unit}", lang.pick("単位", "unit")));
    }
    let choices: Vec<&str> = question.choices.iter().map(|c| c.label.as_str()).collect();
    let mut line = format!("{} ({})", question.text, parts.join(lang.pick("・", ", ")));
    if !choices.is_empty() {
        line.push_str(&format!(": {}", choices.join("／")));
    }
    line
}
