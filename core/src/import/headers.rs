//! Which column holds what: header texts recognised in Japanese and English, the header row
//! found among the first rows (titles and blank rows often come first; merged header cells
//! are already copied into each cell by the reader), and the mapping the person can correct.

use super::cell::Sheet;
use super::limits::HEADER_SEARCH_ROWS;
use super::{ImportError, ImportErrorKind};
use crate::lang::Lang;
use crate::text;

/// What a column can mean in a plan import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// The measure's record id, as the app's export writes it: rows are matched by it.
    MeasureId,
    Title,
    Policy,
    Area,
    Priority,
    Department,
    Status,
    Percent,
    StartYear,
    EndYear,
    Deadline,
    Notes,
    /// Computed by the export (期限切れ); recognised so it is not reported as unknown, never
    /// imported.
    Overdue,
    KpiName,
    KpiUnit,
    KpiBaseline,
    KpiYear,
    KpiTarget,
    KpiActual,
}

impl Target {
    pub const ALL: [Target; 19] = [
        Target::MeasureId,
        Target::Title,
        Target::Policy,
        Target::Area,
        Target::Priority,
        Target::Department,
        Target::Status,
        Target::Percent,
        Target::StartYear,
        Target::EndYear,
        Target::Deadline,
        Target::Notes,
        Target::Overdue,
        Target::KpiName,
        Target::KpiUnit,
        Target::KpiBaseline,
        Target::KpiYear,
        Target::KpiTarget,
        Target::KpiActual,
    ];

    /// The name shown in the mapping step (and in the template).
    pub fn label(self, lang: Lang) -> &'static str {
        let (ja, en) = match self {
            Target::MeasureId => ("ID", "ID"),
            Target::Title => ("施策", "Measure"),
            Target::Policy => ("基本施策", "Basic policy"),
            Target::Area => ("分野", "Area"),
            Target::Priority => ("重点", "Priority"),
            Target::Department => ("担当課", "Department"),
            Target::Status => ("状況", "Status"),
            Target::Percent => ("進捗(%)", "Progress (%)"),
            Target::StartYear => ("開始年度", "Start"),
            Target::EndYear => ("終了年度", "End"),
            Target::Deadline => ("期限", "Deadline"),
            Target::Notes => ("備考", "Notes"),
            Target::Overdue => ("期限切れ", "Overdue"),
            Target::KpiName => ("KPI名", "KPI"),
            Target::KpiUnit => ("単位", "Unit"),
            Target::KpiBaseline => ("基準値", "Baseline"),
            Target::KpiYear => ("年度", "Fiscal year"),
            Target::KpiTarget => ("目標値", "Target"),
            Target::KpiActual => ("実績", "Actual"),
        };
        lang.pick(ja, en)
    }

    /// Header texts recognised for this column, compared after [`header_key`] (width folded,
    /// lower case, no spaces, brackets or `%`). The labels of both languages are included.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Target::MeasureId => &["id", "施策id", "measureid", "measure id"],
            Target::Title => &[
                "施策",
                "施策名",
                "個別施策",
                "施策名称",
                "取組",
                "取組名",
                "取組み",
                "事業名",
                "measure",
                "measures",
                "title",
                "measure title",
            ],
            Target::Policy => &["基本施策", "基本方針", "施策の柱", "basic policy", "policy"],
            Target::Area => &["分野", "取組分野", "area"],
            Target::Priority => &["重点", "重点施策", "重点取組", "priority"],
            Target::Department => &[
                "担当課",
                "担当部署",
                "所管課",
                "担当",
                "担当部課",
                "department",
                "dept",
            ],
            Target::Status => &["状況", "進捗状況", "ステータス", "状態", "status"],
            Target::Percent => &["進捗", "進捗率", "進捗度", "progress", "progress rate"],
            Target::StartYear => &["開始年度", "開始", "start", "start year", "start fy"],
            Target::EndYear => &[
                "終了年度",
                "終了",
                "完了予定年度",
                "end",
                "end year",
                "end fy",
            ],
            Target::Deadline => &[
                "期限",
                "期日",
                "完了期限",
                "期限日",
                "deadline",
                "due",
                "due date",
            ],
            Target::Notes => &["備考", "メモ", "notes", "note", "remarks"],
            Target::Overdue => &["期限切れ", "期限超過", "overdue"],
            Target::KpiName => &["kpi", "kpi名", "指標", "指標名", "成果指標", "kpi name"],
            Target::KpiUnit => &["単位", "unit"],
            Target::KpiBaseline => &["基準値", "現状値", "baseline"],
            Target::KpiYear => &["年度", "fiscal year", "fy", "year"],
            Target::KpiTarget => &["目標値", "目標", "target"],
            Target::KpiActual => &["実績", "実績値", "actual"],
        }
    }

    /// The column a header text names, if any.
    pub fn recognise(header: &str) -> Option<Target> {
        let key = header_key(header);
        if key.is_empty() {
            return None;
        }
        Target::ALL
            .into_iter()
            .find(|target| target.synonyms().iter().any(|s| header_key(s) == key))
    }

    pub fn is_kpi(self) -> bool {
        matches!(
            self,
            Target::KpiName
                | Target::KpiUnit
                | Target::KpiBaseline
                | Target::KpiYear
                | Target::KpiTarget
                | Target::KpiActual
        )
    }
}

/// `"進捗(%)"` → `"進捗"`, `"Progress (%)"` → `"progress"`, `"ＫＰＩ名"` → `"kpi名"`.
pub(crate) fn header_key(header: &str) -> String {
    text::normalize(header)
        .to_lowercase()
        .chars()
        .filter(|c| !" ()[]【】%・_-:*※\u{3000}".contains(*c))
        .collect()
}

/// One column of the file: its header as written and what it is mapped to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedColumn {
    pub header: String,
    pub target: Option<Target>,
}

/// The header row and what each column means. [`ColumnMapping::recognise`] proposes it; the
/// person corrects it with [`ColumnMapping::set`] before the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMapping {
    /// Index in [`Sheet::rows`] of the header row; data starts on the next row.
    pub header_row: usize,
    pub columns: Vec<MappedColumn>,
}

impl ColumnMapping {
    /// The row among the first [`HEADER_SEARCH_ROWS`] that names the most distinct columns
    /// (the first such row on a tie), mapped as recognised. A target named twice in that row
    /// is mapped to its first column only.
    pub fn recognise(file: &str, sheet: &Sheet) -> Result<ColumnMapping, ImportError> {
        let mut best: Option<(usize, ColumnMapping)> = None;
        for (index, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
            let mut columns: Vec<MappedColumn> = Vec::with_capacity(row.len());
            for cell in row {
                let header = cell.as_text().unwrap_or_default().trim().to_owned();
                let target = Target::recognise(&header)
                    .filter(|target| !columns.iter().any(|c| c.target == Some(*target)));
                columns.push(MappedColumn { header, target });
            }
            let score = columns.iter().filter(|c| c.target.is_some()).count();
            if score > best.as_ref().map_or(0, |(score, _)| *score) {
                best = Some((
                    score,
                    ColumnMapping {
                        header_row: index,
                        columns,
                    },
                ));
            }
        }
        best.map(|(_, mapping)| mapping).ok_or_else(|| {
            ImportError::new(
                file,
                ImportErrorKind::NoHeaderRow {
                    searched: HEADER_SEARCH_ROWS.min(sheet.rows.len()),
                },
            )
        })
    }

    /// Maps column `index` to `target` (or to nothing); a column that had `target` before
    /// loses it, so a target is never mapped twice.
    pub fn set(&mut self, index: usize, target: Option<Target>) {
        if let Some(target) = target {
            for column in &mut self.columns {
                if column.target == Some(target) {
                    column.target = None;
                }
            }
        }
        if self.columns.len() <= index {
            self.columns.resize(
                index + 1,
                MappedColumn {
                    header: String::new(),
                    target: None,
                },
            );
        }
        self.columns[index].target = target;
    }

    /// The column mapped to `target`.
    pub fn column_of(&self, target: Target) -> Option<usize> {
        self.columns.iter().position(|c| c.target == Some(target))
    }

    pub fn header(&self, index: usize) -> &str {
        self.columns.get(index).map_or("", |c| c.header.as_str())
    }

    /// A plan import needs the measure's title or its id.
    pub fn check(&self, file: &str) -> Result<(), ImportError> {
        for target in Target::ALL {
            let count = self
                .columns
                .iter()
                .filter(|c| c.target == Some(target))
                .count();
            if count > 1 {
                return Err(ImportError::new(
                    file,
                    ImportErrorKind::ColumnMappedTwice {
                        column: target.label(Lang::En),
                    },
                ));
            }
        }
        if self.column_of(Target::Title).is_none() && self.column_of(Target::MeasureId).is_none() {
            return Err(ImportError::new(
                file,
                ImportErrorKind::MissingColumn {
                    column: Target::Title.label(Lang::En),
                },
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_both_languages() {
        assert_eq!(Target::recognise("施策名"), Some(Target::Title));
        assert_eq!(Target::recognise("進捗(%)"), Some(Target::Percent));
        assert_eq!(Target::recognise("進捗率"), Some(Target::Percent));
        assert_eq!(Target::recognise("Progress (%)"), Some(Target::Percent));
        assert_eq!(Target::recognise("ＫＰＩ名"), Some(Target::KpiName));
        assert_eq!(Target::recognise(" 担当課 "), Some(Target::Department));
        assert_eq!(Target::recognise("Basic policy"), Some(Target::Policy));
        assert_eq!(Target::recognise("感想"), None);
        for target in Target::ALL {
            for lang in [Lang::Ja, Lang::En] {
                assert_eq!(Target::recognise(target.label(lang)), Some(target));
            }
        }
    }
}
