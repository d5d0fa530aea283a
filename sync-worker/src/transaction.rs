use js_sys::{Function, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use tsunagu_core::protocol::ApiError;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use worker::Storage;

/// Runs `work` inside the Durable Object's `transactionSync`: if it returns an error, every
/// write it made is rolled back, so a push is stored whole or not at all.
pub fn transaction_sync<T: 'static>(
    storage: &Storage,
    work: impl FnOnce() -> Result<T, ApiError> + 'static,
) -> Result<T, ApiError> {
    let outcome: Rc<RefCell<Option<Result<T, ApiError>>>> = Rc::new(RefCell::new(None));
    let slot = Rc::clone(&outcome);
    let body = Closure::once(move || -> Result<JsValue, JsValue> {
        let result = work();
        let failed = result.is_err();
        *slot.borrow_mut() = Some(result);
        if failed {
            // Throwing makes the runtime roll the transaction back.
            Err(JsValue::from_str("rolled back"))
        } else {
            Ok(JsValue::UNDEFINED)
        }
    });
    let raw: &JsValue = storage.as_raw().as_ref();
    let call = Reflect::get(raw, &JsValue::from_str("transactionSync"))
        .and_then(|f| f.dyn_into::<Function>())
        .and_then(|f| f.call1(raw, body.as_ref().unchecked_ref()));
    let result = outcome.borrow_mut().take();
    match (result, call) {
        (Some(result), _) => result,
        (None, Err(error)) => Err(ApiError::internal(format!(
            "the storage transaction failed: {error:?}"
        ))),
        (None, Ok(_)) => Err(ApiError::internal("the storage transaction did not run")),
    }
}
