//! A read-only screen the tools module writes over the device's replica (a survey's results,
//! the standardisation progress): written again when the replica or the language changes; its
//! CSV and XLSX buttons save the files the module writes, its print button prints the page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::lang::Lang;
use tsunagu_core::tools::{ScreenOutput, ToolRequest};

use crate::components::html_block::Action;
use crate::components::tool_markup::{ToolMarkup, ToolMarkupView};
use crate::i18n::measure::fill;
use crate::state::{Locale, Workspace};
use crate::tools;
use crate::ui::download::{print_page, save_file, CSV_MIME, XLSX_MIME};

/// The module's request for one output of the screen at a generation, in a language; `None`
/// when there is nothing to ask (no survey chosen). Reactive reads in it are tracked.
pub type RequestFor = dyn Fn(u64, ScreenOutput, Lang) -> Option<ToolRequest> + Send + Sync;
/// Names a screen's exported files.
pub type StemFor = dyn Fn() -> String + Send + Sync;

#[derive(Clone, Copy)]
struct ReplicaScreen {
    workspace: Workspace,
    locale: Locale,
    part: ToolMarkup,
    request: StoredValue<Box<RequestFor>>,
    /// Names the exported files (read at the click).
    stem: StoredValue<Box<StemFor>>,
    /// The words for a failure, with `{detail}`.
    failed: fn(Lang) -> &'static str,
    /// The id prefix of the markup's controls (see [`ToolMarkup::show`]).
    prefix: &'static str,
}

impl ReplicaScreen {
    /// The request for `output` over the replica at `generation`, made now (the screen may be
    /// left while the module answers), and the module's answer.
    fn ask(
        self,
        generation: u64,
        output: ScreenOutput,
    ) -> impl std::future::Future<Output = Result<Vec<u8>, String>> {
        let lang = self.locale.get().into();
        let request = self
            .request
            .try_with_value(|request| request(generation, output, lang));
        async move {
            match request.ok_or_else(tools::screen_left)? {
                Some(request) => {
                    tools::over_replica(self.workspace, generation, false, || request.clone()).await
                }
                None => Ok(Vec::new()),
            }
        }
    }

    /// Writes the screen anew (reactive: the replica, the language, what the request reads).
    fn refresh(self) {
        let generation = self.workspace.revision();
        let answer = self.ask(generation, ScreenOutput::Screen);
        spawn_local(async move {
            match answer.await {
                // The replica changed meanwhile: the refresh that change started shows it.
                Ok(_) if untrack(|| self.workspace.revision()) != generation => {}
                Ok(bytes) => self.part.show(&bytes, self.prefix),
                Err(detail) => self.fail(&detail),
            }
        });
    }

    fn fail(self, detail: &str) {
        let words = (self.failed)(self.locale.get_untracked().into());
        self.part
            .failure
            .set(Some(fill(words, &[("detail", detail)])));
    }

    /// Saves the CSV or XLSX, named by `stem` with its extension, or prints the page.
    fn act(self, action: Action) {
        let (output, extension, mime) = match action.name.as_str() {
            "csv" => (ScreenOutput::Csv, "csv", CSV_MIME),
            "xlsx" => (ScreenOutput::Xlsx, "xlsx", XLSX_MIME),
            "print" => return print_page(),
            _ => return,
        };
        let answer = untrack(|| self.ask(self.workspace.revision(), output));
        let stem = self.stem.try_with_value(|stem| stem()).unwrap_or_default();
        spawn_local(async move {
            let saved = answer.await.and_then(|bytes| {
                save_file(&format!("{stem}.{extension}"), mime, &bytes).map_err(|e| e.to_string())
            });
            if let Err(detail) = saved {
                self.fail(&detail);
            }
        });
    }
}

/// The screen `request` makes, kept current; `stem` names its exported files (read at the
/// click); `failed` words a failure (`{detail}`); `prefix` is its controls' id prefix. Boxed,
/// not generic: one copy of the component for every screen.
#[component]
pub fn ReplicaScreenView(
    request: Box<RequestFor>,
    stem: Box<StemFor>,
    failed: fn(Lang) -> &'static str,
    prefix: &'static str,
) -> impl IntoView {
    let screen = ReplicaScreen {
        workspace: Workspace::expect(),
        locale: Locale::expect(),
        part: ToolMarkup::new(),
        request: StoredValue::new(request),
        stem: StoredValue::new(stem),
        failed,
        prefix,
    };
    Effect::new(move |_| screen.refresh());
    let act = Callback::new(move |action| screen.act(action));
    view! { <ToolMarkupView part=screen.part on_action=act/> }
}
