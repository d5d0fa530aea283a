//! The measure list of a plan as plain data: rows read from records, filters, sort orders and
//! groups. No views and no signals, so it is tested directly and recomputed in one memo.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value;
use tsunagu_core::client::RecordView;
use tsunagu_core::domain::{BasicPolicy, Measure, Status, TaxonomyArea};
use tsunagu_core::text;

/// One measure as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeasureRow {
    pub id: String,
    pub measure: Measure,
    /// A write of this device not yet acknowledged by the server.
    pub pending: bool,
    /// A concurrent write lost in one of its fields.
    pub conflicted: bool,
    pub overdue: bool,
    /// The fields broke the schema (an old or damaged record): shown with what could be read.
    pub unreadable: bool,
    /// Changes whenever anything the row shows changes: part of the list's key.
    pub fingerprint: u64,
}

impl MeasureRow {
    pub fn from_view(view: &RecordView, today: NaiveDate) -> MeasureRow {
        let (measure, unreadable) = match Measure::from_fields(&view.values) {
            Ok(measure) => (measure, false),
            Err(_) => (readable_part(view), true),
        };
        let overdue = measure.is_overdue(today);
        let pending = !view.pending.is_empty();
        let conflicted = !view.conflicted.is_empty();
        let mut hasher = DefaultHasher::new();
        (
            &measure.title,
            measure.priority,
            &measure.department,
            measure.status,
            measure.percent,
            measure.deadline,
            measure.end_fy,
            (overdue, pending, conflicted, unreadable),
        )
            .hash(&mut hasher);
        MeasureRow {
            id: view.key.id.clone(),
            measure,
            pending,
            conflicted,
            overdue,
            unreadable,
            fingerprint: hasher.finish(),
        }
    }

    /// Title, department and notes as the search sees them (only computed while searching,
    /// since the rows are rebuilt on every change and folding is not free).
    fn search_text(&self) -> String {
        let m = &self.measure;
        normalize_query(&format!("{} {} {}", m.title, m.department, m.notes))
    }

    /// The deadline, else the end of the last fiscal year.
    pub fn due(&self) -> Option<NaiveDate> {
        self.measure
            .deadline
            .or_else(|| self.measure.end_fy.map(|year| year.end_date()))
    }
}

/// What a damaged record still says: its plan, title and policy.
fn readable_part(view: &RecordView) -> Measure {
    let text = |name: &str| {
        view.values
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    Measure {
        policy_id: text("policy_id"),
        area: text("area"),
        ..Measure::new(
            text("plan_id").unwrap_or_default(),
            text("title").unwrap_or_else(|| view.key.id.clone()),
        )
    }
}

/// The search text as rows store theirs: compatibility-folded (full-width, half-width kana) and
/// lower-case.
pub fn normalize_query(input: &str) -> String {
    text::normalize(input).to_lowercase()
}

/// Which rows to show. Empty `statuses` means every status.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub statuses: Vec<Status>,
    pub priority_only: bool,
    pub overdue_only: bool,
    pub department: Option<String>,
    /// Already normalised with [`normalize_query`].
    pub query: String,
}

impl Filters {
    pub fn matches(&self, row: &MeasureRow) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&row.measure.status))
            && (!self.priority_only || row.measure.priority)
            && (!self.overdue_only || row.overdue)
            && self
                .department
                .as_ref()
                .is_none_or(|department| &row.measure.department == department)
            && (self.query.is_empty() || {
                let text = row.search_text();
                self.query.split(' ').all(|word| text.contains(word))
            })
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// Basic policy order, then title.
    #[default]
    PlanOrder,
    Status,
    /// Least progress first.
    Percent,
    /// Earliest deadline (or end of the last fiscal year) first; none last.
    Deadline,
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [
        SortKey::PlanOrder,
        SortKey::Status,
        SortKey::Percent,
        SortKey::Deadline,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SortKey::PlanOrder => "plan",
            SortKey::Status => "status",
            SortKey::Percent => "percent",
            SortKey::Deadline => "deadline",
        }
    }

    pub fn from_code(code: &str) -> SortKey {
        SortKey::ALL
            .into_iter()
            .find(|key| key.code() == code)
            .unwrap_or_default()
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GroupBy {
    /// 基本施策 of the plan.
    #[default]
    Policy,
    /// Taxonomy area (national frame and the prefecture's pillars).
    Area,
}

/// One group of the list, with the rows that pass the filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// `policy:p1`, `area:online`, or `none`.
    pub key: String,
    /// `None` for measures under no (known) policy or area.
    pub name_ja: Option<String>,
    pub name_en: Option<String>,
    pub rows: Vec<Arc<MeasureRow>>,
    /// Measures in the group before filtering.
    pub total: usize,
}

impl Group {
    fn new(key: String, name_ja: Option<String>, name_en: Option<String>) -> Group {
        Group {
            key,
            name_ja,
            name_en,
            rows: Vec::new(),
            total: 0,
        }
    }
}

/// What the list is built from besides the rows.
pub struct ListContext<'a> {
    pub policies: &'a [BasicPolicy],
    pub areas: &'a [TaxonomyArea],
}

/// The groups to show, in plan (or taxonomy) order, each sorted; groups left empty by the
/// filters are dropped.
pub fn build_groups(
    rows: &[Arc<MeasureRow>],
    context: &ListContext<'_>,
    filters: &Filters,
    sort: SortKey,
    group_by: GroupBy,
) -> Vec<Group> {
    let policy_order: HashMap<&str, usize> = context
        .policies
        .iter()
        .enumerate()
        .map(|(index, policy)| (policy.id.as_str(), index))
        .collect();
    let mut groups: Vec<Group> = match group_by {
        GroupBy::Policy => context
            .policies
            .iter()
            .map(|p| Group::new(format!("policy:{}", p.id), Some(p.title.clone()), None))
            .collect(),
        GroupBy::Area => context
            .areas
            .iter()
            .map(|a| {
                let en = (!a.name_en.is_empty()).then(|| a.name_en.clone());
                Group::new(format!("area:{}", a.id), Some(a.name_ja.clone()), en)
            })
            .collect(),
    };
    groups.push(Group::new("none".to_owned(), None, None));
    let unassigned = groups.len() - 1;
    let index: HashMap<String, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, group)| (group.key.clone(), i))
        .collect();

    for row in rows {
        let key = match group_by {
            GroupBy::Policy => row
                .measure
                .policy_id
                .as_ref()
                .map(|id| format!("policy:{id}")),
            GroupBy::Area => row.measure.area.as_ref().map(|id| format!("area:{id}")),
        };
        let slot = key
            .and_then(|key| index.get(&key).copied())
            .unwrap_or(unassigned);
        let group = &mut groups[slot];
        group.total += 1;
        if filters.matches(row) {
            group.rows.push(Arc::clone(row));
        }
    }
    for group in &mut groups {
        group
            .rows
            .sort_by(|a, b| compare(a, b, sort, &policy_order));
    }
    groups.retain(|group| !group.rows.is_empty());
    groups
}

fn plan_order(a: &MeasureRow, b: &MeasureRow, policy_order: &HashMap<&str, usize>) -> Ordering {
    let position = |row: &MeasureRow| {
        row.measure
            .policy_id
            .as_deref()
            .and_then(|id| policy_order.get(id).copied())
            .unwrap_or(usize::MAX)
    };
    position(a)
        .cmp(&position(b))
        .then_with(|| a.measure.title.cmp(&b.measure.title))
        .then_with(|| a.id.cmp(&b.id))
}

fn compare(
    a: &MeasureRow,
    b: &MeasureRow,
    sort: SortKey,
    policy_order: &HashMap<&str, usize>,
) -> Ordering {
    let first = match sort {
        SortKey::PlanOrder => Ordering::Equal,
        SortKey::Status => a.measure.status.cmp(&b.measure.status),
        SortKey::Percent => a.measure.percent.cmp(&b.measure.percent),
        SortKey::Deadline => match (a.due(), b.due()) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
    };
    first.then_with(|| plan_order(a, b, policy_order))
}

/// The departments named by the rows, sorted, each once.
pub fn departments(rows: &[Arc<MeasureRow>]) -> Vec<String> {
    let mut names: Vec<String> = rows
        .iter()
        .map(|row| row.measure.department.clone())
        .filter(|name| !name.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// How many measures reference each policy id.
pub fn policy_counts(rows: &[Arc<MeasureRow>]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for row in rows {
        if let Some(id) = &row.measure.policy_id {
            *counts.entry(id.clone()).or_insert(0) += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use tsunagu_core::domain::RecordKind;
    use tsunagu_core::merge::RecordKey;
    use tsunagu_core::org::OrgCode;
    use wasm_bindgen_test::wasm_bindgen_test;

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

    #[wasm_bindgen_test]
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

    #[wasm_bindgen_test]
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

    #[wasm_bindgen_test]
    fn sorts_by_deadline_with_none_last_and_by_area() {
        let areas = tsunagu_core::domain::taxonomy::national_default();
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

    #[wasm_bindgen_test]
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

    #[wasm_bindgen_test]
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

    #[wasm_bindgen_test]
    fn sort_codes_round_trip() {
        for key in SortKey::ALL {
            assert_eq!(SortKey::from_code(key.code()), key);
        }
        assert_eq!(departments(&sample()), ["市民課", "総務課"]);
        assert_eq!(policy_counts(&sample()).get("p1"), Some(&1));
    }
}
