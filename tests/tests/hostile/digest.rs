//! What a prefecture holds, read through the API without changing it: every record's state
//! (snapshot pages, with the log's position and the store's epoch), every token and each
//! organisation's last sync. Two equal digests mean nothing was stored in between.

use crate::support::{bearer, Worker};
use reqwest::Method;
use serde_json::{json, Value};

/// The most snapshot pages read (a test prefecture has a handful of records).
const MAX_PAGES: usize = 20;

/// The digest, or why it could not be read.
pub fn digest(w: &Worker, admin: &str) -> Result<String, String> {
    let auth = bearer(admin);
    let mut out = String::new();
    let mut after = Value::Null;
    for page in 0.. {
        assert!(
            page < MAX_PAGES,
            "digest: more than {MAX_PAGES} snapshot pages"
        );
        let mut request = json!({"protocol": 3, "limit": 5000});
        if !after.is_null() {
            request["after"] = after.clone();
        }
        let reply = w.send(
            Method::POST,
            "/v1/snapshot",
            Some(&auth),
            Some(serde_json::to_vec(&request).expect("JSON")),
        );
        if reply.status != 200 {
            return Err(format!("digest: snapshot: {} {}", reply.status, reply.text));
        }
        after = reply.json()["next"].clone();
        out.push_str(&reply.text);
        if after.is_null() {
            break;
        }
    }
    for path in ["/v1/prefecture/tokens", "/v1/activity"] {
        let reply = w.send(Method::GET, path, Some(&auth), None);
        if reply.status != 200 {
            return Err(format!("digest: {path}: {} {}", reply.status, reply.text));
        }
        out.push('\n');
        out.push_str(&without_use_times(reply.json()).to_string());
    }
    Ok(out)
}

/// `value` without when tokens were last used and how many were: the digest's own requests
/// (successful, by the administrator) move those.
fn without_use_times(mut value: Value) -> Value {
    for list in ["tokens", "organisations"] {
        if let Some(entries) = value[list].as_array_mut() {
            for entry in entries.iter_mut().filter_map(Value::as_object_mut) {
                entry.remove("last_used_ms");
                entry.remove("used_tokens");
            }
        }
    }
    value
}
