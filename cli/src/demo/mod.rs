//! The demo prefecture: Iwate with its 33 municipalities (with populations), the national and
//! Iwate taxonomy, Tono city's DX plan, a generated plan for every other town, the prefecture's
//! survey with most towns' answers, and every town's standardisation progress, all loaded
//! through the worker's own API like any client would.

mod migration;
mod plans;
mod population;
mod profile;
mod survey;
mod titles;
mod tono;

use crate::admins::write_private;
use crate::api::{Api, ApiError};
use crate::clock::today_jst;
use crate::push::{other, push_all, Write};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Instant;
use tono::TONO;
use tsunagu_core::access::Role;
use tsunagu_core::domain::{taxonomy, RecordKind};
use tsunagu_core::org::{load_csv, OrgCode, Organisation};

const PREFECTURE: u8 = 3;

/// One issued demo token, as kept in the state file and printed.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DemoToken {
    pub org: OrgCode,
    pub name: String,
    pub role: Role,
    pub token: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct DemoState {
    tokens: Vec<DemoToken>,
}

/// What a run wrote, for the summary line.
#[derive(Default)]
struct Counts {
    plans: usize,
    measures: usize,
    submitted: usize,
    drafts: usize,
    migrations: usize,
    records: usize,
    mutations: usize,
}

pub fn seed(api: &Api, csv: &Path, state_path: &Path) -> Result<(), ApiError> {
    if let Some(state) = existing_state(api, state_path) {
        // A state from before the admin store: keep its administrator there too.
        if let Some(admin) = state
            .tokens
            .iter()
            .find(|t| t.role == Role::PrefectureAdmin)
        {
            api.remember_admin(PREFECTURE, &admin.token)?;
        }
        println!(
            "demo: already loaded (tokens from {})",
            state_path.display()
        );
        print_tokens(&state.tokens, state_path);
        return Ok(());
    }
    let started = Instant::now();
    let orgs = iwate(csv)?;
    let prefecture = orgs
        .iter()
        .find(|org| org.code.is_prefecture())
        .ok_or_else(|| other("the code list has no Iwate prefecture"))?;
    let municipalities: Vec<Organisation> = orgs
        .iter()
        .filter(|org| !org.code.is_prefecture())
        .cloned()
        .collect();
    if !municipalities.iter().any(|org| org.code.as_str() == TONO) {
        return Err(other("the code list has no Tono city"));
    }

    // The admin secret creates the prefecture's first administrator; it issues the rest.
    let admin_label = format!("{} DX推進担当", prefecture.name);
    let admin_token = api.prefecture_admin(PREFECTURE, &admin_label)?;
    let mut tokens = vec![
        DemoToken {
            org: prefecture.code.clone(),
            name: prefecture.name.clone(),
            role: Role::PrefectureAdmin,
            token: admin_token.clone(),
        },
        issue(api, &admin_token, prefecture, Role::Viewer, "幹部 (閲覧)")?,
    ];
    for municipality in &municipalities {
        tokens.push(issue(
            api,
            &admin_token,
            municipality,
            Role::Editor,
            "DX推進担当",
        )?);
    }

    let today = today_jst();
    let mut counts = Counts::default();
    let the_survey = survey::survey(today);
    let admin = &tokens[0];
    let mut writes: Vec<Write> = Vec::new();
    for org in &orgs {
        org.validate().map_err(|errors| {
            crate::push::invalid(&format!("organisation {}", org.code), &errors)
        })?;
        writes.push((
            org.code.clone(),
            RecordKind::Organisation,
            org.code.to_string(),
            org.to_fields(),
        ));
    }
    let areas = taxonomy::merge(&taxonomy::national_default(), &taxonomy::iwate_pillars())
        .map_err(other)?;
    // The national frame comes with the app (the server refuses national ids); the
    // prefecture publishes only its own areas.
    for area in areas
        .into_iter()
        .filter(|area| area.source == taxonomy::AreaSource::Prefecture)
    {
        writes.push((
            prefecture.code.clone(),
            RecordKind::TaxonomyArea,
            area.id.clone(),
            area.to_fields(),
        ));
    }
    writes.push(survey::survey_write(&prefecture.code, &the_survey)?);
    counts.records += writes.len();
    counts.mutations += push_all(api, &admin.token, writes)?;

    // Each town's records go in with its own editor token, as the access rules require.
    let mut responses: BTreeMap<OrgCode, _> = survey::responses(&the_survey, &municipalities)
        .into_iter()
        .collect();
    for municipality in &municipalities {
        let token = tokens
            .iter()
            .find(|t| t.org == municipality.code && t.role == Role::Editor)
            .ok_or_else(|| other(format!("no token for {}", municipality.code)))?;
        let mut writes = if municipality.code.as_str() == TONO {
            tono::writes()?
        } else {
            let plan = plans::writes(municipality, today)?;
            counts.plans += 1;
            counts.measures += plan.len() - 1;
            plan
        };
        let migrations = migration::writes(municipality)?;
        counts.migrations += migrations.len();
        writes.extend(migrations);
        if let Some(response) = responses.remove(&municipality.code) {
            if response.submitted {
                counts.submitted += 1;
            } else {
                counts.drafts += 1;
            }
            writes.push(survey::response_write(
                &the_survey,
                &municipality.code,
                &response,
            )?);
        }
        counts.records += writes.len();
        counts.mutations += push_all(api, &token.token, writes)?;
    }

    let state = DemoState { tokens };
    let json = serde_json::to_string_pretty(&state).map_err(other)?;
    // Live tokens, the administrator's among them: readable by their owner only.
    write_private(state_path, json.as_bytes())?;
    let levels: Vec<f64> = municipalities
        .iter()
        .map(|org| profile::level(&org.code, org.population))
        .collect();
    eprintln!(
        "demo: {} towns far ahead, {} far behind; {} records ({} field writes) in {:.1} s",
        levels.iter().filter(|l| **l >= profile::FAR_AHEAD).count(),
        levels.iter().filter(|l| **l < profile::FAR_BEHIND).count(),
        counts.records,
        counts.mutations,
        started.elapsed().as_secs_f64()
    );
    println!(
        "demo: loaded Iwate ({} organisations with populations), Tono city's plan and {} generated plans ({} measures), survey {} ({} submitted, {} drafts, closes {}), {} system migrations",
        orgs.len(),
        counts.plans,
        counts.measures,
        the_survey.id,
        counts.submitted,
        counts.drafts,
        the_survey.deadline,
        counts.migrations,
    );
    print_tokens(&state.tokens, state_path);
    Ok(())
}

/// Iwate's organisations from the code list, each with its demo population.
fn iwate(csv: &Path) -> Result<Vec<Organisation>, ApiError> {
    let csv_text = fs::read_to_string(csv).map_err(|e| other(format!("{}: {e}", csv.display())))?;
    load_csv(&csv_text)
        .map_err(other)?
        .into_iter()
        .filter(|org| org.code.belongs_to_prefecture(PREFECTURE))
        .map(|org| {
            let population = population::population(org.code.as_str()).ok_or_else(|| {
                other(format!("no demo population for {} {}", org.code, org.name))
            })?;
            Ok(Organisation {
                population: Some(population),
                ..org
            })
        })
        .collect()
}

/// The state of an earlier run, if its tokens still work against this worker.
fn existing_state(api: &Api, state_path: &Path) -> Option<DemoState> {
    let text = fs::read_to_string(state_path).ok()?;
    let state: DemoState = serde_json::from_str(&text).ok()?;
    let admin = state.tokens.first()?;
    api.who_am_i(&admin.token).ok()?;
    Some(state)
}

fn issue(
    api: &Api,
    admin: &str,
    org: &Organisation,
    role: Role,
    who: &str,
) -> Result<DemoToken, ApiError> {
    let label = format!("{} {who}", org.name);
    let issued = api.issue_token(admin, &org.code, role, &label)?;
    Ok(DemoToken {
        org: org.code.clone(),
        name: org.name.clone(),
        role,
        token: issued.token,
    })
}

fn print_tokens(tokens: &[DemoToken], state_path: &Path) {
    println!();
    println!("Demo access tokens (paste one into the app's 接続 / Connect screen):");
    for token in tokens
        .iter()
        .filter(|t| t.org.is_prefecture() || t.org.as_str() == TONO)
    {
        println!(
            "  {:<18} {:<17} {}",
            token.name,
            token.role.as_str(),
            token.token
        );
    }
    println!(
        "  …and an editor token for each of the other {} municipalities in {}",
        tokens.len().saturating_sub(3),
        state_path.display()
    );
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// A fixed day, so the tests do not depend on when they run.
    pub fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).expect("valid date")
    }

    /// Iwate's 33 municipalities with their demo populations.
    pub fn iwate_municipalities() -> Vec<Organisation> {
        let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/local-governments.csv");
        iwate(&csv)
            .expect("the code list loads")
            .into_iter()
            .filter(|org| !org.code.is_prefecture())
            .collect()
    }

    #[test]
    fn iwate_has_33_municipalities_each_with_a_population() {
        let towns = iwate_municipalities();
        assert_eq!(towns.len(), 33);
        for town in &towns {
            assert!(town.population.is_some());
            assert_eq!(town.validate(), Ok(()));
        }
    }
}
