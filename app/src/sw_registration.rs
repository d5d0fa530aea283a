//! Registers the service worker that keeps the app shell cached, so the app starts with no
//! network. The worker itself is plain JavaScript: `public/sw.template.js`, written into each
//! build as `sw.js` by `scripts/build-sw.sh` with that build's file list.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The service worker's URL. At the origin's root, so its scope covers the whole app.
pub const SERVICE_WORKER_URL: &str = "/sw.js";

/// Registers [`SERVICE_WORKER_URL`] when the browser offers service workers. Never fails: the
/// app works online without one, so a problem is only reported on the console.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    // Browsers leave `navigator.serviceWorker` out on insecure origins (plain http on a host
    // other than localhost); web-sys would then call `register` on undefined and throw.
    let available =
        js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    if !available {
        leptos::logging::warn!(
            "Offline start is unavailable: this browser offers no service worker on this page \
             (it needs https or localhost)."
        );
        return;
    }
    let registration = navigator.service_worker().register(SERVICE_WORKER_URL);
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = JsFuture::from(registration).await {
            leptos::logging::warn!(
                "Could not register the service worker {SERVICE_WORKER_URL}; the app works, \
                 but will not start without a network: {}",
                describe(&error)
            );
        }
    });
}

/// A JavaScript error in words: `name: message` for `Error`s and `DOMException`s.
fn describe(error: &JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        format!("{}: {}", error.name(), error.message())
    } else if let Some(text) = error.as_string() {
        text
    } else {
        format!("{error:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn describes_errors_in_words() {
        let error = js_sys::Error::new("no such script");
        error.set_name("TypeError");
        assert_eq!(describe(&error.into()), "TypeError: no such script");
        assert_eq!(describe(&JsValue::from_str("plain")), "plain");
    }

    #[wasm_bindgen_test]
    async fn a_failed_registration_is_not_fatal() {
        // The test server has no /sw.js: the registration fails and is only logged.
        register_service_worker();
        gloo_timers::future::sleep(std::time::Duration::from_millis(200)).await;
    }
}
