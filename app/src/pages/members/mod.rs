//! `/members` (接続管理): the prefecture administrator invites towns and staff (in bulk, with
//! printable invitations), and revokes or reissues tokens. Talks to the server directly: a
//! token must be issued, and shown once, while the administrator is there.

mod invite;
mod sheet;
mod tokens;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::access::Role;
use tsunagu_core::invite::{invitation_link, Invitation};
use tsunagu_core::protocol::{IssuedToken, TokenInfo};

use crate::i18n::members::members_texts;
use crate::state::{Locale, Workspace};
use crate::storage::Connection;
use crate::sync::members::list_tokens;
use crate::sync::SyncError;
use crate::ui::org_name::org_name;
use crate::ui::page_title::use_page_title;
use crate::ui::sync_error::sync_error_message;

/// What the screens of `/members` share: the administrator's connection, the prefecture's
/// tokens as last listed, and the invitations issued in this visit (shown once).
#[derive(Clone, Copy)]
struct Members {
    connection: Signal<Option<Connection>>,
    tokens: RwSignal<Option<Result<Vec<TokenInfo>, SyncError>>>,
    issued: RwSignal<Vec<Invitation>>,
    failure: RwSignal<Option<SyncError>>,
}

impl Members {
    fn reload(self) {
        let Some(connection) = self.connection.get_untracked() else {
            return;
        };
        spawn_local(async move { self.tokens.set(Some(list_tokens(&connection).await)) });
    }

    /// Shows `issued` once, as invitations, and lists them.
    fn show_issued(self, workspace: Workspace, issued: Vec<IssuedToken>) {
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        self.issued.set(
            issued
                .into_iter()
                .map(|issued| Invitation {
                    org_name: org_name(workspace, &issued.info.org),
                    org: issued.info.org,
                    role: issued.info.role,
                    label: issued.info.label,
                    link: invitation_link(&origin, &issued.token),
                    token: issued.token,
                })
                .collect(),
        );
        self.reload();
    }
}

#[component]
pub fn MembersPage() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let m = move || members_texts(locale.get());
    use_page_title(move || m().heading.to_owned());
    let admin = Signal::derive(move || {
        workspace.connection().filter(|c| {
            c.who
                .as_ref()
                .is_some_and(|who| who.role == Role::PrefectureAdmin)
        })
    });
    let members = Members {
        connection: admin,
        tokens: RwSignal::new(None),
        issued: RwSignal::new(Vec::new()),
        failure: RwSignal::new(None),
    };
    provide_context(members);
    Effect::new(move |_| {
        if admin.get().is_some() {
            members.reload();
        }
    });
    let failure = move || {
        let error = members
            .failure
            .get()
            .or_else(|| members.tokens.get().and_then(Result::err))?;
        let t = locale.texts();
        Some(view! {
            <p class="notice notice--error" role="alert">
                <span aria-hidden="true">"⚠ "</span>
                {sync_error_message(&error, t)}
            </p>
        })
    };

    view! {
        <div class:no-print=move || !members.issued.with(Vec::is_empty)>
            <h1>{move || m().heading}</h1>
            <p class="lead">{move || m().intro}</p>
        </div>
        <Show
            when=move || admin.get().is_some()
            fallback=move || view! { <p class="notice">{m().admin_only}</p> }
        >
            <div aria-live="polite">{failure}</div>
            <sheet::IssuedSheet/>
            <div class:no-print=move || !members.issued.with(Vec::is_empty)>
                <invite::BulkInvite/>
                <invite::SingleInvite/>
                <tokens::TokenTable/>
            </div>
        </Show>
    }
}
