//! The latest user-facing error, shared through context and rendered by the
//! root `ErrorBoundary`.

use leptos::prelude::*;

use crate::error::AppError;

/// Handle to the current app error. `Copy`, so closures can capture it.
#[derive(Clone, Copy, Debug)]
pub struct ErrorSlot {
    current: RwSignal<Result<(), AppError>>,
}

impl ErrorSlot {
    /// Creates an empty slot and provides it to the current component tree.
    pub fn provide() -> Self {
        let slot = ErrorSlot {
            current: RwSignal::new(Ok(())),
        };
        provide_context(slot);
        slot
    }

    /// The slot provided by an ancestor.
    ///
    /// # Panics
    /// When no ancestor called [`ErrorSlot::provide`] (a programming error).
    pub fn expect() -> Self {
        expect_context::<ErrorSlot>()
    }

    /// Shows `error` to the user.
    pub fn report(self, error: impl Into<AppError>) {
        self.current.set(Err(error.into()));
    }

    /// Hides the current error.
    pub fn clear(self) {
        self.current.set(Ok(()));
    }

    /// `Err` while an error is shown (reactive). Render it inside an
    /// `ErrorBoundary`.
    pub fn current(self) -> Result<(), AppError> {
        self.current.get()
    }
}
