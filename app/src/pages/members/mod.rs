//! `/members` (接続管理): the prefecture administrator invites towns and staff (in bulk, with
//! printable invitations), and revokes or reissues tokens. Talks to the server directly: a
//! token must be issued, and shown once, while the administrator is there. The screen is
//! markup text (`markup.rs`, `components::html_block`), which keeps it light.

mod markup;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::access::Role;
use tsunagu_core::calendar::format_japanese_date;
use tsunagu_core::export::to_csv;
use tsunagu_core::invite::{invitation_link, invitations_table, Invitation};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{IssueTokenRequest, TokenInfo};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use crate::components::html_block::{form_values, Action, HtmlBlock};
use crate::i18n::members::members_texts;
use crate::state::{Locale, Workspace};
use crate::storage::Connection;
use crate::sync::members::{invite, list_tokens, revoke, rotate, Issued};
use crate::sync::SyncError;
use crate::ui::dates::today;
use crate::ui::download::{print_page, save_file, CSV_MIME};
use crate::ui::org_name::{municipalities, org_name};
use crate::ui::page_title::use_page_title;
use crate::ui::sync_error::sync_error_message;

/// The screen's state: the administrator's connection, the prefecture's tokens as last
/// listed, the invitations issued in this visit (shown once), the list's filters.
#[derive(Clone, Copy)]
struct Members {
    workspace: Workspace,
    locale: Locale,
    connection: Signal<Option<Connection>>,
    tokens: RwSignal<Option<Vec<TokenInfo>>>,
    issued: RwSignal<Vec<Invitation>>,
    /// What went wrong last, in words.
    failure: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    filter: RwSignal<(String, String, bool)>,
}

impl Members {
    fn reload(self) {
        let Some(connection) = self.connection.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match list_tokens(&connection).await {
                Ok(tokens) => self.tokens.set(Some(tokens)),
                Err(error) => self.fail(&error),
            }
        });
    }

    /// Runs one call to the server at a time; a failure shows in words and the list is read
    /// again either way (a call lost on the way back may still have issued or revoked).
    fn run(self, call: impl std::future::Future<Output = Result<(), SyncError>> + 'static) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.failure.set(None);
        spawn_local(async move {
            if let Err(error) = call.await {
                self.fail(&error);
            }
            self.reload();
            self.busy.set(false);
        });
    }

    fn fail(self, error: &SyncError) {
        let texts = self.locale.get_untracked().texts();
        self.failure.set(Some(sync_error_message(error, texts)));
    }

    fn issue(self, requests: Vec<IssueTokenRequest>) {
        let Some(connection) = self.connection.get_untracked() else {
            return;
        };
        self.run(async move {
            let issued = invite(&connection, requests).await?;
            self.show_issued(issued);
            Ok(())
        });
    }

    /// Shows `issued` once, as invitations.
    fn show_issued(self, issued: Vec<Issued>) {
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        let invitations = issued
            .into_iter()
            .map(|issued| Invitation {
                org_name: org_name(self.workspace, &issued.org),
                org: issued.org,
                role: issued.role,
                label: issued.label,
                link: invitation_link(&origin, &issued.token),
                token: issued.token,
            })
            .collect();
        self.issued.set(invitations);
    }

    fn act(self, action: Action) {
        let form = || action.element.clone();
        match action.name.as_str() {
            "invite" => self.invite_towns(&form()),
            "issue" => {
                let value = |name| form_values(&form(), &format!("[name={name}]")).concat();
                let Ok(org) = OrgCode::parse(&value("org")) else {
                    return;
                };
                self.issue(vec![IssueTokenRequest {
                    org,
                    role: value("role").parse().unwrap_or(Role::Editor),
                    label: value("label"),
                    replace_admins: false,
                }]);
            }
            "select-uninvited" | "select-all" | "select-none" => self.select_towns(&action),
            "filter-org" => self.filter.update(|f| f.0 = action.value()),
            "filter-role" => self.filter.update(|f| f.1 = action.value()),
            "filter-revoked" => self.filter.update(|f| f.2 = action.checked()),
            "revoke" | "rotate" => self.change_token(&action.name, action.id()),
            "print" => print_page(),
            "csv" => {
                let lang = self.locale.get_untracked();
                let table = self
                    .issued
                    .with_untracked(|issued| invitations_table(issued, lang.into()));
                let name = format!("{}.csv", members_texts(lang).csv_file);
                let _ = save_file(&name, CSV_MIME, &to_csv(&table));
            }
            "close" => self.issued.set(Vec::new()),
            _ => {}
        }
    }

    fn invite_towns(self, form: &web_sys::Element) {
        let chosen = form_values(form, "input[name=town]");
        if chosen.is_empty() {
            let m = members_texts(self.locale.get_untracked());
            self.failure.set(Some(m.nothing_selected.to_owned()));
            return;
        }
        let role = form_values(form, "[name=role]")
            .concat()
            .parse()
            .unwrap_or(Role::Editor);
        let template = form_values(form, "[name=label]").concat();
        let requests = municipalities(self.workspace)
            .into_iter()
            .filter(|town| chosen.iter().any(|code| code == town.code.as_str()))
            .map(|town| IssueTokenRequest {
                label: template.replace("{name}", &town.name),
                org: town.code,
                role,
                replace_admins: false,
            })
            .collect();
        self.issue(requests);
    }

    fn select_towns(self, action: &Action) {
        let invited: Vec<String> = self.tokens.with_untracked(|tokens| {
            tokens
                .iter()
                .flatten()
                .filter(|t| t.revoked_at_ms.is_none())
                .map(|t| t.org.to_string())
                .collect()
        });
        let Some(boxes) = action
            .element
            .closest("form")
            .ok()
            .flatten()
            .and_then(|form| form.query_selector_all("input[name=town]").ok())
        else {
            return;
        };
        for i in 0..boxes.length() {
            if let Some(town) = boxes
                .item(i)
                .and_then(|b| b.dyn_into::<HtmlInputElement>().ok())
            {
                town.set_checked(match action.name.as_str() {
                    "select-all" => true,
                    "select-uninvited" => !invited.contains(&town.value()),
                    _ => false,
                });
            }
        }
    }

    fn change_token(self, action: &str, id: String) {
        let Some(connection) = self.connection.get_untracked() else {
            return;
        };
        let m = members_texts(self.locale.get_untracked());
        let label = self.tokens.with_untracked(|tokens| {
            tokens
                .iter()
                .flatten()
                .find(|t| t.id == id)
                .map(|t| t.label.clone())
        });
        let reissue = action == "rotate";
        let question = if reissue {
            m.rotate_confirm
        } else {
            m.revoke_confirm
        };
        let question = question.replace("{person}", &label.unwrap_or_default());
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        self.run(async move {
            if reissue {
                let issued = rotate(&connection, &id).await?;
                self.show_issued(vec![issued]);
            } else {
                revoke(&connection, &id).await?;
            }
            Ok(())
        });
    }
}

#[component]
pub fn MembersPage() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let m = move || members_texts(locale.get());
    use_page_title(move || m().heading.to_owned());
    let connection = Signal::derive(move || {
        workspace.connection().filter(|c| {
            c.who
                .as_ref()
                .is_some_and(|who| who.role == Role::PrefectureAdmin)
        })
    });
    let members = Members {
        workspace,
        locale,
        connection,
        tokens: RwSignal::new(None),
        issued: RwSignal::new(Vec::new()),
        failure: RwSignal::new(None),
        busy: RwSignal::new(false),
        filter: RwSignal::new((String::new(), String::new(), false)),
    };
    Effect::new(move |_| {
        if connection.get().is_some() {
            members.reload();
        }
    });
    let act = Callback::new(move |action| members.act(action));
    let named = move |codes: &mut dyn Iterator<Item = OrgCode>| -> Vec<(String, String)> {
        codes
            .map(|code| (code.to_string(), org_name(workspace, &code)))
            .collect()
    };
    let sheet = Signal::derive(move || {
        let issued = members.issued.get();
        if issued.is_empty() {
            return String::new();
        }
        let sender = workspace
            .own_org()
            .map(|code| org_name(workspace, &code))
            .unwrap_or_default();
        markup::sheet(m(), &issued, &format_japanese_date(today()), &sender)
    });
    let forms = Signal::derive(move || {
        let towns = municipalities(workspace);
        let mut orgs = workspace
            .own_org()
            .into_iter()
            .chain(towns.iter().map(|t| t.code.clone()));
        markup::forms(m(), locale.get(), &towns, &named(&mut orgs))
    });
    let filters = Signal::derive(move || {
        // The directory's order (the prefecture, then its towns), those holding tokens.
        let holds = |code: &OrgCode| {
            members
                .tokens
                .with(|tokens| tokens.iter().flatten().any(|t| t.org == *code))
        };
        let mut codes = workspace
            .own_org()
            .into_iter()
            .chain(municipalities(workspace).into_iter().map(|t| t.code))
            .filter(holds);
        markup::filters(m(), locale.get(), &named(&mut codes))
    });
    let table = Signal::derive(move || {
        let (org, role, revoked) = members.filter.get();
        members.tokens.with(|tokens| match tokens {
            None => format!("<p>{}</p>", m().loading),
            Some(tokens) => {
                let shown: Vec<&TokenInfo> = tokens
                    .iter()
                    .filter(|t| org.is_empty() || t.org.as_str() == org)
                    .filter(|t| role.is_empty() || t.role.as_str() == role)
                    .filter(|t| revoked || t.revoked_at_ms.is_none())
                    .collect();
                markup::table(m(), locale.get(), &shown, |t| org_name(workspace, &t.org))
            }
        })
    });
    let failure = move || {
        let words = members.failure.get()?;
        Some(view! { <p class="notice notice--error" role="alert">{format!("⚠ {words}")}</p> })
    };
    let hidden_for_print = move || members.issued.with(|issued| !issued.is_empty());

    view! {
        <div class:no-print=hidden_for_print>
            <h1>{move || m().heading}</h1>
            <p class="lead">{move || m().intro}</p>
        </div>
        <Show
            when=move || connection.get().is_some()
            fallback=move || view! { <p class="notice">{m().admin_only}</p> }
        >
            <div aria-live="polite" aria-busy=move || members.busy.get().to_string()>{failure}</div>
            <HtmlBlock html=sheet on_action=act/>
            <div class:no-print=hidden_for_print>
                <HtmlBlock html=forms on_action=act/>
                <section class="card" aria-labelledby="tokens-heading">
                    <h2 id="tokens-heading">{move || m().list_heading}</h2>
                    <HtmlBlock html=filters on_action=act/>
                    <HtmlBlock html=table on_action=act/>
                </section>
            </div>
        </Show>
    }
}
