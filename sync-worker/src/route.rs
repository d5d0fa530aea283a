//! The worker's side of routing: which endpoint a request reaches (the table is
//! `tsunagu_core::protocol::Route`) and which prefecture serves it.

use tsunagu_core::access::parse_token;
use tsunagu_core::protocol::{ApiError, ErrorCode, Route};
use worker::Request;

/// The request's route. The method is read as sent: `worker::Method` maps names it does not
/// know (PROPFIND, MKCOL, …) to GET, which would let them through as GETs.
pub fn route_of(req: &Request) -> Result<Route, ApiError> {
    Route::parse(&req.inner().method(), &req.path())
}

/// The prefecture whose Durable Object serves the request.
pub fn prefecture(route: &Route, req: &Request) -> Result<u8, ApiError> {
    match route {
        Route::AdminIssueToken { prefecture }
        | Route::AdminListTokens { prefecture }
        | Route::AdminRevokeToken { prefecture, .. } => Ok(*prefecture),
        _ => {
            let header = authorization(req)?;
            parse_token(&header)
                .map(|token| token.prefecture)
                .map_err(|e| {
                    ApiError::new(ErrorCode::Unauthenticated, e.to_string()).at("authorization")
                })
        }
    }
}

/// Paths answered only to the admin secret: no CORS, no browser (see `lib.rs`).
pub fn is_admin_path(path: &str) -> bool {
    path == "/v1/admin" || path.starts_with("/v1/admin/")
}

pub fn authorization(req: &Request) -> Result<String, ApiError> {
    req.headers()
        .get("authorization")
        .ok()
        .flatten()
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Unauthenticated,
                "missing Authorization header: send \"Authorization: Bearer <token>\"",
            )
            .at("authorization")
        })
}
