//! A synthetic plan of many measures, for measuring the app on realistic volumes.

use crate::api::{Api, ApiError};
use crate::bench::now_ms;
use crate::demo::push_all;
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

/// Issues an editor token for `org`, loads a plan with `measures` measures through the API and
/// prints the token.
pub fn seed_plan(api: &Api, org: &OrgCode, measures: usize) -> Result<(), ApiError> {
    let token = api.issue_token(org, Role::Editor, "synthetic plan")?.token;
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
    let mut writes = vec![(
        org.clone(),
        RecordKind::Plan,
        plan_id.clone(),
        plan.to_fields(),
    )];
    for i in 0..measures {
        let mut measure = Measure::new(plan_id.clone(), format!("施策 {:03}", i + 1));
        measure.policy_id = Some(format!("p{}", i % POLICIES.len()));
        measure.area = Some(AREAS[i % AREAS.len()].into());
        measure.priority = i % 4 == 0;
        measure.department = format!("{}課", ["総務", "企画", "市民", "福祉"][i % 4]);
        measure.status = Status::ALL[i % Status::ALL.len()];
        measure.percent = ((i * 37) % 101) as u8;
        measure.start_fy = Some(FiscalYear(2022 + (i % 3) as i32));
        measure.end_fy = Some(FiscalYear(2025 + (i % 3) as i32));
        measure.notes = format!("合成データ {i}");
        writes.push((
            org.clone(),
            RecordKind::Measure,
            format!("{org}-m{i:04}"),
            measure.to_fields(),
        ));
    }
    push_all(api, &token, writes)?;
    eprintln!("seeded {measures} measures for {org} at {}", now_ms());
    println!("{token}");
    Ok(())
}
