//! `/checklist`: the four steps of the national procedure guide (自治体DX全体手順書) as the
//! organisation's maturity checklist: done, date reached and a note per step, each saved as
//! one field of the `step_checklist` record `{org}-steps`.

use leptos::prelude::*;
use serde_json::Value;
use tsunagu_core::access::checklist_id;
use tsunagu_core::client::FieldKey;
use tsunagu_core::domain::{validate_field, RecordKind, Step, StepChecklist, StepEntry};
use tsunagu_core::merge::RecordKey;
use tsunagu_core::org::OrgCode;
use tsunagu_core::text::normalize_multiline;

use crate::components::read_only::ReadOnlyNotice;
use crate::components::when::When;
use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::Lang;
use crate::state::{Locale, Workspace};
use crate::ui::access::may_write;
use crate::ui::dates::{format_date, input_date_value, parse_input_date};
use crate::ui::page_title::use_page_title;

#[component]
pub fn ChecklistPage() -> impl IntoView {
    let locale = Locale::expect();
    let t = move || locale.texts();
    use_page_title(move || t().checklist_heading.to_owned());

    view! {
        <h1>{locale.word(|l| l.texts().checklist_heading)}</h1>
        <p class="lead">{locale.word(|l| l.texts().checklist_intro)}</p>
        <WorkspaceGate>
            <Checklist/>
        </WorkspaceGate>
    }
}

/// Where the checklist is stored and whether it may be changed here.
#[derive(Clone, Debug, PartialEq)]
struct Target {
    org: OrgCode,
    key: RecordKey,
    editable: bool,
}

#[component]
fn Checklist() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || locale.texts();
    let target = Memo::new(move |_| {
        let connection = workspace.connection()?;
        let who = connection.who?;
        let key = RecordKey::new(RecordKind::StepChecklist, checklist_id(&who.org));
        let editable = may_write(Some(&who), RecordKind::StepChecklist, &who.org);
        Some(Target {
            org: who.org,
            key,
            editable,
        })
    });
    let loaded = Memo::new(move |_| {
        let target = target.get()?;
        let values = workspace
            .view(&target.key)
            .map(|v| v.values)
            .unwrap_or_default();
        Some(StepChecklist::from_fields(&values))
    });
    let checklist =
        Memo::new(move |_| loaded.with(|l| l.clone().and_then(Result::ok).unwrap_or_default()));
    let unreadable = move || loaded.with(|l| matches!(l, Some(Err(_))));
    let summary = move || {
        checklist.with(|c| {
            let next = c.next_step().map(|step| match locale.get() {
                Lang::Ja => step.label_ja(),
                Lang::En => step.label_en(),
            });
            (t().checklist_summary)(c.done_count(), next)
        })
    };

    move || {
        let target = target.get()?;
        let editable = target.editable;
        Some(view! {
            <When when=move || !editable>
                <ReadOnlyNotice/>
            </When>
            <When when=unreadable>
                <p class="notice notice--error" role="alert">{t().record_unreadable}</p>
            </When>
            <p class="checklist-summary" aria-live="polite">{summary}</p>
            <ol class="checklist">
                {Step::ALL
                    .into_iter()
                    .map(|step| {
                        let entry = Signal::derive(move || checklist.with(|c| c.entry(step).clone()));
                        view! { <StepCard step entry target=target.clone()/> }
                    })
                    .collect_view()}
            </ol>
        })
    }
}

#[component]
fn StepCard(step: Step, entry: Signal<StepEntry>, target: Target) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || locale.texts();
    let n = step.number();
    let error = RwSignal::new(None::<String>);
    let heading_id = format!("step{n}-heading");
    let label = move || match locale.get() {
        Lang::Ja => step.label_ja(),
        Lang::En => step.label_en(),
    };
    let era_date = move || {
        entry
            .with(|e| e.date)
            .map(|date| format_date(Lang::Ja, date))
    };

    let Target { org, key, editable } = target;
    let write = move |suffix: &str, value: Value| {
        let field = format!("step{n}_{suffix}");
        match validate_field(RecordKind::StepChecklist, &field, &value) {
            Ok(()) => {
                error.set(None);
                workspace.write(
                    &org,
                    FieldKey {
                        record: key.clone(),
                        field: field.into(),
                    },
                    value,
                );
            }
            Err(_) => error.set(Some(t().checklist_note_too_long.to_owned())),
        }
    };
    let write_done = write.clone();
    let write_date = write.clone();
    let write_note = write;

    let inputs = move || {
        if !editable {
            return view! { <StepValues entry/> }.into_any();
        }
        let write_done = write_done.clone();
        let write_date = write_date.clone();
        let write_note = write_note.clone();
        view! {
            <div class="form__check">
                <input
                    type="checkbox"
                    id=format!("step{n}-done")
                    prop:checked=move || entry.with(|e| e.done)
                    on:change=move |ev| write_done("done", Value::Bool(event_target_checked(&ev)))
                />
                <label for=format!("step{n}-done")>{locale.word(|l| l.texts().checklist_done)}</label>
            </div>
            <div class="form__field">
                <label for=format!("step{n}-date")>{locale.word(|l| l.texts().checklist_date)}</label>
                <div class="form__inline">
                    <input
                        type="date"
                        id=format!("step{n}-date")
                        prop:value=move || input_date_value(entry.with(|e| e.date))
                        aria-describedby=format!("step{n}-date-era")
                        on:change=move |ev| {
                            let value = parse_input_date(&event_target_value(&ev))
                                .map_or(Value::Null, |d| Value::from(input_date_value(Some(d))));
                            write_date("date", value);
                        }
                    />
                    <span class="era-date" id=format!("step{n}-date-era")>{era_date}</span>
                </div>
            </div>
            <div class="form__field">
                <label for=format!("step{n}-note")>{locale.word(|l| l.texts().checklist_note)}</label>
                <textarea
                    id=format!("step{n}-note")
                    rows="3"
                    prop:value=move || entry.with(|e| e.note.clone())
                    on:change=move |ev| {
                        let note = normalize_multiline(&event_target_value(&ev));
                        write_note("note", Value::from(note));
                    }
                ></textarea>
            </div>
        }
        .into_any()
    };

    view! {
        <li class="card step" class:step--done=move || entry.with(|e| e.done)>
            <section aria-labelledby=heading_id.clone()>
                <h2 id=heading_id.clone()>
                    <span aria-hidden="true" class="step__icon">
                        {move || if entry.with(|e| e.done) { "✔ " } else { "○ " }}
                    </span>
                    {label}
                </h2>
                {inputs}
                {move || {
                    error
                        .get()
                        .map(|message| {
                            view! {
                                <p class="notice notice--error" role="alert">{message}</p>
                            }
                        })
                }}
            </section>
        </li>
    }
}

/// The step's values as text, for those who may not change them.
#[component]
fn StepValues(entry: Signal<StepEntry>) -> impl IntoView {
    let locale = Locale::expect();
    let t = move || locale.texts();
    view! {
        <dl class="facts">
            <div>
                <dt>{locale.word(|l| l.texts().checklist_done)}</dt>
                <dd>
                    {move || if entry.with(|e| e.done) { t().value_yes } else { t().value_no }}
                </dd>
            </div>
            <div>
                <dt>{locale.word(|l| l.texts().checklist_date)}</dt>
                <dd>
                    {move || {
                        entry
                            .with(|e| e.date)
                            .map_or_else(|| "—".to_owned(), |d| format_date(locale.get(), d))
                    }}
                </dd>
            </div>
            <div>
                <dt>{locale.word(|l| l.texts().checklist_note)}</dt>
                <dd class="pre-wrap">{move || entry.with(|e| e.note.clone())}</dd>
            </div>
        </dl>
    }
}
