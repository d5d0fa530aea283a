//! Why a file, or a row of it, is refused, in the user's language.
//!
//! [`ImportError`] refuses the whole file: nothing is previewed and nothing is written.
//! [`Refusal`] refuses one row of an otherwise readable file; the preview lists it with the
//! row number, the column and the reason, and the rest can still be imported.

use super::cell::column_letter;
use super::limits::{MAX_FILE_BYTES, MAX_ROWS};
use crate::lang::Lang;

/// The whole file is refused. `file` is the name the person chose, repeated in every message
/// so that a message read later still says which file it was about.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}: {kind}")]
pub struct ImportError {
    pub file: String,
    pub kind: ImportErrorKind,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportErrorKind {
    #[error("the file has {bytes} bytes; at most {MAX_FILE_BYTES} are read")]
    FileTooLarge { bytes: u64 },
    #[error("the file has {rows} rows; at most {MAX_ROWS} are imported at once")]
    TooManyRows { rows: usize },
    #[error("the file is empty")]
    Empty,
    /// Neither UTF-8 nor Shift_JIS decodes the whole file (the app tries both, fatally):
    /// usually two files pasted together, or a file saved in another encoding.
    #[error("the text is neither UTF-8 nor Shift_JIS throughout (mixed or unknown encoding)")]
    UnknownEncoding,
    #[error("row {row}: a quoted field is never closed")]
    UnclosedQuote { row: usize },
    #[error("the workbook is password-protected")]
    PasswordProtected,
    #[error("the file is an old Excel 97-2003 workbook (.xls)")]
    LegacyXls,
    #[error("the file is not a readable XLSX workbook ({detail})")]
    Corrupt { detail: String },
    #[error("entry {entry:?} inflates beyond the limit (a ZIP bomb?)")]
    ZipBomb { entry: String },
    #[error("the workbook has no sheet named {name:?}")]
    NoSuchSheet { name: String },
    #[error("no header row was recognised in the first {searched} rows")]
    NoHeaderRow { searched: usize },
    #[error("no column is mapped to {column}")]
    MissingColumn { column: &'static str },
    #[error("column {column} is mapped twice")]
    ColumnMappedTwice { column: &'static str },
    /// The survey to import questions into is not on this device (or cannot be read).
    #[error("the survey is not found on this device")]
    NoSurvey,
    /// Answers refer to a published survey's questions, so they are fixed.
    #[error("the survey is published; its questions are fixed")]
    SurveyPublished,
}

impl ImportError {
    pub fn new(file: impl Into<String>, kind: ImportErrorKind) -> Self {
        Self {
            file: file.into(),
            kind,
        }
    }

    /// The message shown to the person, naming the file.
    pub fn message(&self, lang: Lang) -> String {
        let file = &self.file;
        let what = self.kind.message(lang);
        match lang {
            Lang::Ja => format!("「{file}」: {what}"),
            Lang::En => format!("{file}: {what}"),
        }
    }
}

impl ImportErrorKind {
    pub fn message(&self, lang: Lang) -> String {
        let mb = MAX_FILE_BYTES / (1024 * 1024);
        match (self, lang) {
            (Self::FileTooLarge { .. }, Lang::Ja) => {
                format!("ファイルが大きすぎます。{mb} MBまでのファイルを読み込めます。")
            }
            (Self::FileTooLarge { .. }, Lang::En) => {
                format!("The file is too large. Files of up to {mb} MB can be imported.")
            }
            (Self::TooManyRows { rows }, Lang::Ja) => format!(
                "{rows}行あります。一度に取り込めるのは{MAX_ROWS}行までです。ファイルを分けてください。"
            ),
            (Self::TooManyRows { rows }, Lang::En) => format!(
                "The file has {rows} rows; at most {MAX_ROWS} rows can be imported at once. Split the file."
            ),
            (Self::Empty, Lang::Ja) => "ファイルが空です。".to_owned(),
            (Self::Empty, Lang::En) => "The file is empty.".to_owned(),
            (Self::UnknownEncoding, Lang::Ja) => "文字コードを判別できません(UTF-8とShift_JISが混在しているか、別の文字コードです)。UTF-8で保存し直してください。".to_owned(),
            (Self::UnknownEncoding, Lang::En) => "The text encoding is mixed or unknown (neither UTF-8 nor Shift_JIS throughout). Save the file again as UTF-8.".to_owned(),
            (Self::UnclosedQuote { row }, Lang::Ja) => {
                format!("{row}行目で始まる「\"」で囲まれた値が閉じられていません。")
            }
            (Self::UnclosedQuote { row }, Lang::En) => {
                format!("A quoted value starting in row {row} is never closed.")
            }
            (Self::PasswordProtected, Lang::Ja) => "このブックはパスワードで保護されています。パスワードを外して保存し直してから読み込んでください。".to_owned(),
            (Self::PasswordProtected, Lang::En) => "This workbook is password-protected; save it without a password and import it again.".to_owned(),
            (Self::LegacyXls, Lang::Ja) => "古い形式(.xls)のブックです。Excelで「Excelブック(.xlsx)」として保存し直してください。".to_owned(),
            (Self::LegacyXls, Lang::En) => "This is an old Excel 97-2003 workbook (.xls); save it as an Excel workbook (.xlsx).".to_owned(),
            (Self::Corrupt { detail }, Lang::Ja) => {
                format!("XLSXファイルとして読めません。壊れているか途中までしかありません({detail})。")
            }
            (Self::Corrupt { detail }, Lang::En) => {
                format!("The file cannot be read as an XLSX workbook; it is damaged or truncated ({detail}).")
            }
            (Self::ZipBomb { entry }, Lang::Ja) => format!(
                "展開すると大きくなりすぎる部分({entry})があるため読み込みません。"
            ),
            (Self::ZipBomb { entry }, Lang::En) => format!(
                "Part {entry} would expand beyond the limit, so the file is not read."
            ),
            (Self::NoSuchSheet { name }, Lang::Ja) => format!("シート「{name}」がありません。"),
            (Self::NoSuchSheet { name }, Lang::En) => format!("There is no sheet named {name}."),
            (Self::NoHeaderRow { searched }, Lang::Ja) => format!(
                "最初の{searched}行に見出し行(施策名、状況など)が見つかりません。"
            ),
            (Self::NoHeaderRow { searched }, Lang::En) => format!(
                "No header row (measure, status, …) was found in the first {searched} rows."
            ),
            (Self::MissingColumn { column }, Lang::Ja) => {
                format!("「{}」の列がありません。列の対応を設定してください。", ja_column(column))
            }
            (Self::MissingColumn { column }, Lang::En) => {
                format!("No column is mapped to {column}. Set the column mapping.")
            }
            (Self::ColumnMappedTwice { column }, Lang::Ja) => {
                format!("「{}」に2つの列が対応付けられています。", ja_column(column))
            }
            (Self::ColumnMappedTwice { column }, Lang::En) => {
                format!("Two columns are mapped to {column}.")
            }
            (Self::NoSurvey, Lang::Ja) => {
                "この端末に調査が見つかりません。同期してからもう一度お試しください。".to_owned()
            }
            (Self::NoSurvey, Lang::En) => {
                "The survey is not on this device. Sync, then try again.".to_owned()
            }
            (Self::SurveyPublished, Lang::Ja) => {
                "公開済みの調査の設問は変更できません(回答が設問を参照しています)。新しい調査に取り込んでください。".to_owned()
            }
            (Self::SurveyPublished, Lang::En) => {
                "A published survey's questions cannot change (answers refer to them). Import into a new survey.".to_owned()
            }
        }
    }
}

/// The Japanese name of a target column given by its English name in the errors above.
fn ja_column(english: &str) -> &str {
    super::headers::Target::ALL
        .iter()
        .find(|target| target.label(Lang::En) == english)
        .map_or(english, |target| target.label(Lang::Ja))
}

/// Where in the file a refusal points: the row as numbered in Excel (1 is the first row),
/// and the column with its letter and header.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub row: usize,
    pub column: Option<RefusedColumn>,
    pub reason: RefusalReason,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RefusedColumn {
    pub index: usize,
    pub header: String,
}

impl RefusedColumn {
    /// `C列「状況」` / `column C (状況)`.
    pub fn label(&self, lang: Lang) -> String {
        let letter = column_letter(self.index);
        match lang {
            Lang::Ja if self.header.is_empty() => format!("{letter}列"),
            Lang::Ja => format!("{letter}列「{}」", self.header),
            Lang::En if self.header.is_empty() => format!("column {letter}"),
            Lang::En => format!("column {letter} ({})", self.header),
        }
    }
}

/// Why one row is refused. Each variant is worded in both languages by [`Refusal::message`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RefusalReason {
    #[error("the measure has no title")]
    MissingTitle,
    #[error("{text:?} is not a date")]
    InvalidDate { text: String },
    #[error("{text:?} is not a fiscal year")]
    InvalidFiscalYear { text: String },
    #[error("{text:?} is not a number")]
    InvalidNumber { text: String },
    #[error("{text:?} is not a percentage from 0 to 100")]
    InvalidPercent { text: String },
    #[error("{text:?} is not a status")]
    InvalidStatus { text: String },
    #[error("{text:?} is neither yes nor no")]
    InvalidFlag { text: String },
    #[error("a formula without a stored result")]
    FormulaWithoutValue,
    #[error("an error value {text}")]
    ErrorValue { text: String },
    #[error("the plan has no basic policy {title:?}")]
    UnknownPolicy { title: String },
    #[error("there is no area {name:?}")]
    UnknownArea { name: String },
    #[error("no measure of this plan has the id {id:?}")]
    UnknownMeasureId { id: String },
    #[error("several measures of this policy are titled {title:?}")]
    AmbiguousTitle { title: String },
    #[error("the same measure as row {first_row}, with other values")]
    DuplicateRow { first_row: usize },
    #[error("KPI values without a fiscal year")]
    KpiWithoutYear,
    #[error("KPI values without a KPI name")]
    KpiWithoutName,
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
}

impl Refusal {
    /// `12行目 C列「状況」: 「済み」は状況として読めません(…)` / `Row 12, column C (状況): …`.
    pub fn message(&self, lang: Lang) -> String {
        let reason = self.reason.message(lang);
        match (&self.column, lang) {
            (Some(column), Lang::Ja) => {
                format!("{}行目 {}: {reason}", self.row, column.label(lang))
            }
            (Some(column), Lang::En) => {
                format!("Row {}, {}: {reason}", self.row, column.label(lang))
            }
            (None, Lang::Ja) => format!("{}行目: {reason}", self.row),
            (None, Lang::En) => format!("Row {}: {reason}", self.row),
        }
    }
}

impl RefusalReason {
    pub fn message(&self, lang: Lang) -> String {
        use RefusalReason as R;
        match (self, lang) {
            (R::MissingTitle, Lang::Ja) => "施策名が空です。".to_owned(),
            (R::MissingTitle, Lang::En) => "The measure has no title.".to_owned(),
            (R::InvalidDate { text }, Lang::Ja) => format!(
                "「{text}」は日付として読めません(例: 令和7年3月31日、R7.3.31、2025/3/31)。"
            ),
            (R::InvalidDate { text }, Lang::En) => format!(
                "\"{text}\" is not a date (e.g. 令和7年3月31日, R7.3.31, 2025/3/31)."
            ),
            (R::InvalidFiscalYear { text }, Lang::Ja) => {
                format!("「{text}」は年度として読めません(例: 令和7年度、R7、2025)。")
            }
            (R::InvalidFiscalYear { text }, Lang::En) => {
                format!("\"{text}\" is not a fiscal year (e.g. 令和7年度, R7, FY2025, 2025).")
            }
            (R::InvalidNumber { text }, Lang::Ja) => format!("「{text}」は数値として読めません。"),
            (R::InvalidNumber { text }, Lang::En) => format!("\"{text}\" is not a number."),
            (R::InvalidPercent { text }, Lang::Ja) => {
                format!("「{text}」は0〜100の進捗率として読めません。")
            }
            (R::InvalidPercent { text }, Lang::En) => {
                format!("\"{text}\" is not a progress rate from 0 to 100.")
            }
            (R::InvalidStatus { text }, Lang::Ja) => format!(
                "「{text}」は状況として読めません(未着手、作業中、完了、実施しない、対象外のいずれか)。"
            ),
            (R::InvalidStatus { text }, Lang::En) => format!(
                "\"{text}\" is not a status (one of 未着手/Not started, 作業中/In progress, 完了/Done, 実施しない/Will not do, 対象外/Not applicable)."
            ),
            (R::InvalidFlag { text }, Lang::Ja) => {
                format!("「{text}」は「○」か空欄で書いてください。")
            }
            (R::InvalidFlag { text }, Lang::En) => {
                format!("\"{text}\": write yes (○) or leave the cell empty.")
            }
            (R::FormulaWithoutValue, Lang::Ja) => "数式の計算結果が保存されていません。Excelで開いて保存し直すか、値を貼り付けてください。".to_owned(),
            (R::FormulaWithoutValue, Lang::En) => "The formula's result was not saved. Open and save the file in Excel, or paste the values.".to_owned(),
            (R::ErrorValue { text }, Lang::Ja) => format!("セルがエラー値({text})です。"),
            (R::ErrorValue { text }, Lang::En) => format!("The cell holds an error ({text})."),
            (R::UnknownPolicy { title }, Lang::Ja) => {
                format!("基本施策「{title}」はこの計画にありません。先に基本施策を追加してください。")
            }
            (R::UnknownPolicy { title }, Lang::En) => format!(
                "The plan has no basic policy \"{title}\". Add the policy first."
            ),
            (R::UnknownArea { name }, Lang::Ja) => format!("分野「{name}」はありません。"),
            (R::UnknownArea { name }, Lang::En) => format!("There is no area \"{name}\"."),
            (R::UnknownMeasureId { id }, Lang::Ja) => {
                format!("ID「{id}」の施策はこの計画にありません(削除されたか、別の計画のIDです)。")
            }
            (R::UnknownMeasureId { id }, Lang::En) => format!(
                "No measure of this plan has the id \"{id}\" (deleted, or from another plan)."
            ),
            (R::AmbiguousTitle { title }, Lang::Ja) => format!(
                "同じ基本施策に「{title}」という施策が複数あります。ID列で指定してください。"
            ),
            (R::AmbiguousTitle { title }, Lang::En) => format!(
                "Several measures of this policy are titled \"{title}\"; give the id column."
            ),
            (R::DuplicateRow { first_row }, Lang::Ja) => {
                format!("{first_row}行目と同じ施策ですが、値が異なります。")
            }
            (R::DuplicateRow { first_row }, Lang::En) => {
                format!("The same measure as row {first_row}, with different values.")
            }
            (R::KpiWithoutYear, Lang::Ja) => "目標値・実績には年度が必要です。".to_owned(),
            (R::KpiWithoutYear, Lang::En) => "Targets and actuals need a fiscal year.".to_owned(),
            (R::KpiWithoutName, Lang::Ja) => "KPIの値がありますがKPI名が空です。".to_owned(),
            (R::KpiWithoutName, Lang::En) => "KPI values are given without a KPI name.".to_owned(),
            (R::Invalid { message, .. }, Lang::Ja) => format!("値が正しくありません({message})。"),
            (R::Invalid { message, .. }, Lang::En) => format!("Invalid value ({message})."),
        }
    }
}
