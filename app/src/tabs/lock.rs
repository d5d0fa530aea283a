//! The Web Locks API (`navigator.locks`), which web-sys offers only as unstable: the one call
//! the app needs, bound here.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    type LockManager;

    #[wasm_bindgen(method, js_name = request)]
    fn request(this: &LockManager, name: &str, granted: &js_sys::Function) -> js_sys::Promise;
}

/// Asks for the exclusive lock `name` and calls `on_granted` once this tab holds it; the tab
/// keeps it until it closes (the browser releases it then, also when the tab is killed), and
/// the next tab waiting is granted it. Returns `false` where the browser has no Web Locks: the
/// caller then leads alone.
pub fn request_leadership(name: &str, on_granted: impl FnOnce() + 'static) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let locks = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("locks"))
        .ok()
        .filter(|locks| !locks.is_undefined() && !locks.is_null());
    let Some(locks) = locks else {
        return false;
    };
    let granted = Closure::once(move |_lock: JsValue| -> js_sys::Promise {
        on_granted();
        // Never settles: the lock is held for the page's lifetime.
        js_sys::Promise::new(&mut |_, _| {})
    });
    let _held = locks
        .unchecked_into::<LockManager>()
        .request(name, granted.as_ref().unchecked_ref());
    // The browser calls it once, whenever the lock comes; it must outlive this call.
    granted.forget();
    true
}
