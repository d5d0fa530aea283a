//! `/prefecture/measures` (施策検索): the prefecture's search across every organisation's
//! measures, with CSV and XLSX of what it found. Read from this device's replica, so it works
//! offline. The app keeps the filters; the tools module reads the replica's records (sent
//! without the pulled history) and writes the screen and the files (`core::measure_search`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::lang::Lang;
use tsunagu_core::measure_search::{
    measure_search_texts, MeasureSearchScreen, ScreenOutput, SearchFilter, PAGE,
};
use tsunagu_core::tools::ToolRequest;

use crate::components::html_block::Action;
use crate::components::tool_markup::{ToolMarkup, ToolMarkupView};
use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::measure::fill;
use crate::state::{Locale, Workspace};
use crate::tools::{self, screen_left};
use crate::ui::dates::today;
use crate::ui::download::{save_file, CSV_MIME, XLSX_MIME};
use crate::ui::page_title::use_page_title;

#[component]
pub fn MeasureSearchPage() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || measure_search_texts(locale.get().into());
    use_page_title(move || t().heading.to_owned());
    let is_prefecture =
        Memo::new(move |_| workspace.own_org().is_some_and(|org| org.is_prefecture()));
    view! {
        <h1>{move || t().heading}</h1>
        <p class="lead">{move || t().intro}</p>
        <WorkspaceGate>
            {move || if is_prefecture.get() {
                view! { <MeasureSearch/> }.into_any()
            } else {
                view! {
                    <p class="notice">
                        {locale.word(|l| crate::i18n::prefecture::prefecture_texts(l).dashboard_prefecture_only)}
                    </p>
                }
                .into_any()
            }}
        </WorkspaceGate>
    }
}

/// The screen's state: the filters, and the markup the tools module last wrote.
#[derive(Clone, Copy)]
struct Search {
    workspace: Workspace,
    locale: Locale,
    filter: RwSignal<SearchFilter>,
    part: ToolMarkup,
}

impl Search {
    fn lang(self) -> Lang {
        self.locale.get_untracked().into()
    }

    /// Asks the tools module for `output` over the replica at `generation`.
    /// The filters are read first: the screen may be left while the module answers.
    async fn ask(self, generation: u64, output: ScreenOutput) -> Result<Vec<u8>, String> {
        let filter = self.filter.try_get_untracked().ok_or_else(screen_left)?;
        let screen = MeasureSearchScreen {
            generation,
            today: today(),
            lang: self.lang(),
            filter,
            output,
        };
        tools::over_replica(self.workspace, generation, false, || {
            ToolRequest::MeasureSearch(Box::new(screen.clone()))
        })
        .await
    }

    /// Writes the screen anew (reactive: runs again when the replica or the filters change).
    fn refresh(self) {
        let generation = self.workspace.revision();
        self.filter.track();
        self.locale.get();
        spawn_local(async move {
            match self.ask(generation, ScreenOutput::Screen).await {
                // The replica changed meanwhile: the refresh that change started shows it.
                Ok(_) if untrack(|| self.workspace.revision()) != generation => {}
                Ok(bytes) => self.part.show(&bytes, "ms-"),
                Err(detail) => self.fail(&detail),
            }
        });
    }

    /// Saves every measure found as CSV or XLSX.
    fn export(self, output: ScreenOutput) {
        let generation = untrack(|| self.workspace.revision());
        let (extension, mime) = match output {
            ScreenOutput::Xlsx => ("xlsx", XLSX_MIME),
            _ => ("csv", CSV_MIME),
        };
        let name = format!(
            "{}.{extension}",
            measure_search_texts(self.lang()).file_stem
        );
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

    fn fail(self, detail: &str) {
        let words = measure_search_texts(self.lang()).failed;
        self.part
            .failure
            .set(Some(fill(words, &[("detail", detail)])));
    }

    fn act(self, action: Action) {
        match action.name.as_str() {
            "csv" => return self.export(ScreenOutput::Csv),
            "xlsx" => return self.export(ScreenOutput::Xlsx),
            _ => {}
        }
        let value = action.value();
        // Enter in the words' box sends the form: read the box, whose change may not have come.
        let query = (action.name == "search")
            .then(|| action.element.query_selector("#ms-query").ok().flatten())
            .flatten()
            .map(|input| {
                Action {
                    name: String::new(),
                    element: input,
                }
                .value()
            });
        self.filter.update(|filter| {
            match action.name.as_str() {
                "filter-query" => filter.query = value,
                "search" => filter.query = query.unwrap_or_default(),
                "filter-org" => filter.org = value,
                "filter-area" => filter.area = value,
                "filter-status" => filter.status = value,
                "filter-priority" => filter.priority_only = action.checked(),
                "filter-overdue" => filter.overdue_only = action.checked(),
                "more" => {
                    filter.shown += PAGE;
                    return;
                }
                _ => return,
            }
            // Another search shows the first page again.
            filter.shown = PAGE;
        });
    }
}

#[component]
fn MeasureSearch() -> impl IntoView {
    let search = Search {
        workspace: Workspace::expect(),
        locale: Locale::expect(),
        filter: RwSignal::new(SearchFilter::default()),
        part: ToolMarkup::new(),
    };
    Effect::new(move |_| search.refresh());
    let act = Callback::new(move |action| search.act(action));
    view! { <ToolMarkupView part=search.part on_action=act/> }
}
