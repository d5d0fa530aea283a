use js_sys::{Function, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use tsunagu_core::protocol::ApiError;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use worker::Storage;

/// Runs `work` inside the Durable Object's `transactionSync`: if it returns an error, every
/// write it made is rolled back, so a push is stored whole or not at all. Its result counts
/// only once the transaction has committed: a commit that fails is an error.
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
    settle(
        result,
        call.map(|_| ()).map_err(|error| format!("{error:?}")),
    )
}

/// The outcome of a transaction from what `work` returned (if it ran) and what
/// `transactionSync` did: `work`'s error wins (the runtime's error is then our own rollback),
/// and `work`'s success counts only when the call committed.
fn settle<T>(work: Option<Result<T, ApiError>>, call: Result<(), String>) -> Result<T, ApiError> {
    match (work, call) {
        (Some(Err(error)), _) => Err(error),
        (Some(Ok(value)), Ok(())) => Ok(value),
        (Some(Ok(_)), Err(error)) => Err(ApiError::internal(format!(
            "the storage transaction failed to commit: {error}"
        ))),
        (None, Err(error)) => Err(ApiError::internal(format!(
            "the storage transaction failed: {error}"
        ))),
        (None, Ok(())) => Err(ApiError::internal("the storage transaction did not run")),
    }
}

#[cfg(test)]
mod tests {
    use super::settle;
    use tsunagu_core::protocol::{ApiError, ErrorCode};

    #[test]
    fn a_failed_commit_is_an_error_never_a_success() {
        let committed: Result<u32, ApiError> = settle(Some(Ok(7)), Ok(()));
        assert_eq!(committed, Ok(7));
        let lost = settle(Some(Ok(7)), Err("SQLITE_FULL".into())).expect_err("not committed");
        assert_eq!(lost.code, ErrorCode::Internal);
        assert!(lost.message.contains("commit"), "{}", lost.message);
        let refused = ApiError::new(ErrorCode::SequenceGap, "gap");
        assert_eq!(
            settle::<u32>(Some(Err(refused.clone())), Err("rolled back".into())),
            Err(refused)
        );
        assert!(settle::<u32>(None, Ok(())).is_err());
        assert!(settle::<u32>(None, Err("threw".into())).is_err());
    }
}
