use crate::not_found;
use tsunagu_core::access::parse_token;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::protocol::{ApiError, ErrorCode};
use worker::{Method, Request};

/// The worker's endpoints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Health,
    Sync,
    Snapshot,
    WhoAmI,
    Activity,
    History {
        kind: RecordKind,
        id: String,
    },
    /// With the admin secret: a prefecture's first administrator (or, with `replace_admins`,
    /// one in place of all of them).
    AdminIssueToken {
        prefecture: u8,
    },
    /// With the admin secret: refused (`first_admin_only`), kept so old scripts learn why.
    AdminListTokens {
        prefecture: u8,
    },
    AdminRevokeToken {
        prefecture: u8,
        id: String,
    },
    /// With a prefecture_admin token: the tokens of the token's own prefecture.
    IssueToken,
    ListTokens,
    RevokeToken {
        id: String,
    },
}

impl Route {
    pub fn parse(method: &Method, path: &str) -> Result<Route, ApiError> {
        let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
        let route = match segments.as_slice() {
            ["v1", "health"] => Some((Method::Get, Route::Health)),
            ["v1", "sync"] => Some((Method::Post, Route::Sync)),
            ["v1", "snapshot"] => Some((Method::Post, Route::Snapshot)),
            ["v1", "me"] => Some((Method::Get, Route::WhoAmI)),
            ["v1", "activity"] => Some((Method::Get, Route::Activity)),
            ["v1", "records", kind, id, "history"] => {
                let kind = kind.parse::<RecordKind>().map_err(|_| not_found(path))?;
                Some((
                    Method::Get,
                    Route::History {
                        kind,
                        id: (*id).to_string(),
                    },
                ))
            }
            ["v1", "admin", "prefectures", pref, "tokens"] => {
                let prefecture = parse_prefecture(pref)?;
                match method {
                    Method::Get => Some((Method::Get, Route::AdminListTokens { prefecture })),
                    _ => Some((Method::Post, Route::AdminIssueToken { prefecture })),
                }
            }
            ["v1", "prefecture", "tokens"] => match method {
                Method::Get => Some((Method::Get, Route::ListTokens)),
                _ => Some((Method::Post, Route::IssueToken)),
            },
            ["v1", "prefecture", "tokens", id] => Some((
                Method::Delete,
                Route::RevokeToken {
                    id: (*id).to_string(),
                },
            )),
            ["v1", "admin", "prefectures", pref, "tokens", id] => Some((
                Method::Delete,
                Route::AdminRevokeToken {
                    prefecture: parse_prefecture(pref)?,
                    id: (*id).to_string(),
                },
            )),
            _ => None,
        };
        match route {
            Some((expected, route)) if &expected == method => Ok(route),
            Some((expected, _)) => Err(ApiError::new(
                ErrorCode::MethodNotAllowed,
                format!("{path} takes {expected:?}, not {method:?}"),
            )),
            None => Err(not_found(path)),
        }
    }

    /// The prefecture whose Durable Object serves the request.
    pub fn prefecture(&self, req: &Request) -> Result<u8, ApiError> {
        match self {
            Route::AdminIssueToken { prefecture }
            | Route::AdminListTokens { prefecture }
            | Route::AdminRevokeToken { prefecture, .. } => Ok(*prefecture),
            _ => {
                let header = authorization(req)?;
                parse_token(&header)
                    .map(|token| token.prefecture)
                    .map_err(|e| ApiError::new(ErrorCode::Unauthenticated, e.to_string()))
            }
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
        })
}

fn parse_prefecture(segment: &str) -> Result<u8, ApiError> {
    match segment.parse::<u8>() {
        Ok(number) if segment.len() == 2 && (1..=47).contains(&number) => Ok(number),
        _ => Err(ApiError::new(
            ErrorCode::NotFound,
            format!("\"{segment}\" is not a prefecture number (01 to 47)"),
        )),
    }
}
