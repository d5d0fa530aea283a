//! The casebook as a table: one row per case, every field, for CSV and XLSX (`core::export`).

use std::collections::BTreeMap;

use super::adoption::Reach;
use super::catalogue::{Entry, Origin};
use crate::domain::casebook::case_field_label;
use crate::export::{Cell, Table};
use crate::lang::Lang;

/// The case fields in the casebook's order (state and review bookkeeping left out).
const COLUMNS: [&str; 20] = [
    "title",
    "category",
    "organisation",
    "population_class",
    "area",
    "point",
    "overview",
    "effects",
    "cost_initial",
    "cost_running",
    "cost_breakdown",
    "cost_notes",
    "lead_time",
    "schedule_steps",
    "vendors",
    "participants",
    "contact_department",
    "contact_phone",
    "contact_mail",
    "interview",
];

/// The casebook as the request's filters show it, as CSV (`action` `csv`) or XLSX.
pub fn casebook_file(
    request: &super::CasebookRequest,
    book: &super::Casebook,
) -> Result<Vec<u8>, crate::export::ExportError> {
    let own = crate::org::OrgCode::parse(&request.own).ok();
    let like = own
        .as_ref()
        .and_then(|code| book.organisation(code))
        .and_then(|org| org.population_class());
    let areas = if request.state.filter.area.is_empty() {
        Vec::new()
    } else {
        book.area_and_below(&request.state.filter.area)
    };
    let shown: Vec<&Entry> =
        super::catalogue::select(&book.entries, &request.state.filter, &areas, like)
            .into_iter()
            .map(|at| &book.entries[at])
            .collect();
    let area_name = |id: &str| book.area_name(id, request.lang);
    let table = casebook_table(&shown, &book.reach, &area_name, request.lang);
    if request.action == "csv" {
        Ok(crate::export::to_csv(&table))
    } else {
        crate::export::to_xlsx(&[table])
    }
}

/// One row per entry, in the order given; `reach` adds the number of towns that adopted each.
pub fn casebook_table(
    entries: &[&Entry],
    reach: &BTreeMap<String, Reach>,
    area_name: &dyn Fn(&str) -> String,
    lang: Lang,
) -> Table {
    let mut headers = vec!["ID".to_owned(), lang.pick("区分", "Origin").to_owned()];
    headers.extend(
        COLUMNS
            .iter()
            .map(|field| case_field_label(field, lang).to_owned()),
    );
    headers.push(lang.pick("出典", "Source").to_owned());
    headers.push(lang.pick("取り組む団体数", "Towns adopting").to_owned());
    let rows = entries
        .iter()
        .map(|entry| {
            let case = &entry.case;
            let origin = match entry.origin {
                Origin::Prefecture => lang.pick("県の事例", "Prefecture"),
                Origin::National => lang.pick("全国の参考事例", "National"),
            };
            let class = case.population_class.map_or("", |class| match lang {
                Lang::Ja => class.label_ja(),
                Lang::En => class.label_en(),
            });
            let vendors: Vec<String> = case
                .vendors
                .iter()
                .map(|v| format!("{} / {} / {}", v.vendor, v.service, v.operation))
                .collect();
            let yen = |amount: Option<i64>| amount.map_or(Cell::Empty, Cell::Integer);
            let text = |value: &str| Cell::text(value);
            let adopters = reach.get(&entry.id).map_or(0, Reach::towns);
            vec![
                text(&entry.id),
                text(origin),
                text(&case.title),
                text(&case.category),
                text(&case.organisation),
                text(class),
                text(&case.area.as_deref().map(area_name).unwrap_or_default()),
                text(&case.point),
                text(&case.overview),
                text(&case.effects),
                yen(case.cost_initial),
                yen(case.cost_running),
                text(&case.cost_breakdown),
                text(&case.cost_notes),
                text(&case.lead_time),
                text(&case.schedule_steps),
                text(&vendors.join("\n")),
                text(&case.participants),
                text(&case.contact_department),
                text(&case.contact_phone),
                text(&case.contact_mail),
                text(&case.interview),
                text(&entry.source),
                Cell::Integer(adopters as i64),
            ]
        })
        .collect();
    Table {
        title: lang.pick("事例集", "Casebook").to_owned(),
        headers,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::casebook::national::national_cases;

    #[test]
    fn one_row_per_case_with_every_field() {
        let entries: Vec<Entry> = national_cases()
            .expect("parses")
            .into_iter()
            .map(Entry::national)
            .collect();
        let refs: Vec<&Entry> = entries.iter().collect();
        let table = casebook_table(&refs, &BTreeMap::new(), &|id| id.to_owned(), Lang::Ja);
        assert_eq!(table.rows.len(), 14);
        assert_eq!(table.headers.len(), COLUMNS.len() + 4);
        assert!(table
            .rows
            .iter()
            .all(|row| row.len() == table.headers.len()));
        assert_eq!(table.headers[2], "事例名");
        let csv = String::from_utf8(crate::export::to_csv(&table)).expect("UTF-8");
        assert!(csv.contains("全国の参考事例"));
    }

    /// "Every field": a field added to the case and not to the table fails here. The source
    /// measure is left out: the id of a town's record, which says nothing to the file's reader.
    #[test]
    fn the_columns_are_every_field_of_the_case_s_content() {
        let mut content: Vec<String> = crate::domain::casebook::Case::new("t")
            .content_fields()
            .into_keys()
            .filter(|field| field != "source_measure")
            .collect();
        let mut columns: Vec<String> = COLUMNS.iter().map(|c| (*c).to_owned()).collect();
        content.sort();
        columns.sort();
        assert_eq!(columns, content);
    }
}
