//! Where a record's latest edits are: saved on this device only, waiting to sync, or synced.

use leptos::prelude::*;
use tsunagu_core::client::RecordView;

use super::context::Editor;
use crate::i18n::measure::{fill, MeasureTexts};
use crate::sync::SyncEngine;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SaveState {
    Synced,
    /// A write is still being stored in the browser.
    Saving,
    /// Pending writes, and no way to send them now (offline, or no connection set up).
    SavedLocally(usize),
    /// Pending writes that the sync engine will send.
    Waiting(usize),
    /// The latest write could not be stored in the browser.
    Failed,
}

impl SaveState {
    fn class(self) -> &'static str {
        match self {
            SaveState::Synced => "me-sync me-sync--synced",
            SaveState::Saving => "me-sync me-sync--waiting",
            SaveState::SavedLocally(_) => "me-sync me-sync--local",
            SaveState::Waiting(_) => "me-sync me-sync--waiting",
            SaveState::Failed => "me-sync me-sync--failed",
        }
    }

    fn icon(self) -> &'static str {
        match self {
            SaveState::Synced => "✓",
            SaveState::Saving => "…",
            SaveState::SavedLocally(_) => "■",
            SaveState::Waiting(_) => "⟳",
            SaveState::Failed => "✕",
        }
    }

    fn label(self, t: &MeasureTexts) -> &'static str {
        match self {
            SaveState::Synced => t.sync_synced,
            SaveState::Saving => t.sync_saving,
            SaveState::SavedLocally(_) => t.sync_saved_local,
            SaveState::Waiting(_) => t.sync_waiting,
            SaveState::Failed => t.sync_save_failed,
        }
    }

    fn pending(self) -> Option<usize> {
        match self {
            SaveState::SavedLocally(n) | SaveState::Waiting(n) => Some(n),
            SaveState::Synced | SaveState::Saving | SaveState::Failed => None,
        }
    }
}

/// The save state of one record. The page's own badge is a polite live region (`live`); the
/// KPIs' badges are not, so one edit is announced once.
#[component]
pub fn SyncBadge(record: Memo<Option<RecordView>>, #[prop(optional)] live: bool) -> impl IntoView {
    let editor = Editor::expect();
    let engine = use_context::<SyncEngine>();
    let state = Memo::new(move |_| {
        if editor.workspace.save_error().is_some() {
            return SaveState::Failed;
        }
        if record.with(|view| view.as_ref().is_some_and(|v| !v.saving.is_empty())) {
            return SaveState::Saving;
        }
        let pending = record.with(|view| view.as_ref().map_or(0, |v| v.pending.len()));
        if pending == 0 {
            return SaveState::Synced;
        }
        let cannot_send = editor.workspace.connection().is_none()
            || engine.is_some_and(|engine| {
                let status = engine.status();
                !status.browser_online || status.server_reachable == Some(false)
            });
        if cannot_send {
            SaveState::SavedLocally(pending)
        } else {
            SaveState::Waiting(pending)
        }
    });

    view! {
        <p
            class=move || state.get().class()
            role=live.then_some("status")
            aria-live=live.then_some("polite")
        >
            <span class="me-visually-hidden">{move || editor.texts().sync_state_label} ": "</span>
            <span aria-hidden="true">{move || state.get().icon()} " "</span>
            {move || state.get().label(editor.texts())}
            {move || {
                state
                    .get()
                    .pending()
                    .map(|n| {
                        let text = fill(editor.texts().sync_fields_pending, &[("n", &n.to_string())]);
                        view! { <span class="me-sync__count">" (" {text} ")"</span> }
                    })
            }}
        </p>
    }
}
