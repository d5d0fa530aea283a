//! What the selects offer: the basic policies of the measure's plan (a plan of the measure's
//! own organisation), the trusted taxonomy areas (`crate::ui::taxonomy`), and the plan's
//! period.

use std::collections::HashMap;
use tsunagu_core::sorting;

use leptos::prelude::*;
use serde_json::Value;
use tsunagu_core::client::RecordView;
use tsunagu_core::domain::taxonomy::{AreaSource, TaxonomyArea};
use tsunagu_core::domain::{BasicPolicy, Plan, RecordKind};
use tsunagu_core::merge::RecordKey;
use tsunagu_core::trust::is_measure_of;

use super::context::Editor;
use crate::i18n::Lang;
use crate::ui::taxonomy::taxonomy_areas;

/// One taxonomy area as a select shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AreaChoice {
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    /// 【重点】: one of the six national priority areas.
    pub priority: bool,
}

impl AreaChoice {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.name_en.is_empty() => &self.name_en,
            _ => &self.name_ja,
        }
    }
}

/// Reactive option lists, shared through context.
#[derive(Clone, Copy)]
pub struct Choices {
    pub policies: Memo<Vec<BasicPolicy>>,
    pub areas: Memo<Vec<AreaChoice>>,
    /// The plan's first and last fiscal year.
    pub plan_period: Memo<Option<(i32, i32)>>,
}

impl Choices {
    /// Derives the lists from the measure's plan and the synced areas; provides them.
    pub fn provide(editor: Editor, measure: Memo<Option<RecordView>>) -> Choices {
        let plan = Memo::new(move |_| {
            let plan_id = measure.with(|view| {
                view.as_ref()
                    .and_then(|v| v.values.get("plan_id"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })?;
            let plan = editor
                .workspace
                .view(&RecordKey::new(RecordKind::Plan, plan_id))?;
            measure
                .with(|view| {
                    view.as_ref()
                        .is_some_and(|m| is_measure_of(m, &plan.key.id, &plan.org))
                })
                .then_some(plan)
        });
        let policies = Memo::new(move |_| {
            plan.with(|plan| {
                // Either shape: the legacy array or one field per policy.
                plan.as_ref()
                    .and_then(|p| Plan::policies_from_fields(&p.values).ok())
                    .unwrap_or_default()
            })
        });
        let plan_period = Memo::new(move |_| {
            plan.with(|plan| {
                let plan = plan.as_ref()?;
                let year = |name: &str| plan.values.get(name)?.as_i64()?.try_into().ok();
                Some((year("start_fy")?, year("end_fy")?))
            })
        });
        let areas = Memo::new(move |_| area_choices(&taxonomy_areas(editor.workspace)));
        let choices = Choices {
            policies,
            areas,
            plan_period,
        };
        provide_context(choices);
        choices
    }

    pub fn expect() -> Choices {
        expect_context::<Choices>()
    }

    /// The title of policy `id`, if the plan has it.
    pub fn policy_title(self, id: &str) -> Option<String> {
        self.policies.with(|policies| {
            policies
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.title.clone())
        })
    }

    /// The name of area `id` in `lang`, if known.
    pub fn area_name(self, id: &str, lang: Lang) -> Option<String> {
        self.areas.with(|areas| {
            areas
                .iter()
                .find(|a| a.id == id)
                .map(|a| a.name(lang).to_owned())
        })
    }
}

/// `areas` with priority areas first, then national before prefecture, then by `order`. A
/// sub-area is named with its parent (推進体制の構築 / 組織体制の整備).
fn area_choices(areas: &[TaxonomyArea]) -> Vec<AreaChoice> {
    let by_id: HashMap<&str, &TaxonomyArea> =
        areas.iter().map(|area| (area.id.as_str(), area)).collect();
    let mut areas: Vec<&TaxonomyArea> = areas.iter().collect();
    let key = |a: &TaxonomyArea| (!a.priority_area, a.source != AreaSource::National, a.order);
    sorting::sort_by(&mut areas, |a, b| {
        key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
    });
    let with_parent = |name: &str, parent: Option<&TaxonomyArea>, english: bool| match parent {
        Some(parent) => {
            let parent_name = if english && !parent.name_en.is_empty() {
                &parent.name_en
            } else {
                &parent.name_ja
            };
            format!("{parent_name} / {name}")
        }
        None => name.to_owned(),
    };
    areas
        .iter()
        .map(|area| {
            let parent = area.parent.as_deref().and_then(|id| by_id.get(id).copied());
            AreaChoice {
                id: area.id.clone(),
                name_ja: with_parent(&area.name_ja, parent, false),
                name_en: if area.name_en.is_empty() {
                    String::new()
                } else {
                    with_parent(&area.name_en, parent, true)
                },
                priority: area.priority_area,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_national_default_applies_without_synced_areas() {
        let areas = area_choices(&tsunagu_core::domain::taxonomy::national_default());
        let first: Vec<&str> = areas.iter().take(6).map(|a| a.id.as_str()).collect();
        assert_eq!(
            first,
            ["std", "mynumber", "online", "ai_rpa", "telework", "security"]
        );
        assert!(areas.iter().take(6).all(|a| a.priority));
        let people = areas.iter().find(|a| a.id == "organisation_people");
        assert_eq!(
            people.map(|a| a.name_ja.as_str()),
            Some("推進体制の構築 / デジタル人材の確保・育成")
        );
    }
}
