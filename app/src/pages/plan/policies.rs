//! The plan's basic policies (基本施策): listed with their number of measures, and for those
//! who may write, renamed, reordered, removed and added. Each policy is saved as its own field
//! (`policy.<id>`, [`Plan::writes_over`]), so two people editing two policies do not conflict.

use std::collections::HashMap;

use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use tsunagu_core::domain::plan::POLICY_FIELD_PREFIX;
use tsunagu_core::domain::{BasicPolicy, Plan};
use tsunagu_core::text::fold_width;

use super::record::PlanRecord;
use crate::components::when::When;
use crate::state::{Locale, Workspace};
use crate::ui::focus::focus_later;
use crate::ui::ids::new_item_id;
use crate::ui::ime::guard_composing_enter;

/// Why a change to the list was not saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    TitleRequired,
    Invalid,
}

#[component]
pub fn PolicySection(
    plan: Memo<Option<PlanRecord>>,
    editable: Memo<bool>,
    counts: Memo<HashMap<String, usize>>,
) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || locale.texts();
    let policies = Memo::new(move |_| {
        plan.with(|p| {
            p.as_ref()
                .map(|p| p.plan.policies.clone())
                .unwrap_or_default()
        })
    });
    let problem = RwSignal::new(None::<Problem>);

    // Saves the policies that changed over the stored fields, after the schema's check; a plan
    // still holding the legacy array is migrated by this save.
    let save = move |new: Vec<BasicPolicy>| {
        let Some(record) = plan.get_untracked() else {
            return false;
        };
        let next = Plan {
            policies: new,
            ..record.plan.clone()
        };
        if next.validate_policies().is_err() {
            problem.set(Some(Problem::Invalid));
            return false;
        }
        problem.set(None);
        let stored = untrack(|| workspace.view(&record.key))
            .map(|view| view.values)
            .unwrap_or_default();
        // Only the policies: the rest of the plan is the plan form's to save.
        let writes = next
            .writes_over(&stored)
            .into_iter()
            .filter(|(name, _)| name.starts_with(POLICY_FIELD_PREFIX) || name == "policies");
        workspace.write_fields(&record.org, &record.key, writes);
        true
    };

    let title_of =
        move |id: &str| policies.with(|ps| ps.iter().find(|p| p.id == id).map(|p| p.title.clone()));
    let position_of = move |id: &str| policies.with(|ps| ps.iter().position(|p| p.id == id));
    let count_of = move |id: &str| counts.with(|c| c.get(id).copied().unwrap_or(0));

    let rename = move |id: String, title: String| {
        let title = fold_width(&title).trim().to_owned();
        if title.is_empty() {
            problem.set(Some(Problem::TitleRequired));
            return;
        }
        let mut list = policies.get_untracked();
        if let Some(policy) = list.iter_mut().find(|p| p.id == id) {
            if policy.title == title {
                return;
            }
            policy.title = title;
        }
        save(list);
    };
    let shift = move |id: String, up: bool| {
        let mut list = policies.get_untracked();
        let Some(from) = list.iter().position(|p| p.id == id) else {
            return;
        };
        let to = if up {
            from.checked_sub(1)
        } else {
            Some(from + 1)
        };
        let Some(to) = to.filter(|to| *to < list.len()) else {
            return;
        };
        list.swap(from, to);
        if save(list) {
            focus_later(format!("policy-{id}-{}", if up { "up" } else { "down" }));
        }
    };
    let remove = move |id: String| {
        let title = title_of(&id).unwrap_or_default();
        let question = (t().policy_remove_confirm)(&title, count_of(&id));
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        let list: Vec<BasicPolicy> = policies
            .get_untracked()
            .into_iter()
            .filter(|p| p.id != id)
            .collect();
        if save(list) {
            focus_later("policy-new".to_owned());
        }
    };

    let new_title = NodeRef::<Input>::new();
    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(input) = new_title.get() else {
            return;
        };
        let title = fold_width(&input.value()).trim().to_owned();
        if title.is_empty() {
            problem.set(Some(Problem::TitleRequired));
            return;
        }
        let mut list = policies.get_untracked();
        list.push(BasicPolicy {
            id: new_item_id("p"),
            title,
            description: String::new(),
        });
        if save(list) {
            input.set_value("");
        }
    };

    let row = move |policy: BasicPolicy| {
        let id = policy.id;
        let number = {
            let id = id.clone();
            move || position_of(&id).map_or(0, |i| i + 1)
        };
        let title = {
            let id = id.clone();
            move || title_of(&id).unwrap_or_default()
        };
        let count = {
            let id = id.clone();
            move || (t().measure_count)(count_of(&id))
        };
        if !editable.get_untracked() {
            return view! {
                <li class="policy-list__item">
                    <span class="policy-list__number" aria-hidden="true">{number}"."</span>
                    <span class="policy-list__title">{title}</span>
                    " "
                    <span class="policy-list__count">{count}</span>
                </li>
            }
            .into_any();
        }
        let input_id = format!("policy-{id}");
        let (rename_id, up_id, down_id, remove_id) =
            (id.clone(), id.clone(), id.clone(), id.clone());
        let label = {
            let number = number.clone();
            move || (t().policy_name_label)(number())
        };
        let action_label = {
            let title = title.clone();
            move |f: fn(&str) -> String| f(&title())
        };
        let (up_label, down_label, remove_label) =
            (action_label.clone(), action_label.clone(), action_label);
        view! {
            <li class="policy-list__item">
                <span class="policy-list__number" aria-hidden="true">{number.clone()}"."</span>
                <label class="visually-hidden" for=input_id.clone()>{label}</label>
                <input
                    id=input_id
                    type="text"
                    maxlength="200"
                    prop:value=title
                    on:change=move |ev| rename(rename_id.clone(), event_target_value(&ev))
                />
                <span class="policy-list__count">{count}</span>
                <span class="policy-list__actions">
                    <button
                        type="button"
                        id=format!("policy-{id}-up")
                        aria-label=move || up_label(t().policy_up)
                        on:click=move |_| shift(up_id.clone(), true)
                    >
                        "↑"
                    </button>
                    <button
                        type="button"
                        id=format!("policy-{id}-down")
                        aria-label=move || down_label(t().policy_down)
                        on:click=move |_| shift(down_id.clone(), false)
                    >
                        "↓"
                    </button>
                    <button
                        type="button"
                        aria-label=move || remove_label(t().policy_remove)
                        on:click=move |_| remove(remove_id.clone())
                    >
                        {locale.word(|l| l.texts().remove)}
                    </button>
                </span>
            </li>
        }
        .into_any()
    };

    view! {
        <section class="policies" aria-labelledby="policies-heading">
            <h2 id="policies-heading">{locale.word(|l| l.texts().policies_heading)}</h2>
            <When when=move || policies.with(Vec::is_empty)>
                <p>{locale.word(|l| l.texts().policies_none)}</p>
            </When>
            <ol class="policy-list" role="list">
                <For each=move || policies.get() key=|policy| policy.id.clone() children=row/>
            </ol>
            {move || {
                problem
                    .get()
                    .map(|problem| {
                        let message = match problem {
                            Problem::TitleRequired => t().policy_title_required,
                            Problem::Invalid => t().policy_invalid,
                        };
                        view! {
                            <p class="notice notice--error" role="alert">
                                <span aria-hidden="true">"⚠ "</span>
                                {message}
                            </p>
                        }
                    })
            }}
            <When when=move || editable.get()>
                <form class="form form--inline" on:submit=add on:keydown=guard_composing_enter>
                    <label for="policy-new">{locale.word(|l| l.texts().policy_new)}</label>
                    <input id="policy-new" type="text" maxlength="200" node_ref=new_title/>
                    <button type="submit">{locale.word(|l| l.texts().add)}</button>
                </form>
            </When>
        </section>
    }
}
