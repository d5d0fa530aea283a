use super::format::{FileKind, MAX_FILE_BYTES, MAX_FILE_MUTATIONS};
use crate::lang::Lang;
use crate::protocol::{ApiError, ErrorCode};

/// Why a sync file is refused. Each says what is wrong in both languages; nothing of the file
/// is applied or kept when one is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// Not JSON, cut short (a copy stopped midway), or not our format.
    #[error("this is not a whole Tsunagu sync file (it may have been cut short while copied)")]
    NotAFile,
    #[error("this sync file is of format version {0}; this version reads version 1")]
    UnknownVersion(u64),
    #[error("the file is {bytes} bytes; a sync file may be at most {MAX_FILE_BYTES}")]
    TooLarge { bytes: usize },
    #[error("the file carries {count} changes; a file may carry at most {MAX_FILE_MUTATIONS}")]
    TooManyChanges { count: usize },
    /// An outbound file given where a return file was expected, or the reverse.
    #[error("this is {} file, not the one expected here", found.as_str())]
    WrongKind { found: FileKind },
    /// The signature does not match: the file was changed after it was written.
    #[error("the file's signature does not match its content: it was altered after it was written, and is refused whole")]
    Altered,
    #[error(
        "the file comes from prefecture {found:02}; this connection is to prefecture {expected:02}"
    )]
    OtherPrefecture { found: u8, expected: u8 },
    /// A return file written for another device (another client id or token).
    #[error("this return file was written for another device ({client_id})")]
    OtherDevice { client_id: String },
    #[error(
        "no token {token_id} in this prefecture: the file was not written by one of its devices"
    )]
    UnknownToken { token_id: String },
    #[error("the token that wrote this file ({label}) has been revoked; its changes are refused")]
    RevokedToken { label: String },
    #[error("the file is dated {minutes} minutes in the future: check the writing device's clock")]
    FutureDated { minutes: u64 },
    /// The file's parts disagree (sequence range, client id of the writes, organisation).
    #[error("the file's contents disagree with its header: {0}")]
    Inconsistent(String),
    /// The same file relayed a second time.
    #[error("this file was already relayed ({at}); its changes are on the server and nothing was changed now")]
    AlreadyRelayed { at: String },
}

impl FileError {
    /// A short name of the reason, the API error's `field` (`file.signature` …), by which a
    /// screen words it.
    pub fn reason(&self) -> &'static str {
        match self {
            FileError::NotAFile => "file",
            FileError::UnknownVersion(_) => "file.version",
            FileError::TooLarge { .. } | FileError::TooManyChanges { .. } => "file.size",
            FileError::WrongKind { .. } => "file.kind",
            FileError::Altered => "file.signature",
            FileError::OtherPrefecture { .. } => "file.prefecture",
            FileError::OtherDevice { .. } => "file.client_id",
            FileError::UnknownToken { .. } => "file.token_id",
            FileError::RevokedToken { .. } => "file.token_revoked",
            FileError::FutureDated { .. } => "file.created_ms",
            FileError::Inconsistent(_) => "file.body",
            FileError::AlreadyRelayed { .. } => "file.replayed",
        }
    }

    /// The refusal in the person's language.
    pub fn words(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Ja => match self {
                FileError::NotAFile => "つなぐの同期ファイルとして読めません（コピーの途中で切れた可能性があります）。".into(),
                FileError::UnknownVersion(v) => format!("形式バージョン{v}の同期ファイルです。このアプリはバージョン1を読みます。"),
                FileError::TooLarge { bytes } => format!("ファイルが{bytes}バイトあります。同期ファイルは{MAX_FILE_BYTES}バイトまでです。"),
                FileError::TooManyChanges { count } => format!("変更が{count}件あります。1ファイルは{MAX_FILE_MUTATIONS}件までです。"),
                FileError::WrongKind { found: FileKind::Outbound } => "これは端末から送る同期ファイルです。ここでは返却ファイルを選んでください。".into(),
                FileError::WrongKind { found: FileKind::Return } => "これは返却ファイルです。オフラインの端末で取り込んでください。".into(),
                FileError::Altered => "署名が内容と一致しません。書き出した後に改変されたため、ファイル全体を受け付けません。".into(),
                FileError::OtherPrefecture { found, expected } => format!("都道府県{found:02}のファイルです。この接続は都道府県{expected:02}です。"),
                FileError::OtherDevice { client_id } => format!("別の端末（{client_id}）あての返却ファイルです。"),
                FileError::UnknownToken { token_id } => format!("この都道府県にトークン{token_id}はありません。この都道府県の端末が書いたファイルではありません。"),
                FileError::RevokedToken { label } => format!("このファイルを書いた端末のトークン（{label}）は失効しています。変更は受け付けません。"),
                FileError::FutureDated { minutes } => format!("ファイルの日時が{minutes}分先になっています。書き出した端末の時計を確認してください。"),
                FileError::Inconsistent(detail) => format!("ファイルの中身が見出しと一致しません（{detail}）。"),
                FileError::AlreadyRelayed { at } => format!("このファイルは既に中継済みです（{at}）。変更はサーバーにあり、今回は何も変更していません。"),
            },
        }
    }

    /// The refusal as the relay endpoint answers it.
    pub fn api_error(&self) -> ApiError {
        let code = match self {
            FileError::TooLarge { .. } | FileError::TooManyChanges { .. } => {
                ErrorCode::PayloadTooLarge
            }
            FileError::AlreadyRelayed { .. } => ErrorCode::FileAlreadyRelayed,
            _ => ErrorCode::FileRefused,
        };
        ApiError::new(code, self.to_string()).at(self.reason())
    }
}
