//! The field table of each record kind (documented in [`super`]).

use super::dynamic;
use super::rules::ValueRule::{self, *};
use crate::domain::status::Status;
use crate::domain::RecordKind;
use crate::validation::ValidationError;

/// Whether a field must be there, and whether `null` is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Must be present when a record is read (`from_fields`); `null` is rejected.
    Required,
    /// May be absent (the model's default applies); `null` is rejected.
    Defaulted,
    /// May be absent or `null`: the model holds an `Option`, and `null` clears it.
    Nullable,
}

use Presence::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub rule: ValueRule,
    pub presence: Presence,
}

const fn spec(rule: ValueRule, presence: Presence) -> FieldSpec {
    FieldSpec { rule, presence }
}

const ORG_KINDS: &[&str] = &["prefecture", "municipality"];
const AREA_SOURCES: &[&str] = &["national", "prefecture"];
const TITLE: ValueRule = SingleLine { min: 1, max: 200 };
const LONG_TEXT: ValueRule = MultiLine { max: 4000 };

const ORGANISATION: &[(&str, FieldSpec)] = &[
    ("code", spec(OrgCode, Required)),
    ("kind", spec(OneOf(ORG_KINDS), Defaulted)),
    ("name", spec(SingleLine { min: 1, max: 100 }, Required)),
    ("kana", spec(SingleLine { min: 0, max: 200 }, Defaulted)),
    (
        "population",
        spec(
            Integer {
                min: 0,
                max: 50_000_000,
            },
            Nullable,
        ),
    ),
];

const PLAN: &[(&str, FieldSpec)] = &[
    ("title", spec(TITLE, Required)),
    ("start_fy", spec(FiscalYear, Required)),
    ("end_fy", spec(FiscalYear, Required)),
    ("vision", spec(LONG_TEXT, Defaulted)),
    ("policies", spec(Policies, Defaulted)),
];

const MEASURE: &[(&str, FieldSpec)] = &[
    ("plan_id", spec(RecordId, Required)),
    ("policy_id", spec(RecordId, Nullable)),
    ("title", spec(TITLE, Required)),
    ("area", spec(RecordId, Nullable)),
    ("priority", spec(Bool, Defaulted)),
    (
        "department",
        spec(SingleLine { min: 0, max: 100 }, Defaulted),
    ),
    ("status", spec(OneOf(&Status::LABELS_JA), Defaulted)),
    ("percent", spec(Integer { min: 0, max: 100 }, Defaulted)),
    ("start_fy", spec(FiscalYear, Nullable)),
    ("end_fy", spec(FiscalYear, Nullable)),
    ("schedule", spec(Schedule, Defaulted)),
    ("notes", spec(LONG_TEXT, Defaulted)),
    ("deadline", spec(Date, Nullable)),
    // Set once, when a town adopts a case (うちでも取り組む): the case it copies.
    ("source_case", spec(RecordId, Nullable)),
];

/// Without the per-year `target_fyYYYY` / `actual_fyYYYY` fields, see [`lookup`].
const KPI: &[(&str, FieldSpec)] = &[
    ("measure_id", spec(RecordId, Required)),
    ("name", spec(TITLE, Required)),
    ("unit", spec(SingleLine { min: 0, max: 20 }, Defaulted)),
    ("baseline", spec(Number, Nullable)),
];

const TAXONOMY_AREA: &[(&str, FieldSpec)] = &[
    ("name_ja", spec(SingleLine { min: 1, max: 100 }, Required)),
    ("name_en", spec(SingleLine { min: 0, max: 200 }, Defaulted)),
    ("parent", spec(RecordId, Nullable)),
    (
        "order",
        spec(
            Integer {
                min: 0,
                max: 100_000,
            },
            Defaulted,
        ),
    ),
    ("priority_area", spec(Bool, Defaulted)),
    ("source", spec(OneOf(AREA_SOURCES), Defaulted)),
];

const STEP_NOTE: ValueRule = MultiLine { max: 2000 };

const STEP_CHECKLIST: &[(&str, FieldSpec)] = &[
    ("step0_done", spec(Bool, Defaulted)),
    ("step0_date", spec(Date, Nullable)),
    ("step0_note", spec(STEP_NOTE, Defaulted)),
    ("step1_done", spec(Bool, Defaulted)),
    ("step1_date", spec(Date, Nullable)),
    ("step1_note", spec(STEP_NOTE, Defaulted)),
    ("step2_done", spec(Bool, Defaulted)),
    ("step2_date", spec(Date, Nullable)),
    ("step2_note", spec(STEP_NOTE, Defaulted)),
    ("step3_done", spec(Bool, Defaulted)),
    ("step3_date", spec(Date, Nullable)),
    ("step3_note", spec(STEP_NOTE, Defaulted)),
];

const SURVEY: &[(&str, FieldSpec)] = &[
    ("title", spec(TITLE, Required)),
    ("description", spec(LONG_TEXT, Defaulted)),
    ("deadline", spec(Date, Required)),
    ("targets", spec(OrgCodeList, Defaulted)),
    ("published", spec(Bool, Defaulted)),
    ("questions", spec(Questions, Defaulted)),
];

/// Without the per-question `q.<id>` fields, see [`lookup`].
const SURVEY_RESPONSE: &[(&str, FieldSpec)] = &[
    ("survey_id", spec(RecordId, Required)),
    ("submitted", spec(Bool, Defaulted)),
];

/// Without the per-step `step.<id>` fields, see [`lookup`].
const SYSTEM_MIGRATION: &[(&str, FieldSpec)] = &[
    ("system", spec(SystemId, Required)),
    ("note", spec(LONG_TEXT, Defaulted)),
];

const SHORT_TEXT: ValueRule = SingleLine { min: 0, max: 200 };
const YEN: ValueRule = Integer {
    min: 0,
    max: crate::domain::casebook::MAX_YEN,
};

/// A case of the casebook (横展開), in MIC's casebook shape; see `domain::casebook`.
const CASE: &[(&str, FieldSpec)] = &[
    ("title", spec(TITLE, Required)),
    (
        "state",
        spec(OneOf(&crate::domain::casebook::STATES), Defaulted),
    ),
    ("category", spec(SingleLine { min: 0, max: 100 }, Defaulted)),
    (
        "organisation",
        spec(SingleLine { min: 0, max: 100 }, Defaulted),
    ),
    (
        "population_class",
        spec(
            OneOf(&crate::domain::casebook::POPULATION_CLASSES),
            Nullable,
        ),
    ),
    ("area", spec(RecordId, Nullable)),
    ("point", spec(MultiLine { max: 1000 }, Defaulted)),
    ("overview", spec(MultiLine { max: 8000 }, Defaulted)),
    ("effects", spec(MultiLine { max: 8000 }, Defaulted)),
    ("cost_initial", spec(YEN, Nullable)),
    ("cost_running", spec(YEN, Nullable)),
    ("cost_breakdown", spec(LONG_TEXT, Defaulted)),
    ("cost_notes", spec(LONG_TEXT, Defaulted)),
    ("lead_time", spec(SHORT_TEXT, Defaulted)),
    ("schedule_steps", spec(LONG_TEXT, Defaulted)),
    ("vendors", spec(Vendors, Defaulted)),
    ("participants", spec(LONG_TEXT, Defaulted)),
    ("contact_department", spec(SHORT_TEXT, Defaulted)),
    (
        "contact_phone",
        spec(SingleLine { min: 0, max: 40 }, Defaulted),
    ),
    ("contact_mail", spec(SHORT_TEXT, Defaulted)),
    ("interview", spec(MultiLine { max: 8000 }, Defaulted)),
    ("source_measure", spec(RecordId, Nullable)),
    (
        "round",
        spec(
            Integer {
                min: 0,
                max: 10_000,
            },
            Defaulted,
        ),
    ),
    ("source_case", spec(RecordId, Nullable)),
    (
        "reviewed_round",
        spec(
            Integer {
                min: 0,
                max: 10_000,
            },
            Defaulted,
        ),
    ),
    ("review_comment", spec(LONG_TEXT, Defaulted)),
];

/// The fixed fields of `kind`, in documentation order.
pub fn static_fields(kind: RecordKind) -> &'static [(&'static str, FieldSpec)] {
    match kind {
        RecordKind::Organisation => ORGANISATION,
        RecordKind::Plan => PLAN,
        RecordKind::Measure => MEASURE,
        RecordKind::Kpi => KPI,
        RecordKind::TaxonomyArea => TAXONOMY_AREA,
        RecordKind::StepChecklist => STEP_CHECKLIST,
        RecordKind::Survey => SURVEY,
        RecordKind::SurveyResponse => SURVEY_RESPONSE,
        RecordKind::SystemMigration => SYSTEM_MIGRATION,
        RecordKind::Case => CASE,
    }
}

/// The spec of `field` in `kind`, or why there is no such field.
pub fn lookup(kind: RecordKind, field: &str) -> Result<FieldSpec, ValidationError> {
    let fields = static_fields(kind);
    if let Some((_, spec)) = fields.iter().find(|(name, _)| *name == field) {
        return Ok(*spec);
    }
    if let Some(parsed) = dynamic::spec(kind, field) {
        return parsed.map_err(|message| ValidationError::new(field, message));
    }
    let mut known: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
    known.extend(dynamic::patterns(kind));
    Err(ValidationError::new(
        field,
        format!(
            "is not a field of {kind} (known fields: {})",
            known.join(", ")
        ),
    ))
}
