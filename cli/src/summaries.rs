//! The prefecture dashboard's cached rows for the whole country, computed by core without a
//! worker: what the app's `summaries` IndexedDB store would hold if one replica had every
//! municipality of Japan with a synthetic plan (no single worker holds the country: there is
//! one Durable Object per prefecture). The national dashboard benchmark
//! (tests/bench/dashboard.mjs) writes these rows into a browser's store.

use crate::api::ApiError;
use crate::push::other;
use crate::synthetic;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Instant;
use tsunagu_core::dashboard::{summary_rows, SummaryRow};
use tsunagu_core::domain::{taxonomy, Measure};
use tsunagu_core::org::{load_csv, OrgCode, OrgKind, Organisation};

/// One printed row: its key in the store and its value.
#[derive(Serialize)]
struct Entry<'a> {
    key: &'a str,
    value: &'a SummaryRow,
}

/// How long each step took, in milliseconds.
pub struct Timings {
    pub generate_ms: f64,
    pub summarise_ms: f64,
}

/// Every organisation of the code list (prefectures have no measures, as in a real replica)
/// with the summary of `measures` synthetic measures per municipality (the generator of
/// `seed-prefecture`), then the top-level national areas under `~areas`. Keyed by code.
pub fn rows(
    orgs: Vec<Organisation>,
    measures: usize,
    today: NaiveDate,
) -> (Vec<(String, SummaryRow)>, Timings) {
    let started = Instant::now();
    let generated: BTreeMap<OrgCode, Vec<Measure>> = orgs
        .iter()
        .filter(|org| org.kind == OrgKind::Municipality)
        .map(|org| {
            let plan_id = format!("{}-synthetic-plan", org.code);
            let own = (0..measures)
                .map(|i| synthetic::synthetic_measure(&plan_id, i))
                .collect();
            (org.code.clone(), own)
        })
        .collect();
    let generate_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    let rows = summary_rows(orgs, generated, &taxonomy::national_default(), today);
    let summarise_ms = started.elapsed().as_secs_f64() * 1000.0;
    (
        rows,
        Timings {
            generate_ms,
            summarise_ms,
        },
    )
}

/// Prints `[{"key": code or "~areas", "value": row}, …]` on stdout and the timings on stderr.
pub fn print(csv: &Path, measures: usize) -> Result<(), ApiError> {
    let csv_text = fs::read_to_string(csv).map_err(|e| other(format!("{}: {e}", csv.display())))?;
    let orgs = load_csv(&csv_text).map_err(other)?;
    let municipalities = orgs
        .iter()
        .filter(|org| org.kind == OrgKind::Municipality)
        .count();
    let today = chrono::Local::now().date_naive();
    let (rows, timings) = rows(orgs, measures, today);
    let started = Instant::now();
    // Serialised from the typed rows (not through serde_json::Value, which would sort the keys).
    let out: Vec<Entry> = rows
        .iter()
        .map(|(key, value)| Entry { key, value })
        .collect();
    let text = serde_json::to_string(&out).map_err(other)?;
    let json_ms = started.elapsed().as_secs_f64() * 1000.0;
    eprintln!(
        "summary-rows: {} rows ({municipalities} municipalities × {measures} measures, as of {today}): \
         generating the measures {:.1} ms, OrgSummary::from_measures {:.1} ms, JSON {:.1} ms ({} KB)",
        rows.len(),
        timings.generate_ms,
        timings.summarise_ms,
        json_ms,
        text.len() / 1024
    );
    println!("{text}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_core::dashboard::AREAS_KEY;

    fn code_list() -> Vec<Organisation> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/local-governments.csv");
        load_csv(&fs::read_to_string(path).expect("the code list is in the repository"))
            .expect("loads")
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).expect("a date")
    }

    #[test]
    fn one_row_per_organisation_and_the_areas_last() {
        let orgs = code_list();
        let count = orgs.len();
        let municipalities = orgs
            .iter()
            .filter(|org| org.kind == OrgKind::Municipality)
            .count();
        assert_eq!(municipalities, 1741);
        let (rows, _) = rows(orgs, 60, day());
        assert_eq!(rows.len(), count + 1);
        let (key, last) = rows.last().expect("rows");
        assert_eq!(key, AREAS_KEY);
        let SummaryRow::Areas { areas } = last else {
            panic!("the areas row is last")
        };
        assert!(areas.iter().all(|area| area.parent.is_none()));
        for (key, row) in &rows[..count] {
            let SummaryRow::Org { org, summary } = row else {
                panic!("an organisation row")
            };
            assert_eq!(key, &org.code.to_string());
            let expected = if org.kind == OrgKind::Municipality {
                60
            } else {
                0
            };
            assert_eq!(summary.total(false).total(), expected, "{key}");
        }
    }

    #[test]
    fn rows_serialise_as_the_app_stores_them() {
        let orgs: Vec<Organisation> = code_list().into_iter().take(2).collect();
        let (rows, _) = rows(orgs, 3, day());
        let text = serde_json::to_string(&rows[1].1).expect("serialises");
        assert!(text.starts_with(r#"{"row":"org","org":{"code":"#), "{text}");
        let org = serde_json::to_value(&rows[1].1).expect("serialises");
        assert_eq!(org["row"], "org");
        assert!(org["org"]["code"].is_string());
        assert_eq!(org["summary"]["d"], "2025-06-01");
        let areas = serde_json::to_value(&rows[2].1).expect("serialises");
        assert_eq!(areas["row"], "areas");
        assert!(areas["areas"].as_array().is_some_and(|a| !a.is_empty()));
    }
}
