//! Why storing or reading data in the browser failed, in words the app can show or log.

use indexed_db_futures::error::{DomException, Error as IdbError, OpenDbError};
use thiserror::Error;

/// A storage failure: `localStorage` (settings) or IndexedDB (the replica).
///
/// Plain data (no JavaScript values), so it can be cloned into signals and compared in tests.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum StorageError {
    /// There is no `window` (for example inside a worker).
    #[error("no browser window")]
    NoWindow,
    /// The browser blocks or lacks `localStorage` (privacy settings, sandboxed frame).
    #[error("localStorage is not available")]
    LocalStorageUnavailable,
    /// Reading or writing a setting failed (for example the quota is exhausted).
    #[error("localStorage {op} failed for key {key:?}")]
    LocalStorage { op: &'static str, key: String },
    /// The browser offers no IndexedDB here: some private browsing modes, a site setting that
    /// blocks storage, or a sandboxed frame.
    #[error("this browser does not let the app store data on this device (private browsing or a storage setting?): {0}")]
    IndexedDbUnavailable(String),
    /// The device or the browser's share for this site is full.
    #[error(
        "the device has no room left for the app's data; free some disk space or site data: {0}"
    )]
    QuotaExceeded(String),
    /// Another tab keeps an older version of the database open, so it cannot be upgraded.
    #[error("the local database {name:?} cannot be upgraded while another tab with an older version of the app is open; close the other tabs and reload")]
    UpgradeBlocked { name: String },
    /// The database was written by a newer app than this one; opening it could lose data.
    #[error("the local database {name:?} was written by a newer version of the app (schema version {found}, this app knows up to {supported}); reload the page to get the new version")]
    NewerVersion {
        name: String,
        found: u32,
        supported: u32,
    },
    /// Stored data cannot be read back as what it should be.
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// The connection was closed under us: another tab is upgrading or deleting the database,
    /// or the browser cleared the site's data.
    #[error("the local database was closed (another tab is upgrading it, or the site's data was cleared); reload the page")]
    Closed,
    /// The database has not been opened (yet, or opening failed).
    #[error("the local database is not open")]
    NotOpen,
    /// Anything else the browser reported.
    #[error("the browser's database failed to {op}: {message}")]
    Other { op: &'static str, message: String },
}

impl StorageError {
    /// Classifies an IndexedDB failure during `op` (a verb phrase: "load the data").
    pub(crate) fn from_idb(op: &'static str, error: IdbError) -> Self {
        match error {
            IdbError::DomException(dom) => Self::from_dom(op, &dom),
            IdbError::Serialisation(e) => Self::Corrupt(e.to_string()),
            other => Self::Other {
                op,
                message: other.to_string(),
            },
        }
    }

    /// Classifies a failure to open the database.
    pub(crate) fn from_open(error: OpenDbError) -> Self {
        match error {
            OpenDbError::UnsupportedEnvironment | OpenDbError::NullFactory => {
                Self::IndexedDbUnavailable(error.to_string())
            }
            // Private modes and blocked storage reject the open request itself with one of these.
            OpenDbError::Base(IdbError::DomException(dom))
                if matches!(
                    dom_name(&dom).as_str(),
                    "SecurityError" | "InvalidStateError" | "UnknownError" | "NotAllowedError"
                ) =>
            {
                Self::IndexedDbUnavailable(describe(&dom))
            }
            OpenDbError::Base(e) => Self::from_idb("open the database", e),
            OpenDbError::VersionZero => Self::Other {
                op: "open the database",
                message: error.to_string(),
            },
        }
    }

    /// Classifies the error a transaction reports when it aborts (`IDBTransaction.error`).
    pub(crate) fn from_dom_sys(op: &'static str, dom: web_sys::DomException) -> Self {
        Self::from_dom(op, &DomException::from(dom))
    }

    fn from_dom(op: &'static str, dom: &DomException) -> Self {
        match dom_name(dom).as_str() {
            "QuotaExceededError" => Self::QuotaExceeded(describe(dom)),
            "DataCloneError" => Self::Corrupt(describe(dom)),
            _ => Self::Other {
                op,
                message: describe(dom),
            },
        }
    }
}

/// The exception's name, such as `VersionError` (the variant alone misses the less common ones).
pub(crate) fn dom_name(dom: &DomException) -> String {
    web_sys::DomException::from(dom.clone()).name()
}

fn describe(dom: &DomException) -> String {
    format!("{}: {}", dom_name(dom), dom.message())
}
