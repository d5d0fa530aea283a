//! What the app asks the casebook screens for: a page, maybe an action with the form's values.

use serde::{Deserialize, Serialize};

use super::catalogue::Filter;
use crate::lang::Lang;

/// One request of the `/casebook` screen (made in the tools module).
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
    /// `list`, `case`, `mine`, `edit` or `reach`.
    pub page: String,
    /// The case (or measure, to propose) the page or action is about.
    pub id: String,
    pub filter: Filter,
    /// `""`, `new`, `propose`, `save`, `submit`, `publish`, `return` or `adopt`.
    pub action: String,
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

/// The answer: markup, a message, writes, and where to go next.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CasebookReply {
    /// A notice or an error, as markup (empty: none).
    pub message: String,
    /// The page's markup.
    pub body: String,
    /// Writes, JSON: `[["w", kind, id, field, value]]`, in order.
    pub ops: String,
    /// The page and id to show next (`edit 032085-case-1a2b3c4d`), or empty: stay.
    pub next: String,
}

const PART_END: char = '\u{0}';

impl CasebookReply {
    pub fn to_text(&self) -> String {
        [&self.message, &self.body, &self.ops, &self.next]
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
            next: next(),
        }
    }
}
