//! The prefecture's view of a survey's answers: response rate, who has not answered, and per
//! question the counts and shares with a chart; exported as CSV or XLSX, or printed. The
//! tools module writes the markup and the files over the device's replica
//! (`core::survey_results`), so none of that code is in the app's first load.

use leptos::prelude::*;
use tsunagu_core::survey_results::{results_texts, SurveyResultsScreen};
use tsunagu_core::tools::ToolRequest;

use super::records::SurveyRecord;
use crate::components::replica_screen::{ReplicaScreenView, RequestFor};
use crate::i18n::survey::survey_texts;
use crate::state::Locale;

#[component]
pub fn SurveyResultsView(record: Memo<Option<SurveyRecord>>) -> impl IntoView {
    let locale = Locale::expect();
    let survey_id = Memo::new(move |_| record.with(|r| r.as_ref().map(|r| r.survey.id.clone())));
    let request: Box<RequestFor> = Box::new(move |generation, output, lang| {
        let survey_id = survey_id.get()?;
        Some(ToolRequest::SurveyResults(Box::new(SurveyResultsScreen {
            generation,
            lang,
            survey_id,
            output,
            stem: String::new(),
        })))
    });
    let stem =
        Box::new(move || format!("survey-{}", survey_id.get_untracked().unwrap_or_default()));
    view! {
        <section class="survey-results" aria-labelledby="results-heading">
            <h2 id="results-heading">{locale.word(|l| survey_texts(l).results_heading)}</h2>
            <ReplicaScreenView
                request
                stem
                failed=|lang| results_texts(lang).failed
                prefix="results-"
            />
        </section>
    }
}
