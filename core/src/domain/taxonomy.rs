//! The areas measures are classified under, as data: the national frame of the 自治体DX推進計画
//! (`core/data/taxonomy-national.json`), which each prefecture extends with its own pillars
//! (`core/data/taxonomy-iwate.json` for Iwate). Adding a prefecture's pillars needs no code.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::fields::{optional, FieldReader, Fields};
use super::schema::{self, validate_record_id};
use super::RecordKind;
use crate::validation::{into_result, ValidationError};

const NATIONAL_JSON: &str = include_str!("../../data/taxonomy-national.json");
const IWATE_JSON: &str = include_str!("../../data/taxonomy-iwate.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaSource {
    /// From MIC's national plan; the same for everyone.
    National,
    /// Added by a prefecture for its municipalities.
    Prefecture,
}

impl AreaSource {
    pub fn as_str(self) -> &'static str {
        match self {
            AreaSource::National => "national",
            AreaSource::Prefecture => "prefecture",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxonomyArea {
    /// Stable id that measures refer to (`"online"`); never renamed.
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    /// The area this one refines (`"organisation_people"` under `"organisation"`).
    pub parent: Option<String>,
    /// Sort key within its source.
    pub order: i32,
    /// One of the six national priority areas (重点取組事項), flagged 【重点】 in plans.
    pub priority_area: bool,
    pub source: AreaSource,
}

/// Why a set of areas cannot be combined.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaxonomyError {
    #[error("area {id:?} is defined twice")]
    DuplicateId { id: String },
    #[error("prefecture area {id:?} uses the id of a national area")]
    CollidesWithNational { id: String },
    #[error("area {id:?} is listed as {found} but should be {expected}")]
    WrongSource {
        id: String,
        found: &'static str,
        expected: &'static str,
    },
    #[error("area {id:?} has parent {parent:?}, which does not exist")]
    UnknownParent { id: String, parent: String },
    #[error("area {id:?} is its own ancestor")]
    ParentCycle { id: String },
    #[error("area {id:?}: {error}")]
    InvalidArea { id: String, error: ValidationError },
}

/// The national frame: the six priority areas (ids `std`, `mynumber`, `online`, `ai_rpa`,
/// `telework`, `security`), 推進体制の構築 (`organisation`, with four sub-areas),
/// 地域社会のデジタル化 (`society`) and デジタルデバイド対策 (`divide`).
pub fn national_default() -> Vec<TaxonomyArea> {
    serde_json::from_str(NATIONAL_JSON).expect("core/data/taxonomy-national.json is valid (tested)")
}

/// Iwate's four DX pillars (いわてDX): `iwate_admin`, `iwate_industry`, `iwate_society`,
/// `iwate_foundation`.
pub fn iwate_pillars() -> Vec<TaxonomyArea> {
    serde_json::from_str(IWATE_JSON).expect("core/data/taxonomy-iwate.json is valid (tested)")
}

/// The national areas followed by the prefecture's, each group sorted by `order` then id.
/// A prefecture may add areas, including sub-areas of national ones, but may not reuse a
/// national id; parents must exist and must not form a cycle.
pub fn merge(
    national: &[TaxonomyArea],
    prefecture_areas: &[TaxonomyArea],
) -> Result<Vec<TaxonomyArea>, TaxonomyError> {
    check_group(national, AreaSource::National)?;
    check_group(prefecture_areas, AreaSource::Prefecture)?;
    if let Some(area) = prefecture_areas
        .iter()
        .find(|area| national.iter().any(|n| n.id == area.id))
    {
        return Err(TaxonomyError::CollidesWithNational {
            id: area.id.clone(),
        });
    }
    let mut merged = sorted(national);
    merged.extend(sorted(prefecture_areas));
    check_parents(&merged)?;
    Ok(merged)
}

fn sorted(areas: &[TaxonomyArea]) -> Vec<TaxonomyArea> {
    let mut areas = areas.to_vec();
    crate::sorting::sort_by(&mut areas, |a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    areas
}

/// Valid areas, all from `source`, no id twice.
fn check_group(areas: &[TaxonomyArea], source: AreaSource) -> Result<(), TaxonomyError> {
    let mut seen = HashMap::new();
    for area in areas {
        if let Err(errors) = area.validate() {
            let error = errors
                .into_iter()
                .next()
                .unwrap_or_else(|| ValidationError::new("", "is invalid"));
            return Err(TaxonomyError::InvalidArea {
                id: area.id.clone(),
                error,
            });
        }
        if area.source != source {
            return Err(TaxonomyError::WrongSource {
                id: area.id.clone(),
                found: area.source.as_str(),
                expected: source.as_str(),
            });
        }
        if seen.insert(area.id.as_str(), ()).is_some() {
            return Err(TaxonomyError::DuplicateId {
                id: area.id.clone(),
            });
        }
    }
    Ok(())
}

fn check_parents(areas: &[TaxonomyArea]) -> Result<(), TaxonomyError> {
    let parent_of: HashMap<&str, Option<&str>> = areas
        .iter()
        .map(|area| (area.id.as_str(), area.parent.as_deref()))
        .collect();
    for area in areas {
        let mut current = area.parent.as_deref();
        // A chain longer than the number of areas must revisit one.
        for _ in 0..=areas.len() {
            let Some(parent) = current else {
                break;
            };
            if parent == area.id {
                return Err(TaxonomyError::ParentCycle {
                    id: area.id.clone(),
                });
            }
            current = *parent_of
                .get(parent)
                .ok_or_else(|| TaxonomyError::UnknownParent {
                    id: area.id.clone(),
                    parent: parent.to_owned(),
                })?;
        }
        if current.is_some() {
            return Err(TaxonomyError::ParentCycle {
                id: area.id.clone(),
            });
        }
    }
    Ok(())
}

impl TaxonomyArea {
    /// Every field rule, a valid id, and no area as its own parent.
    pub fn validate(&self) -> Result<(), Vec<ValidationError>> {
        let mut errors = schema::validate_record(RecordKind::TaxonomyArea, &self.to_fields());
        if let Err(error) = validate_record_id("id", &self.id) {
            errors.insert(0, error);
        }
        if self.parent.as_deref() == Some(self.id.as_str()) {
            errors.push(ValidationError::new(
                "parent",
                "must not be the area itself",
            ));
        }
        into_result(errors)
    }

    /// The id is the record's key, not a field.
    pub fn to_fields(&self) -> Fields {
        BTreeMap::from([
            ("name_ja".to_owned(), Value::from(self.name_ja.as_str())),
            ("name_en".to_owned(), Value::from(self.name_en.as_str())),
            ("parent".to_owned(), optional(self.parent.clone())),
            ("order".to_owned(), Value::from(self.order)),
            ("priority_area".to_owned(), Value::from(self.priority_area)),
            ("source".to_owned(), Value::from(self.source.as_str())),
        ])
    }

    /// The area stored under record id `id`. A missing `source` means a prefecture's area:
    /// national areas come from the embedded data, not from records.
    pub fn from_fields(id: &str, fields: &Fields) -> Result<TaxonomyArea, ValidationError> {
        validate_record_id("id", id)?;
        let reader = FieldReader::checked(RecordKind::TaxonomyArea, fields)?;
        let source = match reader.opt_string("source").as_deref() {
            Some("national") => AreaSource::National,
            _ => AreaSource::Prefecture,
        };
        Ok(TaxonomyArea {
            id: id.to_owned(),
            name_ja: reader.string("name_ja"),
            name_en: reader.string("name_en"),
            parent: reader.opt_string("parent"),
            order: reader
                .integer("order")
                .and_then(|order| i32::try_from(order).ok())
                .unwrap_or(0),
            priority_area: reader.bool("priority_area"),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(id: &str, source: AreaSource) -> TaxonomyArea {
        TaxonomyArea {
            id: id.into(),
            name_ja: format!("{id}の取組"),
            name_en: String::new(),
            parent: None,
            order: 0,
            priority_area: false,
            source,
        }
    }

    #[test]
    fn national_default_has_the_six_priority_areas() {
        let national = national_default();
        let priority: Vec<&str> = national
            .iter()
            .filter(|a| a.priority_area)
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(
            priority,
            ["std", "mynumber", "online", "ai_rpa", "telework", "security"]
        );
        for id in ["organisation", "society", "divide"] {
            assert!(national.iter().any(|a| a.id == id), "{id}");
        }
        assert!(national.iter().all(|a| a.source == AreaSource::National));
        assert!(national.iter().all(|a| a.validate().is_ok()));
        assert_eq!(national[0].name_ja, "自治体の情報システムの標準化・共通化");
    }

    #[test]
    fn iwate_has_four_prefecture_pillars() {
        let iwate = iwate_pillars();
        let names: Vec<&str> = iwate.iter().map(|a| a.name_ja.as_str()).collect();
        assert_eq!(
            names,
            [
                "行政のDX",
                "産業のDX",
                "社会・暮らしのDX",
                "DXを支える基盤整備"
            ]
        );
        assert!(iwate.iter().all(|a| a.source == AreaSource::Prefecture));
    }

    #[test]
    fn merge_puts_national_areas_first_in_order() {
        let merged = merge(&national_default(), &iwate_pillars()).unwrap();
        assert_eq!(merged.len(), 13 + 4);
        assert_eq!(merged[0].id, "std");
        assert_eq!(merged[13].id, "iwate_admin");
        assert_eq!(merged[16].id, "iwate_foundation");
    }

    #[test]
    fn merge_sorts_each_group_by_order() {
        let mut late = area("b_late", AreaSource::Prefecture);
        late.order = 2;
        let mut early = area("a_early", AreaSource::Prefecture);
        early.order = 1;
        let merged = merge(&[], &[late, early]).unwrap();
        let ids: Vec<&str> = merged.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a_early", "b_late"]);
    }

    #[test]
    fn a_prefecture_may_refine_a_national_area() {
        let mut sub = area("iwate_pittari", AreaSource::Prefecture);
        sub.parent = Some("online".into());
        let merged = merge(&national_default(), &[sub]).unwrap();
        assert_eq!(merged.last().unwrap().parent.as_deref(), Some("online"));
    }

    #[test]
    fn merge_rejects_a_prefecture_area_with_a_national_id() {
        assert_eq!(
            merge(
                &national_default(),
                &[area("online", AreaSource::Prefecture)]
            ),
            Err(TaxonomyError::CollidesWithNational {
                id: "online".into()
            })
        );
    }

    #[test]
    fn merge_rejects_duplicates_wrong_sources_and_bad_parents() {
        let p = AreaSource::Prefecture;
        assert_eq!(
            merge(&[], &[area("x", p), area("x", p)]),
            Err(TaxonomyError::DuplicateId { id: "x".into() })
        );
        assert_eq!(
            merge(&[], &[area("x", AreaSource::National)]),
            Err(TaxonomyError::WrongSource {
                id: "x".into(),
                found: "national",
                expected: "prefecture"
            })
        );
        let mut orphan = area("x", p);
        orphan.parent = Some("nowhere".into());
        assert_eq!(
            merge(&[], &[orphan]),
            Err(TaxonomyError::UnknownParent {
                id: "x".into(),
                parent: "nowhere".into()
            })
        );
        let mut a = area("a", p);
        a.parent = Some("b".into());
        let mut b = area("b", p);
        b.parent = Some("a".into());
        assert_eq!(
            merge(&[], &[a, b]),
            Err(TaxonomyError::ParentCycle { id: "a".into() })
        );
    }

    #[test]
    fn merge_rejects_an_invalid_area() {
        let mut bad = area("x", AreaSource::Prefecture);
        bad.name_ja = String::new();
        assert_eq!(
            merge(&[], &[bad]),
            Err(TaxonomyError::InvalidArea {
                id: "x".into(),
                error: ValidationError::new("name_ja", "must not be blank")
            })
        );
    }

    #[test]
    fn validate_checks_id_and_self_parent() {
        let mut bad = area("a b", AreaSource::Prefecture);
        bad.parent = Some("a b".into());
        let fields: Vec<String> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["id", "parent", "parent"]);
    }

    #[test]
    fn fields_round_trip_and_pass_the_schema() {
        for area in national_default().into_iter().chain(iwate_pillars()) {
            let fields = area.to_fields();
            for (name, value) in &fields {
                schema::validate_field(RecordKind::TaxonomyArea, name, value).unwrap();
            }
            assert_eq!(TaxonomyArea::from_fields(&area.id, &fields), Ok(area));
        }
    }

    #[test]
    fn from_fields_defaults_to_a_prefecture_area() {
        let fields = BTreeMap::from([("name_ja".to_owned(), Value::from("観光のDX"))]);
        let area = TaxonomyArea::from_fields("iwate_tourism", &fields).unwrap();
        assert_eq!(area.source, AreaSource::Prefecture);
        assert_eq!(area.order, 0);
        assert_eq!(
            TaxonomyArea::from_fields("bad id", &fields)
                .unwrap_err()
                .field,
            "id"
        );
    }
}
