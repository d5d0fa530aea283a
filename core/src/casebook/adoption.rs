//! Adopting a case (うちでも取り組む): a town copies a case into its own plan as a new measure
//! whose `source_case` names the case. The prefecture reads every town's measures, so it sees
//! per case which towns adopted it and how far each has got.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::client::RecordView;
use crate::domain::casebook::Case;
use crate::domain::{Measure, RecordKind, Status};
use crate::org::OrgCode;

/// One town's measure adopted from a case.
#[derive(Debug, Clone, PartialEq)]
pub struct Adopter {
    pub town: OrgCode,
    pub measure_id: String,
    pub title: String,
    pub status: Status,
    pub percent: u8,
}

/// The towns that adopted one case.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reach {
    pub adopters: Vec<Adopter>,
}

impl Reach {
    /// How many towns adopted it (a town adopting twice counts once).
    pub fn towns(&self) -> usize {
        let mut towns: Vec<&OrgCode> = self.adopters.iter().map(|a| &a.town).collect();
        towns.sort();
        towns.dedup();
        towns.len()
    }

    /// The adopted measures' mean completion, 0 to 100 (`None`: nobody adopted it). A measure
    /// marked 完了 counts as 100 whatever its percentage says.
    pub fn mean_percent(&self) -> Option<f64> {
        if self.adopters.is_empty() {
            return None;
        }
        let total: f64 = self
            .adopters
            .iter()
            .map(|a| {
                if a.status == Status::Done {
                    100.0
                } else {
                    f64::from(a.percent)
                }
            })
            .sum();
        Some(total / self.adopters.len() as f64)
    }

    /// How many adopted measures are 完了.
    pub fn done(&self) -> usize {
        self.adopters
            .iter()
            .filter(|a| a.status == Status::Done)
            .count()
    }
}

/// Per case id, the towns' measures that adopted it, from the measures a device holds. Only
/// a municipality's own measure counts as its adoption (the owner, never a field, says whose).
pub fn reach_by_case(measures: &[RecordView]) -> BTreeMap<String, Reach> {
    let mut reach: BTreeMap<String, Reach> = BTreeMap::new();
    for view in measures {
        if view.key.kind != RecordKind::Measure || view.org.is_prefecture() {
            continue;
        }
        let Some(case_id) = view.values.get("source_case").and_then(Value::as_str) else {
            continue;
        };
        let Ok(measure) = Measure::from_fields(&view.values) else {
            continue;
        };
        reach
            .entry(case_id.to_owned())
            .or_default()
            .adopters
            .push(Adopter {
                town: view.org.clone(),
                measure_id: view.key.id.clone(),
                title: measure.title,
                status: measure.status,
                percent: measure.percent,
            });
    }
    for one in reach.values_mut() {
        crate::sorting::sort_by(&mut one.adopters, |a, b| {
            (&a.town, &a.measure_id).cmp(&(&b.town, &b.measure_id))
        });
    }
    reach
}

/// The fields of the measure a town makes when it adopts `case` (id `case_id`) into plan
/// `plan_id`: the title, the area, the point and overview as notes with where they came from.
pub fn adopted_measure_fields(
    case_id: &str,
    case: &Case,
    plan_id: &str,
    source_words: &str,
) -> Vec<(&'static str, Value)> {
    let mut notes = String::new();
    for part in [&case.point, &case.overview] {
        if !part.trim().is_empty() {
            notes.push_str(part.trim());
            notes.push_str("\n\n");
        }
    }
    notes.push_str(source_words);
    let notes: String = notes.chars().take(4000).collect();
    let title: String = case.title.chars().take(200).collect();
    let mut fields = vec![
        ("plan_id", json!(plan_id)),
        ("title", json!(title)),
        ("status", json!(Status::NotStarted.label_ja())),
        ("percent", json!(0)),
        ("notes", json!(notes)),
        ("source_case", json!(case_id)),
    ];
    if let Some(area) = &case.area {
        fields.push(("area", json!(area)));
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::test_records::{code, record, IWATE, MORIOKA, TONO};

    fn measure(
        id: &str,
        owner: &str,
        case: Option<&str>,
        status: Status,
        percent: u8,
    ) -> RecordView {
        let mut m = Measure::new("plan", "窓口");
        m.status = status;
        m.percent = percent;
        let mut fields = m.to_fields();
        if let Some(case) = case {
            fields.insert("source_case".into(), json!(case));
        }
        record(RecordKind::Measure, id, owner, fields)
    }

    #[test]
    fn adopters_and_progress_per_case() {
        let views = [
            measure("032085-m-1", TONO, Some("c1"), Status::InProgress, 40),
            measure("032018-m-1", MORIOKA, Some("c1"), Status::Done, 60),
            measure("032018-m-2", MORIOKA, Some("c2"), Status::NotStarted, 0),
            measure("032018-m-3", MORIOKA, None, Status::Done, 100),
            // The prefecture's own measure is no town's adoption.
            measure("030007-m-1", IWATE, Some("c1"), Status::Done, 100),
        ];
        let reach = reach_by_case(&views);
        assert_eq!(reach.len(), 2);
        let c1 = &reach["c1"];
        assert_eq!(c1.towns(), 2);
        assert_eq!(c1.done(), 1);
        assert_eq!(c1.mean_percent(), Some(70.0));
        assert_eq!(c1.adopters[0].town, code(MORIOKA));
        assert_eq!(reach["c2"].mean_percent(), Some(0.0));
        assert_eq!(Reach::default().mean_percent(), None);
    }

    #[test]
    fn an_adopted_measure_is_a_valid_measure_naming_its_case() {
        let case = Case {
            point: "ポイント".into(),
            overview: "概要".into(),
            area: Some("online".into()),
            ..Case::new("書かない窓口")
        };
        let fields: crate::domain::Fields =
            adopted_measure_fields("national-01", &case, "032085-plan-1", "出典: 総務省")
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect();
        let measure = Measure::from_fields(&fields).expect("a valid measure");
        assert_eq!(measure.title, "書かない窓口");
        assert!(measure.notes.starts_with("ポイント\n\n概要\n\n出典"));
        assert_eq!(fields["source_case"], json!("national-01"));
    }
}
