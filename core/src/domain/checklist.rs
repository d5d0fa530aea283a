//! The four steps of the national procedure guide (自治体DX全体手順書), kept as a maturity
//! checklist per organisation. Prefectures ask exactly these questions in their surveys.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::fields::{date_value, FieldReader, Fields};
use super::{schema, RecordKind};
use crate::validation::{into_result, ValidationError};

/// ステップ0 to ステップ3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Step {
    Step0,
    Step1,
    Step2,
    Step3,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Step0, Step::Step1, Step::Step2, Step::Step3];

    /// 0 to 3, as in the guide and in the field names (`step2_done`).
    pub fn number(self) -> usize {
        self as usize
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Step::Step0 => "ステップ0 DXの認識共有・機運醸成",
            Step::Step1 => "ステップ1 全体方針の決定",
            Step::Step2 => "ステップ2 推進体制の整備",
            Step::Step3 => "ステップ3 DXの取組みの実行",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Step::Step0 => "Step 0: Shared understanding and momentum",
            Step::Step1 => "Step 1: Overall policy decided (vision and roadmap)",
            Step::Step2 => {
                "Step 2: Organisation in place (DX department, people, external experts)"
            }
            Step::Step3 => "Step 3: DX measures executed (managed by PDCA / OODA)",
        }
    }

    fn field(self, suffix: &str) -> String {
        format!("step{}_{suffix}", self.number())
    }
}

/// One step's state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepEntry {
    pub done: bool,
    /// When it was reached.
    #[serde(with = "crate::calendar::iso::option_date_serde", default)]
    pub date: Option<NaiveDate>,
    pub note: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepChecklist {
    /// Indexed by [`Step::number`].
    pub steps: [StepEntry; 4],
}

impl StepChecklist {
    pub fn entry(&self, step: Step) -> &StepEntry {
        &self.steps[step.number()]
    }

    pub fn entry_mut(&mut self, step: Step) -> &mut StepEntry {
        &mut self.steps[step.number()]
    }

    /// How many of the four steps are done (steps may be reached out of order).
    pub fn done_count(&self) -> usize {
        self.steps.iter().filter(|entry| entry.done).count()
    }

    /// The first step not yet done, `None` when all four are.
    pub fn next_step(&self) -> Option<Step> {
        Step::ALL.into_iter().find(|step| !self.entry(*step).done)
    }

    pub fn validate(&self) -> Result<(), Vec<ValidationError>> {
        into_result(schema::validate_record(
            RecordKind::StepChecklist,
            &self.to_fields(),
        ))
    }

    pub fn to_fields(&self) -> Fields {
        let mut fields = BTreeMap::new();
        for step in Step::ALL {
            let entry = self.entry(step);
            fields.insert(step.field("done"), Value::from(entry.done));
            fields.insert(step.field("date"), date_value(entry.date));
            fields.insert(step.field("note"), Value::from(entry.note.as_str()));
        }
        fields
    }

    pub fn from_fields(fields: &Fields) -> Result<StepChecklist, ValidationError> {
        let reader = FieldReader::checked(RecordKind::StepChecklist, fields)?;
        let mut checklist = StepChecklist::default();
        for step in Step::ALL {
            *checklist.entry_mut(step) = StepEntry {
                done: reader.bool(&step.field("done")),
                date: reader.date(&step.field("date")),
                note: reader.string(&step.field("note")),
            };
        }
        Ok(checklist)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn halfway() -> StepChecklist {
        let mut checklist = StepChecklist::default();
        *checklist.entry_mut(Step::Step0) = StepEntry {
            done: true,
            date: NaiveDate::from_ymd_opt(2021, 9, 1),
            note: "首長メッセージ\n職員研修".into(),
        };
        checklist.entry_mut(Step::Step1).done = true;
        checklist
    }

    #[test]
    fn labels_follow_the_national_guide() {
        assert_eq!(Step::Step0.label_ja(), "ステップ0 DXの認識共有・機運醸成");
        assert_eq!(Step::Step3.label_ja(), "ステップ3 DXの取組みの実行");
        for step in Step::ALL {
            assert!(step
                .label_en()
                .starts_with(&format!("Step {}:", step.number())));
        }
    }

    #[test]
    fn progress() {
        assert_eq!(halfway().done_count(), 2);
        assert_eq!(halfway().next_step(), Some(Step::Step2));
        let mut all = halfway();
        all.steps.iter_mut().for_each(|entry| entry.done = true);
        assert_eq!(all.next_step(), None);
    }

    #[test]
    fn validate_checks_notes() {
        assert_eq!(halfway().validate(), Ok(()));
        let mut bad = halfway();
        bad.entry_mut(Step::Step2).note = "あ".repeat(2001);
        assert_eq!(
            bad.validate(),
            Err(vec![ValidationError::new(
                "step2_note",
                "must be at most 2000 characters (got 2001)"
            )])
        );
    }

    #[test]
    fn fields_round_trip_and_pass_the_schema() {
        for checklist in [halfway(), StepChecklist::default()] {
            let fields = checklist.to_fields();
            assert_eq!(fields.len(), 12);
            for (name, value) in &fields {
                schema::validate_field(RecordKind::StepChecklist, name, value).unwrap();
            }
            assert_eq!(StepChecklist::from_fields(&fields), Ok(checklist));
        }
        assert_eq!(halfway().to_fields()["step0_date"], "2021-09-01");
    }

    #[test]
    fn from_fields_of_nothing_is_an_empty_checklist() {
        assert_eq!(
            StepChecklist::from_fields(&BTreeMap::new()),
            Ok(StepChecklist::default())
        );
    }
}
