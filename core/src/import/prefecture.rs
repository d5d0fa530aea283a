//! The prefecture's side: its own taxonomy (areas and sub-areas) and a survey's questions,
//! read from a sheet ([`super::read_xlsx`] or [`super::read_csv`]) into the domain's values,
//! checked with the domain's own validation. Each bad row is refused with its row, column and
//! reason; the caller writes the values the person confirms.

use super::cell::{CellValue, Sheet};
use super::error::{Refusal, RefusalReason, RefusedColumn};
use super::headers::header_key;
use super::limits::HEADER_SEARCH_ROWS;
use super::values;
use super::{ImportError, ImportErrorKind};
use crate::domain::survey::{Choice, Question, QuestionKind};
use crate::domain::taxonomy::{self, AreaSource, TaxonomyArea};
use crate::domain::Survey;
use crate::text;

/// Columns of one kind of sheet: the synonyms of each column's header.
struct Columns {
    header_row: usize,
    /// Column index of each wanted column, in the order asked.
    found: Vec<Option<usize>>,
    headers: Vec<String>,
}

impl Columns {
    /// The row among the first rows naming the most of `wanted` (each a list of synonyms).
    fn find(
        file: &str,
        sheet: &Sheet,
        wanted: &[&[&str]],
        required: usize,
    ) -> Result<Columns, ImportError> {
        let mut best: Option<(usize, Columns)> = None;
        for (index, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
            let headers: Vec<String> = row
                .iter()
                .map(|c| c.as_text().unwrap_or_default().trim().to_owned())
                .collect();
            let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
            let found: Vec<Option<usize>> = wanted
                .iter()
                .map(|synonyms| {
                    keys.iter()
                        .position(|key| synonyms.iter().any(|s| header_key(s) == *key))
                })
                .collect();
            let score = found.iter().flatten().count();
            if found[required].is_some() && score > best.as_ref().map_or(0, |(s, _)| *s) {
                best = Some((
                    score,
                    Columns {
                        header_row: index,
                        found,
                        headers,
                    },
                ));
            }
        }
        best.map(|(_, columns)| columns).ok_or_else(|| {
            ImportError::new(
                file,
                ImportErrorKind::NoHeaderRow {
                    searched: HEADER_SEARCH_ROWS.min(sheet.rows.len()),
                },
            )
        })
    }

    fn cell<'r>(&self, row: &'r [CellValue], which: usize) -> &'r CellValue {
        self.found[which]
            .and_then(|index| row.get(index))
            .unwrap_or(&CellValue::Empty)
    }

    fn column(&self, which: usize) -> Option<RefusedColumn> {
        let index = self.found[which]?;
        Some(RefusedColumn {
            index,
            header: self.headers.get(index).cloned().unwrap_or_default(),
        })
    }

    fn data_rows<'s>(&self, sheet: &'s Sheet) -> impl Iterator<Item = (usize, &'s [CellValue])> {
        sheet
            .rows
            .iter()
            .enumerate()
            .skip(self.header_row + 1)
            .filter(|(_, row)| !row.iter().all(CellValue::is_empty))
            .map(|(index, row)| (index + 1, row.as_slice()))
    }
}

/// A prefecture's areas read from a sheet, and the rows refused.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaxonomyImport {
    pub areas: Vec<TaxonomyArea>,
    /// The file's row of each area, in the same order.
    pub rows: Vec<usize>,
    pub refused: Vec<Refusal>,
}

const AREA_ID: usize = 0;
const AREA_NAME: usize = 1;
const AREA_NAME_EN: usize = 2;
const AREA_PARENT: usize = 3;
const AREA_PRIORITY: usize = 4;
const AREA_ORDER: usize = 5;

/// Reads areas: `分野` (the Japanese name, required), `英語名`, `親分野` (the parent's id or
/// name, national or of this sheet: a sub-area), `重点`, `順序`, `ID`. An area named like one
/// of `existing` (the prefecture's stored areas) keeps its id, so importing again updates
/// rather than duplicates; others get `new_id()`. Every area is checked alone
/// ([`TaxonomyArea::validate`]) and the whole set against the national areas
/// ([`taxonomy::merge`]: no national id reused, parents exist, no cycles).
pub fn read_taxonomy(
    file: &str,
    sheet: &Sheet,
    national: &[TaxonomyArea],
    existing: &[TaxonomyArea],
    mut new_id: impl FnMut() -> String,
) -> Result<TaxonomyImport, ImportError> {
    let columns = Columns::find(
        file,
        sheet,
        &[
            &["id", "分野id"],
            &[
                "分野",
                "分野名",
                "取組分野",
                "名称",
                "area",
                "name",
                "name ja",
            ],
            &["英語名", "分野名(英語)", "english", "name en"],
            &["親分野", "上位分野", "親", "parent", "parent area"],
            &["重点", "重点取組", "priority"],
            &["順序", "並び順", "表示順", "order"],
        ],
        AREA_NAME,
    )?;
    let mut import = TaxonomyImport::default();
    // Parent names are resolved after every row is read, so a sub-area may come first.
    let mut parents: Vec<(usize, String)> = Vec::new();
    let mut rows: Vec<usize> = Vec::new();
    for (position, (row_number, row)) in columns.data_rows(sheet).enumerate() {
        let mut refuse = |which: usize, reason: RefusalReason| {
            import.refused.push(Refusal {
                row: row_number,
                column: columns.column(which),
                reason,
            });
        };
        let read = |which: usize| values::single_line(columns.cell(row, which));
        let (id, name, name_en, parent) = match (
            read(AREA_ID),
            read(AREA_NAME),
            read(AREA_NAME_EN),
            read(AREA_PARENT),
        ) {
            (Ok(id), Ok(name), Ok(name_en), Ok(parent)) => (id, name, name_en, parent),
            (id, name, name_en, parent) => {
                for (which, result) in [
                    (AREA_ID, id),
                    (AREA_NAME, name),
                    (AREA_NAME_EN, name_en),
                    (AREA_PARENT, parent),
                ] {
                    if let Err(reason) = result {
                        refuse(which, reason);
                    }
                }
                continue;
            }
        };
        if name.is_empty() {
            refuse(AREA_NAME, RefusalReason::MissingTitle);
            continue;
        }
        let priority = match values::flag(columns.cell(row, AREA_PRIORITY)) {
            Ok(flag) => flag,
            Err(reason) => {
                refuse(AREA_PRIORITY, reason);
                continue;
            }
        };
        let default_order = i32::try_from((position + 1) * 10).unwrap_or(i32::MAX);
        let order = match values::number(columns.cell(row, AREA_ORDER)) {
            Ok(order) => order.map_or(default_order, |order| order.round() as i32),
            Err(reason) => {
                refuse(AREA_ORDER, reason);
                continue;
            }
        };
        let key = text::normalize(&name);
        let id = if !id.is_empty() {
            id
        } else {
            existing
                .iter()
                .find(|area| text::normalize(&area.name_ja) == key)
                .map_or_else(&mut new_id, |area| area.id.clone())
        };
        let area = TaxonomyArea {
            id,
            name_ja: name,
            name_en,
            parent: None,
            order,
            priority_area: priority,
            source: AreaSource::Prefecture,
        };
        if !parent.is_empty() {
            parents.push((import.areas.len(), parent));
        }
        import.areas.push(area);
        rows.push(row_number);
    }
    for (index, parent) in parents {
        let key = text::normalize(&parent);
        // A parent may also be one of the prefecture's areas the file leaves out.
        let found = national
            .iter()
            .chain(&import.areas)
            .chain(existing)
            .find(|a| a.id == parent || text::normalize(&a.name_ja) == key)
            .map(|a| a.id.clone());
        match found {
            Some(id) => import.areas[index].parent = Some(id),
            None => import.refused.push(Refusal {
                row: rows[index],
                column: columns.column(AREA_PARENT),
                reason: RefusalReason::UnknownArea { name: parent },
            }),
        }
    }
    // Refused parents drop their area; then each area and the whole set are checked.
    let refused_rows: Vec<usize> = import.refused.iter().map(|r| r.row).collect();
    let mut kept = Vec::new();
    for (area, row) in import.areas.drain(..).zip(rows) {
        if refused_rows.contains(&row) {
            continue;
        }
        match area.validate() {
            Ok(()) => kept.push((area, row)),
            Err(errors) => {
                for error in errors {
                    import.refused.push(Refusal {
                        row,
                        column: None,
                        reason: RefusalReason::Invalid {
                            field: error.field,
                            message: error.message,
                        },
                    });
                }
            }
        }
    }
    let areas: Vec<TaxonomyArea> = kept.iter().map(|(area, _)| area.clone()).collect();
    // Checked as the prefecture will hold them: the file's areas over its stored ones.
    let held: Vec<TaxonomyArea> = existing
        .iter()
        .filter(|stored| !areas.iter().any(|area| area.id == stored.id))
        .chain(&areas)
        .cloned()
        .collect();
    if let Err(error) = taxonomy::merge(national, &held) {
        let message = error.to_string();
        let row = kept
            .iter()
            .find(|(area, _)| message.contains(&format!("{:?}", area.id)))
            .map_or(columns.header_row + 2, |(_, row)| *row);
        import.refused.push(Refusal {
            row,
            column: None,
            reason: RefusalReason::Invalid {
                field: "areas".to_owned(),
                message,
            },
        });
        import.areas = Vec::new();
    } else {
        import.areas = areas;
        import.rows = kept.iter().map(|(_, row)| *row).collect();
    }
    import
        .refused
        .sort_unstable_by_key(|r| (r.row, r.column.as_ref().map(|c| c.index)));
    Ok(import)
}

/// A survey's questions read from a sheet, and the rows refused.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QuestionImport {
    pub questions: Vec<Question>,
    /// The file's row of each question, in the same order.
    pub rows: Vec<usize>,
    pub refused: Vec<Refusal>,
}

const Q_ID: usize = 0;
const Q_TEXT: usize = 1;
const Q_KIND: usize = 2;
const Q_REQUIRED: usize = 3;
const Q_CHOICES: usize = 4;
const Q_UNIT: usize = 5;

/// Reads questions: `設問` (required), `形式` (単一選択 / 複数選択 / 数値 / 自由記述, or
/// single / multiple / number / text; single choice when empty and choices are given, else
/// free text), `必須`, `選択肢` (one per line, or separated by `|` or `／`), `単位`, `設問ID`.
/// Question ids not given come from `new_id()` (random, like the survey builder's). Each
/// question is checked with the survey's own validation.
pub fn read_survey_questions(
    file: &str,
    sheet: &Sheet,
    mut new_id: impl FnMut() -> String,
) -> Result<QuestionImport, ImportError> {
    let columns = Columns::find(
        file,
        sheet,
        &[
            &["設問id", "質問id", "id", "question id"],
            &["設問", "質問", "設問文", "質問文", "question", "text"],
            &["形式", "回答形式", "種類", "kind", "type"],
            &["必須", "required"],
            &["選択肢", "choices", "options"],
            &["単位", "unit"],
        ],
        Q_TEXT,
    )?;
    let mut import = QuestionImport::default();
    for (row_number, row) in columns.data_rows(sheet) {
        let refuse = |import: &mut QuestionImport, which: Option<usize>, reason| {
            import.refused.push(Refusal {
                row: row_number,
                column: which.and_then(|w| columns.column(w)),
                reason,
            });
        };
        let read = |which: usize| values::single_line(columns.cell(row, which));
        let choices = match values::multi_line(columns.cell(row, Q_CHOICES)) {
            Ok(text) => text
                .split(['\n', '|', '／'])
                .map(str::trim)
                .filter(|label| !label.is_empty())
                .enumerate()
                .map(|(index, label)| Choice::new(format!("c{}", index + 1), label))
                .collect::<Vec<_>>(),
            Err(reason) => {
                refuse(&mut import, Some(Q_CHOICES), reason);
                continue;
            }
        };
        let (id, question_text, kind, unit) =
            match (read(Q_ID), read(Q_TEXT), read(Q_KIND), read(Q_UNIT)) {
                (Ok(id), Ok(question_text), Ok(kind), Ok(unit)) => (id, question_text, kind, unit),
                (id, question_text, kind, unit) => {
                    for (which, result) in [
                        (Q_ID, id),
                        (Q_TEXT, question_text),
                        (Q_KIND, kind),
                        (Q_UNIT, unit),
                    ] {
                        if let Err(reason) = result {
                            refuse(&mut import, Some(which), reason);
                        }
                    }
                    continue;
                }
            };
        if question_text.is_empty() {
            refuse(&mut import, Some(Q_TEXT), RefusalReason::MissingTitle);
            continue;
        }
        let kind = match question_kind(&kind, !choices.is_empty()) {
            Some(kind) => kind,
            None => {
                refuse(
                    &mut import,
                    Some(Q_KIND),
                    RefusalReason::Invalid {
                        field: "kind".to_owned(),
                        message: format!("{kind:?}: 単一選択, 複数選択, 数値, 自由記述"),
                    },
                );
                continue;
            }
        };
        let required = match values::flag(columns.cell(row, Q_REQUIRED)) {
            Ok(flag) => flag,
            Err(reason) => {
                refuse(&mut import, Some(Q_REQUIRED), reason);
                continue;
            }
        };
        let question = Question {
            id: if id.is_empty() { new_id() } else { id },
            kind,
            text: question_text,
            required,
            choices: if kind.has_choices() {
                choices
            } else {
                Vec::new()
            },
            unit: (kind == QuestionKind::Number && !unit.is_empty()).then_some(unit),
        };
        // The survey's validation, on a survey holding this question alone.
        let any_day = chrono::NaiveDate::from_ymd_opt(2025, 4, 1).unwrap_or_default();
        let mut survey = Survey::new("import-check", "import", any_day);
        survey.questions = vec![question.clone()];
        let duplicate = import.questions.iter().any(|q| q.id == question.id);
        match survey.validate() {
            Ok(()) if !duplicate => {
                import.questions.push(question);
                import.rows.push(row_number);
            }
            Ok(()) => refuse(
                &mut import,
                Some(Q_ID),
                RefusalReason::Invalid {
                    field: "id".to_owned(),
                    message: format!("{:?} is used twice", question.id),
                },
            ),
            Err(errors) => {
                for error in errors {
                    refuse(
                        &mut import,
                        None,
                        RefusalReason::Invalid {
                            field: error.field,
                            message: error.message,
                        },
                    );
                }
            }
        }
    }
    Ok(import)
}

fn question_kind(text: &str, has_choices: bool) -> Option<QuestionKind> {
    let key = header_key(text);
    Some(match key.as_str() {
        "" if has_choices => QuestionKind::Single,
        "" => QuestionKind::Text,
        "単一選択" | "単一" | "択一" | "single" => QuestionKind::Single,
        "複数選択" | "複数" | "multiple" => QuestionKind::Multiple,
        "数値" | "数字" | "number" => QuestionKind::Number,
        "自由記述" | "記述" | "テキスト" | "text" => QuestionKind::Text,
        _ => return None,
    })
}
