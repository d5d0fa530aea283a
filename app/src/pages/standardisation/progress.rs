//! The prefecture's standardisation progress: completion per system (with each step), per
//! step, and per municipality, lowest first, as the national progress dashboard shows it;
//! exported as CSV or XLSX, or printed. The tools module writes the markup and the files over
//! the device's replica (`core::standardisation_progress`), so none of that code is in the
//! app's first load.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::standardisation_progress::{progress_texts, ProgressScreen};
use tsunagu_core::tools::{ScreenOutput, ToolRequest};

use crate::components::html_block::Action;
use crate::components::tool_markup::{ToolMarkup, ToolMarkupView};
use crate::i18n::measure::fill;
use crate::state::{Locale, Workspace};
use crate::tools;
use crate::ui::download::{print_page, save_file, CSV_MIME, XLSX_MIME};

#[derive(Clone, Copy)]
struct Progress {
    workspace: Workspace,
    locale: Locale,
    part: ToolMarkup,
}

impl Progress {
    /// Asks the tools module for `output` over the replica at `generation`.
    async fn ask(self, generation: u64, output: ScreenOutput) -> Result<Vec<u8>, String> {
        let lang = self.locale.get_untracked().into();
        tools::over_replica(self.workspace, generation, false, || {
            ToolRequest::StandardisationProgress(Box::new(ProgressScreen {
                generation,
                lang,
                output,
            }))
        })
        .await
    }

    /// Writes the progress anew (reactive: the replica, the language).
    fn refresh(self) {
        let generation = self.workspace.revision();
        self.locale.get();
        spawn_local(async move {
            match self.ask(generation, ScreenOutput::Screen).await {
                // The replica changed meanwhile: the refresh that change started shows it.
                Ok(_) if untrack(|| self.workspace.revision()) != generation => {}
                Ok(bytes) => self.part.show(&bytes, "progress-"),
                Err(detail) => self.fail(&detail),
            }
        });
    }

    fn fail(self, detail: &str) {
        let words = progress_texts(self.locale.get_untracked().into()).failed;
        self.part
            .failure
            .set(Some(fill(words, &[("detail", detail)])));
    }

    fn act(self, action: Action) {
        let (output, extension, mime) = match action.name.as_str() {
            "csv" => (ScreenOutput::Csv, "csv", CSV_MIME),
            "xlsx" => (ScreenOutput::Xlsx, "xlsx", XLSX_MIME),
            "print" => return print_page(),
            _ => return,
        };
        let generation = untrack(|| self.workspace.revision());
        let name = format!("standardisation.{extension}");
        spawn_local(async move {
            let saved = match self.ask(generation, output).await {
                Ok(bytes) => save_file(&name, mime, &bytes).map_err(|e| e.to_string()),
                Err(detail) => Err(detail),
            };
            if let Err(detail) = saved {
                self.fail(&detail);
            }
        });
    }
}

#[component]
pub fn TrackerProgress() -> impl IntoView {
    let progress = Progress {
        workspace: Workspace::expect(),
        locale: Locale::expect(),
        part: ToolMarkup::new(),
    };
    Effect::new(move |_| progress.refresh());
    let act = Callback::new(move |action| progress.act(action));
    view! { <ToolMarkupView part=progress.part on_action=act/> }
}
