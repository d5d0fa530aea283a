//! The relay's POST of a sync file (`POST /v1/sync-file`, `core::sync_file`), made by the tools
//! module rather than the app: the request, its refusal words and the return file's markup all
//! stay out of the app's first load. The app sends a `SyncFile` request whose step is `Relay`.

use tsunagu_core::protocol::ErrorBody;
use tsunagu_core::sync_file::screen::{handle, FileScreenRequest, FileStep};
use tsunagu_core::tools::{ToolMessage, ToolRequest};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The message's id and request when it asks to relay a file (answered later, by [`relay`]).
pub fn relay_request(text: &str) -> Option<(u32, FileScreenRequest)> {
    let ToolMessage { id, request } = serde_json::from_str(text).ok()?;
    match request {
        ToolRequest::SyncFile(request) if matches!(request.step, FileStep::Relay { .. }) => {
            Some((id, *request))
        }
        _ => None,
    }
}

/// Posts the file with the relay's own token and answers with the result's markup (the return
/// file to save, or the refusal in words).
pub async fn relay(mut request: FileScreenRequest) -> Vec<u8> {
    let FileStep::Relay { url, file } = std::mem::replace(
        &mut request.step,
        FileStep::Start {
            pending: 0,
            last_by_file: None,
        },
    ) else {
        return Vec::new();
    };
    let (body, field, message) = match post(&url, &request.token, file).await {
        Ok((200, text)) => (text, String::new(), String::new()),
        Ok((status, text)) => match serde_json::from_str::<ErrorBody>(&text) {
            Ok(body) => (
                String::new(),
                body.error.field.unwrap_or_default(),
                body.error.message,
            ),
            Err(_) => (String::new(), String::new(), format!("HTTP {status}")),
        },
        Err(words) => (String::new(), String::new(), words),
    };
    request.step = FileStep::Relayed {
        body,
        field,
        message,
    };
    handle(request).to_text().into_bytes()
}

/// `POST {url}/v1/sync-file`: the status and the body's text.
async fn post(url: &str, token: &str, file: String) -> Result<(u16, String), String> {
    let failed = |e: JsValue| format!("{e:?}");
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&file));
    let headers = web_sys::Headers::new().map_err(failed)?;
    headers
        .set("authorization", &format!("Bearer {}", token.trim()))
        .map_err(failed)?;
    headers
        .set("content-type", "application/json")
        .map_err(failed)?;
    init.set_headers(&headers);
    let address = format!("{}/v1/sync-file", url.trim_end_matches('/'));
    let request = web_sys::Request::new_with_str_and_init(&address, &init).map_err(failed)?;
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let response: web_sys::Response = JsFuture::from(scope.fetch_with_request(&request))
        .await
        .map_err(failed)?
        .unchecked_into();
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?
        .as_string()
        .unwrap_or_default();
    Ok((response.status(), text))
}
