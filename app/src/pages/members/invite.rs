//! Issuing: one token per selected town in one step, or one for a single person.

use std::collections::BTreeSet;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::access::Role;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::IssueTokenRequest;

use super::Members;
use crate::i18n::measure::fill;
use crate::i18n::members::members_texts;
use crate::i18n::role_label;
use crate::state::{Locale, Workspace};
use crate::sync::members::invite;
use crate::ui::org_name::{municipalities, org_name};

/// Sends `requests`; the server issues all or none, and the result is shown once.
fn issue(
    members: Members,
    workspace: Workspace,
    busy: RwSignal<bool>,
    requests: Vec<IssueTokenRequest>,
) {
    let Some(connection) = members.connection.get_untracked() else {
        return;
    };
    busy.set(true);
    members.failure.set(None);
    spawn_local(async move {
        match invite(&connection, requests).await {
            Ok(issued) => members.show_issued(workspace, issued),
            // Lost on the way back, the tokens may still have been issued: the list shows them.
            Err(error) => {
                members.failure.set(Some(error));
                members.reload();
            }
        }
        busy.set(false);
    });
}

fn role_of(value: &str) -> Role {
    value.parse().unwrap_or(Role::Editor)
}

#[component]
fn RoleSelect(id: &'static str, role: RwSignal<Role>, admin_too: bool) -> impl IntoView {
    let locale = Locale::expect();
    let roles: &[Role] = if admin_too {
        &[Role::Editor, Role::Viewer, Role::PrefectureAdmin]
    } else {
        &[Role::Editor, Role::Viewer]
    };
    view! {
        <div class="form__field">
            <label for=id>{move || members_texts(locale.get()).role}</label>
            <select id=id on:change=move |ev| role.set(role_of(&event_target_value(&ev)))>
                {roles
                    .iter()
                    .map(|r| {
                        let r = *r;
                        view! {
                            <option value=r.as_str() selected=move || role.get() == r>
                                {move || role_label(r, locale.texts())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn BulkInvite() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let members = expect_context::<Members>();
    let m = move || members_texts(locale.get());
    let towns = Memo::new(move |_| municipalities(workspace));
    let selected = RwSignal::new(BTreeSet::<OrgCode>::new());
    let role = RwSignal::new(Role::Editor);
    let template = RwSignal::new(String::from("{name} DX担当"));
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(false);
    let uninvited = move || -> BTreeSet<OrgCode> {
        let invited: BTreeSet<OrgCode> = members.tokens.with(|tokens| match tokens {
            Some(Ok(tokens)) => tokens
                .iter()
                .filter(|t| t.revoked_at_ms.is_none())
                .map(|t| t.org.clone())
                .collect(),
            _ => BTreeSet::new(),
        });
        towns.with(|towns| {
            towns
                .iter()
                .map(|town| town.code.clone())
                .filter(|code| !invited.contains(code))
                .collect()
        })
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let chosen = selected.get_untracked();
        problem.set(chosen.is_empty());
        if chosen.is_empty() || busy.get_untracked() {
            return;
        }
        let role = role.get_untracked();
        let template = template.get_untracked();
        let requests = towns.with_untracked(|towns| {
            towns
                .iter()
                .filter(|town| chosen.contains(&town.code))
                .map(|town| IssueTokenRequest {
                    org: town.code.clone(),
                    role,
                    label: template.replace("{name}", &town.name),
                    replace_admins: false,
                })
                .collect()
        });
        issue(members, workspace, busy, requests);
    };

    view! {
        <form class="card form" on:submit=submit aria-labelledby="invite-heading" novalidate>
            <h2 id="invite-heading">{move || m().invite_heading}</h2>
            <p>{move || m().invite_intro}</p>
            <fieldset class="town-picker">
                <legend>
                    {move || m().towns_legend} " ("
                    {move || fill(m().invite_count, &[("count", &selected.with(BTreeSet::len).to_string())])}
                    ")"
                </legend>
                <p class="actions">
                    <button type="button" on:click=move |_| selected.set(uninvited())>
                        {move || m().select_uninvited}
                    </button>
                    <button
                        type="button"
                        on:click=move |_| {
                            selected.set(towns.with(|t| t.iter().map(|t| t.code.clone()).collect()))
                        }
                    >
                        {move || m().select_all}
                    </button>
                    <button type="button" on:click=move |_| selected.set(BTreeSet::new())>
                        {move || m().select_none}
                    </button>
                </p>
                <ul class="town-picker__list">
                    <For each=move || towns.get() key=|town| town.code.clone() let:town>
                        {
                            let code = town.code.clone();
                            let checked = {
                                let code = code.clone();
                                move || selected.with(|s| s.contains(&code))
                            };
                            let toggle = move |_| {
                                selected
                                    .update(|s| {
                                        if !s.remove(&code) {
                                            s.insert(code.clone());
                                        }
                                    })
                            };
                            view! {
                                <li>
                                    <label>
                                        <input type="checkbox" prop:checked=checked on:change=toggle/>
                                        " " {town.name}
                                    </label>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </fieldset>
            <RoleSelect id="invite-role" role admin_too=false/>
            <div class="form__field">
                <label for="invite-label">{move || m().label_template}</label>
                <input
                    id="invite-label"
                    type="text"
                    prop:value=move || template.get()
                    on:input=move |ev| template.set(event_target_value(&ev))
                    aria-describedby="invite-label-hint"
                />
                <p class="form__hint" id="invite-label-hint">{move || m().label_template_hint}</p>
            </div>
            <Show when=move || problem.get()>
                <p class="notice notice--error" role="alert">{move || m().nothing_selected}</p>
            </Show>
            <button type="submit" class="button--primary" aria-busy=move || busy.get().to_string()>
                {move || if busy.get() { m().busy } else { m().invite_submit }}
            </button>
        </form>
    }
}

#[component]
pub fn SingleInvite() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let members = expect_context::<Members>();
    let m = move || members_texts(locale.get());
    // The prefecture itself first, then its municipalities.
    let orgs = Memo::new(move |_| {
        let own = workspace.own_org();
        let mut orgs: Vec<(OrgCode, String)> = own
            .iter()
            .map(|code| (code.clone(), org_name(workspace, code)))
            .collect();
        orgs.extend(
            municipalities(workspace)
                .into_iter()
                .map(|o| (o.code, o.name)),
        );
        orgs
    });
    let org = RwSignal::new(None::<OrgCode>);
    let role = RwSignal::new(Role::Editor);
    let label = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let chosen = org
            .get_untracked()
            .or_else(|| orgs.with_untracked(|o| o.first().map(|(code, _)| code.clone())));
        let Some(org) = chosen else {
            return;
        };
        let request = IssueTokenRequest {
            org,
            role: role.get_untracked(),
            label: label.get_untracked(),
            replace_admins: false,
        };
        issue(members, workspace, busy, vec![request]);
    };

    view! {
        <form class="card form" on:submit=submit aria-labelledby="single-heading" novalidate>
            <h2 id="single-heading">{move || m().single_heading}</h2>
            <div class="form__field">
                <label for="single-org">{move || m().org}</label>
                <select
                    id="single-org"
                    on:change=move |ev| org.set(OrgCode::parse(&event_target_value(&ev)).ok())
                >
                    {move || {
                        orgs.get()
                            .into_iter()
                            .map(|(code, name)| view! { <option value=code.to_string()>{name}</option> })
                            .collect_view()
                    }}
                </select>
            </div>
            <RoleSelect id="single-role" role admin_too=true/>
            <div class="form__field">
                <label for="single-label">{move || m().person}</label>
                <input
                    id="single-label"
                    type="text"
                    required
                    prop:value=move || label.get()
                    on:input=move |ev| label.set(event_target_value(&ev))
                />
            </div>
            <button type="submit" class="button--primary" aria-busy=move || busy.get().to_string()>
                {move || if busy.get() { m().busy } else { m().issue_submit }}
            </button>
        </form>
    }
}
