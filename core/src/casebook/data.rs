//! What the casebook screens read, made once for each revision of the device's records the
//! app sends (the tools module keeps it): the trusted cases, the casebook's entries with their
//! search keys, the adoptions per case, the directory and the areas.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::adoption::{reach_by_case, Reach};
use super::catalogue::Entry;
use crate::client::RecordView;
use crate::domain::casebook::national::national_cases;
use crate::domain::{RecordKind, TaxonomyArea};
use crate::import::screen::ContextRecord;
use crate::merge::RecordKey;
use crate::org::{OrgCode, Organisation};
use crate::trust::{self, CaseRecord};

/// The records the app sends: cases, measures, organisations, areas, and its own plans and
/// KPIs (to adopt into a plan, to propose a measure with its KPIs).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CasebookData {
    /// The revision of the device's records these are.
    pub generation: u64,
    pub records: Vec<ContextRecord>,
}

/// [`CasebookData`] read through `core::trust`, with the casebook's entries.
#[derive(Debug, Clone, Default)]
pub struct Casebook {
    pub generation: u64,
    pub views: Vec<RecordView>,
    pub cases: Vec<CaseRecord>,
    /// The prefecture's published cases, then the national ones.
    pub entries: Vec<Entry>,
    pub reach: BTreeMap<String, Reach>,
    pub organisations: Vec<Organisation>,
    pub areas: Vec<TaxonomyArea>,
}

impl Casebook {
    pub fn build(data: CasebookData) -> Casebook {
        let views: Vec<RecordView> = data
            .records
            .into_iter()
            .filter_map(|record| {
                Some(RecordView {
                    key: RecordKey::new(record.kind, record.id),
                    org: OrgCode::parse(&record.org).ok()?,
                    values: record.values,
                    pending: BTreeSet::new(),
                    saving: BTreeSet::new(),
                    conflicted: BTreeSet::new(),
                })
            })
            .collect();
        let cases = trust::trusted_cases(&views);
        let mut entries: Vec<Entry> = trust::published_cases(&cases)
            .into_iter()
            .map(Entry::published)
            .collect();
        entries.extend(
            national_cases()
                .unwrap_or_default()
                .into_iter()
                .map(Entry::national),
        );
        let measures: Vec<RecordView> = views
            .iter()
            .filter(|view| view.key.kind == RecordKind::Measure)
            .cloned()
            .collect();
        let reach = reach_by_case(&measures);
        let organisations = trust::organisation_directory(&views);
        let areas = trust::taxonomy_areas(&views);
        Casebook {
            generation: data.generation,
            views,
            cases,
            entries,
            reach,
            organisations,
            areas,
        }
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|entry| entry.id == id)
    }

    pub fn case(&self, id: &str) -> Option<&CaseRecord> {
        self.cases.iter().find(|record| record.id == id)
    }

    pub fn organisation(&self, code: &OrgCode) -> Option<&Organisation> {
        self.organisations.iter().find(|org| &org.code == code)
    }

    /// An organisation's name, or its code when the directory does not have it.
    pub fn org_name(&self, code: &OrgCode) -> String {
        self.organisation(code)
            .map_or_else(|| code.to_string(), |org| org.name.clone())
    }

    pub fn area_name(&self, id: &str, lang: crate::lang::Lang) -> String {
        self.areas.iter().find(|area| area.id == id).map_or_else(
            || id.to_owned(),
            |area| match lang {
                crate::lang::Lang::En if !area.name_en.is_empty() => area.name_en.clone(),
                _ => area.name_ja.clone(),
            },
        )
    }

    /// `area` and every area below it.
    pub fn area_and_below(&self, area: &str) -> Vec<String> {
        let mut found = vec![area.to_owned()];
        let mut at = 0;
        while at < found.len() {
            let parent = found[at].clone();
            found.extend(
                self.areas
                    .iter()
                    .filter(|a| a.parent.as_deref() == Some(parent.as_str()))
                    .map(|a| a.id.clone()),
            );
            at += 1;
        }
        found
    }

    /// The views of `kind` owned by `owner`.
    pub fn owned<'a>(
        &'a self,
        kind: RecordKind,
        owner: &'a OrgCode,
    ) -> impl Iterator<Item = &'a RecordView> + 'a {
        self.views
            .iter()
            .filter(move |view| view.key.kind == kind && &view.org == owner)
    }
}
