//! Tono city's real plan (cli/data/demo-tono.json): its structure is the city's, the progress
//! figures are invented for the demo.

use crate::api::ApiError;
use crate::push::{invalid, other, Write};
use serde::Deserialize;
use serde_json::Value;
use tsunagu_core::domain::{Kpi, Measure, Plan, RecordKind};
use tsunagu_core::org::OrgCode;

pub const TONO: &str = "032085";
const TONO_PLAN: &str = include_str!("../../data/demo-tono.json");

#[derive(Deserialize)]
struct DemoPlan {
    plan_id: String,
    plan: Plan,
    measures: Vec<Value>,
    kpis: Vec<Value>,
}

pub fn writes() -> Result<Vec<Write>, ApiError> {
    let demo: DemoPlan = serde_json::from_str(TONO_PLAN).map_err(other)?;
    let tono = OrgCode::parse(TONO).map_err(other)?;
    let plan_id = format!("{TONO}-{}", demo.plan_id);
    demo.plan
        .validate()
        .map_err(|errors| invalid(&format!("plan {plan_id}"), &errors))?;
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
            .map_err(|errors| invalid(&format!("demo measure {id}"), &errors))?;
        writes.push((tono.clone(), RecordKind::Measure, id, measure.to_fields()));
    }
    for raw in demo.kpis {
        let (id, value) = split_id(raw)?;
        let mut kpi: Kpi = serde_json::from_value(value).map_err(other)?;
        kpi.measure_id = format!("{TONO}-{}", kpi.measure_id);
        kpi.validate()
            .map_err(|errors| invalid(&format!("demo KPI {id}"), &errors))?;
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_tono_plan_validates() {
        let writes = super::writes().expect("Tono's plan loads");
        crate::push::check_writes(&writes).expect("passes the schema");
        assert!(writes.len() > 10);
    }
}
