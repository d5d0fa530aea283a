//! What the app asks the casebook screens for: a page, maybe an action with the form's values.

use serde::{Deserialize, Serialize};

use super::catalogue::Filter;
use crate::lang::Lang;

/// Which page the screen shows, about which case, with which filters: kept by the app as the
/// JSON text the last reply gave (`CasebookReply::state`), changed only here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScreenState {
    /// `list`, `case`, `mine`, `edit` or `reach`.
    pub page: String,
    /// The case the page is about.
    pub id: String,
    pub filter: Filter,
}

/// One request of the `/casebook` screen (made in the tools module): what the person did
/// (`action` on the element with `id` and `value`, in a form with `form`) on the page `state`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CasebookRequest {
    /// The [`super::CasebookData`] revision it is about: the tools module refuses another.
    pub generation: u64,
    pub lang: Lang,
    /// The connected organisation's code.
    pub own: String,
    /// Whether the token writes (a viewer's does not).
    pub can_write: bool,
    pub state: ScreenState,
    /// `""` (the page as it is), a move (`page`, `open`, `edit`, `filter-…`, `search`) or a
    /// write (`new`, `propose`, `save`, `submit`, `publish`, `return`, `adopt`); for a file,
    /// `csv` or `xlsx`.
    pub action: String,
    /// The `data-id` of the element acted on (a case, a page).
    pub id: String,
    /// The value of the select that changed.
    pub value: String,
    /// The form's named values, as sent.
    pub form: Vec<(String, String)>,
    /// Eight random hex digits for the id of a record the action makes.
    pub nonce: String,
    /// Today in Japan (`2026-12-07`), for the adopted measure's note.
    pub today: String,
}

impl CasebookRequest {
    /// The value the form sent under `name` (the first), or `""`.
    pub fn form_value(&self, name: &str) -> &str {
        self.form
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }
}

/// The answer: markup, a message, writes, and the screen's state after.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CasebookReply {
    /// A notice or an error, as markup (empty: none).
    pub message: String,
    /// The page's markup (empty after a write: the page is asked again once it is stored).
    pub body: String,
    /// Writes, JSON: `[["w", kind, id, field, value]]`, in order.
    pub ops: String,
    /// The [`ScreenState`] after, as JSON.
    pub state: String,
}

const PART_END: char = '\u{0}';

impl CasebookReply {
    pub fn to_text(&self) -> String {
        [&self.message, &self.body, &self.ops, &self.state]
            .map(String::as_str)
            .join(&PART_END.to_string())
    }

    pub fn from_text(text: &str) -> CasebookReply {
        let mut parts = text.split(PART_END).map(str::to_owned);
        let mut next = || parts.next().unwrap_or_default();
        CasebookReply {
            message: next(),
            body: next(),
            ops: next(),
            state: next(),
        }
    }
}
