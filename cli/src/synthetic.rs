//! A synthetic plan of many measures, for measuring the app and the worker on realistic
//! volumes. Deterministic: the same organisation and count give the same records.

use crate::api::{Api, ApiError};
use crate::push::{invalid, push_all, Write};
use tsunagu_core::access::Role;
use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::domain::{BasicPolicy, Measure, Plan, RecordKind, Status};
use tsunagu_core::org::OrgCode;

const POLICIES: [&str; 3] = [
    "市民サービスの利便性向上",
    "行政事務の効率化",
    "デジタル基盤の強化",
];
const AREAS: [&str; 6] = [
    "std", "mynumber", "online", "ai_rpa", "telework", "security",
];

/// Issues an editor token for `org` (with the prefecture's administrator), loads a plan with `measures` measures through the API and
/// prints the token.
pub fn seed_plan(api: &Api, org: &OrgCode, measures: usize) -> Result<(), ApiError> {
    let admin = api.prefecture_admin(org.prefecture_number(), "synthetic plan administrator")?;
    let token = api
        .issue_token(&admin, org, Role::Editor, "synthetic plan")?
        .token;
    push_all(api, &token, plan_writes(org, measures)?)?;
    eprintln!("seeded {measures} measures for {org}");
    println!("{token}");
    Ok(())
}

/// The plan and its measures, validated.
pub fn plan_writes(org: &OrgCode, measures: usize) -> Result<Vec<Write>, ApiError> {
    let plan_id = format!("{org}-synthetic-plan");
    let plan = Plan {
        title: format!("DX推進計画 ({measures}施策)"),
        start_fy: FiscalYear(2022),
        end_fy: FiscalYear(2027),
        vision: "合成データ".into(),
        policies: POLICIES
            .iter()
            .enumerate()
            .map(|(i, title)| BasicPolicy {
                id: format!("p{i}"),
                title: (*title).into(),
                description: String::new(),
            })
            .collect(),
    };
    plan.validate()
        .map_err(|errors| invalid(&format!("plan {plan_id}"), &errors))?;
    let mut writes = Vec::with_capacity(measures + 1);
    writes.push((
        org.clone(),
        RecordKind::Plan,
        plan_id.clone(),
        plan.to_fields(),
    ));
    for i in 0..measures {
        let id = format!("{org}-m{i:04}");
        let measure = synthetic_measure(&plan_id, i);
        measure
            .validate()
            .map_err(|errors| invalid(&format!("measure {id}"), &errors))?;
        writes.push((org.clone(), RecordKind::Measure, id, measure.to_fields()));
    }
    Ok(writes)
}

/// Measure `i` of a synthetic plan: every status in turn, its percent consistent with it.
pub fn synthetic_measure(plan_id: &str, i: usize) -> Measure {
    let status = Status::ALL[i % Status::ALL.len()];
    let percent = match status {
        Status::Done => 100,
        Status::InProgress => (5 + (i * 37) % 91) as u8,
        Status::NotStarted | Status::WontDo | Status::NotApplicable => 0,
    };
    Measure {
        policy_id: Some(format!("p{}", i % POLICIES.len())),
        area: Some(AREAS[i % AREAS.len()].into()),
        priority: i.is_multiple_of(4),
        department: format!("{}課", ["総務", "企画", "市民", "福祉"][i % 4]),
        status,
        percent,
        start_fy: Some(FiscalYear(2022 + (i % 3) as i32)),
        end_fy: Some(FiscalYear(2025 + (i % 3) as i32)),
        notes: format!("合成データ {i}"),
        ..Measure::new(plan_id, format!("施策 {:03}", i + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::push::check_writes;

    fn org() -> OrgCode {
        OrgCode::parse("011002").expect("Sapporo's code is valid")
    }

    #[test]
    fn the_same_input_gives_the_same_records() {
        let a = plan_writes(&org(), 60).expect("valid");
        let b = plan_writes(&org(), 60).expect("valid");
        assert_eq!(a, b);
        assert_eq!(a.len(), 61);
        check_writes(&a).expect("passes the schema");
    }

    #[test]
    fn percent_follows_status() {
        for i in 0..200 {
            let measure = synthetic_measure("p", i);
            match measure.status {
                Status::Done => assert_eq!(measure.percent, 100),
                Status::InProgress => assert!((1..100).contains(&measure.percent)),
                _ => assert_eq!(measure.percent, 0),
            }
        }
    }
}
