//! The prefecture's view of a survey's answers: response rate, who has not answered, and per
//! question the counts and shares with a chart; exported as CSV or XLSX, or printed. The
//! tools module writes the markup and the files over the device's replica
//! (`core::survey_results`), so none of that code is in the app's first load.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::survey_results::{results_texts, SurveyResultsScreen};
use tsunagu_core::tools::{ScreenOutput, ToolRequest};

use super::records::SurveyRecord;
use crate::components::html_block::Action;
use crate::components::tool_markup::{ToolMarkup, ToolMarkupView};
use crate::i18n::measure::fill;
use crate::i18n::survey::survey_texts;
use crate::state::{Locale, Workspace};
use crate::tools;
use crate::ui::download::{print_page, save_file, CSV_MIME, XLSX_MIME};

#[derive(Clone, Copy)]
struct Results {
    workspace: Workspace,
    locale: Locale,
    survey_id: Memo<Option<String>>,
    part: ToolMarkup,
}

impl Results {
    async fn ask(self, generation: u64, output: ScreenOutput) -> Result<Vec<u8>, String> {
        // Read first: the screen may be left while the module answers.
        let Some(survey_id) = self
            .survey_id
            .try_get_untracked()
            .ok_or_else(tools::screen_left)?
        else {
            return Ok(Vec::new());
        };
        let lang = self.locale.get_untracked().into();
        tools::over_replica(self.workspace, generation, false, || {
            ToolRequest::SurveyResults(Box::new(SurveyResultsScreen {
                generation,
                lang,
                survey_id: survey_id.clone(),
                output,
                stem: String::new(),
            }))
        })
        .await
    }

    /// Writes the results anew (reactive: the replica, the survey, the language).
    fn refresh(self) {
        let generation = self.workspace.revision();
        self.survey_id.track();
        self.locale.get();
        spawn_local(async move {
            match self.ask(generation, ScreenOutput::Screen).await {
                Ok(_) if untrack(|| self.workspace.revision()) != generation => {}
                Ok(bytes) => self.part.show(&bytes, "results-"),
                Err(detail) => self.fail(&detail),
            }
        });
    }

    fn fail(self, detail: &str) {
        let words = results_texts(self.locale.get_untracked().into()).failed;
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
        let name = format!(
            "survey-{}.{extension}",
            self.survey_id.get_untracked().unwrap_or_default()
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
}

#[component]
pub fn SurveyResultsView(record: Memo<Option<SurveyRecord>>) -> impl IntoView {
    let locale = Locale::expect();
    let results = Results {
        workspace: Workspace::expect(),
        locale,
        survey_id: Memo::new(move |_| record.with(|r| r.as_ref().map(|r| r.survey.id.clone()))),
        part: ToolMarkup::new(),
    };
    Effect::new(move |_| results.refresh());
    let act = Callback::new(move |action| results.act(action));
    view! {
        <section class="survey-results" aria-labelledby="results-heading">
            <h2 id="results-heading">{locale.word(|l| survey_texts(l).results_heading)}</h2>
            <ToolMarkupView part=results.part on_action=act/>
        </section>
    }
}
