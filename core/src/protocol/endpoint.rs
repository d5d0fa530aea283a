//! Which requests exist: every path of `/v1` and the one method each takes. A path is matched
//! exactly, segment by segment: no trailing or repeated slashes (`/v1/me/` is not `/v1/me`),
//! no empty segment. A known path asked with another method, whatever the method's name, is
//! `405 method_not_allowed`; anything else is `404 not_found`. Methods are compared as sent
//! (HTTP methods are case-sensitive), so a runtime that maps names it does not know to `GET`
//! must hand the name over unmapped.

use super::{ApiError, ErrorCode};
use crate::domain::RecordKind;

/// The worker's endpoints (docs/protocol.md, *Endpoints*).
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
    /// A new token for the same person, the old one revoked in the same step.
    RotateToken {
        id: String,
    },
    /// Many tokens in one step (`InvitationRequest`).
    IssueInvitations,
    /// A relay posts an offline device's sync file (`core::sync_file`); the answer is the
    /// device's return file.
    SyncFile,
}

/// What a path allows, by method: the route a method reaches there.
struct Methods {
    get: Option<Route>,
    post: Option<Route>,
    delete: Option<Route>,
}

impl Methods {
    fn get(route: Route) -> Self {
        Self {
            get: Some(route),
            post: None,
            delete: None,
        }
    }

    fn post(route: Route) -> Self {
        Self {
            get: None,
            post: Some(route),
            delete: None,
        }
    }

    fn delete(route: Route) -> Self {
        Self {
            get: None,
            post: None,
            delete: Some(route),
        }
    }

    /// The methods taken, as an `Allow` header lists them.
    fn allow(&self) -> String {
        [
            ("GET", self.get.is_some()),
            ("POST", self.post.is_some()),
            ("DELETE", self.delete.is_some()),
        ]
        .iter()
        .filter(|(_, taken)| *taken)
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
    }
}

impl Route {
    /// The route of a request with this method (as sent) and path (without the query).
    pub fn parse(method: &str, path: &str) -> Result<Route, ApiError> {
        let methods = path_methods(path)?;
        let allow = methods.allow();
        let route = match method {
            "GET" => methods.get,
            "POST" => methods.post,
            "DELETE" => methods.delete,
            _ => None,
        };
        route.ok_or_else(|| {
            let shown: String = method.chars().take(32).collect();
            ApiError::new(
                ErrorCode::MethodNotAllowed,
                format!("{path} takes {allow}, not {shown:?}"),
            )
            .at("method")
        })
    }

    /// The methods a path takes (`GET`, `POST, DELETE` …), for a 405's `Allow` header; `None`
    /// for a path that does not exist.
    pub fn allowed_methods(path: &str) -> Option<String> {
        path_methods(path).ok().map(|methods| methods.allow())
    }
}

fn path_methods(path: &str) -> Result<Methods, ApiError> {
    let not_found = || not_found(path);
    let segments: Vec<&str> = path
        .strip_prefix('/')
        .ok_or_else(not_found)?
        .split('/')
        .collect();
    if segments.iter().any(|segment| segment.is_empty()) {
        return Err(not_found());
    }
    let methods = match segments.as_slice() {
        ["v1", "health"] => Methods::get(Route::Health),
        ["v1", "sync"] => Methods::post(Route::Sync),
        ["v1", "snapshot"] => Methods::post(Route::Snapshot),
        ["v1", "sync-file"] => Methods::post(Route::SyncFile),
        ["v1", "me"] => Methods::get(Route::WhoAmI),
        ["v1", "activity"] => Methods::get(Route::Activity),
        ["v1", "records", kind, id, "history"] => {
            let kind = kind.parse::<RecordKind>().map_err(|_| not_found())?;
            Methods::get(Route::History {
                kind,
                id: (*id).to_string(),
            })
        }
        ["v1", "admin", "prefectures", pref, "tokens"] => {
            let prefecture = parse_prefecture(pref)?;
            Methods {
                get: Some(Route::AdminListTokens { prefecture }),
                post: Some(Route::AdminIssueToken { prefecture }),
                delete: None,
            }
        }
        ["v1", "admin", "prefectures", pref, "tokens", id] => {
            Methods::delete(Route::AdminRevokeToken {
                prefecture: parse_prefecture(pref)?,
                id: (*id).to_string(),
            })
        }
        ["v1", "prefecture", "tokens"] => Methods {
            get: Some(Route::ListTokens),
            post: Some(Route::IssueToken),
            delete: None,
        },
        ["v1", "prefecture", "tokens", id] => Methods::delete(Route::RevokeToken {
            id: (*id).to_string(),
        }),
        ["v1", "prefecture", "tokens", id, "rotate"] => Methods::post(Route::RotateToken {
            id: (*id).to_string(),
        }),
        ["v1", "prefecture", "invitations"] => Methods::post(Route::IssueInvitations),
        _ => return Err(not_found()),
    };
    Ok(methods)
}

/// `404 not_found` for a path outside the protocol. The path is shown cut short, as sent.
pub fn not_found(path: &str) -> ApiError {
    let shown: String = path.chars().take(200).collect();
    ApiError::new(ErrorCode::NotFound, format!("no such endpoint: {shown}"))
}

fn parse_prefecture(segment: &str) -> Result<u8, ApiError> {
    let digits = segment.len() == 2 && segment.bytes().all(|b| b.is_ascii_digit());
    match segment.parse::<u8>() {
        Ok(number) if digits && (1..=47).contains(&number) => Ok(number),
        _ => {
            let shown: String = segment.chars().take(32).collect();
            Err(ApiError::new(
                ErrorCode::NotFound,
                format!("{shown:?} is not a prefecture number (01 to 47)"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(method: &str, path: &str) -> u16 {
        match Route::parse(method, path) {
            Ok(_) => 200,
            Err(error) => error.status(),
        }
    }

    #[test]
    fn every_endpoint_takes_its_one_method() {
        for (method, path, route) in [
            ("GET", "/v1/health", Route::Health),
            ("POST", "/v1/sync", Route::Sync),
            ("POST", "/v1/snapshot", Route::Snapshot),
            ("POST", "/v1/sync-file", Route::SyncFile),
            ("GET", "/v1/me", Route::WhoAmI),
            ("GET", "/v1/activity", Route::Activity),
            (
                "GET",
                "/v1/records/measure/m-1/history",
                Route::History {
                    kind: RecordKind::Measure,
                    id: "m-1".into(),
                },
            ),
            ("POST", "/v1/prefecture/tokens", Route::IssueToken),
            ("GET", "/v1/prefecture/tokens", Route::ListTokens),
            (
                "DELETE",
                "/v1/prefecture/tokens/abc",
                Route::RevokeToken { id: "abc".into() },
            ),
            (
                "POST",
                "/v1/prefecture/tokens/abc/rotate",
                Route::RotateToken { id: "abc".into() },
            ),
            (
                "POST",
                "/v1/prefecture/invitations",
                Route::IssueInvitations,
            ),
            (
                "POST",
                "/v1/admin/prefectures/03/tokens",
                Route::AdminIssueToken { prefecture: 3 },
            ),
            (
                "GET",
                "/v1/admin/prefectures/47/tokens",
                Route::AdminListTokens { prefecture: 47 },
            ),
            (
                "DELETE",
                "/v1/admin/prefectures/01/tokens/x",
                Route::AdminRevokeToken {
                    prefecture: 1,
                    id: "x".into(),
                },
            ),
        ] {
            assert_eq!(Route::parse(method, path), Ok(route), "{method} {path}");
        }
    }

    #[test]
    fn any_other_method_is_405_whatever_its_name() {
        for method in [
            "PUT",
            "PATCH",
            "HEAD",
            "OPTIONS",
            "TRACE",
            "CONNECT",
            "PROPFIND",
            "PROPPATCH",
            "MKCOL",
            "COPY",
            "MOVE",
            "LOCK",
            "UNLOCK",
            "SEARCH",
            "REPORT",
            "PURGE",
            "get",
            "Post",
            "",
            "BREW",
            "G\u{e9}T",
        ] {
            for path in [
                "/v1/health",
                "/v1/sync",
                "/v1/me",
                "/v1/prefecture/tokens/x",
            ] {
                let error = Route::parse(method, path).expect_err(method);
                assert_eq!(error.code, ErrorCode::MethodNotAllowed, "{method} {path}");
                assert_eq!(error.field.as_deref(), Some("method"));
            }
        }
        assert_eq!(status("POST", "/v1/me"), 405);
        assert_eq!(status("GET", "/v1/sync"), 405);
        assert_eq!(status("DELETE", "/v1/admin/prefectures/03/tokens"), 405);
        assert_eq!(
            Route::allowed_methods("/v1/prefecture/tokens").as_deref(),
            Some("GET, POST")
        );
        assert_eq!(Route::allowed_methods("/v1/me/"), None);
    }

    #[test]
    fn paths_match_exactly() {
        for path in [
            "/v1/me/",
            "/v1/me///",
            "//v1/me",
            "/v1//me",
            "/v1/me/x",
            "/V1/me",
            "/v1/ME",
            "/v1/m%65",
            "/v1",
            "/v1/",
            "/",
            "",
            "v1/me",
            "/v2/me",
            "/v1/sync/",
            "/v1/records/measure//history",
            "/v1/records/measure/x/history/",
            "/v1/records/nothing/x/history",
            "/v1/prefecture/tokens/",
            "/v1/prefecture/tokens//",
            "/v1/admin/prefectures/3/tokens",
            "/v1/admin/prefectures/48/tokens",
            "/v1/admin/prefectures/00/tokens",
            "/v1/admin/prefectures/+3/tokens",
            "/v1/admin/prefectures/03/tokens/",
            "/v1/health/../me",
        ] {
            for method in ["GET", "POST", "DELETE", "PROPFIND"] {
                let error = Route::parse(method, path).expect_err(path);
                assert_eq!(error.code, ErrorCode::NotFound, "{method} {path:?}");
            }
        }
    }
}
