//! The worker's text settings: wrangler's vars and secrets, or, on plain workerd
//! (sync-worker/selfhosted/), `fromEnvironment` bindings, which are null while their variable is
//! unset. The worker crate's `Env::var` and `Env::secret` throw a critical error on a null
//! binding, which would stop every request of the isolate; these read a setting as text or
//! not at all.

use wasm_bindgen::JsValue;
use worker::Env;

/// The setting `name` when it is set to text.
pub fn text(env: &Env, name: &str) -> Option<String> {
    js_sys::Reflect::get(env, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// The setting `name` read as a whole number.
pub fn number(env: &Env, name: &str) -> Option<u64> {
    text(env, name)?.trim().parse().ok()
}
