//! One municipality's plan as a table: a row per measure, the way staff keep it in Excel.

use chrono::NaiveDate;

use super::{Cell, Table};
use crate::domain::{Measure, Plan, TaxonomyArea};
use crate::lang::Lang;

fn fiscal_year(year: Option<crate::calendar::FiscalYear>, lang: Lang) -> Cell {
    year.map_or(Cell::Empty, |year| {
        Cell::text(match lang {
            Lang::Ja => year.label_both(),
            Lang::En => year.label_en(),
        })
    })
}

/// Measures in the order given (the caller sorts), with policy and area by name.
pub fn plan_table(
    plan: &Plan,
    measures: &[Measure],
    areas: &[TaxonomyArea],
    today: NaiveDate,
    lang: Lang,
) -> Table {
    let policy = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| plan.policies.iter().find(|p| p.id == id))
            .map_or(Cell::Empty, |p| Cell::text(p.title.clone()))
    };
    let area = |id: &Option<String>| {
        id.as_deref().map_or(Cell::Empty, |id| {
            let name = areas
                .iter()
                .find(|a| a.id == id)
                .map_or(id, |a| lang.pick(&a.name_ja, &a.name_en));
            Cell::text(name)
        })
    };
    let yes = |flag: bool| {
        if flag {
            Cell::text(lang.pick("○", "yes"))
        } else {
            Cell::Empty
        }
    };
    let rows = measures
        .iter()
        .map(|m| {
            vec![
                Cell::text(m.title.clone()),
                policy(&m.policy_id),
                area(&m.area),
                yes(m.priority),
                Cell::text(m.department.clone()),
                Cell::text(match lang {
                    Lang::Ja => m.status.label_ja(),
                    Lang::En => m.status.label_en(),
                }),
                Cell::Integer(i64::from(m.percent)),
                fiscal_year(m.start_fy, lang),
                fiscal_year(m.end_fy, lang),
                m.deadline
                    .map_or(Cell::Empty, |d| Cell::text(crate::calendar::iso_date(d))),
                yes(m.is_overdue(today)),
                Cell::text(m.notes.clone()),
            ]
        })
        .collect();
    let headers = match lang {
        Lang::Ja => [
            "施策",
            "基本施策",
            "分野",
            "重点",
            "担当課",
            "状況",
            "進捗(%)",
            "開始年度",
            "終了年度",
            "期限",
            "期限切れ",
            "備考",
        ],
        Lang::En => [
            "Measure",
            "Basic policy",
            "Area",
            "Priority",
            "Department",
            "Status",
            "Progress (%)",
            "Start",
            "End",
            "Deadline",
            "Overdue",
            "Notes",
        ],
    };
    Table {
        title: plan.title.clone(),
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    }
}

/// [`plan_table`] with the measures' record ids in a last column `ID`, which the import
/// matches rows by, so an exported file edited in Excel updates exactly the rows it came from.
pub fn plan_table_with_ids(
    plan: &Plan,
    measures: &[(String, Measure)],
    areas: &[TaxonomyArea],
    today: NaiveDate,
    lang: Lang,
) -> Table {
    let only: Vec<Measure> = measures.iter().map(|(_, m)| m.clone()).collect();
    let mut table = plan_table(plan, &only, areas, today, lang);
    table.headers.push("ID".to_owned());
    for (row, (id, _)) in table.rows.iter_mut().zip(measures) {
        row.push(Cell::text(id.clone()));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::FiscalYear;
    use crate::domain::{BasicPolicy, Status};
    use crate::export::to_csv;

    #[test]
    fn a_row_per_measure_with_names_and_overdue() {
        let plan = Plan {
            title: "遠野市DX推進計画".into(),
            start_fy: FiscalYear(2022),
            end_fy: FiscalYear(2025),
            vision: String::new(),
            policies: vec![BasicPolicy {
                id: "p1".into(),
                title: "行政のDX".into(),
                description: String::new(),
            }],
        };
        let mut late = Measure::new("plan", "書かない窓口");
        late.policy_id = Some("p1".into());
        late.area = Some("online".into());
        late.priority = true;
        late.status = Status::InProgress;
        late.percent = 40;
        late.deadline = NaiveDate::from_ymd_opt(2025, 3, 31);
        let done = Measure {
            status: Status::Done,
            percent: 100,
            ..Measure::new("plan", "電子申請")
        };
        let areas = crate::domain::taxonomy::national_default();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("valid date");
        let table = plan_table(&plan, &[late, done], &areas, today, Lang::Ja);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0][1], Cell::text("行政のDX"));
        assert_eq!(table.rows[0][3], Cell::text("○"));
        assert_eq!(table.rows[0][6], Cell::Integer(40));
        assert_eq!(
            table.rows[0][10],
            Cell::text("○"),
            "open and past its deadline"
        );
        assert_eq!(table.rows[1][10], Cell::Empty);
        let csv = String::from_utf8(to_csv(&table)).expect("utf-8");
        assert!(csv.starts_with("\u{feff}施策,基本施策,分野"));
        assert!(csv.contains("書かない窓口,行政のDX,"));
    }
}
