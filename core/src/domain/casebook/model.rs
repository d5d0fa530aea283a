//! One case in MIC's casebook shape, and its field view.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::domain::fields::{optional, FieldReader, Fields};
use crate::domain::{schema, RecordKind};
use crate::org::PopulationClass;
use crate::validation::{into_result, ValidationError};

/// Where a case is in its life (see the module documentation for who writes which).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// 下書き: being written.
    #[default]
    Draft,
    /// 提案中: a town's case submitted to the prefecture.
    Proposed,
    /// 差し戻し: the prefecture's review asked for changes (its comment says which).
    Returned,
    /// 公開: in the prefecture's casebook.
    Published,
}

impl CaseState {
    pub const ALL: [CaseState; 4] = [
        CaseState::Draft,
        CaseState::Proposed,
        CaseState::Returned,
        CaseState::Published,
    ];

    pub fn as_str(self) -> &'static str {
        super::STATES[self as usize]
    }

    pub fn parse(text: &str) -> Option<CaseState> {
        CaseState::ALL
            .into_iter()
            .find(|state| state.as_str() == text)
    }

    pub fn label_ja(self) -> &'static str {
        ["下書き", "提案中", "差し戻し", "公開"][self as usize]
    }

    pub fn label_en(self) -> &'static str {
        ["Draft", "Proposed", "Returned", "Published"][self as usize]
    }
}

/// One vendor line: who provides which service, and how it is run (運用形態).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Vendor {
    pub vendor: String,
    pub service: String,
    pub operation: String,
}

/// A case (事例). Costs are whole yen; texts are as written (line breaks kept).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Case {
    pub title: String,
    pub state: CaseState,
    /// 体制整備, 書かない窓口, … (MIC's chapter and section).
    pub category: String,
    /// The organisation the case is about, in words (福島県西会津町).
    pub organisation: String,
    pub population_class: Option<PopulationClass>,
    /// Taxonomy area id.
    pub area: Option<String>,
    /// Point ▶: the case in one or two sentences.
    pub point: String,
    /// 事業の概要.
    pub overview: String,
    /// 事業効果.
    pub effects: String,
    /// 初期費用, yen.
    pub cost_initial: Option<i64>,
    /// 運用費用 per year, yen.
    pub cost_running: Option<i64>,
    /// 費用の内訳.
    pub cost_breakdown: String,
    /// 費用の補足 (grants used, who paid).
    pub cost_notes: String,
    /// 検討から導入までの期間 (約1年).
    pub lead_time: String,
    /// スケジュール: the steps, one a line.
    pub schedule_steps: String,
    pub vendors: Vec<Vendor>,
    /// その他の関係者.
    pub participants: String,
    pub contact_department: String,
    pub contact_phone: String,
    pub contact_mail: String,
    /// 担当者インタビュー.
    pub interview: String,
    /// The town's measure a proposal came from.
    pub source_measure: Option<String>,
    /// How many times the town has submitted it (0: never).
    pub round: u32,
    /// On the prefecture's review: the town's case it reviews.
    pub source_case: Option<String>,
    /// On the prefecture's review: the round it answered.
    pub reviewed_round: u32,
    /// On the prefecture's review: why it was sent back, or a note on publishing.
    pub review_comment: String,
}

impl Case {
    pub fn new(title: impl Into<String>) -> Case {
        Case {
            title: title.into(),
            ..Case::default()
        }
    }

    /// Every field rule of the schema.
    pub fn validate(&self) -> Result<(), Vec<ValidationError>> {
        into_result(schema::validate_record(RecordKind::Case, &self.to_fields()))
    }

    pub fn to_fields(&self) -> Fields {
        let text = |value: &str| Value::from(value);
        let vendors: Vec<Value> = self
            .vendors
            .iter()
            .map(|v| json!({"vendor": v.vendor, "service": v.service, "operation": v.operation}))
            .collect();
        Fields::from([
            ("title".to_owned(), text(&self.title)),
            ("state".to_owned(), text(self.state.as_str())),
            ("category".to_owned(), text(&self.category)),
            ("organisation".to_owned(), text(&self.organisation)),
            (
                "population_class".to_owned(),
                optional(self.population_class.map(population_class_id)),
            ),
            ("area".to_owned(), optional(self.area.clone())),
            ("point".to_owned(), text(&self.point)),
            ("overview".to_owned(), text(&self.overview)),
            ("effects".to_owned(), text(&self.effects)),
            ("cost_initial".to_owned(), optional(self.cost_initial)),
            ("cost_running".to_owned(), optional(self.cost_running)),
            ("cost_breakdown".to_owned(), text(&self.cost_breakdown)),
            ("cost_notes".to_owned(), text(&self.cost_notes)),
            ("lead_time".to_owned(), text(&self.lead_time)),
            ("schedule_steps".to_owned(), text(&self.schedule_steps)),
            ("vendors".to_owned(), Value::Array(vendors)),
            ("participants".to_owned(), text(&self.participants)),
            (
                "contact_department".to_owned(),
                text(&self.contact_department),
            ),
            ("contact_phone".to_owned(), text(&self.contact_phone)),
            ("contact_mail".to_owned(), text(&self.contact_mail)),
            ("interview".to_owned(), text(&self.interview)),
            (
                "source_measure".to_owned(),
                optional(self.source_measure.clone()),
            ),
            ("round".to_owned(), Value::from(self.round)),
            ("source_case".to_owned(), optional(self.source_case.clone())),
            (
                "reviewed_round".to_owned(),
                Value::from(self.reviewed_round),
            ),
            ("review_comment".to_owned(), text(&self.review_comment)),
        ])
    }

    /// The fields a published copy takes from the town's case: every field of the case's
    /// content, none of its bookkeeping (state, rounds, review).
    pub fn content_fields(&self) -> Fields {
        let mut fields = self.to_fields();
        for bookkeeping in [
            "state",
            "round",
            "source_case",
            "reviewed_round",
            "review_comment",
        ] {
            fields.remove(bookkeeping);
        }
        fields
    }

    /// Checks each field; absent fields take their defaults (state 下書き).
    pub fn from_fields(fields: &Fields) -> Result<Case, ValidationError> {
        let reader = FieldReader::checked(RecordKind::Case, fields)?;
        let count = |name: &str| {
            reader
                .integer(name)
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(0)
        };
        let vendors = reader
            .value("vendors")
            .and_then(|value| serde_json::from_value(value.clone()).ok())
            .unwrap_or_default();
        Ok(Case {
            title: reader.string("title"),
            state: reader
                .opt_string("state")
                .and_then(|state| CaseState::parse(&state))
                .unwrap_or_default(),
            category: reader.string("category"),
            organisation: reader.string("organisation"),
            population_class: reader
                .opt_string("population_class")
                .and_then(|id| population_class_of(&id)),
            area: reader.opt_string("area"),
            point: reader.string("point"),
            overview: reader.string("overview"),
            effects: reader.string("effects"),
            cost_initial: reader.integer("cost_initial"),
            cost_running: reader.integer("cost_running"),
            cost_breakdown: reader.string("cost_breakdown"),
            cost_notes: reader.string("cost_notes"),
            lead_time: reader.string("lead_time"),
            schedule_steps: reader.string("schedule_steps"),
            vendors,
            participants: reader.string("participants"),
            contact_department: reader.string("contact_department"),
            contact_phone: reader.string("contact_phone"),
            contact_mail: reader.string("contact_mail"),
            interview: reader.string("interview"),
            source_measure: reader.opt_string("source_measure"),
            round: count("round"),
            source_case: reader.opt_string("source_case"),
            reviewed_round: count("reviewed_round"),
            review_comment: reader.string("review_comment"),
        })
    }
}

/// The stored id of a population class (`"under_10k"`).
pub fn population_class_id(class: PopulationClass) -> &'static str {
    super::POPULATION_CLASSES[PopulationClass::ALL
        .iter()
        .position(|c| *c == class)
        .unwrap_or_default()]
}

/// The population class a stored id names.
pub fn population_class_of(id: &str) -> Option<PopulationClass> {
    super::POPULATION_CLASSES
        .iter()
        .position(|known| *known == id)
        .map(|at| PopulationClass::ALL[at])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Case {
        Case {
            category: "体制整備".into(),
            organisation: "埼玉県上里町".into(),
            population_class: Some(PopulationClass::From10kTo50k),
            point: "各課にDX推進リーダー".into(),
            overview: "一行目\n二行目".into(),
            cost_initial: Some(1_200_000),
            vendors: vec![Vendor {
                vendor: "A社".into(),
                service: "RPA".into(),
                operation: "クラウド".into(),
            }],
            round: 2,
            ..Case::new("ICTリーダーの設置")
        }
    }

    #[test]
    fn fields_round_trip_and_validate() {
        let case = sample();
        assert_eq!(case.validate(), Ok(()));
        assert_eq!(Case::from_fields(&case.to_fields()), Ok(case));
    }

    #[test]
    fn bad_values_are_named() {
        let mut fields = sample().to_fields();
        fields.insert("cost_initial".into(), json!(-1));
        assert_eq!(
            Case::from_fields(&fields).unwrap_err().field,
            "cost_initial"
        );
        let mut fields = sample().to_fields();
        fields.insert("population_class".into(), json!("small"));
        assert_eq!(
            Case::from_fields(&fields).unwrap_err().field,
            "population_class"
        );
        let mut fields = sample().to_fields();
        fields.insert("state".into(), json!("approved"));
        assert_eq!(Case::from_fields(&fields).unwrap_err().field, "state");
        let mut fields = sample().to_fields();
        fields.insert("vendors".into(), json!([{"vendor": "A", "price": 1}]));
        assert_eq!(
            Case::from_fields(&fields).unwrap_err().field,
            "vendors[0].price"
        );
        assert!(
            Case::from_fields(&Fields::new()).is_err(),
            "title is required"
        );
    }

    #[test]
    fn population_class_ids_are_the_serde_ids() {
        for class in PopulationClass::ALL {
            let serde_id = serde_json::to_value(class).unwrap();
            assert_eq!(serde_id, json!(population_class_id(class)));
            assert_eq!(population_class_of(population_class_id(class)), Some(class));
        }
    }

    #[test]
    fn content_fields_leave_the_bookkeeping_out() {
        let fields = sample().content_fields();
        assert!(fields.contains_key("overview"));
        assert!(!fields.contains_key("state") && !fields.contains_key("round"));
    }
}
