//! The standardisation progress as a table to export: a row per system, a completion column per
//! step, and the system's overall completion.

use super::{steps, system, TrackerSummary};
use crate::export::{Cell, Table};
use crate::lang::Lang;

pub fn tracker_table(summary: &TrackerSummary, lang: Lang) -> Table {
    let mut headers = vec![lang.pick("業務", "System").to_owned()];
    headers.extend(
        steps()
            .iter()
            .map(|step| format!("{} (%)", lang.pick(&step.label_ja, &step.label_en))),
    );
    headers.push(lang.pick("全体 (%)", "Overall (%)").to_owned());
    let rows = summary
        .systems
        .iter()
        .map(|progress| {
            let label = system(&progress.system_id).map_or_else(
                || progress.system_id.clone(),
                |sys| lang.pick(&sys.name_ja, &sys.name_en).to_owned(),
            );
            let mut row = vec![Cell::text(label)];
            row.extend(
                progress
                    .steps
                    .iter()
                    .map(|step| Cell::percent(step.counts.completion().fraction())),
            );
            row.push(Cell::percent(progress.counts.completion().fraction()));
            row
        })
        .collect();
    Table {
        title: lang.pick("標準化", "Standardisation").to_owned(),
        headers,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::standardisation::{summarise, SystemMigration};
    use crate::domain::Status;
    use crate::org::OrgCode;

    #[test]
    fn a_row_per_system_with_step_rates_leaving_out_not_applicable() {
        let tono = OrgCode::parse("032085").expect("valid");
        let morioka = OrgCode::parse("032018").expect("valid");
        let first = &steps()[0].id;
        let mut done = SystemMigration::new(system_id(0));
        done.steps.insert(first.clone(), Status::Done);
        let mut na = SystemMigration::new(system_id(0));
        na.steps.insert(first.clone(), Status::NotApplicable);
        let summary = summarise(
            &[tono.clone(), morioka.clone()],
            &[(tono, done), (morioka, na)],
        );
        let table = tracker_table(&summary, Lang::Ja);
        assert_eq!(table.rows.len(), 20);
        assert_eq!(table.headers.len(), steps().len() + 2);
        assert_eq!(table.headers[0], "業務");
        assert_eq!(table.rows[0][1], Cell::Percent(1.0), "1 done of 1 counting");
        assert_eq!(table.rows[1][1], Cell::Percent(0.0));
    }

    fn system_id(index: usize) -> String {
        crate::domain::standardisation::systems()[index].id.clone()
    }
}
