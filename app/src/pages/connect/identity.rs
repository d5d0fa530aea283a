//! Who the saved token is: organisation, role, prefecture and label; whether the browser keeps
//! this device's data; and a way to disconnect.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::access::Role;

use crate::components::when::When;
use crate::i18n::role_label;
use crate::state::{Locale, Workspace};
use crate::storage::Persistence;
use crate::ui::org_name::org_name;

/// What the card shows. A memo of it re-renders the card only when one of these changes (not
/// on every sync), so the focus stays on the disconnect button.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Facts {
    organisation: String,
    code: String,
    role: Role,
    prefecture: String,
    label: String,
    url: String,
}

/// `kept`: whether the browser keeps this device's data (`None` until it has answered).
#[component]
pub fn Identity(kept: RwSignal<Option<Persistence>>) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || locale.texts();
    let failed = RwSignal::new(false);
    let facts = Memo::new(move |_| {
        let connection = workspace.connection()?;
        let who = connection.who?;
        Some(Facts {
            organisation: org_name(workspace, &who.org),
            code: who.org.to_string(),
            role: who.role,
            prefecture: org_name(workspace, &who.prefecture),
            label: who.label,
            url: connection.url,
        })
    });
    let disconnect = move |_| {
        spawn_local(async move {
            failed.set(workspace.disconnect().await.is_err());
        });
    };

    move || {
        facts.get().map(|facts| {
            view! {
                <section class="card" aria-labelledby="identity-heading">
                    <h2 id="identity-heading">{t().identity_heading}</h2>
                    <dl class="facts">
                        <div>
                            <dt>{t().identity_org}</dt>
                            <dd>{facts.organisation} " (" {facts.code} ")"</dd>
                        </div>
                        <div>
                            <dt>{t().identity_role}</dt>
                            <dd>{role_label(facts.role, t())}</dd>
                        </div>
                        <div>
                            <dt>{t().identity_prefecture}</dt>
                            <dd>{facts.prefecture}</dd>
                        </div>
                        <div>
                            <dt>{t().identity_token_label}</dt>
                            <dd>{facts.label}</dd>
                        </div>
                        <div>
                            <dt>{t().connect_url}</dt>
                            <dd class="facts__url">{facts.url}</dd>
                        </div>
                        {move || {
                            kept.get().map(|kept| {
                                let text = match kept {
                                    Persistence::Persistent => t().storage_persistent,
                                    Persistence::BestEffort => t().storage_best_effort,
                                    Persistence::Unknown => t().storage_unknown,
                                };
                                view! {
                                    <div>
                                        <dt>{t().identity_storage}</dt>
                                        <dd id="identity-storage">{text}</dd>
                                    </div>
                                }
                            })
                        }}
                    </dl>
                    <p class="form__hint">{t().disconnect_hint}</p>
                    <button type="button" on:click=disconnect>
                        {t().disconnect}
                    </button>
                    <When when=move || failed.get()>
                        <p class="notice notice--error" role="alert">{t().sync_error_storage}</p>
                    </When>
                </section>
            }
        })
    }
}
