//! The one error shape every validation rule reports.
//!
//! A rule failure names the field it is about and says, in plain English, what was expected and
//! what was found, so the app can show it next to the input and the sync worker can return it
//! unchanged in a rejection.

use serde::{Deserialize, Serialize};

/// One failed rule: which field, and why.
///
/// `field` is a path: a flat record field (`title`), an element of a nested value
/// (`policies[2].title`, `schedule.2025`) or, after [`ValidationError::prefixed`], a field of a
/// record inside a larger structure (`measures.m1.title`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    pub field: String,
    pub message: String,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Places the error under `prefix`: field `title` becomes `{prefix}.title`.
    pub fn prefixed(self, prefix: &str) -> Self {
        let field = if self.field.is_empty() {
            prefix.to_owned()
        } else {
            format!("{prefix}.{}", self.field)
        };
        Self { field, ..self }
    }
}

/// Turns collected errors into the `validate()` result shape: `Ok` when there are none.
pub fn into_result(errors: Vec<ValidationError>) -> Result<(), Vec<ValidationError>> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_field_and_message() {
        let error = ValidationError::new("title", "must not be blank");
        assert_eq!(error.to_string(), "title: must not be blank");
    }

    #[test]
    fn prefixed_nests_the_field() {
        let error = ValidationError::new("title", "must not be blank").prefixed("policies[0]");
        assert_eq!(error.field, "policies[0].title");
        assert_eq!(error.message, "must not be blank");
    }

    #[test]
    fn prefixed_on_an_empty_field_uses_the_prefix_alone() {
        let error = ValidationError::new("", "unknown record").prefixed("m1");
        assert_eq!(error.field, "m1");
    }

    #[test]
    fn round_trips_through_json() {
        let error = ValidationError::new("percent", "must be between 0 and 100 (got 150)");
        let json = serde_json::to_string(&error).unwrap();
        assert_eq!(
            json,
            r#"{"field":"percent","message":"must be between 0 and 100 (got 150)"}"#
        );
        assert_eq!(
            serde_json::from_str::<ValidationError>(&json).unwrap(),
            error
        );
    }

    #[test]
    fn into_result_is_ok_only_without_errors() {
        assert_eq!(into_result(Vec::new()), Ok(()));
        let errors = vec![ValidationError::new("a", "b")];
        assert_eq!(into_result(errors.clone()), Err(errors));
    }
}
