//! The import panel (「Excel/CSVから取り込む」) of the plan screen, and of the prefecture's
//! areas and survey builder ([`ImportTarget`]), as a session in the tools module: it holds the file, the sheet read from it, the mapping, the preview and the
//! device's stored imports between the person's steps, and writes each step's markup and
//! the history (shown by the app with `components::html_block`). The app keeps only the file
//! input, the `TextDecoder`, the writes and the stored imports; it sends [`ImportRequest`]s
//! (`core::tools::ToolRequest::Import`) and writes the operations of the [`ImportReply`].
//! Every value in the markup is escaped; `data-action` names what a control does.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    check_file_size, preview_plan_import, preview_questions, preview_taxonomy, read_csv, read_xlsx,
    xlsx_sheet_names, ColumnMapping, ImportBatch, ImportError, ImportErrorKind, ImportPreview,
    PlanContext, Sheet, SheetChoice, Target,
};
use crate::client::{Edit, FieldKey, RecordView};
use crate::domain::{Kpi, Plan, RecordKind};
use crate::export::refused::jst;
use crate::lang::Lang;
use crate::merge::RecordKey;
use crate::org::OrgCode;
use crate::text::escaped;

/// How many adds, updates and refusals the preview lists (the counts are always whole).
pub const PREVIEW_LIST_LIMIT: usize = 200;

/// What the app's file input chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileFormat {
    Xlsx,
    /// CSV or TSV, decoded by the app; the bytes sent are its UTF-8 text.
    Csv,
    /// CSV that neither UTF-8 nor Shift_JIS decoded (no bytes sent).
    CsvUndecodable,
}

/// A record of the device as the import compares with it: its values as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextRecord {
    pub kind: RecordKind,
    pub id: String,
    pub org: String,
    pub values: BTreeMap<String, Value>,
}

/// What a panel imports into.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportTarget {
    /// A plan's measures, KPIs and progress, through the column mapping.
    #[default]
    Plan,
    /// The prefecture's own taxonomy areas (`read_taxonomy`: its columns found by name).
    Taxonomy,
    /// A draft survey's questions (`read_survey_questions`).
    Survey,
}

/// The plan being imported into and the records it is compared with (the plan record, the
/// owner's measures and KPIs, the taxonomy areas); for the prefecture's targets, its areas
/// or the survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportContext {
    /// The plan, or the survey (target `Survey`); empty for the taxonomy.
    pub plan_id: String,
    pub owner: String,
    pub records: Vec<ContextRecord>,
    #[serde(default)]
    pub target: ImportTarget,
    /// Seeds the ids of the areas and questions a preview adds (the app's randomness: core
    /// has none), so that a preview shown again keeps them.
    #[serde(default)]
    pub seed: u64,
}

/// Which step the app asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportStep {
    /// The screen before a file is chosen, with the device's stored imports (`entries`: their
    /// texts as the confirm and undo replies gave them), which the module keeps for the
    /// history and undo.
    #[default]
    Start,
    /// The file dropped: back to choosing one.
    Cancel,
    /// A file was chosen (`name`, `number`: its size, checked before anything is read;
    /// `format`); its bytes travel beside the request.
    Open,
    /// The sheet `name` of the workbook chosen.
    Sheet,
    /// Column `number` mapped to `Target::ALL[target]`, or ignored (`target: None`).
    Map,
    /// Compare with the plan (`context`).
    Preview,
    /// Back from the preview to the mapping.
    Back,
    /// The step shown and the history, written again (in another language).
    Show,
    /// The preview confirmed: the batch of import `name`, new ids drawn from `number` (the
    /// app's randomness), at `at_ms` by `person`.
    Confirm,
    /// Undo the stored import `name` against the device's records now (`context`), at `at_ms`.
    Undo,
    /// The empty template (`export::import_template_xlsx`), as bytes.
    Template,
}

/// One step asked by the app: a flat record rather than an enum of steps with their data,
/// because the app serialises it and every variant's serialiser would weigh on its first
/// load. Fields a step does not use keep their defaults ([`ImportRequest::new`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportRequest {
    pub step: ImportStep,
    pub lang: Lang,
    /// The file (Open), the sheet (Sheet), the import's id (Confirm, Undo).
    pub name: String,
    /// The file's size (Open), the column (Map), the seed of new ids (Confirm).
    pub number: u64,
    /// The target's index in `Target::ALL` (Map; `None`: the column is not imported).
    pub target: Option<usize>,
    pub format: Option<FileFormat>,
    /// Now (Confirm, Undo).
    pub at_ms: u64,
    /// Who imports (Confirm).
    pub person: String,
    /// The stored imports (Start).
    pub entries: Vec<String>,
    /// The plan and the device's records (Preview, Undo).
    pub context: Option<ImportContext>,
}

impl ImportRequest {
    pub fn new(step: ImportStep, lang: Lang) -> ImportRequest {
        ImportRequest {
            step,
            lang,
            ..ImportRequest::default()
        }
    }
}

/// The answer to one step. `ops` is JSON: `[["w", kind, id, field, value] | ["d", kind, id]]`,
/// in order; `entry` the import's text to store under `entry_id` (confirm, undo).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReply {
    /// A notice or an error, as markup (empty: none).
    pub status: String,
    /// The current step's markup (empty: leave the step shown as it is).
    pub body: String,
    /// The list of imports (empty: unchanged).
    pub history: String,
    pub ops: String,
    pub entry_id: String,
    pub entry: String,
}

/// Separates the parts on the way back to the app (escaped markup never holds it).
const PART_END: char = '\u{0}';

impl ImportReply {
    pub fn to_text(&self) -> String {
        [
            &self.status,
            &self.body,
            &self.history,
            &self.ops,
            &self.entry_id,
            &self.entry,
        ]
        .map(String::as_str)
        .join(&PART_END.to_string())
    }

    pub fn from_text(text: &str) -> ImportReply {
        let mut parts = text.split(PART_END).map(str::to_owned);
        let mut next = || parts.next().unwrap_or_default();
        ImportReply {
            status: next(),
            body: next(),
            history: next(),
            ops: next(),
            entry_id: next(),
            entry: next(),
        }
    }

    fn error(message: String) -> ImportReply {
        ImportReply {
            status: error_html(&message),
            ..ImportReply::default()
        }
    }
}

/// A reply's operations (`["w", kind, id, field, value]`, `["d", kind, id]`) as one batch of
/// the person's own edits, in order; an operation of another shape is left out.
pub fn edits_of_ops(ops: &str) -> Vec<Edit> {
    let ops: Vec<Value> = serde_json::from_str(ops).unwrap_or_default();
    let mut edits = Vec::with_capacity(ops.len());
    // The parts are moved out of each operation, not copied: an import has 80,000 of them.
    let text = |part: Option<Value>| match part {
        Some(Value::String(text)) => text,
        _ => String::new(),
    };
    for op in ops {
        let Value::Array(op) = op else {
            continue;
        };
        let mut parts = op.into_iter();
        let (what, kind) = (text(parts.next()), text(parts.next()));
        let Ok(kind) = kind.parse::<RecordKind>() else {
            continue;
        };
        let record = RecordKey::new(kind, text(parts.next()));
        match what.as_str() {
            "w" => {
                let field = text(parts.next()).into();
                let value = parts.next().unwrap_or(Value::Null);
                edits.push(Edit::Write(FieldKey { record, field }, value));
            }
            "d" => edits.push(Edit::Delete(record)),
            _ => {}
        }
    }
    edits
}

/// A stored import: what the history shows and what undo needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportEntry {
    pub id: String,
    pub file: String,
    pub plan_id: String,
    pub at_ms: u64,
    pub person: String,
    pub added: usize,
    pub updated: usize,
    pub batch: ImportBatch,
    pub undone_at_ms: Option<u64>,
    #[serde(default)]
    pub target: ImportTarget,
}

/// The file between the steps.
#[derive(Debug, Default)]
pub struct ImportSession {
    file: String,
    /// The workbook's bytes, kept to read another sheet.
    workbook: Vec<u8>,
    sheets: Vec<String>,
    sheet: Option<Sheet>,
    mapping: Option<ColumnMapping>,
    preview: Option<ImportPreview>,
    /// The plan and its owner the preview was made against.
    plan_id: String,
    owner: String,
    /// The device's stored imports of this panel's target.
    entries: Vec<ImportEntry>,
    target: ImportTarget,
}

impl ImportSession {
    /// Does one step. Nothing here writes: the app writes the ops of a confirmed batch.
    pub fn handle(&mut self, request: ImportRequest, bytes: Vec<u8>) -> ImportReply {
        let lang = request.lang;
        let no_context = || ImportReply::error(lang.pick(NO_FILE_JA, NO_FILE_EN).to_owned());
        match request.step {
            ImportStep::Start => {
                *self = ImportSession::default();
                let (target, id) = request
                    .context
                    .as_ref()
                    .map_or((ImportTarget::Plan, ""), |c| (c.target, c.plan_id.as_str()));
                self.target = target;
                // A panel lists its own target's imports (a survey's: that survey's).
                self.entries = request
                    .entries
                    .iter()
                    .filter_map(|text| serde_json::from_str::<ImportEntry>(text).ok())
                    .filter(|e| {
                        e.target == target && (target != ImportTarget::Survey || e.plan_id == id)
                    })
                    .collect();
                self.step(lang)
            }
            ImportStep::Cancel => {
                self.drop_file();
                self.step(lang)
            }
            ImportStep::Open => {
                self.drop_file();
                self.file = request.name;
                let format = request.format.unwrap_or(FileFormat::Xlsx);
                match self.open(request.number, format, bytes) {
                    Ok(()) => self.read(request.context.as_ref(), lang),
                    Err(error) => ImportReply::error(error.message(lang)),
                }
            }
            ImportStep::Sheet => {
                match read_xlsx(
                    &self.file,
                    &self.workbook,
                    &SheetChoice::Named(request.name),
                )
                .and_then(|sheet| self.take_sheet(sheet))
                {
                    Ok(()) => self.read(request.context.as_ref(), lang),
                    Err(error) => ImportReply::error(error.message(lang)),
                }
            }
            ImportStep::Map => {
                if let Some(mapping) = &mut self.mapping {
                    let target = request.target.and_then(|i| Target::ALL.get(i).copied());
                    let column = usize::try_from(request.number).unwrap_or(usize::MAX);
                    if column < mapping.columns.len() {
                        mapping.set(column, target);
                    }
                }
                self.preview = None;
                self.step(lang)
            }
            ImportStep::Back => {
                self.preview = None;
                self.step(lang)
            }
            // The language changed: a preview is made again, its old → new texts in it too.
            ImportStep::Show => match &request.context {
                Some(context) if self.preview.is_some() => self.compare(context, lang),
                _ => self.step(lang),
            },
            ImportStep::Preview => match &request.context {
                Some(context) => self.compare(context, lang),
                None => no_context(),
            },
            ImportStep::Confirm => self.confirm(
                request.name,
                request.number,
                request.at_ms,
                request.person,
                lang,
            ),
            ImportStep::Undo => match &request.context {
                Some(context) => self.undo(&request.name, context, request.at_ms, lang),
                None => no_context(),
            },
            // Bytes, not markup: answered by the tools module itself.
            ImportStep::Template => ImportReply::default(),
        }
    }

    /// Forgets the file, keeping the stored imports and the target.
    fn drop_file(&mut self) {
        let entries = std::mem::take(&mut self.entries);
        *self = ImportSession {
            entries,
            target: self.target,
            ..ImportSession::default()
        };
    }

    /// A sheet was read: the plan's import goes on to its columns; the prefecture's finds
    /// its columns by their names and goes straight to the preview.
    fn read(&mut self, context: Option<&ImportContext>, lang: Lang) -> ImportReply {
        match context {
            Some(context) if self.target != ImportTarget::Plan && self.sheet.is_some() => {
                self.compare(context, lang)
            }
            _ => self.step(lang),
        }
    }

    fn open(&mut self, size: u64, format: FileFormat, bytes: Vec<u8>) -> Result<(), ImportError> {
        check_file_size(&self.file, size)?;
        match format {
            FileFormat::CsvUndecodable => Err(ImportError::new(
                &self.file,
                ImportErrorKind::UnknownEncoding,
            )),
            FileFormat::Csv => {
                let text = String::from_utf8(bytes)
                    .map_err(|_| ImportError::new(&self.file, ImportErrorKind::UnknownEncoding))?;
                let sheet = read_csv(&self.file, &text)?;
                self.take_sheet(sheet)
            }
            FileFormat::Xlsx => {
                let names = xlsx_sheet_names(&self.file, &bytes)?;
                self.workbook = bytes;
                if names.len() > 1 {
                    self.sheets = names;
                    return Ok(());
                }
                let sheet = read_xlsx(&self.file, &self.workbook, &SheetChoice::First)?;
                self.take_sheet(sheet)
            }
        }
    }

    fn take_sheet(&mut self, sheet: Sheet) -> Result<(), ImportError> {
        if self.target == ImportTarget::Plan {
            self.mapping = Some(ColumnMapping::recognise(&self.file, &sheet)?);
        }
        self.sheet = Some(sheet);
        self.preview = None;
        Ok(())
    }

    /// The markup of where the session stands.
    fn step(&self, lang: Lang) -> ImportReply {
        let body = match (&self.sheet, &self.mapping, &self.preview) {
            (Some(_), _, Some(preview)) => self.preview_html(preview, lang),
            (Some(sheet), Some(mapping), None) => self.mapping_html(sheet, mapping, lang),
            _ if !self.sheets.is_empty() => self.sheets_html(lang),
            _ => start_html(self.target, lang),
        };
        ImportReply {
            body,
            history: history_html(&self.entries, lang),
            ..ImportReply::default()
        }
    }

    fn compare(&mut self, context: &ImportContext, lang: Lang) -> ImportReply {
        if self.target != ImportTarget::Plan {
            return self.compare_prefecture(context, lang);
        }
        let (Some(sheet), Some(mapping)) = (&self.sheet, &self.mapping) else {
            return ImportReply::error(lang.pick(NO_FILE_JA, NO_FILE_EN).to_owned());
        };
        let plan = context.plan();
        let measures = context.measures();
        let kpis = context.kpis(&measures);
        let areas = context.areas();
        let plan_context = PlanContext {
            plan_id: &context.plan_id,
            plan: &plan,
            measures: &measures,
            kpis: &kpis,
            areas: &areas,
            lang,
        };
        match preview_plan_import(&self.file, sheet, mapping, &plan_context) {
            Ok(preview) => {
                self.preview = Some(preview);
                self.plan_id = context.plan_id.clone();
                self.owner = context.owner.clone();
                self.step(lang)
            }
            Err(error) => {
                let mut reply = self.step(lang);
                reply.status = error_html(&error.message(lang));
                reply
            }
        }
    }

    /// The preview of the prefecture's areas or a survey's questions against `context`.
    fn compare_prefecture(&mut self, context: &ImportContext, lang: Lang) -> ImportReply {
        let Some(sheet) = &self.sheet else {
            return ImportReply::error(lang.pick(NO_FILE_JA, NO_FILE_EN).to_owned());
        };
        let mut n = 0u64;
        let mut next = |prefix: &str| {
            n += 1;
            format!("{prefix}{:08x}", mixed(context.seed, n) & 0xFFFF_FFFF)
        };
        let previewed = match self.target {
            ImportTarget::Survey => {
                let stored = context
                    .records
                    .iter()
                    .find(|r| r.kind == RecordKind::Survey && r.id == context.plan_id)
                    .map(|r| r.values.clone())
                    .unwrap_or_default();
                preview_questions(&self.file, sheet, &context.plan_id, &stored, lang, || {
                    next("q")
                })
            }
            _ => {
                let stored: Vec<(String, BTreeMap<String, Value>)> = context
                    .records
                    .iter()
                    .filter(|r| r.kind == RecordKind::TaxonomyArea && r.org == context.owner)
                    .map(|r| (r.id.clone(), r.values.clone()))
                    .collect();
                let prefix = format!("{}-area-", context.owner);
                preview_taxonomy(&self.file, sheet, &stored, lang, || next(&prefix))
            }
        };
        match previewed {
            Ok(preview) => {
                self.preview = Some(preview);
                self.plan_id = context.plan_id.clone();
                self.owner = context.owner.clone();
                self.step(lang)
            }
            Err(error) => {
                self.drop_file();
                let mut reply = self.step(lang);
                reply.status = error_html(&error.message(lang));
                reply
            }
        }
    }

    fn confirm(
        &mut self,
        import_id: String,
        seed: u64,
        at_ms: u64,
        person: String,
        lang: Lang,
    ) -> ImportReply {
        let Some(preview) = self.preview.take() else {
            return ImportReply::error(lang.pick(NO_FILE_JA, NO_FILE_EN).to_owned());
        };
        let owner = std::mem::take(&mut self.owner);
        let mut n = 0u64;
        let batch = ImportBatch::from_preview(&preview, import_id.clone(), |kind| {
            n += 1;
            new_id(&owner, kind, seed, n)
        });
        // Written straight from the batch (a tuple is a JSON array): 80,000 operations built
        // as values first cost as much again.
        let ops: Vec<(&str, &str, &str, &str, &Value)> = batch
            .records
            .iter()
            .flat_map(|record| {
                let (kind, id) = (record.key.kind.as_str(), record.key.id.as_str());
                record
                    .writes
                    .iter()
                    .map(move |write| ("w", kind, id, write.field.as_str(), &write.value))
            })
            .collect();
        let ops = serde_json::to_string(&ops).unwrap_or_default();
        let entry = ImportEntry {
            id: import_id,
            file: std::mem::take(&mut self.file),
            plan_id: std::mem::take(&mut self.plan_id),
            at_ms,
            person,
            added: preview.additions().count(),
            updated: preview.updates().count(),
            batch,
            undone_at_ms: None,
            target: self.target,
        };
        self.drop_file();
        let reply = ImportReply {
            status: notice_html(&done_text(&entry, lang), Some(&entry.id), lang),
            ops,
            entry_id: entry.id.clone(),
            entry: serde_json::to_string(&entry).unwrap_or_default(),
            ..self.step(lang)
        };
        self.entries.push(entry);
        ImportReply {
            history: history_html(&self.entries, lang),
            ..reply
        }
    }

    fn undo(
        &mut self,
        import_id: &str,
        context: &ImportContext,
        at_ms: u64,
        lang: Lang,
    ) -> ImportReply {
        let Some(entry) = self.entries.iter_mut().find(|e| e.id == import_id) else {
            return ImportReply::error(
                lang.pick(
                    "この取り込みの記録が見つかりません。",
                    "This import's record is not found.",
                )
                .to_owned(),
            );
        };
        let mut reply = undo(entry, context, at_ms, lang);
        reply.history = history_html(&self.entries, lang);
        reply
    }

    fn sheets_html(&self, lang: Lang) -> String {
        let mut out = step_open(lang.pick("シートを選ぶ", "Choose a sheet"));
        let _ = write!(
            out,
            "<p>{}</p><form data-action=\"sheet\"><label for=\"import-sheet\">{}</label> \
             <select id=\"import-sheet\" name=\"sheet\">",
            escaped(&match lang {
                Lang::Ja => format!(
                    "「{}」には{}枚のシートがあります。取り込むシートを選んでください。",
                    self.file,
                    self.sheets.len()
                ),
                Lang::En => format!(
                    "{} has {} sheets. Choose the one to import.",
                    self.file,
                    self.sheets.len()
                ),
            }),
            lang.pick("シート", "Sheet"),
        );
        for name in &self.sheets {
            let name = escaped(name);
            let _ = write!(out, "<option value=\"{name}\">{name}</option>");
        }
        let _ = write!(
            out,
            "</select> <button type=\"submit\" class=\"primary\">{}</button> \
             <button type=\"button\" data-action=\"cancel\">{}</button></form></section>",
            lang.pick("このシートを読む", "Read this sheet"),
            lang.pick("やめる", "Cancel"),
        );
        out
    }

    fn mapping_html(&self, sheet: &Sheet, mapping: &ColumnMapping, lang: Lang) -> String {
        let data_rows = sheet.rows.len().saturating_sub(mapping.header_row + 1);
        let mut out = step_open(lang.pick("2. 列の対応", "2. Columns"));
        let summary = match lang {
            Lang::Ja => format!(
                "「{}」(シート「{}」): データ{}行、見出しは{}行目。各列の取り込み先を確かめ、違っていれば直してください。",
                self.file,
                sheet.name,
                data_rows,
                mapping.header_row + 1
            ),
            Lang::En => format!(
                "{} (sheet {}): {} data rows, headers on row {}. Check where each column goes and correct it if needed.",
                self.file,
                sheet.name,
                data_rows,
                mapping.header_row + 1
            ),
        };
        let _ = write!(
            out,
            "<p>{}</p><div class=\"table-scroll\"><table class=\"data-table import-mapping\"><thead><tr>\
             <th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
             <th scope=\"col\">{}</th></tr></thead><tbody>",
            escaped(&summary),
            lang.pick("列", "Column"),
            lang.pick("見出し", "Header"),
            lang.pick("1行目の値", "First value"),
            lang.pick("取り込み先", "Imported as"),
        );
        for (index, column) in mapping.columns.iter().enumerate() {
            let letter = super::column_letter(index);
            let example = sheet
                .rows
                .get(mapping.header_row + 1)
                .and_then(|row| row.get(index))
                .and_then(|cell| cell.as_text())
                .unwrap_or_default();
            let example: String = example.chars().take(40).collect();
            let label = match lang {
                Lang::Ja => format!("{letter}列「{}」の取り込み先", column.header),
                Lang::En => format!("Column {letter} ({}) imported as", column.header),
            };
            let _ = write!(
                out,
                "<tr><td>{letter}</td><td>{}</td><td>{}</td><td><select data-action=\"map\" \
                 data-column=\"{index}\" aria-label=\"{}\"><option value=\"\">{}</option>",
                escaped(&column.header),
                escaped(&example),
                escaped(&label),
                lang.pick("取り込まない", "Not imported"),
            );
            for (i, target) in Target::ALL.iter().enumerate() {
                let selected = if column.target == Some(*target) {
                    " selected"
                } else {
                    ""
                };
                let _ = write!(
                    out,
                    "<option value=\"{i}\"{selected}>{}</option>",
                    escaped(target.label(lang))
                );
            }
            out.push_str("</select></td></tr>");
        }
        let _ = write!(
            out,
            "</tbody></table></div><p class=\"actions\"><button type=\"button\" class=\"primary\" \
             data-action=\"preview\">{}</button> <button type=\"button\" data-action=\"cancel\">{}\
             </button></p></section>",
            lang.pick("確認へ進む", "Preview"),
            lang.pick("やめる", "Cancel"),
        );
        out
    }

    fn preview_html(&self, preview: &ImportPreview, lang: Lang) -> String {
        let adds = preview.additions().count();
        let updates = preview.updates().count();
        let refused = refused_rows(preview);
        let mut out = step_open(lang.pick("3. 内容の確認", "3. Preview"));
        let _ =
            write!(
            out,
            "<ul class=\"import-counts\"><li>{} <strong data-count=\"add\">{adds}</strong></li>\
             <li>{} <strong data-count=\"update\">{updates}</strong></li>\
             <li>{} <strong data-count=\"refused\">{refused}</strong></li>\
             <li>{} <strong data-count=\"unchanged\">{}</strong></li></ul><p>{}</p>",
            lang.pick("追加する件数:", "To add:"),
            lang.pick("更新する件数:", "To update:"),
            lang.pick("取り込めない行:", "Rows refused:"),
            lang.pick("変更のない行:", "Unchanged rows:"),
            preview.unchanged_rows,
            escaped(&match lang {
                Lang::Ja => format!("「{}」の内容です。まだ何も書き込まれていません。", self.file),
                Lang::En => format!("What {} would change. Nothing is written yet.", self.file),
            }),
        );
        let kind_label = |kind: RecordKind| match kind {
            RecordKind::Kpi => "KPI",
            RecordKind::TaxonomyArea => lang.pick("分野", "Area"),
            RecordKind::Survey => lang.pick("設問", "Question"),
            _ => lang.pick("施策", "Measure"),
        };
        let what = match self.target {
            ImportTarget::Plan => lang.pick("施策・KPI", "Measure or KPI"),
            ImportTarget::Taxonomy => lang.pick("分野", "Area"),
            ImportTarget::Survey => lang.pick("設問", "Question"),
        };
        if adds > 0 {
            table_open(
                &mut out,
                lang.pick("追加", "Added"),
                "import-adds",
                &[
                    lang.pick("行", "Row"),
                    lang.pick("種類", "Kind"),
                    what,
                    lang.pick("内容", "Values"),
                ],
            );
            for change in preview.additions().take(PREVIEW_LIST_LIMIT) {
                let cells: Vec<String> = change
                    .cells
                    .iter()
                    .filter(|c| !c.new.is_empty())
                    .map(|c| format!("{}: {}", field_label(c, change.kind, lang), c.new))
                    .collect();
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    change.row,
                    kind_label(change.kind),
                    escaped(&change.title),
                    escaped(&cells.join(" / ")),
                );
            }
            table_close(&mut out, adds, lang);
        }
        if updates > 0 {
            table_open(
                &mut out,
                lang.pick("更新", "Updated"),
                "import-updates",
                &[
                    lang.pick("行", "Row"),
                    what,
                    lang.pick("項目", "Field"),
                    lang.pick("変更前", "Before"),
                    lang.pick("変更後", "After"),
                ],
            );
            for change in preview.updates().take(PREVIEW_LIST_LIMIT) {
                for cell in &change.cells {
                    let _ = write!(
                        out,
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        change.row,
                        escaped(&change.title),
                        escaped(&field_label(cell, change.kind, lang)),
                        escaped(&cell.old),
                        escaped(&cell.new),
                    );
                }
            }
            table_close(&mut out, updates, lang);
        }
        if !preview.refused.is_empty() {
            table_open(
                &mut out,
                lang.pick("取り込めない行", "Refused rows"),
                "import-refused",
                &[
                    lang.pick("行", "Row"),
                    lang.pick("列", "Column"),
                    lang.pick("理由", "Reason"),
                ],
            );
            for refusal in preview.refused.iter().take(PREVIEW_LIST_LIMIT) {
                let column = refusal
                    .column
                    .as_ref()
                    .map(|c| c.label(lang))
                    .unwrap_or_default();
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    refusal.row,
                    escaped(&column),
                    escaped(&refusal.reason.message(lang)),
                );
            }
            table_close(&mut out, preview.refused.len(), lang);
        }
        out.push_str("<p class=\"actions\">");
        if !preview.is_empty() {
            let _ = write!(
                out,
                "<button type=\"button\" class=\"primary\" data-action=\"confirm\">{}</button> ",
                escaped(&match lang {
                    Lang::Ja => format!("{}件を取り込む", adds + updates),
                    Lang::En => format!("Import {} changes", adds + updates),
                }),
            );
        } else {
            let _ = write!(
                out,
                "<span>{}</span> ",
                lang.pick("取り込む変更はありません。", "There is nothing to import.")
            );
        }
        if self.mapping.is_some() {
            let _ = write!(
                out,
                "<button type=\"button\" data-action=\"back\">{}</button> ",
                lang.pick("列の対応に戻る", "Back to the columns"),
            );
        }
        let _ = write!(
            out,
            "<button type=\"button\" data-action=\"cancel\">{}</button></p></section>",
            lang.pick("やめる", "Cancel"),
        );
        out
    }
}

const NO_FILE_JA: &str = "ファイルをもう一度選んでください。";
const NO_FILE_EN: &str = "Choose the file again.";

impl ImportContext {
    fn views(&self, kind: RecordKind) -> Vec<RecordView> {
        self.records
            .iter()
            .filter(|r| r.kind == kind)
            .filter_map(|r| {
                Some(RecordView {
                    key: RecordKey::new(kind, r.id.clone()),
                    org: OrgCode::parse(&r.org).ok()?,
                    values: r.values.clone(),
                    pending: Default::default(),
                    saving: Default::default(),
                    conflicted: Default::default(),
                })
            })
            .collect()
    }

    fn plan(&self) -> Plan {
        self.records
            .iter()
            .find(|r| r.kind == RecordKind::Plan && r.id == self.plan_id)
            .and_then(|r| Plan::from_fields(&r.values).ok())
            .unwrap_or_else(empty_plan)
    }

    /// The plan's measures as the plan screen lists them.
    fn measures(&self) -> Vec<(String, crate::domain::Measure)> {
        let Ok(owner) = OrgCode::parse(&self.owner) else {
            return Vec::new();
        };
        let today = chrono::NaiveDate::MIN;
        crate::plan_list::plan_rows(
            &self.views(RecordKind::Measure),
            &self.plan_id,
            &owner,
            today,
        )
        .iter()
        .map(|row| (row.id.clone(), row.measure.clone()))
        .collect()
    }

    fn kpis(&self, measures: &[(String, crate::domain::Measure)]) -> Vec<(String, Kpi)> {
        self.records
            .iter()
            .filter(|r| r.kind == RecordKind::Kpi)
            .filter_map(|r| Some((r.id.clone(), Kpi::from_fields(&r.values).ok()?)))
            .filter(|(_, kpi)| measures.iter().any(|(id, _)| *id == kpi.measure_id))
            .collect()
    }

    fn areas(&self) -> Vec<crate::domain::TaxonomyArea> {
        crate::trust::taxonomy_areas(&self.views(RecordKind::TaxonomyArea))
    }

    fn value(&self, key: &RecordKey, field: &str) -> Option<Value> {
        self.records
            .iter()
            .find(|r| r.kind == key.kind && r.id == key.id)
            .and_then(|r| r.values.get(field).cloned())
    }
}

fn empty_plan() -> Plan {
    let year = crate::calendar::FiscalYear(2025);
    Plan {
        title: String::new(),
        start_fy: year,
        end_fy: year,
        vision: String::new(),
        policies: Vec::new(),
    }
}

/// `<owner>-m-xxxxxxxx` / `<owner>-k-xxxxxxxxxxxx` (the app's id shapes), from the app's seed.
pub fn new_id(owner: &str, kind: RecordKind, seed: u64, n: u64) -> String {
    let z = mixed(seed, n);
    match kind {
        RecordKind::Kpi => format!("{owner}-k-{:012x}", z & 0xFFFF_FFFF_FFFF),
        _ => format!("{owner}-m-{:08x}", z & 0xFFFF_FFFF),
    }
}

/// splitmix64: distinct for each `n`, spread over the whole range for any seed.
fn mixed(seed: u64, n: u64) -> u64 {
    let mut z = seed.wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The undo of `entry` (marked undone) against the records as they are now.
fn undo(entry: &mut ImportEntry, context: &ImportContext, at_ms: u64, lang: Lang) -> ImportReply {
    if entry.undone_at_ms.is_some() {
        return ImportReply::error(
            lang.pick(
                "この取り込みはもう元に戻してあります。",
                "This import was already undone.",
            )
            .to_owned(),
        );
    }
    let undo = entry
        .batch
        .undo(|key, field| context.value(key, field).filter(|v| !v.is_null()));
    let mut ops: Vec<Value> = Vec::new();
    for key in &undo.delete {
        ops.push(Value::from(vec![
            Value::from("d"),
            Value::from(key.kind.as_str()),
            Value::from(key.id.as_str()),
        ]));
    }
    for (key, field, value) in &undo.writes {
        ops.push(Value::from(vec![
            Value::from("w"),
            Value::from(key.kind.as_str()),
            Value::from(key.id.as_str()),
            Value::from(field.as_str()),
            value.clone(),
        ]));
    }
    entry.undone_at_ms = Some(at_ms);
    let mut text = match lang {
        Lang::Ja => format!(
            "「{}」の取り込みを元に戻しました(削除 {}件、書き戻し {}項目)。",
            entry.file,
            undo.delete.len(),
            undo.writes.len()
        ),
        Lang::En => format!(
            "The import of {} was undone ({} records deleted, {} fields written back).",
            entry.file,
            undo.delete.len(),
            undo.writes.len()
        ),
    };
    if !undo.skipped.is_empty() {
        text.push_str(&match lang {
            Lang::Ja => format!(
                " 取り込みの後に変更された{}項目はそのままにしました。",
                undo.skipped.len()
            ),
            Lang::En => format!(
                " {} fields changed after the import were left as they are.",
                undo.skipped.len()
            ),
        });
    }
    ImportReply {
        status: notice_html(&text, None, lang),
        ops: Value::from(ops).to_string(),
        entry_id: entry.id.clone(),
        entry: serde_json::to_string(&*entry).unwrap_or_default(),
        ..ImportReply::default()
    }
}

fn done_text(entry: &ImportEntry, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!(
            "「{}」を取り込みました: 追加 {}件、更新 {}件。",
            entry.file, entry.added, entry.updated
        ),
        Lang::En => format!(
            "Imported {}: {} added, {} updated.",
            entry.file, entry.added, entry.updated
        ),
    }
}

fn refused_rows(preview: &ImportPreview) -> usize {
    let mut rows: Vec<usize> = preview.refused.iter().map(|r| r.row).collect();
    rows.sort_unstable();
    rows.dedup();
    rows.len()
}

fn field_label(cell: &super::CellChange, kind: RecordKind, lang: Lang) -> String {
    cell.column
        .as_ref()
        .map(|c| c.label(lang))
        .unwrap_or_else(|| crate::lang::field_label(lang, kind, &cell.field))
}

fn step_open(heading: &str) -> String {
    format!(
        "<section class=\"card import-step\" aria-labelledby=\"import-step\">\
         <h2 id=\"import-step\">{}</h2>",
        escaped(heading)
    )
}

fn table_open(out: &mut String, caption: &str, class: &str, headers: &[&str]) {
    let _ = write!(
        out,
        "<h3>{0}</h3><div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{0}\"><table class=\"data-table {class}\"><caption class=\"visually-hidden\">{0}</caption><thead><tr>",
        escaped(caption)
    );
    for header in headers {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escaped(header));
    }
    out.push_str("</tr></thead><tbody>");
}

fn table_close(out: &mut String, count: usize, lang: Lang) {
    out.push_str("</tbody></table></div>");
    if count > PREVIEW_LIST_LIMIT {
        let more = count - PREVIEW_LIST_LIMIT;
        let _ = write!(
            out,
            "<p>{}</p>",
            match lang {
                Lang::Ja => format!("ほか{more}件"),
                Lang::En => format!("and {more} more"),
            }
        );
    }
}

fn error_html(message: &str) -> String {
    format!(
        "<p class=\"notice notice--error\" role=\"alert\">⚠ {}</p>",
        escaped(message)
    )
}

fn notice_html(message: &str, undo: Option<&str>, lang: Lang) -> String {
    let button = undo.map_or_else(String::new, |id| {
        format!(
            " <button type=\"button\" data-action=\"undo\" data-id=\"{}\">{}</button>",
            escaped(id),
            lang.pick("元に戻す", "Undo")
        )
    });
    format!(
        "<p class=\"notice\" role=\"status\">{}{button}</p>",
        escaped(message)
    )
}

/// Step 1: the file input and the template (the plan's), or the columns the prefecture's
/// imports read.
fn start_html(target: ImportTarget, lang: Lang) -> String {
    let mut out = step_open(lang.pick("1. ファイルを選ぶ", "1. Choose a file"));
    let columns = match target {
        ImportTarget::Plan => "",
        ImportTarget::Taxonomy => lang.pick(
            "分野の一覧をExcel(XLSX)またはCSVで選んでください。見出しで列を読みます: 分野(必須)、英語名、親分野(上位の分野の名前またはID)、重点、順序、ID。同じ名前の分野は更新し、ほかは追加します。ファイルにない分野はそのまま残ります。確認するまで何も書き込まれません。",
            "Choose the list of areas as Excel (XLSX) or CSV. Columns are read by their headers: 分野 / name (required), 英語名 / English, 親分野 / parent (the parent's name or ID), 重点 / priority, 順序 / order, ID. An area of the same name is updated, others are added; areas not in the file stay. Nothing is written until you confirm.",
        ),
        ImportTarget::Survey => lang.pick(
            "設問の一覧をExcel(XLSX)またはCSVで選んでください。見出しで列を読みます: 設問(必須)、形式(単一選択・複数選択・数値・自由記述)、必須、選択肢(改行または「|」で区切る)、単位、設問ID。同じ設問IDの設問は置き換え、ほかは最後に追加します。確認するまで何も書き込まれません。",
            "Choose the list of questions as Excel (XLSX) or CSV. Columns are read by their headers: 設問 / question (required), 形式 / kind (single, multiple, number, text), 必須 / required, 選択肢 / choices (one per line or separated by |), 単位 / unit, 設問ID / question id. A question with a stored question's id replaces it; others are added at the end. Nothing is written until you confirm.",
        ),
    };
    if !columns.is_empty() {
        let _ = write!(
            out,
            "<p>{}</p><p><label for=\"import-file\">{}</label> <input type=\"file\" id=\"import-file\" \
             data-action=\"file\" accept=\".xlsx,.xlsm,.csv,.tsv,.txt\"></p></section>",
            escaped(columns),
            lang.pick("ファイル", "File"),
        );
        return out;
    }
    let _ = write!(
        out,
        "<p>{}</p><p><label for=\"import-file\">{}</label> <input type=\"file\" id=\"import-file\" \
         data-action=\"file\" accept=\".xlsx,.xlsm,.csv,.tsv,.txt\"></p><p>{} \
         <button type=\"button\" data-action=\"template\">{}</button></p></section>",
        lang.pick(
            "Excel(XLSX)またはCSV(UTF-8・Shift_JIS)の施策一覧を選んでください。アプリから保存したExcelを編集したものは、ID列で行を照合します。確認するまで何も書き込まれません。",
            "Choose a list of measures as Excel (XLSX) or CSV (UTF-8 or Shift_JIS). A file saved from the app and edited matches its rows by the ID column. Nothing is written until you confirm.",
        ),
        lang.pick("ファイル", "File"),
        lang.pick("新しく作るときは:", "Starting afresh:"),
        lang.pick("空のテンプレート(Excel)を保存", "Save the empty template (Excel)"),
    );
    out
}

/// The stored imports, newest first, each with its undo.
fn history_html(entries: &[ImportEntry], lang: Lang) -> String {
    let mut out = format!(
        "<section class=\"card\" aria-labelledby=\"import-history\"><h2 id=\"import-history\">{}</h2>",
        lang.pick("取り込みの履歴", "Imports")
    );
    let mut read: Vec<&ImportEntry> = entries.iter().collect();
    read.sort_by_key(|entry| std::cmp::Reverse(entry.at_ms));
    if read.is_empty() {
        let _ = write!(
            out,
            "<p>{}</p></section>",
            lang.pick("まだ取り込んでいません。", "Nothing imported yet.")
        );
        return out;
    }
    out.push_str("<ul class=\"import-history\">");
    for entry in &read {
        let what = match lang {
            Lang::Ja => format!(
                "{} 「{}」の取り込み(追加 {}件、更新 {}件){}",
                jst(entry.at_ms),
                entry.file,
                entry.added,
                entry.updated,
                if entry.person.is_empty() {
                    String::new()
                } else {
                    format!("・{}", entry.person)
                }
            ),
            Lang::En => format!(
                "{} import of {} ({} added, {} updated){}",
                jst(entry.at_ms),
                entry.file,
                entry.added,
                entry.updated,
                if entry.person.is_empty() {
                    String::new()
                } else {
                    format!(", {}", entry.person)
                }
            ),
        };
        let _ = write!(out, "<li>{}", escaped(&what));
        match entry.undone_at_ms {
            Some(at) => {
                let _ = write!(
                    out,
                    " <span class=\"badge\">{}</span>",
                    escaped(&match lang {
                        Lang::Ja => format!("{}に元に戻しました", jst(at)),
                        Lang::En => format!("undone {}", jst(at)),
                    })
                );
            }
            None => {
                let _ = write!(
                    out,
                    " <button type=\"button\" data-action=\"undo\" data-id=\"{}\" aria-label=\"{}\">{}</button>",
                    escaped(&entry.id),
                    escaped(&match lang {
                        Lang::Ja => format!("「{}」の取り込みを元に戻す", entry.file),
                        Lang::En => format!("Undo the import of {}", entry.file),
                    }),
                    lang.pick("元に戻す", "Undo"),
                );
            }
        }
        out.push_str("</li>");
    }
    out.push_str("</ul></section>");
    out
}
