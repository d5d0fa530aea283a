//! The dashboard's rows from the records a device holds: trusted organisations only, each with
//! the measures it owns (keyed by owner, never by a field), under the trusted taxonomy.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{summary_rows, SummaryRow};
use crate::client::RecordView;
use crate::domain::{Measure, RecordKind};
use crate::org::OrgCode;
use crate::trust::{organisation_directory, taxonomy_areas};

/// [`summary_rows`] of the `organisation`, `measure` and `taxonomy_area` records among
/// the device holds (records of other kinds among them are ignored).
pub fn summary_rows_from_records(
    organisations: &[RecordView],
    measures: &[RecordView],
    areas: &[RecordView],
    today: NaiveDate,
) -> Vec<(String, SummaryRow)> {
    let mut by_owner: BTreeMap<OrgCode, Vec<Measure>> = BTreeMap::new();
    for view in measures
        .iter()
        .filter(|view| view.key.kind == RecordKind::Measure)
    {
        if let Ok(measure) = Measure::from_fields(&view.values) {
            by_owner.entry(view.org.clone()).or_default().push(measure);
        }
    }
    summary_rows(
        organisation_directory(organisations),
        by_owner,
        &taxonomy_areas(areas),
        today,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::DashboardData;
    use crate::domain::Status;
    use crate::org::{OrgKind, Organisation};
    use crate::trust::test_records::{code, record, MORIOKA, TONO};

    fn organisation(id: &str, owner: &str, claimed: &str, name: &str) -> RecordView {
        let fields = Organisation {
            code: code(claimed),
            kind: OrgKind::Municipality,
            name: name.into(),
            kana: String::new(),
            population: None,
        }
        .to_fields();
        record(RecordKind::Organisation, id, owner, fields)
    }

    fn measure(id: &str, owner: &str) -> RecordView {
        let fields = Measure {
            area: Some("online".into()),
            status: Status::Done,
            ..Measure::new("plan", "施策")
        }
        .to_fields();
        record(RecordKind::Measure, id, owner, fields)
    }

    #[test]
    fn rows_come_from_trusted_organisations_with_the_measures_they_own() {
        let organisations = [
            organisation(TONO, TONO, TONO, "遠野市"),
            organisation(MORIOKA, MORIOKA, MORIOKA, "盛岡市"),
            organisation(TONO, MORIOKA, TONO, "乗っ取り市"),
            organisation(MORIOKA, MORIOKA, TONO, "乗っ取り市"),
        ];
        let measures = [
            measure("m1", TONO),
            measure("m2", TONO),
            measure("m3", MORIOKA),
        ];
        let day = NaiveDate::from_ymd_opt(2025, 6, 1).expect("a date");
        let rows = summary_rows_from_records(&organisations, &measures, &[], day);
        let data = DashboardData::from_rows(rows.into_iter().map(|(_, row)| row).collect());
        let names: Vec<&str> = data.orgs.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["盛岡市", "遠野市"]);
        let counted = |town: &str| data.summaries[&code(town)].areas["online"].all.total();
        assert_eq!((counted(TONO), counted(MORIOKA)), (2, 1));
    }
}
