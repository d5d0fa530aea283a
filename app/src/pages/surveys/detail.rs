//! `/surveys/:id`: the builder and the results for the prefecture, the answer form for a
//! municipality that was asked.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use tsunagu_core::domain::RecordKind;

use super::answer_form::AnswerForm;
use super::builder::SurveyBuilder;
use super::records::survey;
use super::results::SurveyResultsView;
use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::survey::survey_texts;
use crate::state::{Locale, Workspace};
use crate::ui::access::may_write;
use crate::ui::page_title::use_page_title;

/// Whose view of the survey the user gets.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Audience {
    /// Prefecture staff: may build (admin) or only read results (viewer).
    Prefecture {
        may_build: bool,
    },
    Municipality,
    NotAsked,
    Missing,
}

#[component]
pub fn SurveyPage() -> impl IntoView {
    let params = use_params_map();
    let workspace = Workspace::expect();
    let locale = Locale::expect();
    let t = move || survey_texts(locale.get());
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let record = Memo::new(move |_| survey(workspace, &id.get()));
    let audience = Memo::new(move |_| {
        let who = workspace.connection().and_then(|c| c.who);
        let Some(record) = record.get() else {
            return Audience::Missing;
        };
        match who {
            Some(who) if who.org.is_prefecture() => Audience::Prefecture {
                may_build: may_write(Some(&who), RecordKind::Survey, &record.org),
            },
            Some(who) if record.survey.published && record.asks(&who.org) => Audience::Municipality,
            _ => Audience::NotAsked,
        }
    });
    use_page_title(move || {
        record
            .with(|r| r.as_ref().map(|r| r.survey.title.clone()))
            .unwrap_or_else(|| t().not_found_heading.to_owned())
    });

    view! {
        <WorkspaceGate>
            <p class="breadcrumb no-print">
                <a href="/surveys">{locale.word(|l| survey_texts(l).back_to_list)}</a>
            </p>
            {move || match audience.get() {
                Audience::Prefecture { may_build } => view! {
                    <SurveyBuilder record may_build/>
                    <SurveyResultsView record/>
                }
                .into_any(),
                Audience::Municipality => view! { <AnswerForm record/> }.into_any(),
                Audience::NotAsked => view! {
                    <h1>{move || record.with(|r| r.as_ref().map(|r| r.survey.title.clone()))}</h1>
                    <p class="notice">{locale.word(|l| survey_texts(l).not_targeted)}</p>
                }
                .into_any(),
                Audience::Missing => view! {
                    <h1>{locale.word(|l| survey_texts(l).not_found_heading)}</h1>
                    <p>{locale.word(|l| survey_texts(l).not_found_body)}</p>
                }
                .into_any(),
            }}
        </WorkspaceGate>
    }
}
