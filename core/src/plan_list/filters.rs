//! Which rows the list shows.

use super::row::MeasureRow;
use crate::domain::Status;
use crate::text;

/// The search text as rows store theirs ([`text::search_key`]: full-width, half-width kana,
/// case and katakana folded).
pub fn normalize_query(input: &str) -> String {
    text::search_key(input)
}

/// Which rows to show. Empty `statuses` means every status.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub statuses: Vec<Status>,
    pub priority_only: bool,
    pub overdue_only: bool,
    pub department: Option<String>,
    /// Already normalised with [`normalize_query`].
    pub query: String,
}

impl Filters {
    pub fn matches(&self, row: &MeasureRow) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&row.measure.status))
            && (!self.priority_only || row.measure.priority)
            && (!self.overdue_only || row.overdue)
            && self
                .department
                .as_ref()
                .is_none_or(|department| &row.measure.department == department)
            && (self.query.is_empty() || {
                let text = row.search_text();
                self.query.split(' ').all(|word| text.contains(word))
            })
    }
}
