//! The filtered feed as a table for CSV: one row per entry, times in Japan time.

use super::{ChangeKind, FeedEntry};
use crate::domain::RecordKind;
use crate::export::refused::jst;
use crate::export::{Cell, Table};
use crate::lang::Lang;
use crate::org::OrgCode;

/// The names the table prints, which the caller knows (organisation names from its directory,
/// kinds and fields in the UI's words).
pub trait FeedLabels {
    fn org_name(&self, org: &OrgCode) -> String;
    fn kind(&self, kind: RecordKind) -> String;
    fn field(&self, kind: RecordKind, field: &str) -> String;
}

/// `entries` as one table: when, which organisation, who, which record, what changed.
pub fn feed_table(entries: &[FeedEntry], lang: Lang, labels: &dyn FeedLabels) -> Table {
    let headers = [
        lang.pick("日時", "Time"),
        lang.pick("団体コード", "Organisation code"),
        lang.pick("団体名", "Organisation"),
        lang.pick("変更した人", "Changed by"),
        lang.pick("種類", "Kind"),
        lang.pick("記録", "Record"),
        lang.pick("変更", "Change"),
        lang.pick("変更した項目", "Fields changed"),
    ];
    let rows = entries
        .iter()
        .map(|entry| {
            let change = match entry.change {
                ChangeKind::Edited => lang.pick("編集", "Edited"),
                ChangeKind::Deleted => lang.pick("削除", "Deleted"),
                ChangeKind::Restored => lang.pick("復元", "Restored"),
            };
            let fields: Vec<String> = entry
                .fields
                .iter()
                .map(|field| labels.field(entry.key.kind, field))
                .collect();
            vec![
                Cell::text(jst(entry.last_ms)),
                Cell::text(entry.org.as_str()),
                Cell::text(labels.org_name(&entry.org)),
                Cell::text(entry.author.clone()),
                Cell::text(labels.kind(entry.key.kind)),
                Cell::text(entry.title.clone().unwrap_or_else(|| entry.key.id.clone())),
                Cell::text(change),
                Cell::text(fields.join(lang.pick("、", ", "))),
            ]
        })
        .collect();
    Table {
        title: lang.pick("活動", "Activity").to_owned(),
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    }
}
