//! `/activity` (活動): who changed which record, and when, newest first: every organisation the
//! prefecture's staff can read; a municipality's own (and what it reads of its prefecture's).
//! Read from this device's replica, so it works offline. The app keeps only the filters and
//! hands the tools module the replica (its records and the changes it pulled, once for each
//! revision) and the filters; the tools module builds the feed (`core::feed`) and writes the
//! screen's markup and the CSV (`core::feed::screen`), which keeps all of it out of the app's
//! first load. The parts are shown with `components::html_block`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::feed::screen::{ActivityFilter, ActivityScreen, PAGE};
use tsunagu_core::tools::ToolRequest;

use crate::components::html_block::Action;
use crate::components::tool_markup::{ToolMarkup, ToolMarkupView};
use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::activity::activity_texts;
use crate::i18n::measure::fill;
use crate::state::workspace::now_ms;
use crate::state::{Locale, Workspace};
use crate::tools;
use crate::ui::download::{save_file, CSV_MIME};
use crate::ui::page_title::use_page_title;

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
    part: ToolMarkup,
}

impl Activity {
    /// What the tools module needs besides the replica.
    fn screen(self, generation: u64) -> Option<ActivityScreen> {
        Some(ActivityScreen {
            generation,
            now_ms: now_ms(),
            lang: self.locale.get_untracked().into(),
            own: untrack(|| self.workspace.own_org())
                .map(|code| code.to_string())
                .unwrap_or_default(),
            filter: self.filter.try_get_untracked()?,
        })
    }

    /// Asks the tools module for the screen (`csv`: the CSV) over the replica at `generation`.
    async fn ask(self, generation: u64, csv: bool) -> Result<Vec<u8>, String> {
        // Read first: the screen may be left while the module answers.
        let screen = self.screen(generation).ok_or_else(tools::screen_left)?;
        tools::over_replica(self.workspace, generation, true, || {
            let screen = Box::new(screen.clone());
            if csv {
                ToolRequest::ActivityCsv(screen)
            } else {
                ToolRequest::ActivityScreen(screen)
            }
        })
        .await
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
                Ok(bytes) => self.part.show(&bytes, "activity-"),
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
        self.part
            .failure
            .set(Some(fill(words, &[("detail", detail)])));
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
        part: ToolMarkup::new(),
    };
    Effect::new(move |_| activity.refresh());
    let act = Callback::new(move |action| activity.act(action));
    view! { <ToolMarkupView part=activity.part on_action=act/> }
}
