use crate::random::random_word;
use futures_util::StreamExt;
use serde::Serialize;
use tsunagu_core::protocol::{ApiError, ErrorCode, Route, MAX_BODY_BYTES};
use worker::{console_error, Cors, Date, Method, Request, Response, Result};

/// Tokens travel in the Authorization header, never in cookies, so any origin may call the API
/// with a token: this lets an app served elsewhere (or by `trunk serve`) sync with this worker.
/// Requests with the admin secret get none of this (`lib.rs`).
fn cors() -> Cors {
    Cors::new()
        .with_origins(["*"])
        .with_methods([Method::Get, Method::Post, Method::Delete, Method::Options])
        .with_allowed_headers(["authorization", "content-type"])
        .with_max_age(86_400)
}

pub fn with_cors(response: Response) -> Result<Response> {
    response.with_cors(&cors())
}

pub fn preflight() -> Result<Response> {
    Response::empty()?.with_status(204).with_cors(&cors())
}

pub fn json<T: Serialize>(status: u16, body: &T) -> Result<Response> {
    let mut response = Response::from_json(body)?.with_status(status);
    response.headers_mut().set("cache-control", "no-store")?;
    Ok(response)
}

/// A JSON body already written (a snapshot page is assembled from stored JSON text).
pub fn json_text(status: u16, body: String) -> Result<Response> {
    let mut response = Response::ok(body)?.with_status(status);
    let headers = response.headers_mut();
    headers.set("content-type", "application/json")?;
    headers.set("cache-control", "no-store")?;
    Ok(response)
}

/// An error response. An internal error's details go to the log under a short random
/// reference, and the client gets only a generic sentence with that reference.
pub fn error(error: &ApiError) -> Result<Response> {
    if error.code != ErrorCode::Internal {
        return json(error.status(), &error.body());
    }
    let reference = reference();
    console_error!("internal error {reference}: {error}");
    let public = error.public(&reference);
    json(public.status(), &public.body())
}

/// A request the endpoint table refused: a 405 says in `Allow` which methods the path takes.
pub fn route_error(path: &str, error: &ApiError) -> Result<Response> {
    let mut response = self::error(error)?;
    if error.code == ErrorCode::MethodNotAllowed {
        if let Some(allow) = Route::allowed_methods(path) {
            response.headers_mut().set("allow", &allow)?;
        }
    }
    Ok(response)
}

/// A failure of the runtime itself (a `worker::Error`), answered like any internal error.
pub fn runtime_error(error: &worker::Error) -> Result<Response> {
    self::error(&ApiError::internal(format!("runtime: {error}")))
}

/// A short id that ties a client's 500 to the log line with its details.
fn reference() -> String {
    // Without randomness the time still tells log lines apart.
    random_word(10).unwrap_or_else(|_| format!("t{}", Date::now().as_millis()))
}

/// How much of an oversized body without a length is read (and dropped) before the answer.
const MAX_DRAINED_BYTES: usize = 16 * MAX_BODY_BYTES;

/// Reads a request body, refusing one over the protocol's limit before reading it when the
/// client declared its length.
pub async fn read_body(req: &mut Request) -> std::result::Result<Vec<u8>, ApiError> {
    read_body_up_to(req, MAX_BODY_BYTES).await
}

/// [`read_body`] with another limit (a sync file's).
pub async fn read_body_up_to(
    req: &mut Request,
    limit: usize,
) -> std::result::Result<Vec<u8>, ApiError> {
    let declared = req
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|len| len.parse::<usize>().ok());
    if let Some(len) = declared {
        if len > limit {
            return Err(too_large(len, limit));
        }
    }
    // Counted while it streams: a body without a length (chunked) is never held past the
    // limit. The rest of an oversized one is read and dropped (up to a bound), as the runtime
    // fails a request whose body is left unread.
    let mut stream = match req.stream() {
        Ok(stream) => stream,
        // No body at all.
        Err(_) => return Ok(Vec::new()),
    };
    let mut body = Vec::with_capacity(declared.unwrap_or(0));
    let mut total = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk
            .map_err(|e| ApiError::internal(format!("could not read the request body: {e}")))?;
        total = total.saturating_add(chunk.len());
        if total > limit {
            body = Vec::new();
            if total > MAX_DRAINED_BYTES.max(limit) {
                break;
            }
            continue;
        }
        body.extend_from_slice(&chunk);
    }
    if total > limit {
        return Err(too_large(total, limit));
    }
    Ok(body)
}

fn too_large(len: usize, limit: usize) -> ApiError {
    if limit == MAX_BODY_BYTES {
        return tsunagu_core::protocol::body_too_large(len);
    }
    ApiError::new(
        tsunagu_core::protocol::ErrorCode::PayloadTooLarge,
        format!("the file is {len} bytes; a sync file may be at most {limit} bytes"),
    )
    .at("file.size")
}
