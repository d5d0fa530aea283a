//! Whether the browser keeps this site's data when storage runs low (the Storage API's
//! persistent mode). A connected device holds changes not yet sent, and browsers clear
//! best-effort data under storage pressure, so the app asks for persistence when it connects
//! and says on the connect page which one the browser granted.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    /// The browser will not clear the data unless the user does.
    Persistent,
    /// The browser may clear the data when storage runs low.
    BestEffort,
    /// The browser offers no Storage API here (an insecure origin, an older browser).
    Unknown,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // Left out on insecure origins: web-sys would then call its methods on undefined.
    js_sys::Reflect::has(&navigator, &JsValue::from_str("storage"))
        .unwrap_or(false)
        .then(|| navigator.storage())
}

async fn answer(promise: Result<js_sys::Promise, JsValue>) -> Persistence {
    let Ok(promise) = promise else {
        return Persistence::Unknown;
    };
    match JsFuture::from(promise).await {
        Ok(granted) if granted.as_bool() == Some(true) => Persistence::Persistent,
        Ok(_) => Persistence::BestEffort,
        Err(_) => Persistence::Unknown,
    }
}

/// The state now, without asking for anything.
pub async fn persistence() -> Persistence {
    match storage_manager() {
        Some(manager) => answer(manager.persisted()).await,
        None => Persistence::Unknown,
    }
}

/// Asks the browser to keep the data and returns what it granted. Firefox asks the user;
/// Chromium and Safari decide by themselves (an installed app is usually granted).
pub async fn request_persistence() -> Persistence {
    match storage_manager() {
        Some(manager) => answer(manager.persist()).await,
        None => Persistence::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    async fn the_browser_answers_whether_it_keeps_the_data() {
        // The test page is on 127.0.0.1, a secure context: the Storage API is there, and a
        // request is answered one way or the other (Chromium decides without asking).
        let now = persistence().await;
        assert_ne!(now, Persistence::Unknown);
        let granted = request_persistence().await;
        assert_ne!(granted, Persistence::Unknown);
        if now == Persistence::Persistent {
            assert_eq!(granted, Persistence::Persistent);
        }
        assert_eq!(persistence().await, granted);
    }
}
