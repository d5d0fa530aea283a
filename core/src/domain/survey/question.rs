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
                .map(|choice| json!({"id": choice.id, "label": choice.label}))
                .collect();
            object.insert("choices".into(), Value::Array(choices));
        }
        if let Some(unit) = &self.unit {
            object.insert("unit".into(), Value::from(unit.as_str()));
        }
        Value::Object(object)
    }
}
