//! A plan's KPIs as a table: a row per KPI and fiscal year (baseline repeated on each), with
//! the measure's title, policy and record id, so that the import reads it back onto the same
//! KPIs (`core::import`: rows matched by the measure's id, KPIs by name).

use super::{Cell, Table};
use crate::domain::{Kpi, Measure, Plan};
use crate::lang::Lang;

/// Measures in the order given, each measure's KPIs in the order given (`kpis` may hold KPIs
/// of other measures: only those whose `measure_id` is one of `measures` are written). A KPI
/// without any year gets one row with the year empty.
pub fn kpi_table(
    plan: &Plan,
    measures: &[(String, Measure)],
    kpis: &[(String, Kpi)],
    lang: Lang,
) -> Table {
    let mut rows = Vec::new();
    for (measure_id, measure) in measures {
        let policy = measure
            .policy_id
            .as_deref()
            .and_then(|id| plan.policy(id))
            .map_or(Cell::Empty, |p| Cell::text(p.title.clone()));
        for (_, kpi) in kpis.iter().filter(|(_, k)| k.measure_id == *measure_id) {
            let mut years: Vec<i32> = kpi
                .targets
                .keys()
                .chain(kpi.actuals.keys())
                .copied()
                .collect();
            years.sort_unstable();
            years.dedup();
            let number = |value: Option<&f64>| value.map_or(Cell::Empty, |v| Cell::Number(*v));
            let row = |year: Option<i32>| {
                vec![
                    Cell::text(measure.title.clone()),
                    policy.clone(),
                    Cell::text(kpi.name.clone()),
                    Cell::text(kpi.unit.clone()),
                    number(kpi.baseline.as_ref()),
                    year.map_or(Cell::Empty, |year| {
                        let year = crate::calendar::FiscalYear(year);
                        Cell::text(match lang {
                            Lang::Ja => year.label_both(),
                            Lang::En => year.label_en(),
                        })
                    }),
                    number(year.and_then(|y| kpi.targets.get(&y))),
                    number(year.and_then(|y| kpi.actuals.get(&y))),
                    Cell::text(measure_id.clone()),
                ]
            };
            if years.is_empty() {
                rows.push(row(None));
            }
            rows.extend(years.into_iter().map(|year| row(Some(year))));
        }
    }
    let headers = match lang {
        Lang::Ja => [
            "施策",
            "基本施策",
            "KPI名",
            "単位",
            "基準値",
            "年度",
            "目標値",
            "実績",
            "ID",
        ],
        Lang::En => [
            "Measure",
            "Basic policy",
            "KPI",
            "Unit",
            "Baseline",
            "Fiscal year",
            "Target",
            "Actual",
            "ID",
        ],
    };
    Table {
        title: "KPI".to_owned(),
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    }
}
