//! One question of a survey and its choices.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One choice: the answer is a choice id.
    Single,
    /// Any number of choices: the answer is a list of choice ids.
    Multiple,
    /// A number, in the question's unit.
    Number,
    /// Free text.
    Text,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::Number => "number",
            QuestionKind::Text => "text",
        }
    }

    pub fn has_choices(self) -> bool {
        matches!(self, QuestionKind::Single | QuestionKind::Multiple)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Unique within the question; answers store it, so it is never renamed.
    pub id: String,
    pub label: String,
    /// Answered alone ("none of these", "don't know"): choosing it clears the question's other
    /// choices, and a submitted answer may not combine it with them. Multiple choice only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive: bool,
}

impl Choice {
    pub fn new(id: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice {
            id: id.into(),
            label: label.into(),
            exclusive: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique within the survey; answers are stored under `q.<id>`.
    pub id: String,
    pub kind: QuestionKind,
    pub text: String,
    /// A submitted response must answer it.
    #[serde(default)]
    pub required: bool,
    /// 2 to 40 for single and multiple choice, none otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// 件, 人, 手続: number questions only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl Question {
    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|choice| choice.id == id)
    }

    /// The exclusive choice that `chosen` combines with other choices, if any.
    pub fn exclusive_conflict<'q>(&'q self, chosen: &[&str]) -> Option<&'q Choice> {
        if chosen.len() < 2 {
            return None;
        }
        chosen
            .iter()
            .filter_map(|id| self.choice(id))
            .find(|choice| choice.exclusive)
    }

    /// A multiple-choice answer after ticking (`on`) or unticking one choice: ticking an
    /// exclusive choice leaves it alone, ticking another drops the exclusive ones.
    pub fn toggle_choice(&self, mut chosen: Vec<String>, id: &str, on: bool) -> Vec<String> {
        chosen.retain(|c| c != id);
        if !on {
            return chosen;
        }
        let exclusive = |c: &str| self.choice(c).is_some_and(|choice| choice.exclusive);
        if exclusive(id) {
            chosen.clear();
        } else {
            chosen.retain(|c| !exclusive(c));
        }
        chosen.push(id.to_owned());
        chosen
    }

    /// Changes the answer type, dropping what the new type has no use for.
    pub fn set_kind(&mut self, kind: QuestionKind) {
        self.kind = kind;
        if !kind.has_choices() {
            self.choices.clear();
        }
        if kind != QuestionKind::Multiple {
            for choice in &mut self.choices {
                choice.exclusive = false;
            }
        }
        if kind != QuestionKind::Number {
            self.unit = None;
        }
    }

    /// The stored form (what [`serde`] gives, written by hand so it cannot fail).
    pub(super) fn to_value(&self) -> Value {
        let mut object = Map::new();
        object.insert("id".into(), Value::from(self.id.as_str()));
        object.insert("kind".into(), Value::from(self.kind.as_str()));
        object.insert("text".into(), Value::from(self.text.as_str()));
        object.insert("required".into(), Value::from(self.required));
        if !self.choices.is_empty() {
            let choices = self
                .choices
                .iter()
                .map(|choice| {
                    let mut value = json!({"id": choice.id, "label": choice.label});
                    if choice.exclusive {
                        value["exclusive"] = Value::Bool(true);
                    }
                    value
                })
                .collect();
            object.insert("choices".into(), Value::Array(choices));
        }
        if let Some(unit) = &self.unit {
            object.insert("unit".into(), Value::from(unit.as_str()));
        }
        Value::Object(object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn momentum() -> Question {
        let mut none = Choice::new("none", "特に実施していない");
        none.exclusive = true;
        Question {
            id: "step0".into(),
            kind: QuestionKind::Multiple,
            text: "実施しているもの".into(),
            required: true,
            choices: vec![
                Choice::new("leadership", "リーダーシップ"),
                Choice::new("policy", "方針"),
                none,
            ],
            unit: None,
        }
    }

    fn owned(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| (*id).to_owned()).collect()
    }

    #[test]
    fn ticking_an_exclusive_choice_clears_the_others_and_back() {
        let q = momentum();
        let both = q.toggle_choice(owned(&["leadership"]), "policy", true);
        assert_eq!(both, owned(&["leadership", "policy"]));
        assert_eq!(q.toggle_choice(both, "none", true), owned(&["none"]));
        assert_eq!(
            q.toggle_choice(owned(&["none"]), "policy", true),
            owned(&["policy"])
        );
        assert_eq!(
            q.toggle_choice(owned(&["leadership", "policy"]), "policy", false),
            owned(&["leadership"])
        );
        assert_eq!(q.toggle_choice(owned(&["none"]), "none", false), owned(&[]));
    }

    #[test]
    fn an_exclusive_choice_conflicts_only_with_company() {
        let q = momentum();
        assert_eq!(q.exclusive_conflict(&["none"]), None);
        assert_eq!(q.exclusive_conflict(&["leadership", "policy"]), None);
        assert_eq!(
            q.exclusive_conflict(&["leadership", "none"])
                .map(|c| c.id.as_str()),
            Some("none")
        );
    }

    #[test]
    fn exclusive_is_written_only_when_set_and_read_back() {
        let q = momentum();
        let value = q.to_value();
        assert_eq!(value["choices"][2]["exclusive"], Value::Bool(true));
        assert!(value["choices"][0].get("exclusive").is_none());
        let back: Question = serde_json::from_value(value).expect("a question");
        assert_eq!(back, q);
    }

    #[test]
    fn a_new_kind_drops_what_it_has_no_use_for() {
        let mut q = momentum();
        q.set_kind(QuestionKind::Single);
        assert_eq!(q.choices.len(), 3);
        assert!(q.choices.iter().all(|c| !c.exclusive));
        q.set_kind(QuestionKind::Text);
        assert!(q.choices.is_empty());
    }
}
