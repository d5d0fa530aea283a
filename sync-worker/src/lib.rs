//! Tsunagu's sync worker: a thin adapter that routes HTTP requests to one Durable Object per
//! prefecture, where `tsunagu_core::server` merges everyone's changes into SQLite.

mod activity;
mod housekeeping;
mod http;
mod prefecture;
mod random;
mod route;
mod schema;
mod settings;
mod sql_store;
mod tokens;
mod transaction;

pub use prefecture::Prefecture;

use route::route_of;
use tsunagu_core::access::{hash_secret, secrets_match};
use tsunagu_core::protocol::{
    check_admin_secret, ApiError, ErrorCode, HealthResponse, Route, PROTOCOL_VERSION, SERVICE_NAME,
};
use worker::{event, Context, Env, Request, Response, Result};

/// The header that tells a prefecture's Durable Object which prefecture it is.
pub(crate) const PREFECTURE_HEADER: &str = "x-tsunagu-prefecture";

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    // The admin secret never answers a browser: no CORS headers, and a request carrying an
    // Origin (every cross-origin request and preflight does) is refused before anything else.
    if route::is_admin_path(&req.path()) {
        return match admin(req, &env).await {
            Ok(response) => Ok(response),
            Err(error) => http::runtime_error(&error),
        };
    }
    if is_preflight(&req) {
        return http::preflight();
    }
    let response = match route_of(&req) {
        Ok(Route::Health) => http::json(
            200,
            &HealthResponse {
                ok: true,
                service: SERVICE_NAME.into(),
                protocol: PROTOCOL_VERSION,
                version: env!("CARGO_PKG_VERSION").into(),
            },
        ),
        Ok(route) => forward(req, &env, route).await,
        Err(error) => http::route_error(&req.path(), &error),
    };
    // A runtime failure is answered as JSON too (never the runtime's own page with details).
    response
        .or_else(|error| http::runtime_error(&error))
        .and_then(http::with_cors)
}

/// `/v1/admin/*`: the admin secret's requests, which only create a prefecture's first
/// administrator.
async fn admin(req: Request, env: &Env) -> Result<Response> {
    let has_origin = req.headers().get("origin").ok().flatten().is_some();
    if has_origin || is_preflight(&req) {
        return http::error(&ApiError::new(
            ErrorCode::CrossOriginRefused,
            "the admin API takes the admin secret from the operator tool or curl, never from a \
             browser: requests with an Origin header are refused (prefecture administrators \
             manage tokens at /v1/prefecture/tokens)",
        )
        .at("origin"));
    }
    let route = match route_of(&req) {
        Ok(route) => route,
        Err(error) => return http::route_error(&req.path(), &error),
    };
    if let Err(error) = check_admin(&req, env) {
        return http::error(&error);
    }
    match route {
        Route::AdminIssueToken { .. } => forward(req, env, route).await,
        _ => http::error(
            &ApiError::new(
                ErrorCode::FirstAdminOnly,
                "the admin secret only creates a prefecture's first administrator: list and \
                 revoke tokens with a prefecture_admin token (GET /v1/prefecture/tokens, \
                 DELETE /v1/prefecture/tokens/{id})",
            )
            .at("authorization"),
        ),
    }
}

/// Hands the request to its prefecture's Durable Object, chosen by the prefecture named in the
/// bearer token (or, for the admin API, in the path).
async fn forward(mut req: Request, env: &Env, route: Route) -> Result<Response> {
    let prefecture = match route::prefecture(&route, &req) {
        Ok(number) => number,
        Err(error) => return http::error(&error),
    };
    // Read the body here (refusing one over the limit) and forward it whole: a streamed body
    // that the Durable Object answers without reading makes the runtime throw.
    let limit = match route {
        Route::SyncFile => tsunagu_core::sync_file::MAX_FILE_BYTES,
        _ => tsunagu_core::protocol::MAX_BODY_BYTES,
    };
    let body = match http::read_body_up_to(&mut req, limit).await {
        Ok(body) => body,
        Err(error) => return http::error(&error),
    };
    let namespace = env.durable_object("PREFECTURE")?;
    let stub = namespace.get_by_name(&format!("prefecture-{prefecture:02}"))?;
    let mut forwarded = Request::new_with_init(
        req.url()?.as_ref(),
        worker::RequestInit::new()
            .with_method(req.method())
            .with_headers(req.headers().clone())
            .with_body(
                (!body.is_empty()).then(|| js_sys::Uint8Array::from(body.as_slice()).into()),
            ),
    )?;
    forwarded
        .headers_mut()?
        .set(PREFECTURE_HEADER, &format!("{prefecture:02}"))?;
    stub.fetch_with_request(forwarded).await
}

/// The admin API is guarded by the `ADMIN_SECRET` secret of the worker's environment, compared
/// in constant time; without that secret set, or with one shorter than 32 characters, the
/// admin API is off.
fn check_admin(req: &Request, env: &Env) -> std::result::Result<(), ApiError> {
    let Some(secret) = settings::text(env, "ADMIN_SECRET") else {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "the admin API is off: set the ADMIN_SECRET secret of the worker",
        )
        .at("authorization"));
    };
    check_admin_secret(&secret)?;
    let presented = route::authorization(req)?;
    let presented = presented.strip_prefix("Bearer ").unwrap_or_default();
    if secrets_match(presented, &hash_secret(&secret)) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Unauthenticated,
            "the admin API needs \"Authorization: Bearer <ADMIN_SECRET>\" (a prefecture \
             administrator's token is used at /v1/prefecture/tokens instead)",
        )
        .at("authorization"))
    }
}

/// A CORS preflight (the method as sent: `worker::Method` maps unknown names to GET).
fn is_preflight(req: &Request) -> bool {
    req.inner().method() == "OPTIONS"
}
