//! A made-up but realistic DX plan for each demo municipality other than Tono: three basic
//! policies and 15 to 40 measures drawn from real-sounding titles, with statuses, percentages,
//! deadlines (some already past) and departments. Everything is drawn from the org code, so
//! the same town gets the same plan on every run; only "overdue" depends on `today`.

use super::profile::level;
use super::titles::{
    AreaTitles, AREAS, DELAY_NOTES, DEMO_MARK, NOT_APPLICABLE_NOTES, PLAN_TITLES, POLICIES,
    VISIONS, WONT_DO_NOTES,
};
use crate::api::ApiError;
use crate::push::{invalid, Write};
use crate::rng::Rng;
use chrono::{NaiveDate, TimeDelta};
use std::collections::BTreeMap;
use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::domain::{BasicPolicy, Measure, Plan, RecordKind, Status};
use tsunagu_core::org::Organisation;

pub const MIN_MEASURES: usize = 15;
pub const MAX_MEASURES: usize = 40;

#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedPlan {
    pub plan_id: String,
    pub plan: Plan,
    /// Record id and measure, in plan order.
    pub measures: Vec<(String, Measure)>,
}

pub fn plan_id(org: &Organisation) -> String {
    format!("{}-dx-plan", org.code)
}

pub fn generate(org: &Organisation, today: NaiveDate) -> GeneratedPlan {
    let code = org.code.as_str();
    let mut rng = Rng::seeded(code, "plan");
    let level = level(&org.code, org.population);
    let current = FiscalYear::of_date(today).0;
    let start = 2022 + rng.below(2) as i32;
    // Plans were extended past FY2025 like the national one; keep the current year inside.
    let end = 2027.max(current + 1);
    let wording = rng.below(3);
    let plan = Plan {
        title: rng.pick(&PLAN_TITLES).replace("{name}", &org.name),
        start_fy: FiscalYear(start),
        end_fy: FiscalYear(end),
        vision: format!("{DEMO_MARK}{}", rng.pick(&VISIONS)),
        policies: POLICIES
            .iter()
            .map(|(id, titles)| BasicPolicy {
                id: (*id).into(),
                title: titles[wording].into(),
                description: String::new(),
            })
            .collect(),
    };
    let plan_id = plan_id(org);
    let count = MIN_MEASURES + rng.below(MAX_MEASURES - MIN_MEASURES + 1);
    let years = Years {
        start,
        end,
        current,
        today,
    };
    let measures = title_pool(&mut rng)
        .into_iter()
        .take(count)
        .enumerate()
        .map(|(index, (area, title))| {
            let measure = measure(&mut rng, &plan_id, area, title, level, &years);
            (format!("{code}-m{:02}", index + 1), measure)
        })
        .collect();
    GeneratedPlan {
        plan_id,
        plan,
        measures,
    }
}

/// The plan and its measures as writes, each validated first.
pub fn writes(org: &Organisation, today: NaiveDate) -> Result<Vec<Write>, ApiError> {
    let generated = generate(org, today);
    generated
        .plan
        .validate()
        .map_err(|errors| invalid(&format!("plan {}", generated.plan_id), &errors))?;
    let mut writes = vec![(
        org.code.clone(),
        RecordKind::Plan,
        generated.plan_id.clone(),
        generated.plan.to_fields(),
    )];
    for (id, measure) in generated.measures {
        measure
            .validate()
            .map_err(|errors| invalid(&format!("measure {id}"), &errors))?;
        writes.push((
            org.code.clone(),
            RecordKind::Measure,
            id,
            measure.to_fields(),
        ));
    }
    Ok(writes)
}

/// Every title once: one of each national priority area first (every plan has them), then
/// the rest in a shuffled order.
fn title_pool(rng: &mut Rng) -> Vec<(&'static AreaTitles, &'static str)> {
    let mut first = Vec::new();
    let mut rest = Vec::new();
    for area in AREAS {
        let lead = area.national_priority.then(|| rng.below(area.titles.len()));
        for (index, title) in area.titles.iter().enumerate() {
            if lead == Some(index) {
                first.push((area, *title));
            } else {
                rest.push((area, *title));
            }
        }
    }
    rng.shuffle(&mut rest);
    first.extend(rest);
    first
}

struct Years {
    start: i32,
    end: i32,
    current: i32,
    today: NaiveDate,
}

/// A year in `low..=high` (`low` when the range is empty).
fn year_between(rng: &mut Rng, low: i32, high: i32) -> i32 {
    low + rng.below(usize::try_from(high - low + 1).unwrap_or(1)) as i32
}

fn draw_status(rng: &mut Rng, level: f64) -> Status {
    let roll = rng.unit();
    if roll < 0.05 {
        return Status::WontDo;
    }
    if roll < 0.09 {
        return Status::NotApplicable;
    }
    let done = 0.05 + 0.75 * level;
    let progress = rng.unit();
    if progress < done {
        Status::Done
    } else if progress < done + 0.35 {
        Status::InProgress
    } else {
        Status::NotStarted
    }
}

fn measure(
    rng: &mut Rng,
    plan_id: &str,
    area: &AreaTitles,
    title: &str,
    level: f64,
    years: &Years,
) -> Measure {
    let status = draw_status(rng, level);
    let percent = match status {
        Status::Done => 100,
        // 10 to 90 in steps of 5.
        Status::InProgress => (5 * (2 + rng.below(17))) as u8,
        Status::NotStarted | Status::WontDo | Status::NotApplicable => 0,
    };
    let mut start = year_between(rng, years.start, years.start + 2).min(years.current);
    let overdue = status.is_open() && rng.chance(0.08 + 0.35 * (1.0 - level));
    let (end, deadline) = if overdue {
        // Past its deadline and still open: what the dashboard flags.
        let days_ago = 20 + rng.below(400) as i64;
        let deadline = years.today - TimeDelta::days(days_ago);
        (FiscalYear::of_date(deadline).0, Some(deadline))
    } else if status.is_open() {
        let end = year_between(rng, years.current, years.end);
        let deadline = rng.chance(0.5).then(|| FiscalYear(end).end_date());
        (end, deadline)
    } else if status == Status::Done {
        let end = year_between(rng, start, years.current);
        let deadline = rng.chance(0.4).then(|| FiscalYear(end).end_date());
        (end, deadline)
    } else {
        (year_between(rng, start, years.end), None)
    };
    start = start.min(end);
    let schedule = if rng.chance(0.6) {
        schedule(start, end)
    } else {
        BTreeMap::new()
    };
    let notes = match status {
        _ if overdue => (*rng.pick(DELAY_NOTES)).to_owned(),
        Status::WontDo => (*rng.pick(WONT_DO_NOTES)).to_owned(),
        Status::NotApplicable => (*rng.pick(NOT_APPLICABLE_NOTES)).to_owned(),
        Status::Done => format!("{}に完了", FiscalYear(end).label_ja()),
        Status::NotStarted | Status::InProgress => String::new(),
    };
    Measure {
        policy_id: Some(POLICIES[area.policy].0.into()),
        area: Some(area.area.into()),
        priority: area.national_priority && rng.chance(0.75),
        department: (*rng.pick(area.departments)).into(),
        status,
        percent,
        start_fy: Some(FiscalYear(start)),
        end_fy: Some(FiscalYear(end)),
        schedule,
        notes,
        deadline,
        ..Measure::new(plan_id, title)
    }
}

/// One cell per fiscal year: study, then introduction, then full operation.
fn schedule(start: i32, end: i32) -> BTreeMap<i32, String> {
    (start..=end)
        .map(|year| {
            let text = if start == end {
                "実施"
            } else if year == start {
                "調査・検討"
            } else if year == end {
                "本格運用・効果検証"
            } else {
                "導入・試行"
            };
            (year, text.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::profile::{FAR_AHEAD, FAR_BEHIND};
    use super::super::tests::{iwate_municipalities, today};
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_same_town_gets_the_same_plan() {
        for org in iwate_municipalities().iter().take(5) {
            assert_eq!(generate(org, today()), generate(org, today()));
        }
    }

    #[test]
    fn every_plan_validates_and_is_marked_as_demo_data() {
        for org in iwate_municipalities() {
            let generated = generate(&org, today());
            assert!(generated.plan.vision.contains("デモ用の架空データ"));
            assert_eq!(generated.plan.policies.len(), 3);
            let count = generated.measures.len();
            assert!((MIN_MEASURES..=MAX_MEASURES).contains(&count), "{count}");
            let ids: HashSet<&str> = generated
                .measures
                .iter()
                .map(|(id, _)| id.as_str())
                .collect();
            assert_eq!(ids.len(), count, "measure ids are unique");
            let writes = writes(&org, today()).expect("validates");
            crate::push::check_writes(&writes).expect("passes the schema");
            assert_eq!(writes.len(), count + 1);
        }
    }

    #[test]
    fn percent_follows_status() {
        for org in iwate_municipalities() {
            for (id, measure) in generate(&org, today()).measures {
                let ok = match measure.status {
                    Status::Done => measure.percent == 100,
                    Status::InProgress => (1..100).contains(&measure.percent),
                    _ => measure.percent == 0,
                };
                assert!(ok, "{id}: {} at {}%", measure.status, measure.percent);
                let policy = measure.policy_id.as_deref().unwrap_or_default();
                assert!(POLICIES.iter().any(|(known, _)| *known == policy));
            }
        }
    }

    #[test]
    fn the_prefecture_shows_a_spread() {
        let orgs = iwate_municipalities();
        let mut statuses = HashSet::new();
        let (mut overdue, mut priority) = (0, 0);
        for org in &orgs {
            for (_, measure) in generate(org, today()).measures {
                statuses.insert(measure.status);
                overdue += usize::from(measure.is_overdue(today()));
                priority += usize::from(measure.priority);
            }
        }
        assert_eq!(statuses.len(), Status::ALL.len(), "every status appears");
        assert!(overdue >= 20, "{overdue} overdue measures");
        assert!(priority >= 50, "{priority} 【重点】 measures");
        let levels: Vec<f64> = orgs
            .iter()
            .map(|org| level(&org.code, org.population))
            .collect();
        let ahead = levels.iter().filter(|l| **l >= FAR_AHEAD).count();
        let behind = levels.iter().filter(|l| **l < FAR_BEHIND).count();
        assert!(
            ahead >= 2 && behind >= 2,
            "{ahead} far ahead, {behind} far behind"
        );
    }

    #[test]
    fn open_measures_are_overdue_only_when_meant_to_be() {
        // Not overdue measures end this fiscal year or later, so they stay on time for a while.
        for org in iwate_municipalities() {
            for (id, measure) in generate(&org, today()).measures {
                if measure.status.is_open() && !measure.is_overdue(today()) {
                    let end = measure.end_fy.expect("every measure has an end year");
                    assert!(end >= FiscalYear::of_date(today()), "{id}");
                }
            }
        }
    }
}
