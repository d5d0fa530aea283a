//! The plan list's rows, filters, sorts and groups (moved from the app, where they ran only in
//! a browser).

use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value;

use crate::client::RecordView;
use crate::domain::{BasicPolicy, Measure, RecordKind, Status};
use crate::merge::RecordKey;
use crate::org::OrgCode;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).expect("valid")
}

fn row(id: &str, measure: Measure) -> Arc<MeasureRow> {
    let view = RecordView {
        key: RecordKey::new(RecordKind::Measure, id),
        org: OrgCode::parse("032085").expect("valid"),
        values: measure.to_fields(),
        pending: BTreeSet::new(),
        saving: BTreeSet::new(),
        conflicted: BTreeSet::new(),
    };
    Arc::new(MeasureRow::from_view(&view, today()))
}

fn policies() -> Vec<BasicPolicy> {
    ["p1", "p2"]
        .into_iter()
        .map(|id| BasicPolicy {
            id: id.into(),
            title: format!("基本施策{id}"),
            description: String::new(),
        })
        .collect()
}

fn sample() -> Vec<Arc<MeasureRow>> {
    vec![
        row(
            "m3",
            Measure {
                policy_id: Some("p2".into()),
                status: Status::Done,
                percent: 100,
                department: "総務課".into(),
                ..Measure::new("plan", "ＡＩ－ＯＣＲの導入")
            },
        ),
        row(
            "m1",
            Measure {
                policy_id: Some("p1".into()),
                priority: true,
                status: Status::InProgress,
                percent: 40,
                deadline: NaiveDate::from_ymd_opt(2025, 3, 31),
                area: Some("online".into()),
                department: "市民課".into(),
                ..Measure::new("plan", "行政手続のオンライン化")
            },
        ),
        row(
            "m2",
            Measure {
                policy_id: Some("gone".into()),
                ..Measure::new("plan", "テレワーク")
            },
        ),
    ]
}

fn ids(group: &Group) -> Vec<&str> {
    group.rows.iter().map(|row| row.id.as_str()).collect()
}

#[test]
fn groups_follow_policy_order_with_unknown_policies_last() {
    let policies = policies();
    let context = ListContext {
        policies: &policies,
        areas: &[],
    };
    let groups = build_groups(
        &sample(),
        &context,
        &Filters::default(),
        SortKey::PlanOrder,
        GroupBy::Policy,
    );
    let keys: Vec<&str> = groups.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, ["policy:p1", "policy:p2", "none"]);
    assert_eq!(groups[2].total, 1);
}

#[test]
fn filters_combine() {
    let rows = sample();
    let overdue = Filters {
        overdue_only: true,
        ..Filters::default()
    };
    assert_eq!(rows.iter().filter(|r| overdue.matches(r)).count(), 1);
    let search = Filters {
        query: normalize_query("ai-ocr"),
        ..Filters::default()
    };
    assert!(
        search.matches(&rows[0]),
        "full-width title matches half-width search"
    );
    let statuses = Filters {
        statuses: vec![Status::NotStarted, Status::Done],
        department: Some("総務課".into()),
        ..Filters::default()
    };
    let matching: Vec<&str> = rows
        .iter()
        .filter(|r| statuses.matches(r))
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(matching, ["m3"]);
}

#[test]
fn sorts_by_deadline_with_none_last_and_by_area() {
    let areas = crate::domain::taxonomy::national_default();
    let context = ListContext {
        policies: &[],
        areas: &areas,
    };
    let groups = build_groups(
        &sample(),
        &context,
        &Filters::default(),
        SortKey::Deadline,
        GroupBy::Area,
    );
    assert_eq!(groups[0].key, "area:online");
    assert_eq!(groups.last().map(ids), Some(vec!["m2", "m3"]));
}

#[test]
fn the_fingerprint_follows_what_is_shown() {
    let a = row("m", Measure::new("plan", "A"));
    let b = row(
        "m",
        Measure {
            percent: 10,
            ..Measure::new("plan", "A")
        },
    );
    assert_ne!(a.fingerprint, b.fingerprint);
    assert_eq!(
        a.fingerprint,
        row("m", Measure::new("plan", "A")).fingerprint
    );
}

#[test]
fn damaged_records_still_show_their_title() {
    let view = RecordView {
        key: RecordKey::new(RecordKind::Measure, "m9"),
        org: OrgCode::parse("032085").expect("valid"),
        values: BTreeMap::from([
            ("title".to_owned(), Value::from("古い施策")),
            ("status".to_owned(), Value::from("done")),
        ]),
        pending: BTreeSet::new(),
        saving: BTreeSet::new(),
        conflicted: BTreeSet::new(),
    };
    let row = MeasureRow::from_view(&view, today());
    assert!(row.unreadable);
    assert_eq!(row.measure.title, "古い施策");
}

#[test]
fn sort_codes_round_trip() {
    for key in SortKey::ALL {
        assert_eq!(SortKey::from_code(key.code()), key);
    }
    assert_eq!(departments(&sample()), ["市民課", "総務課"]);
    assert_eq!(policy_counts(&sample()).get("p1"), Some(&1));
}

#[test]
fn a_plan_lists_only_the_measures_its_owner_holds() {
    let tono = OrgCode::parse("032085").expect("valid");
    let measure = |id: &str, owner: &str, plan_id: &str| RecordView {
        key: RecordKey::new(RecordKind::Measure, id),
        org: OrgCode::parse(owner).expect("valid"),
        values: Measure::new(plan_id, id).to_fields(),
        pending: BTreeSet::new(),
        saving: BTreeSet::new(),
        conflicted: BTreeSet::new(),
    };
    let views = [
        measure("own", "032085", "plan-1"),
        measure("other-plan", "032085", "plan-2"),
        // Morioka's measure naming Tono's plan.
        measure("intruder", "032018", "plan-1"),
    ];
    let rows = plan_rows(&views, "plan-1", &tono, today());
    let ids: Vec<&str> = rows.iter().map(|row| row.id.as_str()).collect();
    assert_eq!(ids, ["own"]);
}

#[test]
fn the_list_shows_its_first_rows_across_groups_and_counts_the_rest() {
    let policies = policies();
    let context = ListContext {
        policies: &policies,
        areas: &[],
    };
    let build = || {
        build_groups(
            &sample(),
            &context,
            &Filters::default(),
            SortKey::PlanOrder,
            GroupBy::Policy,
        )
    };
    let mut groups = build();
    assert_eq!(show_first(&mut groups, 2), 1, "one row held back");
    let keys: Vec<&str> = groups.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(
        keys,
        ["policy:p1", "policy:p2"],
        "the group left empty is dropped"
    );
    assert_eq!(ids(&groups[1]), ["m3"]);

    let mut all = build();
    assert_eq!(show_first(&mut all, ROWS_AT_ONCE), 0);
    assert_eq!(all.iter().map(|g| g.rows.len()).sum::<usize>(), 3);
    assert_eq!(
        show_first(&mut build(), 0),
        3,
        "nothing shown, everything held back"
    );
}
