//! Who may read and write what, and the bearer tokens that say who a caller is.
//!
//! The rules live here, once, so the worker only asks and the app can explain a refusal.

mod claims;
mod principal;
mod rules;
mod token;
mod write_check;

pub use claims::{
    checklist_id, field_contradiction, field_problem, id_contradiction, id_problem, Contradiction,
};
pub use principal::{Principal, Role};
pub use rules::{can_write, keeper, read_scope, Keeper, ReadScope};
pub use token::{hash_secret, parse_token, secrets_match, TokenError, TokenParts, TOKEN_PREFIX};
pub use write_check::{
    answer_problem, needs_survey_audience, write_problem, FieldWrite, SurveyAudience,
};
