//! The preview of a plan import: each row matched to a measure of the plan (by the id column
//! the app's export carries, otherwise by title within the basic policy), the cells that
//! change (old → new), the measures and KPIs to add, and the rows refused with their row,
//! column and reason. Nothing is written here: [`super::batch`] turns a confirmed preview
//! into writes.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use super::cell::{CellValue, Sheet};
use super::error::{Refusal, RefusalReason, RefusedColumn};
use super::headers::{ColumnMapping, Target};
use super::values;
use super::ImportError;
use crate::domain::{Fields, Kpi, KpiSeries, Measure, Plan, RecordKind, TaxonomyArea};
use crate::lang::Lang;
use crate::text;

/// What the import is compared against: the plan and what the device holds of it.
#[derive(Debug, Clone, Copy)]
pub struct PlanContext<'a> {
    pub plan_id: &'a str,
    pub plan: &'a Plan,
    /// The plan's measures, by record id (only the plan owner's: see `core::plan_list`).
    pub measures: &'a [(String, Measure)],
    /// The KPIs of those measures, by record id.
    pub kpis: &'a [(String, Kpi)],
    pub areas: &'a [TaxonomyArea],
    /// The language of the old → new texts and of area names.
    pub lang: Lang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeAction {
    Add,
    Update,
}

/// One cell that changes: the field, the column it came from, and both values as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct CellChange {
    pub field: String,
    pub column: Option<RefusedColumn>,
    pub old: String,
    pub new: String,
}

/// A record the import adds or updates.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordChange {
    /// The first row of the file that touches the record.
    pub row: usize,
    pub kind: RecordKind,
    pub action: ChangeAction,
    /// The record's id; `None` for a record added by the import (its id is given when the
    /// batch is made).
    pub id: Option<String>,
    /// The measure's title or the KPI's name, to show the change.
    pub title: String,
    /// For an update, the cells that change; for an addition, the cells given.
    pub cells: Vec<CellChange>,
    /// Field writes: every field of an added record, the changed fields of an updated one.
    pub(crate) writes: Vec<(String, Value)>,
    /// The value each written field had before (updates only), for undo.
    pub(crate) previous: Vec<Option<Value>>,
    /// A KPI of a measure added by this import: the index of that measure's change.
    pub(crate) new_measure: Option<usize>,
    /// An item of a record that stays (a survey's question): adding it writes fields, and
    /// its undo writes them back rather than deleting the record.
    pub(crate) item: bool,
}

/// What a confirmed import would do.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportPreview {
    /// Additions and updates, measures before their KPIs, in the order of the file's rows.
    pub changes: Vec<RecordChange>,
    pub refused: Vec<Refusal>,
    /// Rows read that change nothing (a round trip of an unedited export is all unchanged).
    pub unchanged_rows: usize,
}

impl ImportPreview {
    pub fn additions(&self) -> impl Iterator<Item = &RecordChange> {
        self.changes
            .iter()
            .filter(|c| c.action == ChangeAction::Add)
    }

    pub fn updates(&self) -> impl Iterator<Item = &RecordChange> {
        self.changes
            .iter()
            .filter(|c| c.action == ChangeAction::Update)
    }

    /// Whether confirming would write anything.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

struct MeasureState {
    id: Option<String>,
    original: Option<Measure>,
    current: Measure,
    first_row: usize,
}

struct KpiState {
    id: Option<String>,
    measure: usize,
    original: Option<Kpi>,
    current: Kpi,
    first_row: usize,
}

/// Compares `sheet` (read with `mapping`) with the plan. Fails only when the mapping cannot
/// import anything (no title or id column, a column mapped twice); every problem of a row
/// refuses that row alone.
pub fn preview_plan_import(
    file: &str,
    sheet: &Sheet,
    mapping: &ColumnMapping,
    context: &PlanContext<'_>,
) -> Result<ImportPreview, ImportError> {
    mapping.check(file)?;
    let mut stored_by_title: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, (_, measure)) in context.measures.iter().enumerate() {
        stored_by_title
            .entry(title_key(&measure.title))
            .or_default()
            .push(index);
    }
    let mut stored_kpis: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, (_, kpi)) in context.kpis.iter().enumerate() {
        stored_kpis
            .entry(kpi.measure_id.as_str())
            .or_default()
            .push(index);
    }
    let mut policy_keys = HashMap::new();
    for policy in &context.plan.policies {
        policy_keys.insert(policy.id.clone(), policy.id.as_str());
        policy_keys.insert(title_key(&policy.title), policy.id.as_str());
    }
    let mut area_keys = HashMap::new();
    for area in context.areas {
        area_keys.insert(area.id.clone(), area.id.as_str());
        area_keys.insert(title_key(&area.name_en), area.id.as_str());
        area_keys.insert(title_key(&area.name_ja), area.id.as_str());
    }
    let mut builder = Builder {
        policy_keys,
        area_keys,
        stored_by_id: context
            .measures
            .iter()
            .enumerate()
            .map(|(index, (id, _))| (id.as_str(), index))
            .collect(),
        stored_by_title,
        stored_kpis,
        mapping,
        context,
        measures: Vec::new(),
        kpis: Vec::new(),
        by_id: HashMap::new(),
        by_title: HashMap::new(),
        by_title_only: HashMap::new(),
        kpi_index: HashMap::new(),
        refused: Vec::new(),
        rows_read: 0,
        changing_rows: BTreeSet::new(),
    };
    for (index, row) in sheet.rows.iter().enumerate().skip(mapping.header_row + 1) {
        builder.row(index + 1, row);
    }
    Ok(builder.finish())
}

struct Builder<'a, 'c> {
    mapping: &'a ColumnMapping,
    context: &'a PlanContext<'c>,
    measures: Vec<MeasureState>,
    kpis: Vec<KpiState>,
    /// Existing measure id → its state.
    by_id: HashMap<String, usize>,
    /// (policy id, title key) of a measure added by this import → its state.
    by_title: HashMap<(Option<String>, String), usize>,
    /// Title key of a measure added by this import → its state (for files without policies).
    by_title_only: HashMap<String, usize>,
    /// (measure state, KPI name key) → KPI state.
    kpi_index: HashMap<(usize, String), usize>,
    refused: Vec<Refusal>,
    rows_read: usize,
    /// The plan's measures by id and by title key, and its KPIs by measure id: a file of
    /// 10,000 rows against a plan of 10,000 measures must not compare every pair.
    stored_by_id: HashMap<&'c str, usize>,
    stored_by_title: HashMap<String, Vec<usize>>,
    stored_kpis: HashMap<&'c str, Vec<usize>>,
    /// Policy and area names by their title key (both languages for areas) → id, made once.
    policy_keys: HashMap<String, &'c str>,
    area_keys: HashMap<String, &'c str>,
    /// Rows that changed a measure or a KPI.
    changing_rows: BTreeSet<usize>,
}

/// How to take back a row's measure when its KPI part is refused.
enum Rollback {
    Existing { current: Measure, first_row: usize },
    Added { key: (Option<String>, String) },
}

/// What a row says about a KPI (only the cells it gives).
#[derive(Default)]
struct KpiCells {
    name: Option<String>,
    unit: Option<String>,
    baseline: Option<f64>,
    year: Option<i32>,
    target: Option<f64>,
    actual: Option<f64>,
}

impl Builder<'_, '_> {
    fn cell<'r>(&self, row: &'r [CellValue], target: Target) -> Option<&'r CellValue> {
        let column = self.mapping.column_of(target)?;
        Some(row.get(column).unwrap_or(&CellValue::Empty))
    }

    fn column(&self, target: Target) -> Option<RefusedColumn> {
        let index = self.mapping.column_of(target)?;
        Some(RefusedColumn {
            index,
            header: self.mapping.header(index).to_owned(),
        })
    }

    fn refuse(&mut self, row: usize, target: Option<Target>, reason: RefusalReason) {
        let column = target.and_then(|target| self.column(target));
        self.refused.push(Refusal {
            row,
            column,
            reason,
        });
    }

    fn row(&mut self, number: usize, row: &[CellValue]) {
        let mapped_empty = self
            .mapping
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.target.is_some_and(|t| t != Target::Overdue))
            .all(|(index, _)| row.get(index).is_none_or(CellValue::is_empty));
        if mapped_empty {
            return;
        }
        self.rows_read += 1;
        let mut problems: Vec<(Option<Target>, RefusalReason)> = Vec::new();
        let found = self.find_measure(row, &mut problems);
        let Some((state, fresh)) = found else {
            self.refuse_all(number, problems);
            return;
        };
        // The row's measure, applied to what earlier rows made of it.
        let base = match (&state, &fresh) {
            (Some(index), _) => self.measures[*index].current.clone(),
            (None, Some(fresh)) => fresh.clone(),
            (None, None) => return,
        };
        let mut measure = base.clone();
        self.apply_measure_cells(row, &mut measure, &mut problems);
        if let Some(index) = state {
            let first_row = self.measures[index].first_row;
            let earlier = first_row != usize::MAX && first_row != number;
            if earlier && measure != base && problems.is_empty() {
                problems.push((None, RefusalReason::DuplicateRow { first_row }));
            }
        }
        // Only a changed measure is validated: a row that changes nothing is never refused
        // for what is already stored (merged fields may break a cross-field rule).
        if problems.is_empty() && measure != base {
            if let Err(errors) = measure.validate() {
                for error in errors {
                    let target = measure_field_target(&error.field);
                    problems.push((
                        target,
                        RefusalReason::Invalid {
                            field: error.field,
                            message: error.message,
                        },
                    ));
                }
            }
        }
        let kpi_cells = self.kpi_cells(row, &mut problems);
        if !problems.is_empty() {
            self.refuse_all(number, problems);
            return;
        }
        let changed = measure != base;
        let (index, rollback) = match state {
            Some(index) => {
                let saved = &mut self.measures[index];
                let rollback = Rollback::Existing {
                    current: std::mem::replace(&mut saved.current, measure),
                    first_row: saved.first_row,
                };
                if saved.first_row == usize::MAX {
                    saved.first_row = number;
                }
                (index, rollback)
            }
            None => {
                let key = (measure.policy_id.clone(), title_key(&measure.title));
                self.measures.push(MeasureState {
                    id: None,
                    original: None,
                    current: measure,
                    first_row: number,
                });
                let index = self.measures.len() - 1;
                self.by_title.insert(key.clone(), index);
                self.by_title_only.entry(key.1.clone()).or_insert(index);
                (index, Rollback::Added { key })
            }
        };
        let kpi_changed = match kpi_cells.map(|cells| self.apply_kpi(number, index, cells)) {
            None => false,
            Some(Ok(kpi_changed)) => kpi_changed,
            Some(Err((target, reason))) => {
                // The measure part of a row stands only if its KPI part does too.
                match rollback {
                    Rollback::Existing { current, first_row } => {
                        self.measures[index].current = current;
                        self.measures[index].first_row = first_row;
                    }
                    Rollback::Added { key } => {
                        self.measures.pop();
                        self.by_title.remove(&key);
                        if self.by_title_only.get(&key.1) == Some(&index) {
                            self.by_title_only.remove(&key.1);
                        }
                    }
                }
                self.refuse(number, target, reason);
                return;
            }
        };
        if changed || kpi_changed {
            self.changing_rows.insert(number);
        }
    }

    fn refuse_all(&mut self, number: usize, problems: Vec<(Option<Target>, RefusalReason)>) {
        for (target, reason) in problems {
            self.refuse(number, target, reason);
        }
    }

    /// The state of the row's measure, or a new measure to add. `None` when the row cannot
    /// be matched (the reason is in `problems`).
    fn find_measure(
        &mut self,
        row: &[CellValue],
        problems: &mut Vec<(Option<Target>, RefusalReason)>,
    ) -> Option<(Option<usize>, Option<Measure>)> {
        let id = match self.cell(row, Target::MeasureId).map(values::single_line) {
            Some(Ok(id)) => id,
            Some(Err(reason)) => {
                problems.push((Some(Target::MeasureId), reason));
                return None;
            }
            None => String::new(),
        };
        if !id.is_empty() {
            return match self.existing_state(&id) {
                Some(index) => Some((Some(index), None)),
                None => {
                    problems.push((
                        Some(Target::MeasureId),
                        RefusalReason::UnknownMeasureId { id },
                    ));
                    None
                }
            };
        }
        let title = match self.cell(row, Target::Title).map(values::single_line) {
            Some(Ok(title)) => title,
            Some(Err(reason)) => {
                problems.push((Some(Target::Title), reason));
                return None;
            }
            None => String::new(),
        };
        if title.is_empty() {
            problems.push((Some(Target::Title), RefusalReason::MissingTitle));
            return None;
        }
        let policy = match self.cell(row, Target::Policy) {
            Some(cell) => match self.policy_id(cell) {
                Ok(policy) => Some(policy),
                Err(reason) => {
                    problems.push((Some(Target::Policy), reason));
                    return None;
                }
            },
            None => None,
        };
        let key = title_key(&title);
        if let Some(policy) = &policy {
            if let Some(index) = self.by_title.get(&(policy.clone(), key.clone())) {
                return Some((Some(*index), None));
            }
        } else if let Some(index) = self.by_title_only.get(&key) {
            return Some((Some(*index), None));
        }
        let measures = self.context.measures;
        let candidates: Vec<&String> = self
            .stored_by_title
            .get(&key)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|&index| &measures[index])
            .filter(|(_, m)| policy.as_ref().is_none_or(|p| m.policy_id == *p))
            .map(|(id, _)| id)
            .collect();
        match candidates.as_slice() {
            [] => Some((
                None,
                Some(Measure {
                    policy_id: policy.flatten(),
                    ..Measure::new(self.context.plan_id, title)
                }),
            )),
            [one] => {
                let id = (*one).clone();
                self.existing_state(&id).map(|index| (Some(index), None))
            }
            _ => {
                problems.push((Some(Target::Title), RefusalReason::AmbiguousTitle { title }));
                None
            }
        }
    }

    /// The state of existing measure `id`, made on first use.
    fn existing_state(&mut self, id: &str) -> Option<usize> {
        if let Some(index) = self.by_id.get(id) {
            return Some(*index);
        }
        let (_, measure) = &self.context.measures[*self.stored_by_id.get(id)?];
        self.measures.push(MeasureState {
            id: Some(id.to_owned()),
            original: Some(measure.clone()),
            current: measure.clone(),
            first_row: usize::MAX,
        });
        let index = self.measures.len() - 1;
        self.by_id.insert(id.to_owned(), index);
        Some(index)
    }

    fn policy_id(&self, cell: &CellValue) -> Result<Option<String>, RefusalReason> {
        let name = values::single_line(cell)?;
        if name.is_empty() {
            return Ok(None);
        }
        match self.policy_keys.get(&title_key(&name)) {
            Some(id) => Ok(Some((*id).to_owned())),
            None => Err(RefusalReason::UnknownPolicy { title: name }),
        }
    }

    fn area_id(&self, cell: &CellValue) -> Result<Option<String>, RefusalReason> {
        let name = values::single_line(cell)?;
        if name.is_empty() {
            return Ok(None);
        }
        match self.area_keys.get(&title_key(&name)) {
            Some(id) => Ok(Some((*id).to_owned())),
            None => Err(RefusalReason::UnknownArea { name }),
        }
    }

    fn apply_measure_cells(
        &self,
        row: &[CellValue],
        measure: &mut Measure,
        problems: &mut Vec<(Option<Target>, RefusalReason)>,
    ) {
        let mut check = |target: Target, result: Result<(), RefusalReason>| {
            if let Err(reason) = result {
                problems.push((Some(target), reason));
            }
        };
        for (index, column) in self.mapping.columns.iter().enumerate() {
            let Some(target) = column.target else {
                continue;
            };
            let cell = row.get(index).unwrap_or(&CellValue::Empty);
            let result = match target {
                // Texts are replaced only when they differ beyond width (a title stored with
                // full-width letters is not rewritten by its own export read back).
                Target::Title => values::single_line(cell).map(|title| {
                    if !title.is_empty() && text::fold_width(&measure.title).trim() != title {
                        measure.title = title;
                    }
                }),
                Target::Policy => self.policy_id(cell).map(|id| measure.policy_id = id),
                Target::Area => self.area_id(cell).map(|id| measure.area = id),
                Target::Priority => values::flag(cell).map(|flag| measure.priority = flag),
                Target::Department => values::single_line(cell).map(|department| {
                    if text::fold_width(&measure.department).trim() != department {
                        measure.department = department;
                    }
                }),
                Target::Status => values::status(cell).map(|status| {
                    if let Some(status) = status {
                        measure.status = status;
                    }
                }),
                Target::Percent => values::percent(cell).map(|percent| {
                    if let Some(percent) = percent {
                        measure.percent = percent;
                    }
                }),
                Target::StartYear => values::fiscal_year(cell).map(|year| measure.start_fy = year),
                Target::EndYear => values::fiscal_year(cell).map(|year| measure.end_fy = year),
                Target::Deadline => values::date(cell).map(|date| measure.deadline = date),
                Target::Notes => values::multi_line(cell).map(|notes| {
                    if text::normalize_multiline(&measure.notes) != notes {
                        measure.notes = notes;
                    }
                }),
                _ => Ok(()),
            };
            check(target, result);
        }
    }

    fn kpi_cells(
        &self,
        row: &[CellValue],
        problems: &mut Vec<(Option<Target>, RefusalReason)>,
    ) -> Option<KpiCells> {
        let mut cells = KpiCells::default();
        let mut any = false;
        let mut read = |target: Target| -> Option<&CellValue> {
            let cell = self.cell(row, target)?;
            any |= !cell.is_empty();
            Some(cell)
        };
        let name = read(Target::KpiName).map(values::single_line);
        let unit = read(Target::KpiUnit).map(values::single_line);
        let baseline = read(Target::KpiBaseline).map(values::number);
        let year = read(Target::KpiYear).map(values::fiscal_year);
        let target = read(Target::KpiTarget).map(values::number);
        let actual = read(Target::KpiActual).map(values::number);
        if !any {
            return None;
        }
        cells.name = take(problems, Target::KpiName, name.map(|r| r.map(non_empty)));
        cells.unit = take(problems, Target::KpiUnit, unit.map(|r| r.map(non_empty)));
        cells.baseline = take(problems, Target::KpiBaseline, baseline);
        cells.year = take(problems, Target::KpiYear, year).map(|year| year.0);
        cells.target = take(problems, Target::KpiTarget, target);
        cells.actual = take(problems, Target::KpiActual, actual);
        if cells.name.is_none() {
            problems.push((Some(Target::KpiName), RefusalReason::KpiWithoutName));
        } else if cells.year.is_none() && (cells.target.is_some() || cells.actual.is_some()) {
            problems.push((Some(Target::KpiYear), RefusalReason::KpiWithoutYear));
        }
        Some(cells)
    }

    /// Applies a row's KPI cells; `Ok(true)` when they change the KPI.
    fn apply_kpi(
        &mut self,
        row: usize,
        measure: usize,
        cells: KpiCells,
    ) -> Result<bool, (Option<Target>, RefusalReason)> {
        let name = cells.name.unwrap_or_default();
        let key = title_key(&name);
        let known = self.kpi_index.get(&(measure, key.clone())).copied();
        let mut state = match known {
            Some(_) => None,
            None => {
                let measure_id = self.measures[measure].id.clone();
                let kpis = self.context.kpis;
                let stored = measure_id
                    .as_deref()
                    .and_then(|measure_id| self.stored_kpis.get(measure_id))
                    .and_then(|indexes| {
                        indexes
                            .iter()
                            .map(|&index| &kpis[index])
                            .find(|(_, k)| title_key(&k.name) == key)
                    });
                Some(match stored {
                    Some((id, kpi)) => KpiState {
                        id: Some(id.clone()),
                        measure,
                        original: Some(kpi.clone()),
                        current: kpi.clone(),
                        first_row: row,
                    },
                    None => KpiState {
                        id: None,
                        measure,
                        original: None,
                        current: Kpi::new(measure_id.unwrap_or_default(), name),
                        first_row: row,
                    },
                })
            }
        };
        let before = match (&state, known) {
            (Some(state), _) => state.current.clone(),
            (None, Some(index)) => self.kpis[index].current.clone(),
            (None, None) => return Ok(false),
        };
        let mut kpi = before.clone();
        if let Some(unit) = cells.unit {
            kpi.unit = unit;
        }
        if let Some(baseline) = cells.baseline {
            kpi.baseline = Some(baseline);
        }
        if let Some(year) = cells.year {
            if let Some(target) = cells.target {
                kpi.targets.insert(year, target);
            }
            if let Some(actual) = cells.actual {
                kpi.actuals.insert(year, actual);
            }
        }
        let mut check = kpi.clone();
        if check.measure_id.is_empty() {
            // A KPI of a measure this import adds: its id is given with the batch.
            check.measure_id = "new".to_owned();
        }
        if let Err(errors) = check.validate() {
            let reason = errors.into_iter().next().map_or(
                RefusalReason::Invalid {
                    field: String::new(),
                    message: String::new(),
                },
                |e| RefusalReason::Invalid {
                    field: e.field,
                    message: e.message,
                },
            );
            return Err((Some(Target::KpiName), reason));
        }
        let changed = kpi != before || state.as_ref().is_some_and(|s| s.original.is_none());
        match (state.as_mut(), known) {
            (Some(state), _) => state.current = kpi,
            (None, Some(index)) => self.kpis[index].current = kpi,
            (None, None) => {}
        }
        if let Some(state) = state {
            self.kpis.push(state);
            self.kpi_index.insert((measure, key), self.kpis.len() - 1);
        }
        Ok(changed)
    }

    fn finish(self) -> ImportPreview {
        let mut changes = Vec::new();
        let mut measure_change: Vec<Option<usize>> = vec![None; self.measures.len()];
        // In any order: the changes are sorted by row below.
        for (index, state) in self.measures.iter().enumerate() {
            if state.first_row == usize::MAX {
                continue;
            }
            let change = self.measure_change(state);
            if let Some(change) = change {
                measure_change[index] = Some(changes.len());
                changes.push(change);
            }
        }
        for state in &self.kpis {
            if let Some(mut change) = self.kpi_change(state) {
                if self.measures[state.measure].id.is_none() {
                    change.new_measure = measure_change[state.measure];
                }
                changes.push(change);
            }
        }
        // By row, a measure before its KPIs; a KPI's link to its new measure follows the move.
        let mut order: Vec<usize> = (0..changes.len()).collect();
        order
            .sort_unstable_by_key(|&i| (changes[i].row, changes[i].kind != RecordKind::Measure, i));
        let mut moved_to = vec![0; changes.len()];
        for (new_index, &old_index) in order.iter().enumerate() {
            moved_to[old_index] = new_index;
        }
        let mut slots: Vec<Option<RecordChange>> = changes.into_iter().map(Some).collect();
        let changes: Vec<RecordChange> = order
            .iter()
            .filter_map(|&i| slots[i].take())
            .map(|mut change| {
                change.new_measure = change.new_measure.map(|i| moved_to[i]);
                change
            })
            .collect();
        let mut refused_rows: Vec<usize> = self.refused.iter().map(|r| r.row).collect();
        refused_rows.dedup();
        ImportPreview {
            unchanged_rows: self
                .rows_read
                .saturating_sub(self.changing_rows.len())
                .saturating_sub(refused_rows.len()),
            changes,
            refused: self.refused,
        }
    }

    fn measure_change(&self, state: &MeasureState) -> Option<RecordChange> {
        if state.original.as_ref() == Some(&state.current) {
            return None;
        }
        let new_fields = state.current.to_fields();
        let (action, old_fields) = match &state.original {
            Some(original) => (ChangeAction::Update, Some(original.to_fields())),
            None => (ChangeAction::Add, None),
        };
        let (writes, previous, cells) = self.diff(
            &new_fields,
            old_fields.as_ref(),
            |field, fields| self.measure_text(field, fields),
            measure_field_target,
        );
        if writes.is_empty() {
            return None;
        }
        Some(RecordChange {
            row: state.first_row,
            kind: RecordKind::Measure,
            action,
            id: state.id.clone(),
            title: state.current.title.clone(),
            cells,
            writes,
            previous,
            new_measure: None,
            item: false,
        })
    }

    fn kpi_change(&self, state: &KpiState) -> Option<RecordChange> {
        if state.original.as_ref() == Some(&state.current) {
            return None;
        }
        let new_fields = state.current.to_fields();
        let (action, old_fields) = match &state.original {
            Some(original) => (ChangeAction::Update, Some(original.to_fields())),
            None => (ChangeAction::Add, None),
        };
        let (writes, previous, cells) =
            self.diff(&new_fields, old_fields.as_ref(), kpi_text, kpi_field_target);
        if writes.is_empty() {
            return None;
        }
        Some(RecordChange {
            row: state.first_row,
            kind: RecordKind::Kpi,
            action,
            id: state.id.clone(),
            title: state.current.name.clone(),
            cells,
            writes,
            previous,
            new_measure: None,
            item: false,
        })
    }

    #[allow(clippy::type_complexity)]
    fn diff(
        &self,
        new: &Fields,
        old: Option<&Fields>,
        text: impl Fn(&str, &Fields) -> String,
        target: impl Fn(&str) -> Option<Target>,
    ) -> (Vec<(String, Value)>, Vec<Option<Value>>, Vec<CellChange>) {
        let mut writes = Vec::new();
        let mut previous = Vec::new();
        let mut cells = Vec::new();
        for (field, value) in new {
            let before = old.and_then(|old| old.get(field));
            if old.is_some() && before.unwrap_or(&Value::Null) == value {
                continue;
            }
            writes.push((field.clone(), value.clone()));
            previous.push(before.cloned());
            let column = target(field).and_then(|t| self.column(t));
            let new_text = text(field, new);
            let old_text = old.map(|old| text(field, old)).unwrap_or_default();
            // An added record lists only the cells given, not every default.
            if old.is_none() && (new_text.is_empty() || column.is_none()) {
                continue;
            }
            cells.push(CellChange {
                field: field.clone(),
                column,
                old: old_text,
                new: new_text,
            });
        }
        (writes, previous, cells)
    }

    /// A measure field as the person reads it in their language.
    fn measure_text(&self, field: &str, fields: &Fields) -> String {
        let lang = self.context.lang;
        let value = fields.get(field).unwrap_or(&Value::Null);
        let string = value.as_str().unwrap_or_default();
        match field {
            "policy_id" => self
                .context
                .plan
                .policy(string)
                .map_or_else(|| string.to_owned(), |p| p.title.clone()),
            "area" => self
                .context
                .areas
                .iter()
                .find(|a| a.id == string)
                .map_or_else(
                    || string.to_owned(),
                    |a| lang.pick(&a.name_ja, &a.name_en).to_owned(),
                ),
            "priority" => match value.as_bool() {
                Some(true) => lang.pick("○", "yes").to_owned(),
                _ => String::new(),
            },
            "status" => match string.parse::<crate::domain::Status>() {
                Ok(status) => lang.pick(status.label_ja(), status.label_en()).to_owned(),
                Err(_) => string.to_owned(),
            },
            "start_fy" | "end_fy" => value
                .as_i64()
                .and_then(|year| i32::try_from(year).ok())
                .map(crate::calendar::FiscalYear)
                .map_or_else(String::new, |year| match lang {
                    Lang::Ja => year.label_both(),
                    Lang::En => year.label_en(),
                }),
            _ => value_text(value),
        }
    }
}

fn kpi_text(field: &str, fields: &Fields) -> String {
    value_text(fields.get(field).unwrap_or(&Value::Null))
}

fn value_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Number(number) => number
            .as_f64()
            .map_or_else(|| number.to_string(), super::cell::number_text),
        Value::Bool(flag) => flag.to_string(),
        other => other.to_string(),
    }
}

/// The value of a KPI cell, its refusal noted in `problems`.
fn take<T>(
    problems: &mut Vec<(Option<Target>, RefusalReason)>,
    target: Target,
    result: Option<Result<Option<T>, RefusalReason>>,
) -> Option<T> {
    match result {
        Some(Ok(value)) => value,
        Some(Err(reason)) => {
            problems.push((Some(target), reason));
            None
        }
        None => None,
    }
}

fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// Titles compare as [`text::normalize`] does (width, spaces), so `施策Ａ` matches `施策A`.
fn title_key(title: &str) -> String {
    text::normalize(title)
}

fn measure_field_target(field: &str) -> Option<Target> {
    Some(match field {
        "title" => Target::Title,
        "policy_id" => Target::Policy,
        "area" => Target::Area,
        "priority" => Target::Priority,
        "department" => Target::Department,
        "status" => Target::Status,
        "percent" => Target::Percent,
        "start_fy" => Target::StartYear,
        "end_fy" => Target::EndYear,
        "deadline" => Target::Deadline,
        "notes" => Target::Notes,
        _ => return None,
    })
}

fn kpi_field_target(field: &str) -> Option<Target> {
    match field {
        "name" => Some(Target::KpiName),
        "unit" => Some(Target::KpiUnit),
        "baseline" => Some(Target::KpiBaseline),
        _ => match KpiSeries::parse_field(field) {
            Some(Ok((KpiSeries::Target, _))) => Some(Target::KpiTarget),
            Some(Ok((KpiSeries::Actual, _))) => Some(Target::KpiActual),
            _ => None,
        },
    }
}
