//! The demo prefecture: Iwate with its 33 municipalities, the national and Iwate taxonomy, and
//! Tono city's DX plan, loaded through the worker's own API like any client would.

use crate::api::{Api, ApiError};
use crate::bench::now_ms;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fs;
use std::path::Path;
use tsunagu_core::access::Role;
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::Fields;
use tsunagu_core::domain::{taxonomy, Kpi, Measure, Plan, RecordKind};
use tsunagu_core::org::{load_csv, OrgCode, Organisation};

const PREFECTURE: u8 = 3;
const TONO: &str = "032085";
const TONO_PLAN: &str = include_str!("../data/demo-tono.json");

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

#[derive(Deserialize)]
struct DemoPlan {
    plan_id: String,
    plan: Plan,
    measures: Vec<Value>,
    kpis: Vec<Value>,
}

fn other(message: impl std::fmt::Display) -> ApiError {
    ApiError::Other(message.to_string())
}

pub fn seed(api: &Api, csv: &Path, state_path: &Path) -> Result<(), ApiError> {
    if let Some(state) = existing_state(api, state_path) {
        println!(
            "demo: already loaded (tokens from {})",
            state_path.display()
        );
        print_tokens(&state.tokens, state_path);
        return Ok(());
    }
    let csv_text = fs::read_to_string(csv).map_err(|e| other(format!("{}: {e}", csv.display())))?;
    let orgs: Vec<Organisation> = load_csv(&csv_text)
        .map_err(other)?
        .into_iter()
        .filter(|org| org.code.belongs_to_prefecture(PREFECTURE))
        .collect();
    let prefecture = orgs
        .iter()
        .find(|org| org.code.is_prefecture())
        .ok_or_else(|| other("the code list has no Iwate prefecture"))?;

    let mut tokens = vec![
        issue(api, prefecture, Role::PrefectureAdmin, "DX推進担当")?,
        issue(api, prefecture, Role::Viewer, "幹部 (閲覧)")?,
    ];
    for municipality in orgs.iter().filter(|org| !org.code.is_prefecture()) {
        tokens.push(issue(api, municipality, Role::Editor, "DX推進担当")?);
    }

    let admin = &tokens[0];
    let mut writes = Vec::new();
    for org in &orgs {
        writes.push((
            org.code.clone(),
            RecordKind::Organisation,
            org.code.to_string(),
            org.to_fields(),
        ));
    }
    let areas = taxonomy::merge(&taxonomy::national_default(), &taxonomy::iwate_pillars())
        .map_err(other)?;
    for area in areas {
        writes.push((
            prefecture.code.clone(),
            RecordKind::TaxonomyArea,
            area.id.clone(),
            area.to_fields(),
        ));
    }
    push_all(api, &admin.token, writes)?;

    let tono = tokens
        .iter()
        .find(|t| t.org.as_str() == TONO)
        .ok_or_else(|| other("the code list has no Tono city"))?;
    push_all(api, &tono.token, tono_plan_writes()?)?;

    let state = DemoState { tokens };
    if let Some(dir) = state_path.parent() {
        fs::create_dir_all(dir).map_err(other)?;
    }
    let json = serde_json::to_string_pretty(&state).map_err(other)?;
    fs::write(state_path, json).map_err(|e| other(format!("{}: {e}", state_path.display())))?;
    println!(
        "demo: loaded Iwate ({} organisations) and Tono city's plan",
        orgs.len()
    );
    print_tokens(&state.tokens, state_path);
    Ok(())
}

/// The state of an earlier run, if its tokens still work against this worker.
fn existing_state(api: &Api, state_path: &Path) -> Option<DemoState> {
    let text = fs::read_to_string(state_path).ok()?;
    let state: DemoState = serde_json::from_str(&text).ok()?;
    let admin = state.tokens.first()?;
    api.who_am_i(&admin.token).ok()?;
    Some(state)
}

fn issue(api: &Api, org: &Organisation, role: Role, who: &str) -> Result<DemoToken, ApiError> {
    let label = format!("{} {who}", org.name);
    let issued = api.issue_token(&org.code, role, &label)?;
    Ok(DemoToken {
        org: org.code.clone(),
        name: org.name.clone(),
        role,
        token: issued.token,
    })
}

pub type Write = (OrgCode, RecordKind, String, Fields);

fn tono_plan_writes() -> Result<Vec<Write>, ApiError> {
    let demo: DemoPlan = serde_json::from_str(TONO_PLAN).map_err(other)?;
    let tono = OrgCode::parse(TONO).map_err(other)?;
    let plan_id = format!("{TONO}-{}", demo.plan_id);
    let mut writes = vec![(
        tono.clone(),
        RecordKind::Plan,
        plan_id.clone(),
        demo.plan.to_fields(),
    )];
    for raw in demo.measures {
        let (id, mut value) = split_id(raw)?;
        value["plan_id"] = Value::String(plan_id.clone());
        let measure: Measure = serde_json::from_value(value).map_err(other)?;
        measure
            .validate()
            .map_err(|e| other(format!("demo measure {id}: {e:?}")))?;
        writes.push((tono.clone(), RecordKind::Measure, id, measure.to_fields()));
    }
    for raw in demo.kpis {
        let (id, value) = split_id(raw)?;
        let mut kpi: Kpi = serde_json::from_value(value).map_err(other)?;
        kpi.measure_id = format!("{TONO}-{}", kpi.measure_id);
        writes.push((tono.clone(), RecordKind::Kpi, id, kpi.to_fields()));
    }
    Ok(writes)
}

/// Takes the record id out of a demo record, prefixed with Tono's code: record ids are unique
/// within a prefecture, whoever owns them.
fn split_id(mut raw: Value) -> Result<(String, Value), ApiError> {
    let id = raw
        .as_object_mut()
        .and_then(|object| object.remove("id"))
        .and_then(|id| id.as_str().map(|id| format!("{TONO}-{id}")))
        .ok_or_else(|| other("a demo record has no id"))?;
    Ok((id, raw))
}

/// Writes every field of every record with one client replica, pushing until all are stored.
pub fn push_all(api: &Api, token: &str, writes: Vec<Write>) -> Result<(), ApiError> {
    let mut replica = ClientReplica::new(format!("demo-seed-{}", now_ms()));
    for (org, kind, id, fields) in writes {
        for (field, value) in fields {
            replica.write(
                &org,
                &FieldKey::new(kind, id.clone(), field),
                value,
                now_ms(),
            );
        }
    }
    // Each push carries up to 500 mutations; this bound is far above what the demo needs.
    for _ in 0..100 {
        if replica.pending().is_empty() {
            return Ok(());
        }
        let response = api.sync(token, &replica.request(Some(1)))?;
        replica.apply_response(&response);
    }
    Err(other("the demo data did not finish loading"))
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
