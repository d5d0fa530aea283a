//! What the app asks of the tools module (`tools/`, crate `tsunagu-tools`): a separate wasm
//! module run in a dedicated Web Worker and loaded the first time a tool is needed, so work the
//! first load does not need (writing XLSX today; parsing imports, QR codes later) stays out of
//! the app's wasm and never blocks the page.
//!
//! One exchange over `postMessage`: the app sends a [`ToolMessage`] as a JSON string (or, with
//! bytes such as an imported file, a two-slot array: the string and an `ArrayBuffer`,
//! transferred); the
//! worker answers with a two-slot array, a [`ToolEvent`] as a JSON string and, for a reply
//! without error, the result's bytes (an `ArrayBuffer`, transferred, not copied). The worker's
//! loader (`public/tools-worker.js`) sends [`ToolEvent::LoadFailed`] when the module cannot
//! start. Adding a tool: a variant of [`ToolRequest`], its arm in `tsunagu_tools::run`, and a
//! function beside `build_xlsx` in the app's `tools` module.

use serde::{Deserialize, Serialize};

use crate::casebook::{CasebookData, CasebookRequest};
use crate::export::{ExportError, Table};
use crate::feed::screen::{ActivityData, ActivityScreen};
use crate::import::screen::ImportRequest;
use crate::invite::screen::MembersScreen;
use crate::measure_search::MeasureSearchScreen;
use crate::standardisation_progress::ProgressScreen;
use crate::survey_results::SurveyResultsScreen;
use crate::sync_file::screen::FileScreenRequest;

/// One job for the tools module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToolRequest {
    /// A workbook with one sheet per table (`export::to_xlsx`).
    Xlsx { sheets: Vec<Table> },
    /// The members screen's markup (`invite::screen::render`), as the text of
    /// `MembersMarkup::to_text`.
    MembersScreen(Box<MembersScreen>),
    /// The device's replica for the activity screen, kept by the tools module until the next
    /// (no bytes back). Only deserialised: the app writes it as `feed::screen::ActivityDataRef`.
    #[serde(skip_serializing)]
    ActivityData(Box<ActivityData>),
    /// The activity screen's markup (`feed::screen::render`) over the replica last sent, as
    /// the text of `ActivityMarkup::to_text`.
    ActivityScreen(Box<ActivityScreen>),
    /// The CSV of the filtered feed (`feed::screen::csv`) over the replica last sent.
    ActivityCsv(Box<ActivityScreen>),
    /// The measure search's markup, CSV or workbook (`measure_search::render`) over the
    /// replica last sent (with or without its history).
    MeasureSearch(Box<MeasureSearchScreen>),
    /// A survey's results (`survey_results::render`): markup, the counts as CSV, or the
    /// workbook (responses, counts, answers), over the replica last sent.
    SurveyResults(Box<SurveyResultsScreen>),
    /// The prefecture's standardisation progress (`standardisation_progress::render`): markup,
    /// or the system × step table as CSV or workbook, over the replica last sent.
    StandardisationProgress(Box<ProgressScreen>),
    /// One step of the import screen (`import::screen`): the answer is the text of an
    /// `ImportReply` (the template: the workbook's bytes). The module keeps the chosen file
    /// between steps; `Open`'s file travels as the message's bytes.
    Import(Box<ImportRequest>),
    /// The device's records for the casebook screens (`casebook::CasebookData`), kept by the
    /// tools module until the next (no bytes back). Only deserialised: the app writes it.
    #[serde(skip_serializing)]
    CasebookData(Box<CasebookData>),
    /// One request of the casebook screen (`casebook::render`) over the records last sent:
    /// the text of a `CasebookReply`. Only deserialised: the app writes it as JSON.
    #[serde(skip_serializing)]
    Casebook(Box<CasebookRequest>),
    /// The casebook as the filters show it, as a file: the request's `action` is `csv` or
    /// `xlsx` (`casebook::export::casebook_file`). Only deserialised.
    #[serde(skip_serializing)]
    CasebookFile(Box<CasebookRequest>),
    /// One step of 「ファイルで同期」 (`sync_file::screen`): the answer is the text of a
    /// `FileReply`; `Read`'s file travels as its text. Only deserialised: the app
    /// writes the request as JSON itself (app/src/pages/connect/sync_file.rs).
    #[serde(skip_serializing)]
    SyncFile(Box<FileScreenRequest>),
}

/// What a screen the tools module writes over the replica is asked for: its markup, or every
/// row it lists as a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScreenOutput {
    Screen,
    /// UTF-8 with a BOM, for Excel.
    Csv,
    Xlsx,
}

/// A request with the number the app matches the answer by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolMessage {
    pub id: u32,
    pub request: ToolRequest,
}

/// What the worker says back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToolEvent {
    /// The answer to request `id`: its bytes follow unless `error` says why there are none.
    Reply { id: u32, error: Option<ToolError> },
    /// The module could not be loaded or started (sent by the JavaScript loader).
    LoadFailed { detail: String },
}

/// Why a tool gave no result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum ToolError {
    #[error(transparent)]
    Export(#[from] ExportError),
    /// The message was not a request this module knows (an app and a module of two builds).
    #[error("the tools module could not read the request: {0}")]
    BadRequest(String),
    /// An activity request about another revision of the replica than the one the module
    /// holds (a module started afresh holds none): the app sends the replica again.
    #[error("the tools module does not hold this revision of the device's data")]
    ActivityDataMissing,
    /// A casebook request about another revision of the records than the one the module
    /// holds: the app sends the records again.
    #[error("the tools module does not hold this revision of the casebook's records")]
    CasebookDataMissing,
}
