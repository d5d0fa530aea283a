//! The dashboard as a table to export: one row per municipality shown, in the dashboard's
//! order, then a total row.

use super::{Dashboard, Tally};
use crate::export::{Cell, Table};
use crate::lang::Lang;

/// Columns: code, name, then per area its status and completion rate, then the municipality as
/// a whole: status, completion rate, number of measures, overdue measures. An empty cell (no
/// measures, or no rate) is left blank. Measures outside the column areas get their own pair
/// of columns when there are any.
pub fn dashboard_table(dashboard: &Dashboard, lang: Lang) -> Table {
    let show_other = !dashboard.other_total.is_empty();
    let status = lang.pick("状況", "status");
    let rate = lang.pick("完了率(%)", "completion (%)");

    let mut headers = vec![
        lang.pick("団体コード", "Code").to_owned(),
        lang.pick("市区町村", "Municipality").to_owned(),
    ];
    let mut groups: Vec<&str> = dashboard
        .areas
        .iter()
        .map(|area| lang.pick(&area.name_ja, &area.name_en))
        .collect();
    if show_other {
        groups.push(lang.pick("その他・未分類", "Other or unclassified"));
    }
    groups.push(lang.pick("全体", "Overall"));
    for group in groups {
        headers.push(format!("{group} {status}"));
        headers.push(format!("{group} {rate}"));
    }
    headers.push(lang.pick("施策数", "Measures").to_owned());
    headers.push(lang.pick("期限超過", "Overdue").to_owned());

    let mut rows: Vec<Vec<Cell>> = dashboard
        .rows
        .iter()
        .map(|row| {
            let first = [
                Cell::text(row.org.code.as_str()),
                Cell::text(row.org.name.as_str()),
            ];
            cells(
                first,
                &row.cells,
                show_other.then_some(&row.other),
                &row.total,
                lang,
            )
        })
        .collect();
    let first = [Cell::Empty, Cell::text(lang.pick("合計", "Total"))];
    let other = show_other.then_some(&dashboard.other_total);
    rows.push(cells(
        first,
        &dashboard.column_totals,
        other,
        &dashboard.grand_total,
        lang,
    ));

    let title = if dashboard.query.priority_only {
        lang.pick("進捗一覧（重点）", "Progress (priority)")
    } else {
        lang.pick("進捗一覧", "Progress")
    };
    Table {
        title: title.to_owned(),
        headers,
        rows,
    }
}

fn cells(
    first: [Cell; 2],
    areas: &[Tally],
    other: Option<&Tally>,
    total: &Tally,
    lang: Lang,
) -> Vec<Cell> {
    let mut row = Vec::from(first);
    for tally in areas.iter().chain(other).chain([total]) {
        row.push(status_cell(tally, lang));
        row.push(Cell::percent(tally.completion_rate()));
    }
    row.push(Cell::Integer(i64::from(total.total())));
    row.push(Cell::Integer(i64::from(total.overdue)));
    row
}

fn status_cell(tally: &Tally, lang: Lang) -> Cell {
    match tally.cell_status().status() {
        None => Cell::Empty,
        Some(status) => Cell::text(lang.pick(status.label_ja(), status.label_en())),
    }
}
