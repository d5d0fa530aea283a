//! The measure search screen as markup text, and its CSV and XLSX, made by the tools module
//! over the replica the app sent (`feed::screen::ActivityData`, which the activity screen
//! shares), so none of it is in the app's first load. Every value is escaped; `data-action`
//! names what a control does (handled by the app); each control keeps its `id`, so the focus
//! can be given back after the markup is written again.

use std::fmt::Write;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::texts::{measure_search_texts, MeasureSearchTexts};
use super::{every_measure, search, FoundMeasure, SearchFilter};
use crate::calendar::iso_date;
use crate::client::RecordView;
use crate::domain::{RecordKind, Status, TaxonomyArea};
use crate::export::{to_csv, to_xlsx, Cell, ExportError, Table};
use crate::lang::Lang;
use crate::merge::RecordState;
use crate::text::escaped;
pub use crate::tools::ScreenOutput;
use crate::trust::{organisation_directory, taxonomy_areas};

/// Rows listed at first, and added by each さらに表示.
pub const PAGE: usize = 100;

/// The search as the app knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureSearchScreen {
    /// The replica (`ActivityData::generation`) it is about: the tools module refuses another.
    pub generation: u64,
    /// The device's day: what is overdue.
    #[serde(with = "crate::calendar::iso::date_serde")]
    pub today: NaiveDate,
    pub lang: Lang,
    pub filter: SearchFilter,
    pub output: ScreenOutput,
}

/// The replica read once for the search: every measure with its search key, the areas and
/// the organisations. The tools module keeps it while the replica and the day stay the same,
/// so that a search as the person types only filters (reading Hokkaido's 10,000 measures and
/// making their keys takes hundreds of milliseconds; filtering them, well under one).
#[derive(Debug, Clone)]
pub struct Prepared {
    pub generation: u64,
    pub today: NaiveDate,
    all: Vec<FoundMeasure>,
    areas: Vec<TaxonomyArea>,
    /// The trusted organisations, (code, name), for the organisation filter.
    orgs: Vec<(String, String)>,
}

impl Prepared {
    pub fn new(generation: u64, today: NaiveDate, records: &[RecordState]) -> Prepared {
        let views: Vec<RecordView> = records
            .iter()
            .filter(|record| {
                matches!(
                    record.key.kind,
                    RecordKind::Measure | RecordKind::Organisation | RecordKind::TaxonomyArea
                )
            })
            .filter_map(RecordView::synced)
            .collect();
        Prepared {
            generation,
            today,
            all: every_measure(&views, today),
            areas: taxonomy_areas(&views),
            orgs: organisation_directory(&views)
                .into_iter()
                .map(|org| (org.code.to_string(), org.name))
                .collect(),
        }
    }

    /// Whether it was read for `screen`'s replica and day.
    pub fn serves(&self, screen: &MeasureSearchScreen) -> bool {
        self.generation == screen.generation && self.today == screen.today
    }
}

/// The screen's markup, or a file, over the replica's `records` (read for this one request).
pub fn render(
    screen: &MeasureSearchScreen,
    records: &[RecordState],
) -> Result<Vec<u8>, ExportError> {
    render_prepared(
        screen,
        &Prepared::new(screen.generation, screen.today, records),
    )
}

/// The screen's markup, or a file, over a replica read before ([`Prepared::serves`] `screen`).
pub fn render_prepared(
    screen: &MeasureSearchScreen,
    prepared: &Prepared,
) -> Result<Vec<u8>, ExportError> {
    let areas = &prepared.areas;
    let found = search(&prepared.all, &screen.filter, areas);
    let t = measure_search_texts(screen.lang);
    Ok(match screen.output {
        ScreenOutput::Screen => {
            let mut out = filters(t, screen, &prepared.orgs, areas);
            list(&mut out, t, screen, &found, areas);
            out.into_bytes()
        }
        ScreenOutput::Csv => to_csv(&table(t, screen.lang, &found, areas)),
        ScreenOutput::Xlsx => to_xlsx(&[table(t, screen.lang, &found, areas)])?,
    })
}

/// 事例にする: a town's measure made a case of the prefecture's casebook (`/casebook` answers
/// `?propose=` of a town's measure for the prefecture that way). The prefecture's own measures
/// are proposed from its own casebook page.
fn case_link(found: &FoundMeasure, lang: Lang) -> String {
    if found.org.is_prefecture() {
        return String::new();
    }
    format!(
        "<a href=\"/casebook?propose={}\" aria-label=\"{}\">{}</a>",
        escaped(&found.id),
        // The visible words start the name in both languages (WCAG 2.5.3, label in name).
        escaped(&match lang {
            Lang::Ja => format!("{} を事例にする", found.measure.title),
            Lang::En => format!("Make a case: {}", found.measure.title),
        }),
        lang.pick("事例にする", "Make a case")
    )
}

/// An area's name in `lang` (the Japanese one when it has no English name).
fn name_of(area: &TaxonomyArea, lang: Lang) -> &str {
    match lang {
        Lang::En if !area.name_en.is_empty() => &area.name_en,
        _ => &area.name_ja,
    }
}

fn area_name(areas: &[TaxonomyArea], id: &str, lang: Lang) -> String {
    areas
        .iter()
        .find(|area| area.id == id)
        .map_or_else(|| id.to_owned(), |area| name_of(area, lang).to_owned())
}

fn status_name(status: Status, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => status.label_ja(),
        Lang::En => status.label_en(),
    }
}

/// Every matching measure, one row each (the CSV's and the workbook's one sheet).
pub fn table(
    t: &MeasureSearchTexts,
    lang: Lang,
    found: &[&FoundMeasure],
    areas: &[TaxonomyArea],
) -> Table {
    let flag = |on: bool| Cell::text(if on { t.yes } else { "" });
    let rows = found
        .iter()
        .map(|f| {
            let m = &f.measure;
            vec![
                Cell::text(f.org.to_string()),
                Cell::text(f.org_name.clone()),
                Cell::text(f.id.clone()),
                Cell::text(m.title.clone()),
                Cell::text(
                    m.area
                        .as_deref()
                        .map(|a| area_name(areas, a, lang))
                        .unwrap_or_default(),
                ),
                Cell::text(m.department.clone()),
                Cell::text(status_name(m.status, lang)),
                Cell::Integer(i64::from(m.percent)),
                m.deadline.map_or(Cell::Empty, |d| Cell::text(iso_date(d))),
                flag(m.priority),
                flag(f.overdue),
            ]
        })
        .collect();
    Table {
        title: t.sheet.to_owned(),
        headers: t.columns.iter().map(|c| (*c).to_owned()).collect(),
        rows,
    }
}

/// A `<select>`: first "any" (value ""), then `choices`; `chosen` selected.
fn select(
    out: &mut String,
    id: &str,
    label: &str,
    any: &str,
    choices: &[(String, String)],
    chosen: &str,
) {
    let _ = write!(
        out,
        "<div class=\"form__field\"><label for=\"ms-{id}\">{label}</label>\
         <select id=\"ms-{id}\" data-action=\"filter-{id}\"><option value=\"\">{any}</option>"
    );
    for (value, text) in choices {
        let selected = if value == chosen { " selected" } else { "" };
        let _ = write!(
            out,
            "<option value=\"{}\"{selected}>{}</option>",
            escaped(value),
            escaped(text)
        );
    }
    out.push_str("</select></div>");
}

fn check(out: &mut String, id: &str, label: &str, on: bool) {
    let checked = if on { " checked" } else { "" };
    let _ = write!(
        out,
        "<label class=\"filters__check\"><input type=\"checkbox\" id=\"ms-{id}\" \
         data-action=\"filter-{id}\"{checked}> {label}</label>"
    );
}

/// The search form: words, organisation, area (sub-areas indented), status, two flags.
fn filters(
    t: &MeasureSearchTexts,
    screen: &MeasureSearchScreen,
    orgs: &[(String, String)],
    areas: &[TaxonomyArea],
) -> String {
    let filter = &screen.filter;
    let mut out = format!(
        "<form class=\"card form filters no-print\" role=\"search\" aria-label=\"{}\" data-action=\"search\">\
         <div class=\"filters__row\"><div class=\"form__field\"><label for=\"ms-query\">{}</label>\
         <input type=\"search\" id=\"ms-query\" data-action=\"filter-query\" value=\"{}\" \
         aria-describedby=\"ms-query-hint\"><span class=\"form__hint\" id=\"ms-query-hint\">{}</span></div>",
        t.filters,
        t.words,
        escaped(&filter.query),
        t.words_hint
    );
    select(&mut out, "org", t.org, t.all_orgs, orgs, &filter.org);
    let area_choices: Vec<(String, String)> = areas
        .iter()
        .map(|area| {
            let indent = if area.parent.is_some() { "　" } else { "" };
            (
                area.id.clone(),
                format!("{indent}{}", name_of(area, screen.lang)),
            )
        })
        .collect();
    select(
        &mut out,
        "area",
        t.area,
        t.all_areas,
        &area_choices,
        &filter.area,
    );
    let statuses: Vec<(String, String)> = Status::ALL
        .iter()
        .map(|s| {
            (
                s.label_ja().to_owned(),
                status_name(*s, screen.lang).to_owned(),
            )
        })
        .collect();
    select(
        &mut out,
        "status",
        t.status,
        t.all_statuses,
        &statuses,
        &filter.status,
    );
    check(&mut out, "priority", t.priority_only, filter.priority_only);
    check(&mut out, "overdue", t.overdue_only, filter.overdue_only);
    out.push_str("</div></form>");
    out
}

/// The file buttons, the count, the table, and さらに表示 while more follow.
fn list(
    out: &mut String,
    t: &MeasureSearchTexts,
    screen: &MeasureSearchScreen,
    found: &[&FoundMeasure],
    areas: &[TaxonomyArea],
) {
    let _ = write!(
        out,
        "<p class=\"actions no-print\"><button type=\"button\" id=\"ms-csv\" data-action=\"csv\">{}</button> \
         <button type=\"button\" id=\"ms-xlsx\" data-action=\"xlsx\">{}</button></p>",
        t.export_csv, t.export_xlsx
    );
    if found.is_empty() {
        let _ = write!(out, "<p class=\"notice\" role=\"status\">{}</p>", t.none);
        return;
    }
    let shown = found.len().min(screen.filter.shown.max(1));
    let count = t
        .count
        .replace("{shown}", &shown.to_string())
        .replace("{total}", &found.len().to_string());
    let _ = write!(
        out,
        "<p class=\"result-count\" role=\"status\" data-testid=\"measure-search-count\">{count}</p>\
         <div class=\"table-scroll\"><table class=\"data-table\"><caption class=\"visually-hidden\">{}</caption><thead><tr>",
        t.list
    );
    // Code and measure id are in the files only.
    for column in [1, 3, 4, 5, 6, 7, 8] {
        let class = if column == 7 { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th scope=\"col\"{class}>{}</th>", t.columns[column]);
    }
    let lang = screen.lang;
    // 横展開: a town's measure becomes a case of the prefecture's casebook (docs/casebook.md).
    let _ = write!(
        out,
        "<th scope=\"col\">{}</th></tr></thead><tbody>",
        lang.pick("事例集", "Casebook")
    );
    for f in &found[..shown] {
        let m = &f.measure;
        let mut flags = String::new();
        if m.priority {
            flags.push_str(" <span class=\"badge badge--priority\">【重点】</span>");
        }
        if f.overdue {
            let _ = write!(
                flags,
                " <span class=\"mark mark--overdue\">{}</span>",
                t.overdue
            );
        }
        let _ = write!(
            out,
            "<tr data-org=\"{}\"><td><a href=\"/orgs/{}\">{}</a></td><th scope=\"row\">{}{flags}</th>\
             <td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}%</td><td>{}</td><td>{}</td></tr>",
            f.org,
            f.org,
            escaped(&f.org_name),
            escaped(&m.title),
            escaped(&m.area.as_deref().map(|a| area_name(areas, a, lang)).unwrap_or_default()),
            escaped(&m.department),
            status_name(m.status, lang),
            m.percent,
            m.deadline.map(iso_date).unwrap_or_default(),
            case_link(f, lang)
        );
    }
    out.push_str("</tbody></table></div>");
    if shown < found.len() {
        let _ = write!(
            out,
            "<p class=\"no-print\"><button type=\"button\" id=\"ms-more\" data-action=\"more\">{}</button></p>",
            t.more
        );
    }
}
