//! A whole prefecture of synthetic plans, for scale benchmarks: every municipality of the
//! prefecture (Hokkaido has 179) and its organisation record, and a plan
//! of N synthetic measures per municipality pushed with that municipality's own editor token.

use crate::api::{Api, ApiError};
use crate::push::{invalid, other, push_all, Write};
use crate::synthetic;
use serde_json::json;
use std::fs;
use std::path::Path;
use std::time::Instant;
use tsunagu_core::access::Role;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::org::{load_csv, Organisation};

/// What was written, printed as JSON on stdout.
pub struct Seeded {
    pub prefecture_token: String,
    pub records: usize,
    pub municipalities: usize,
}

/// The prefecture and its municipalities from the code list.
pub fn organisations(csv_text: &str, prefecture: u8) -> Result<Vec<Organisation>, ApiError> {
    if !(1..=47).contains(&prefecture) {
        return Err(other(format!(
            "--prefecture must be 01 to 47 (got {prefecture})"
        )));
    }
    let orgs: Vec<Organisation> = load_csv(csv_text)
        .map_err(other)?
        .into_iter()
        .filter(|org| org.code.belongs_to_prefecture(prefecture))
        .collect();
    if !orgs.iter().any(|org| org.code.is_prefecture()) {
        return Err(other(format!(
            "the code list has no prefecture {prefecture:02}"
        )));
    }
    Ok(orgs)
}

/// The prefecture admin's writes: every organisation record (the national taxonomy comes with
/// the app).
pub fn admin_writes(orgs: &[Organisation]) -> Result<Vec<Write>, ApiError> {
    if !orgs.iter().any(|org| org.code.is_prefecture()) {
        return Err(other("no prefecture among the organisations"));
    }
    let mut writes = Vec::with_capacity(orgs.len());
    for org in orgs {
        org.validate()
            .map_err(|errors| invalid(&format!("organisation {}", org.code), &errors))?;
        writes.push((
            org.code.clone(),
            RecordKind::Organisation,
            org.code.to_string(),
            org.to_fields(),
        ));
    }
    Ok(writes)
}

pub fn seed(api: &Api, csv: &Path, prefecture: u8, measures: usize) -> Result<(), ApiError> {
    let csv_text = fs::read_to_string(csv).map_err(|e| other(format!("{}: {e}", csv.display())))?;
    let orgs = organisations(&csv_text, prefecture)?;
    let seeded = seed_orgs(api, &orgs, measures)?;
    let summary = json!({
        "prefecture_token": seeded.prefecture_token,
        "records": seeded.records,
        "municipalities": seeded.municipalities,
    });
    println!("{summary}");
    Ok(())
}

fn seed_orgs(api: &Api, orgs: &[Organisation], measures: usize) -> Result<Seeded, ApiError> {
    let started = Instant::now();
    let prefecture = orgs
        .iter()
        .find(|org| org.code.is_prefecture())
        .ok_or_else(|| other("no prefecture among the organisations"))?;
    let municipalities: Vec<&Organisation> = orgs
        .iter()
        .filter(|org| !org.code.is_prefecture())
        .collect();
    let admin = api.prefecture_admin(prefecture.code.prefecture_number(), "scale benchmark")?;
    let writes = admin_writes(orgs)?;
    let mut records = writes.len();
    let mut mutations = push_all(api, &admin, writes)?;
    eprintln!("seed-prefecture: {} organisations written", orgs.len());
    for (done, municipality) in municipalities.iter().enumerate() {
        // Editors write only their own municipality's records.
        let token = api
            .issue_token(&admin, &municipality.code, Role::Editor, "scale benchmark")?
            .token;
        let writes = synthetic::plan_writes(&municipality.code, measures)?;
        records += writes.len();
        mutations += push_all(api, &token, writes)?;
        if (done + 1) % 10 == 0 || done + 1 == municipalities.len() {
            eprintln!(
                "seed-prefecture: {}/{} municipalities, {records} records, {:.1} s",
                done + 1,
                municipalities.len(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    eprintln!(
        "seed-prefecture: {records} records ({mutations} field writes) for {} municipalities in {:.1} s",
        municipalities.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(Seeded {
        prefecture_token: admin,
        records,
        municipalities: municipalities.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::push::check_writes;

    fn code_list() -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/local-governments.csv");
        fs::read_to_string(path).expect("the code list is in the repository")
    }

    #[test]
    fn hokkaido_has_179_municipalities_and_valid_admin_writes() {
        let orgs = organisations(&code_list(), 1).expect("loads");
        assert_eq!(orgs.iter().filter(|o| !o.code.is_prefecture()).count(), 179);
        let writes = admin_writes(&orgs).expect("valid");
        check_writes(&writes).expect("passes the schema");
        assert_eq!(writes.len(), 180);
        assert_eq!(writes, admin_writes(&orgs).expect("valid"), "deterministic");
    }

    #[test]
    fn refuses_unknown_prefectures() {
        assert!(organisations(&code_list(), 0).is_err());
        assert!(organisations(&code_list(), 48).is_err());
    }
}
