//! The prefecture's tokens: who, where, since when, last used and synced; filters by
//! organisation and role; revoke and reissue.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::access::Role;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::TokenInfo;

use super::Members;
use crate::i18n::measure::fill;
use crate::i18n::members::members_texts;
use crate::i18n::role_label;
use crate::state::{Locale, Workspace};
use crate::sync::members::{revoke, rotate};
use crate::ui::dates::format_timestamp;
use crate::ui::org_name::org_name;

fn confirmed(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

#[component]
pub fn TokenTable() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let members = expect_context::<Members>();
    let m = move || members_texts(locale.get());
    let org_filter = RwSignal::new(None::<OrgCode>);
    let role_filter = RwSignal::new(None::<Role>);
    let show_revoked = RwSignal::new(false);
    let shown = Memo::new(move |_| {
        let Some(Ok(tokens)) = members.tokens.get() else {
            return None;
        };
        let (org, role, revoked) = (org_filter.get(), role_filter.get(), show_revoked.get());
        Some(
            tokens
                .into_iter()
                .filter(|t| org.as_ref().is_none_or(|o| *o == t.org))
                .filter(|t| role.is_none_or(|r| r == t.role))
                .filter(|t| revoked || t.revoked_at_ms.is_none())
                .collect::<Vec<TokenInfo>>(),
        )
    });
    let orgs = Memo::new(move |_| {
        let mut codes: Vec<OrgCode> = members.tokens.with(|tokens| match tokens {
            Some(Ok(tokens)) => tokens.iter().map(|t| t.org.clone()).collect(),
            _ => Vec::new(),
        });
        codes.sort();
        codes.dedup();
        codes
    });
    let act = move |token: TokenInfo, reissue: bool| {
        let Some(connection) = members.connection.get_untracked() else {
            return;
        };
        let question = if reissue {
            m().rotate_confirm
        } else {
            m().revoke_confirm
        };
        if !confirmed(&fill(question, &[("person", &token.label)])) {
            return;
        }
        members.failure.set(None);
        spawn_local(async move {
            let outcome = if reissue {
                rotate(&connection, &token.id)
                    .await
                    .map(|issued| members.show_issued(workspace, vec![issued]))
            } else {
                revoke(&connection, &token.id)
                    .await
                    .map(|_| members.reload())
            };
            if let Err(error) = outcome {
                members.failure.set(Some(error));
            }
        });
    };
    let when = move |ms: Option<u64>| {
        ms.map_or_else(
            || m().never.to_owned(),
            |ms| format_timestamp(locale.get(), ms),
        )
    };
    let row = move |token: TokenInfo| {
        let active = token.revoked_at_ms.is_none();
        let (for_revoke, for_rotate) = (token.clone(), token.clone());
        view! {
            <tr>
                <td>{org_name(workspace, &token.org)}</td>
                <td>{role_label(token.role, locale.texts())}</td>
                <th scope="row">{token.label.clone()}</th>
                <td>{format_timestamp(locale.get(), token.created_at_ms)}</td>
                <td>{when(token.last_used_ms)}</td>
                <td>{when(token.last_sync_ms)}</td>
                <td>{if active { m().active } else { m().revoked }}</td>
                <td>
                    <Show when=move || active>
                        <button type="button" on:click={
                            let token = for_revoke.clone();
                            move |_| act(token.clone(), false)
                        }>{m().revoke}</button>
                        " "
                        <button type="button" on:click={
                            let token = for_rotate.clone();
                            move |_| act(token.clone(), true)
                        }>{m().rotate}</button>
                    </Show>
                </td>
            </tr>
        }
    };

    view! {
        <section class="card" aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">{move || m().list_heading}</h2>
            <div class="filters">
                <div class="form__field">
                    <label for="tokens-org">{move || m().filter_org}</label>
                    <select
                        id="tokens-org"
                        on:change=move |ev| org_filter.set(OrgCode::parse(&event_target_value(&ev)).ok())
                    >
                        <option value="">{move || m().any}</option>
                        {move || {
                            orgs.get()
                                .into_iter()
                                .map(|code| {
                                    let name = org_name(workspace, &code);
                                    view! { <option value=code.to_string()>{name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="form__field">
                    <label for="tokens-role">{move || m().filter_role}</label>
                    <select
                        id="tokens-role"
                        on:change=move |ev| role_filter.set(event_target_value(&ev).parse().ok())
                    >
                        <option value="">{move || m().any}</option>
                        {[Role::Editor, Role::Viewer, Role::PrefectureAdmin]
                            .into_iter()
                            .map(|r| view! { <option value=r.as_str()>{move || role_label(r, locale.texts())}</option> })
                            .collect_view()}
                    </select>
                </div>
                <label class="filters__check">
                    <input
                        type="checkbox"
                        prop:checked=move || show_revoked.get()
                        on:change=move |ev| show_revoked.set(event_target_checked(&ev))
                    />
                    " " {move || m().show_revoked}
                </label>
            </div>
            {move || match shown.get() {
                None => view! { <p>{m().loading}</p> }.into_any(),
                Some(tokens) => view! {
                    <div class="table-scroll">
                        <table class="data-table" id="tokens-table">
                            <caption>{fill(m().caption, &[("count", &tokens.len().to_string())])}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{m().col_org}</th>
                                    <th scope="col">{m().col_role}</th>
                                    <th scope="col">{m().col_person}</th>
                                    <th scope="col">{m().col_created}</th>
                                    <th scope="col">{m().col_used}</th>
                                    <th scope="col">{m().col_synced}</th>
                                    <th scope="col">{m().col_state}</th>
                                    <th scope="col">{m().col_actions}</th>
                                </tr>
                            </thead>
                            <tbody>{tokens.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                }
                .into_any(),
            }}
        </section>
    }
}
