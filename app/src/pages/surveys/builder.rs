//! The prefecture's survey builder: title, description, deadline, the municipalities asked,
//! and the questions; then 公開. Every change is saved at once (offline too), field by field.
//! Once published, the questions are fixed: answers refer to their ids.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use tsunagu_core::domain::survey::Survey;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::import::screen::ImportTarget;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::org::OrgCode;
use tsunagu_core::sorting;
use tsunagu_core::text::fold_width;
use tsunagu_core::validation::ValidationError;

use super::problems::ProblemList;
use super::question_editor::QuestionList;
use super::records::{municipalities, save_survey, SurveyRecord};
use crate::components::import_panel::ImportPanel;
use crate::components::when::When;
use crate::i18n::survey::survey_texts;
use crate::state::{Locale, Workspace};
use crate::ui::dates::{input_date_value, parse_input_date};
use crate::ui::ime::guard_composing_enter;

/// Why the builder's last change was not saved; empty once a change is.
#[derive(Clone, Copy)]
struct RefusedEdit(RwSignal<Vec<ValidationError>>);

/// Applies `change` to the current survey and saves what it changed, unless the result breaks
/// a rule (a blank question, a single choice): a survey that cannot be read would vanish from
/// every screen, so the change is refused in words and the stored survey stays as it was.
pub fn edit_survey(record: Memo<Option<SurveyRecord>>, change: impl FnOnce(&mut Survey)) {
    let Some(current) = record.get_untracked() else {
        return;
    };
    let mut next = current.survey.clone();
    change(&mut next);
    let errors = next.validate().err().unwrap_or_default();
    if let Some(RefusedEdit(refused)) = use_context::<RefusedEdit>() {
        refused.set(errors.clone());
    }
    if !errors.is_empty() {
        return;
    }
    save_survey(
        Workspace::expect(),
        &current.org,
        Some(&current.survey),
        &next,
    );
}

fn input_value(ev: &leptos::ev::Event) -> String {
    fold_width(&event_target_value(ev)).trim().to_owned()
}

#[component]
pub fn SurveyBuilder(record: Memo<Option<SurveyRecord>>, may_build: bool) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let navigate = use_navigate();
    let t = move || survey_texts(locale.get());
    let read = move |f: fn(&Survey) -> String| {
        record.with(|r| r.as_ref().map(|r| f(&r.survey)).unwrap_or_default())
    };
    let published =
        Memo::new(move |_| record.with(|r| r.as_ref().is_some_and(|r| r.survey.published)));
    let problems = RwSignal::new(Vec::<ValidationError>::new());
    let refused = RwSignal::new(Vec::<ValidationError>::new());
    provide_context(RefusedEdit(refused));
    let everyone = Memo::new(move |_| {
        record.with(|r| r.as_ref().is_some_and(|r| r.survey.targets.is_empty()))
    });
    let towns = Memo::new(move |_| municipalities(workspace));
    // The survey as the import panel names it.
    let survey_key = Memo::new(move |_| {
        record.with(|r| {
            r.as_ref()
                .map(|r| RecordKey::new(RecordKind::Survey, r.survey.id.clone()))
        })
    });
    let survey_owner = Memo::new(move |_| record.with(|r| r.as_ref().map(|r| r.org.clone())));

    let publish = move |_| {
        let Some(current) = record.get_untracked() else {
            return;
        };
        let mut errors = current.survey.validate().err().unwrap_or_default();
        if current.survey.questions.is_empty() {
            errors.push(ValidationError::new(
                "questions",
                "add at least one question",
            ));
        }
        problems.set(errors.clone());
        if !errors.is_empty() {
            return;
        }
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(t().publish_confirm).ok())
            .unwrap_or(false);
        if confirmed {
            edit_survey(record, |s| s.published = true);
        }
    };
    let delete = move |_| {
        let Some(current) = record.get_untracked() else {
            return;
        };
        workspace.delete(
            &current.org,
            &RecordKey::new(RecordKind::Survey, current.survey.id.clone()),
        );
        navigate("/surveys", Default::default());
    };
    let toggle_target = move |code: OrgCode, checked: bool| {
        edit_survey(record, |s| {
            s.targets.retain(|c| c != &code);
            if checked {
                s.targets.push(code);
                sorting::sort(&mut s.targets);
            }
        });
    };

    view! {
        <h1>{move || read(|s| s.title.clone())}</h1>
        <When when=move || published.get()>
            <p class="notice no-print">{locale.word(|l| survey_texts(l).published_notice)}</p>
        </When>
        <When when=move || !may_build>
            <p class="notice no-print">{locale.word(|l| survey_texts(l).locked_notice)}</p>
        </When>
        // Folded once published: the results are what the prefecture comes back for.
        <details class="card no-print builder" prop:open=move || !published.get()>
            <summary>
                <h2 class="builder__heading">{locale.word(|l| survey_texts(l).builder_heading)}</h2>
            </summary>
            <form class="form" on:submit=|ev| ev.prevent_default() on:keydown=guard_composing_enter novalidate>
                <div class="form__field form__field--wide">
                    <label for="survey-title">{locale.word(|l| survey_texts(l).field_title)}</label>
                    <input
                        id="survey-title"
                        type="text"
                        maxlength="200"
                        prop:value=move || read(|s| s.title.clone())
                        disabled=!may_build
                        on:change=move |ev| {
                            let title = input_value(&ev);
                            if !title.is_empty() {
                                edit_survey(record, |s| s.title = title);
                            }
                        }
                    />
                </div>
                <div class="form__field form__field--wide">
                    <label for="survey-description">{locale.word(|l| survey_texts(l).field_description)}</label>
                    <textarea
                        id="survey-description"
                        rows="3"
                        prop:value=move || read(|s| s.description.clone())
                        disabled=!may_build
                        on:change=move |ev| {
                            let text = event_target_value(&ev);
                            edit_survey(record, |s| s.description = text);
                        }
                    ></textarea>
                </div>
                <div class="form__field">
                    <label for="survey-deadline">{locale.word(|l| survey_texts(l).field_deadline)}</label>
                    <input
                        id="survey-deadline"
                        type="date"
                        prop:value=move || record.with(|r| input_date_value(r.as_ref().map(|r| r.survey.deadline)))
                        disabled=!may_build
                        on:change=move |ev| {
                            if let Some(date) = parse_input_date(&event_target_value(&ev)) {
                                edit_survey(record, |s| s.deadline = date);
                            }
                        }
                    />
                </div>
                <fieldset class="form__field form__field--wide">
                    <legend>{locale.word(|l| survey_texts(l).field_targets)}</legend>
                    <label class="choice">
                        <input
                            type="radio"
                            name="survey-targets"
                            prop:checked=move || everyone.get()
                            disabled=!may_build
                            on:change=move |_| edit_survey(record, |s| s.targets.clear())
                        />
                        {locale.word(|l| survey_texts(l).targets_all)}
                    </label>
                    <label class="choice">
                        <input
                            type="radio"
                            name="survey-targets"
                            prop:checked=move || !everyone.get()
                            disabled=!may_build
                            on:change=move |_| {
                                // Start from everyone, then untick: the usual way to leave a few out.
                                let all: Vec<OrgCode> = towns.get_untracked().into_iter().map(|o| o.code).collect();
                                edit_survey(record, |s| s.targets = all);
                            }
                        />
                        {locale.word(|l| survey_texts(l).targets_some)}
                    </label>
                    <When when=move || !everyone.get()>
                        <div class="target-list">
                            {move || {
                                towns
                                    .get()
                                    .into_iter()
                                    .map(|org| {
                                        let code = org.code.clone();
                                        let checked_code = org.code.clone();
                                        view! {
                                            <label class="choice">
                                                <input
                                                    type="checkbox"
                                                    prop:checked=move || record.with(|r| r.as_ref().is_some_and(|r| r.survey.targets.contains(&checked_code)))
                                                    disabled=!may_build
                                                    on:change=move |ev| toggle_target(code.clone(), event_target_checked(&ev))
                                                />
                                                {org.name}
                                            </label>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </div>
                    </When>
                </fieldset>
            </form>
            <QuestionList record editable=Signal::derive(move || may_build && !published.get())/>
            <ProblemList heading=Signal::derive(move || t().edit_refused_heading) problems=refused/>
            <ProblemList heading=Signal::derive(move || t().problems_heading) problems/>
            <When when=move || may_build && !published.get()>
                <ImportPanel target=ImportTarget::Survey plan=survey_key owner=survey_owner/>
                <p class="actions">
                    <button type="button" class="button--primary" on:click=publish>
                        {locale.word(|l| survey_texts(l).publish)}
                    </button>
                    <button type="button" class="button--danger" on:click=delete.clone()>
                        {locale.word(|l| survey_texts(l).delete_draft)}
                    </button>
                </p>
            </When>
        </details>
    }
}
