//! `/activity` (活動): who changed which record, and when, newest first: every organisation the
//! prefecture's staff can read; a municipality's own (and what it reads of its prefecture's).
//! Read from this device's replica, so it works offline. The app keeps only the filters and
//! hands the tools module the replica (its records and the changes it pulled, once for each
//! revision) and the filters; the tools module builds the feed (`core::feed`) and writes the
//! screen's markup and the CSV (`core::feed::screen`), which keeps all of it out of the app's
//! first load. The parts are shown with `components::html_block`.

use std::cell::Cell;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::feed::screen::{ActivityFilter, ActivityScreen, PAGE};
use tsunagu_core::tools::{ToolError, ToolRequest};

use crate::components::html_block::{Action, HtmlBlock};
use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::activity::activity_texts;
use crate::i18n::measure::fill;
use crate::state::workspace::now_ms;
use crate::state::{Locale, Workspace};
use crate::tools::{self, ToolsError};
use crate::ui::download::{save_file, CSV_MIME};
use crate::ui::page_title::use_page_title;
use wasm_bindgen::JsCast;

thread_local! {
    /// The replica revision the tools module was last sent, plus one (0: none).
    static SENT: Cell<u64> = const { Cell::new(0) };
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let locale = Locale::expect();
    let t = move || activity_texts(locale.get());
    use_page_title(move || t().heading.to_owned());
    view! {
        <h1>{move || t().heading}</h1>
        <p class="lead">{move || t().intro}</p>
        <WorkspaceGate>
            <ActivityFeed/>
        </WorkspaceGate>
    }
}

/// The screen's state: the filters, and the markup the tools module last wrote.
#[derive(Clone, Copy)]
struct Activity {
    workspace: Workspace,
    locale: Locale,
    filter: RwSignal<ActivityFilter>,
    markup: RwSignal<String>,
    /// What went wrong last, in words.
    failure: RwSignal<Option<String>>,
}

impl Activity {
    /// What the tools module needs besides the replica.
    fn screen(self, generation: u64) -> ActivityScreen {
        ActivityScreen {
            generation,
            now_ms: now_ms(),
            lang: self.locale.get_untracked().into(),
            own: untrack(|| self.workspace.own_org())
                .map(|code| code.to_string())
                .unwrap_or_default(),
            filter: self.filter.get_untracked(),
        }
    }

    /// Sends the replica at `generation` unless the tools module holds it already.
    async fn send_data(self, generation: u64) -> Result<(), String> {
        if SENT.get() == generation + 1 {
            return Ok(());
        }
        // The older writes are in IndexedDB, read anew with each revision (a sync adds some).
        let history = self
            .workspace
            .all_history()
            .await
            .map_err(|e| e.to_string())?;
        let data = self
            .workspace
            .activity_data(generation, &history)
            .map_err(|e| e.to_string())?;
        drop(history);
        tools::run_json(format!("{{\"ActivityData\":{data}}}"))
            .await
            .map_err(|e| e.to_string())?;
        SENT.set(generation + 1);
        Ok(())
    }

    /// Asks the tools module for the screen (`csv`: the CSV) over the replica at `generation`,
    /// sending the replica first when it does not hold it (again, after it was restarted).
    async fn ask(self, generation: u64, csv: bool) -> Result<Vec<u8>, String> {
        let mut answer = Err(ToolsError::Refused(ToolError::ActivityDataMissing));
        for _ in 0..2 {
            self.send_data(generation).await?;
            let screen = Box::new(self.screen(generation));
            answer = tools::run(if csv {
                ToolRequest::ActivityCsv(screen)
            } else {
                ToolRequest::ActivityScreen(screen)
            })
            .await;
            if answer != Err(ToolsError::Refused(ToolError::ActivityDataMissing)) {
                break;
            }
            SENT.set(0);
        }
        answer.map_err(|e| e.to_string())
    }

    /// Writes the screen anew (reactive: runs again when the replica or the filters change).
    fn refresh(self) {
        let generation = self.workspace.revision();
        self.filter.track();
        self.locale.get();
        spawn_local(async move {
            match self.ask(generation, false).await {
                // The replica changed meanwhile: the refresh that change started shows it.
                Ok(_) if untrack(|| self.workspace.revision()) != generation => {}
                Ok(bytes) => {
                    let markup = String::from_utf8_lossy(&bytes).into_owned();
                    let document = web_sys::window().and_then(|w| w.document());
                    let focused = document
                        .as_ref()
                        .and_then(|d| d.active_element())
                        .map(|e| e.id())
                        .filter(|id| id.starts_with("activity-"));
                    // Written into the page again only when it changed.
                    if self.markup.with_untracked(|old| *old != markup) {
                        self.markup.set(markup);
                    }
                    self.failure.set(None);
                    // The control that had the focus (a filter, さらに表示) is in the markup
                    // written again: it gets the focus back once the page shows it.
                    if let (Some(document), Some(id)) = (document, focused) {
                        Timeout::new(0, move || {
                            let control = document
                                .get_element_by_id(&id)
                                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                            if let Some(control) = control {
                                let _ = control.focus();
                            }
                        })
                        .forget();
                    }
                }
                Err(detail) => self.fail(&detail),
            }
        });
    }

    /// Saves the whole filtered feed as CSV.
    fn export(self) {
        let generation = untrack(|| self.workspace.revision());
        let name = format!(
            "{}.csv",
            activity_texts(self.locale.get_untracked()).file_stem
        );
        spawn_local(async move {
            let saved = match self.ask(generation, true).await {
                Ok(bytes) => save_file(&name, CSV_MIME, &bytes).map_err(|e| e.to_string()),
                Err(detail) => Err(detail),
            };
            if let Err(detail) = saved {
                self.fail(&detail);
            }
        });
    }

    fn fail(self, detail: &str) {
        let words = activity_texts(self.locale.get_untracked()).failed;
        self.failure.set(Some(fill(words, &[("detail", detail)])));
    }

    fn act(self, action: Action) {
        let value = action.value();
        self.filter.update(|filter| {
            match action.name.as_str() {
                "filter-org" => filter.org = value,
                "filter-person" => filter.author = value,
                "filter-kind" => filter.kind = value,
                "filter-period" => filter.period = value,
                "more" => {
                    filter.shown += PAGE;
                    return;
                }
                _ => return,
            }
            // Another choice shows the first page again.
            filter.shown = PAGE;
        });
        if action.name == "csv" {
            self.export();
        }
    }
}

#[component]
fn ActivityFeed() -> impl IntoView {
    let workspace = Workspace::expect();
    let activity = Activity {
        workspace,
        locale: Locale::expect(),
        filter: RwSignal::new(ActivityFilter::starting(workspace.own_org().as_ref())),
        markup: RwSignal::new(String::new()),
        failure: RwSignal::new(None),
    };
    Effect::new(move |_| activity.refresh());
    let act = Callback::new(move |action| activity.act(action));
    // What went wrong, in words; until the tools module has written the screen the first
    // time (it is loaded then), that it is loading.
    let status = move || match activity.failure.get() {
        Some(words) => {
            view! { <p class="notice notice--error" role="alert">{format!("⚠ {words}")}</p> }
                .into_any()
        }
        None => {
            let busy = activity.markup.with(String::is_empty);
            let words = if busy {
                activity.locale.get().texts().loading
            } else {
                ""
            };
            view! { <p aria-busy=busy.to_string()>{words}</p> }.into_any()
        }
    };
    view! {
        <div aria-live="polite">{status}</div>
        <HtmlBlock html=activity.markup on_action=act/>
    }
}
