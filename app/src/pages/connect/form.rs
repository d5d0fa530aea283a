//! The connect form: server address (the page's own origin by default), access token with a
//! show toggle, and 接続, which asks the server who the token is before keeping it.

use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::problem::{check_input, ConnectProblem, Field};
use crate::i18n::measure::fill;
use crate::i18n::members::members_texts;
use crate::i18n::role_label;
use crate::state::{Locale, Workspace};
use crate::storage::{request_persistence, Connection, Persistence};
use crate::sync::client::who_am_i;
use crate::sync::SyncEngine;
use crate::ui::download::{save_file, CSV_MIME};
use crate::ui::ime::guard_composing_enter;
use crate::ui::org_name::org_name;
use tsunagu_core::export::{to_csv, unsent_table};
use tsunagu_core::invite::{token_from_fragment, JOIN_PATH};

#[derive(Clone, Debug, PartialEq)]
enum FormState {
    Idle,
    Connecting,
    /// The connection would clear this device while it holds unsent changes: the user decides.
    Confirm {
        connection: Connection,
        unsent: usize,
    },
    Connected,
    Failed(ConnectProblem),
    /// An invitation link's token was checked: the user confirms who they connect as.
    Invited(Connection),
}

/// The page's origin (`https://tsunagu.example.jp`), where the worker serves the app.
fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The token of an invitation link (`/join#<token>`), taken off the address bar and out of the
/// history entry, so it is not left behind in the browser.
fn take_invitation() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    if location.pathname().ok()? != JOIN_PATH {
        return None;
    }
    let hash = location.hash().ok()?;
    let token = token_from_fragment(&hash)?.to_owned();
    let _ = window.history().ok()?.replace_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some(JOIN_PATH),
    );
    Some(token)
}

fn input_value(input: NodeRef<Input>) -> String {
    input
        .get()
        .map(|i| i.value())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// `kept`: whether the browser keeps this device's data, asked for once connected.
#[component]
pub fn ConnectForm(kept: RwSignal<Option<Persistence>>) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let engine = SyncEngine::expect();
    let t = move || locale.texts();
    let url_input = NodeRef::<Input>::new();
    let token_input = NodeRef::<Input>::new();
    let show_token = RwSignal::new(false);
    let state = RwSignal::new(FormState::Idle);
    let invitation = StoredValue::new(take_invitation());
    // The saved connection arrives once the local data is loaded (maybe after the first render):
    // fill the inputs with it then, unless the user has started a new attempt.
    Effect::new(move |_| {
        let saved = workspace.connection();
        if state.get_untracked() != FormState::Idle {
            return;
        }
        let (url, token) = match invitation.get_value() {
            Some(token) => (page_origin(), token),
            None => saved.map_or_else(|| (page_origin(), String::new()), |c| (c.url, c.token)),
        };
        if let (Some(url_input), Some(token_input)) = (url_input.get(), token_input.get()) {
            url_input.set_value(&url);
            token_input.set_value(&token);
        }
    });

    let connect = move |connection: Connection| async move {
        let result = workspace.connect(connection).await;
        if result.is_err() {
            engine.forget_first_page();
        } else {
            // The device now holds this organisation's data: ask the browser to keep it.
            spawn_local(async move { kept.set(Some(request_persistence().await)) });
        }
        state.set(match result {
            Ok(()) => FormState::Connected,
            Err(problem) => FormState::Failed(ConnectProblem::Storage(problem)),
        });
    };
    // Connects, unless that would clear unsent changes: then the user decides first.
    let proceed = move |connection: Connection| async move {
        let unsent = workspace.unsent().len();
        if unsent > 0 && workspace.connecting_starts_afresh(&connection) {
            engine.forget_first_page();
            state.set(FormState::Confirm { connection, unsent });
            return;
        }
        connect(connection).await;
    };
    // Asks the server who the token is; an invitation stops there for the user to confirm.
    let verify = move |url: String, token: String, invited: bool| {
        if let Err(problem) = check_input(&url, &token) {
            state.set(FormState::Failed(problem));
            return;
        }
        state.set(FormState::Connecting);
        // A new device's first page is asked for now, not after the check: on the network
        // a municipal terminal has, that is a round trip less before data arrives.
        if !invited {
            engine.ask_first_page(&url, &token);
        }
        spawn_local(async move {
            let who = match who_am_i(&url, &token).await {
                Ok(who) => who,
                Err(error) => {
                    engine.forget_first_page();
                    state.set(FormState::Failed(ConnectProblem::Sync(error)));
                    return;
                }
            };
            let connection = Connection {
                url,
                token,
                who: Some(who),
            };
            if invited {
                state.set(FormState::Invited(connection));
            } else {
                proceed(connection).await;
            }
        });
    };
    if let Some(token) = invitation.get_value() {
        verify(page_origin(), token, true);
    }
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if state.get_untracked() == FormState::Connecting {
            return;
        }
        verify(input_value(url_input), input_value(token_input), false);
    };
    let accept = move |_| {
        if let FormState::Invited(connection) = state.get_untracked() {
            state.set(FormState::Connecting);
            spawn_local(proceed(connection));
        }
    };
    let save_unsent = move |_| {
        let lang = locale.get_untracked();
        let table = unsent_table(&workspace.unsent(), lang.into());
        let name = format!("{}.csv", t().connect_unsent_file);
        // A failed download leaves the question open: the user can try again or cancel.
        let _ = save_file(&name, CSV_MIME, &to_csv(&table));
    };
    let confirm = move |_| {
        if let FormState::Confirm { connection, .. } = state.get_untracked() {
            state.set(FormState::Connecting);
            spawn_local(connect(connection));
        }
    };

    let problem_in = move |field: Field| {
        state.with(|s| matches!(s, FormState::Failed(p) if p.field() == Some(field)))
    };
    let message = move || match state.get() {
        FormState::Idle => None,
        FormState::Invited(connection) => {
            let m = members_texts(locale.get());
            let who = connection.who.clone()?;
            let org = org_name(workspace, &who.org);
            Some(
                view! {
                    <div class="notice" id="connect-message">
                        <p>
                            {fill(
                                m.join_confirm,
                                &[
                                    ("org", &org),
                                    ("person", &who.label),
                                    ("role", role_label(who.role, t())),
                                ],
                            )}
                        </p>
                        <p class="actions">
                            <button type="button" class="button--primary" on:click=accept>
                                {m.join_connect}
                            </button>
                            <button type="button" on:click=move |_| state.set(FormState::Idle)>
                                {t().connect_cancel}
                            </button>
                        </p>
                    </div>
                }
                .into_any(),
            )
        }
        FormState::Connecting => Some(
            view! {
                <p class="notice" id="connect-message">{t().connect_connecting}</p>
            }
            .into_any(),
        ),
        FormState::Confirm { unsent, .. } => {
            let count = unsent.to_string();
            Some(
                view! {
                    <div class="notice notice--error" id="connect-message" role="alert">
                        <p>
                            <span aria-hidden="true">"⚠ "</span>
                            {fill(t().connect_afresh_warning, &[("count", &count)])}
                        </p>
                        <p class="actions">
                            <button type="button" class="button--primary" on:click=save_unsent>
                                {t().connect_save_unsent}
                            </button>
                            <button type="button" on:click=confirm>
                                {fill(t().connect_discard_and_connect, &[("count", &count)])}
                            </button>
                            <button type="button" on:click=move |_| state.set(FormState::Idle)>
                                {t().connect_cancel}
                            </button>
                        </p>
                    </div>
                }
                .into_any(),
            )
        }
        FormState::Connected => Some(
            view! {
                <p class="notice notice--ok" id="connect-message">
                    <span aria-hidden="true">"✔ "</span>
                    {t().connect_done}
                    " "
                    <a href="/plan">{t().connect_go_plan}</a>
                </p>
            }
            .into_any(),
        ),
        FormState::Failed(problem) => Some(
            view! {
                <p class="notice notice--error" id="connect-message" role="alert">
                    <span aria-hidden="true">"⚠ "</span>
                    {problem.message(t())}
                </p>
            }
            .into_any(),
        ),
    };

    view! {
        <form
            class="card form"
            on:submit=submit
            on:keydown=guard_composing_enter
            aria-labelledby="connect-form-heading"
            novalidate
        >
            <h2 id="connect-form-heading">{locale.word(|l| l.texts().connect_form_heading)}</h2>
            <div class="form__field">
                <label for="connect-url">{locale.word(|l| l.texts().connect_url)}</label>
                <input
                    id="connect-url"
                    type="url"
                    inputmode="url"
                    autocomplete="url"
                    spellcheck="false"
                    node_ref=url_input
                    aria-invalid=move || problem_in(Field::Url).to_string()
                    aria-describedby="connect-url-hint connect-message"
                />
                <p class="form__hint" id="connect-url-hint">{locale.word(|l| l.texts().connect_url_hint)}</p>
            </div>
            <div class="form__field">
                <label for="connect-token">{locale.word(|l| l.texts().connect_token)}</label>
                <div class="form__inline">
                    <input
                        id="connect-token"
                        type=move || if show_token.get() { "text" } else { "password" }
                        autocomplete="off"
                        spellcheck="false"
                        node_ref=token_input
                        aria-invalid=move || problem_in(Field::Token).to_string()
                        aria-describedby="connect-token-hint connect-message"
                    />
                    <button
                        type="button"
                        aria-pressed=move || show_token.get().to_string()
                        aria-controls="connect-token"
                        on:click=move |_| show_token.update(|s| *s = !*s)
                    >
                        {locale.word(|l| l.texts().connect_show_token)}
                    </button>
                </div>
                <p class="form__hint" id="connect-token-hint">{locale.word(|l| l.texts().connect_token_hint)}</p>
            </div>
            <div aria-live="polite">{message}</div>
            <button
                type="submit"
                class="button--primary"
                aria-busy=move || (state.get() == FormState::Connecting).to_string()
            >
                {locale.word(|l| l.texts().connect_submit)}
            </button>
        </form>
    }
}
