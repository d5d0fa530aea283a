//! Who may read and write what, and the bearer tokens that say who a caller is.
//!
//! The rules live here, once, so the worker only asks and the app can explain a refusal.

mod principal;
mod rules;
mod token;

pub use principal::{Principal, Role};
pub use rules::{can_write, read_scope, ReadScope};
pub use token::{hash_secret, parse_token, secrets_match, TokenError, TokenParts, TOKEN_PREFIX};
