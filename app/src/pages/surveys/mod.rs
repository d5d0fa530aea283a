//! `/surveys` and `/surveys/:id`: the prefecture builds, publishes and reads surveys; a
//! municipality answers the ones sent to it, offline too.

mod answer_form;
mod builder;
mod detail;
mod problems;
mod question_editor;
mod records;
mod results;

pub use detail::SurveyPage;
pub use records::municipality_codes;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use tsunagu_core::domain::survey::{survey_results, Survey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::org::OrgCode;

use crate::components::when::When;
use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::survey::survey_texts;
use crate::state::{Locale, Workspace};
use crate::ui::access::may_write;
use crate::ui::dates::{format_date, today};
use crate::ui::ids::new_survey_id;
use crate::ui::page_title::use_page_title;
use records::{all_surveys, is_closed, own_response, responses, save_survey, SurveyRecord};

#[component]
pub fn SurveyListPage() -> impl IntoView {
    let locale = Locale::expect();
    let t = move || survey_texts(locale.get());
    use_page_title(move || t().list_heading.to_owned());
    view! {
        <WorkspaceGate>
            <SurveyList/>
        </WorkspaceGate>
    }
}

#[component]
fn SurveyList() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let navigate = use_navigate();
    let t = move || survey_texts(locale.get());
    let who = Memo::new(move |_| workspace.connection().and_then(|c| c.who));
    let prefecture = Memo::new(move |_| who.with(|w| w.as_ref().map(|w| w.prefecture.clone())));
    let may_build = Memo::new(move |_| {
        who.with(|w| {
            w.as_ref()
                .is_some_and(|w| may_write(Some(w), RecordKind::Survey, &w.prefecture))
        })
    });
    let is_prefecture =
        Memo::new(move |_| who.with(|w| w.as_ref().is_some_and(|w| w.org.is_prefecture())));
    let towns = Memo::new(move |_| municipality_codes(workspace));
    let surveys = Memo::new(move |_| {
        let own = who.with(|w| w.as_ref().map(|w| w.org.clone()));
        all_surveys(workspace)
            .into_iter()
            // A municipality sees what was published to it; the prefecture sees drafts too.
            .filter(|record| match &own {
                Some(org) if !org.is_prefecture() => record.survey.published && record.asks(org),
                _ => true,
            })
            .collect::<Vec<_>>()
    });

    let create = move |template: bool| {
        let (Some(org), Some(_)) = (prefecture.get_untracked(), who.get_untracked()) else {
            return;
        };
        let id = new_survey_id(&org);
        let deadline = today() + chrono::Days::new(30);
        let survey = if template {
            Survey::iwate_2021(id.clone(), deadline)
        } else {
            Survey::new(id.clone(), t().new_survey_title, deadline)
        };
        save_survey(workspace, &org, None, &survey);
        navigate(&format!("/surveys/{id}"), Default::default());
    };
    let create_template = create.clone();

    view! {
        <h1>{locale.word(|l| survey_texts(l).list_heading)}</h1>
        <p class="lead">
            {move || if is_prefecture.get() { t().list_lead_prefecture } else { t().list_lead_municipality }}
        </p>
        <When when=move || may_build.get()>
            <p class="actions">
                <button type="button" class="button--primary" on:click={
                    let create = create.clone();
                    move |_| create(false)
                }>
                    <span aria-hidden="true">"＋ "</span>
                    {locale.word(|l| survey_texts(l).new_survey)}
                </button>
                <button type="button" on:click={
                    let create = create_template.clone();
                    move |_| create(true)
                }>
                    {locale.word(|l| survey_texts(l).new_from_iwate)}
                </button>
            </p>
        </When>
        <When
            when=move || surveys.with(|s| !s.is_empty())
            fallback=move || view! { <p class="notice">{locale.word(|l| survey_texts(l).list_empty)}</p> }
        >
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{locale.word(|l| survey_texts(l).col_title)}</th>
                        <th scope="col">{locale.word(|l| survey_texts(l).col_state)}</th>
                        <th scope="col">{locale.word(|l| survey_texts(l).col_deadline)}</th>
                        <th scope="col">
                            {move || if is_prefecture.get() { t().col_responses } else { t().col_my_answer }}
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        surveys
                            .get()
                            .into_iter()
                            .map(|record| view! { <SurveyRow record is_prefecture=is_prefecture.get_untracked() towns/> })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </When>
    }
}

#[component]
fn SurveyRow(
    record: SurveyRecord,
    is_prefecture: bool,
    towns: Memo<Vec<OrgCode>>,
) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = survey_texts(locale.get_untracked());
    let lang = locale.get_untracked();
    let state = if !record.survey.published {
        t.state_draft
    } else if is_closed(&record) {
        t.state_closed
    } else {
        t.state_open
    };
    let progress = if is_prefecture {
        let results = towns.with_untracked(|towns| {
            survey_results(&record.survey, towns, &responses(workspace, &record))
        });
        format!("{} / {}", results.answered, results.targeted.len())
    } else {
        let own = workspace.own_org();
        match own.and_then(|org| own_response(workspace, &record, &org)) {
            Some(response) if response.submitted => t.answer_submitted.to_owned(),
            Some(_) => t.answer_started.to_owned(),
            None => t.answer_none.to_owned(),
        }
    };
    view! {
        <tr>
            <th scope="row">
                <a href=format!("/surveys/{}", record.survey.id)>{record.survey.title.clone()}</a>
            </th>
            <td>{state}</td>
            <td>{format_date(lang, record.survey.deadline)}</td>
            <td>{progress}</td>
        </tr>
    }
}
