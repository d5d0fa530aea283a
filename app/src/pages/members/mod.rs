//! `/members` (接続管理): the prefecture administrator invites towns and staff (in bulk, with
//! printable invitations), and revokes or reissues tokens. Talks to the server directly: a
//! token must be issued, and shown once, while the administrator is there. The screen's
//! markup is written by the tools module from the server's answers as they came
//! (`core::invite::screen`); the app keeps the state, shows the parts with
//! `components::html_block` and acts on what they ask for. That keeps the screen out of the
//! app's first load.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::access::Role;
use tsunagu_core::calendar::format_japanese_date;
use tsunagu_core::invite::screen::{MembersMarkup, MembersScreen};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::IssueTokenRequest;
use tsunagu_core::tools::ToolRequest;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use crate::components::html_block::{form_values, Action, HtmlBlock};
use crate::components::when::When;
use crate::i18n::measure::fill;
use crate::i18n::members::members_texts;
use crate::state::{Locale, Workspace};
use crate::storage::Connection;
use crate::sync::members::{invite, list_tokens, revoke, rotate};
use crate::sync::SyncError;
use crate::tools;
use crate::ui::dates::today;
use crate::ui::download::{print_page, save_file, CSV_MIME};
use crate::ui::org_name::{municipalities, org_name};
use crate::ui::page_title::use_page_title;
use crate::ui::sync_error::sync_error_message;

/// The screen's state: the administrator's connection, the server's last list of tokens and
/// the tokens issued in this visit (shown once), both as the server sent them; the filters;
/// the markup the tools module last wrote.
#[derive(Clone, Copy)]
struct Members {
    workspace: Workspace,
    locale: Locale,
    connection: Signal<Option<Connection>>,
    tokens: RwSignal<Option<String>>,
    issued: RwSignal<Option<String>>,
    /// What went wrong last, in words.
    failure: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    filter: RwSignal<(String, String, bool)>,
    markup: RwSignal<MembersMarkup>,
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
            self.issued.set(Some(invite(&connection, requests).await?));
            Ok(())
        });
    }

    /// Asks the tools module for the markup of what the screen now holds.
    fn write_markup(self) {
        let workspace = self.workspace;
        let towns: Vec<(String, String)> = municipalities(workspace)
            .into_iter()
            .map(|town| (town.code.to_string(), town.name))
            .collect();
        let own = workspace.own_org();
        let orgs = own
            .iter()
            .map(|code| (code.to_string(), org_name(workspace, code)))
            .chain(towns.iter().cloned())
            .collect();
        let screen = MembersScreen {
            lang: self.locale.get().into(),
            towns,
            orgs,
            tokens_json: self.tokens.get(),
            filter: self.filter.get(),
            issued_json: self.issued.get(),
            origin: web_sys::window()
                .and_then(|w| w.location().origin().ok())
                .unwrap_or_default(),
            date: format_japanese_date(today()),
            sender: own
                .map(|code| org_name(workspace, &code))
                .unwrap_or_default(),
        };
        spawn_local(async move {
            match tools::run(ToolRequest::MembersScreen(Box::new(screen))).await {
                Ok(bytes) => {
                    let text = String::from_utf8_lossy(&bytes);
                    self.markup.set(MembersMarkup::from_text(&text));
                }
                Err(error) => {
                    let words = members_texts(self.locale.get_untracked()).screen_unavailable;
                    let detail = error.to_string();
                    self.failure.set(Some(fill(words, &[("detail", &detail)])));
                }
            }
        });
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
            "revoke" | "rotate" => self.change_token(&action),
            "print" => print_page(),
            "csv" => {
                let name = format!(
                    "{}.csv",
                    members_texts(self.locale.get_untracked()).csv_file
                );
                let csv = self.markup.with_untracked(|m| m.csv.clone());
                let _ = save_file(&name, CSV_MIME, csv.as_bytes());
            }
            "close" => self.issued.set(None),
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

    /// Ticks all, none, or the towns the markup marks as not invited yet.
    fn select_towns(self, action: &Action) {
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
                    "select-uninvited" => !town.has_attribute("data-invited"),
                    _ => false,
                });
            }
        }
    }

    fn change_token(self, action: &Action) {
        let Some(connection) = self.connection.get_untracked() else {
            return;
        };
        let m = members_texts(self.locale.get_untracked());
        let reissue = action.name == "rotate";
        let question = if reissue {
            m.rotate_confirm
        } else {
            m.revoke_confirm
        };
        let label = action
            .element
            .get_attribute("data-label")
            .unwrap_or_default();
        let confirmed = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(&fill(question, &[("person", &label)]))
                    .ok()
            })
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        let id = action.id();
        self.run(async move {
            if reissue {
                self.issued.set(Some(rotate(&connection, &id).await?));
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
        issued: RwSignal::new(None),
        failure: RwSignal::new(None),
        busy: RwSignal::new(false),
        filter: RwSignal::new((String::new(), String::new(), false)),
        markup: RwSignal::new(MembersMarkup::default()),
    };
    Effect::new(move |_| {
        if connection.get().is_some() {
            members.reload();
        }
    });
    // Written anew whenever what it shows changes; answers come back in the order asked.
    Effect::new(move |_| members.write_markup());
    let act = Callback::new(move |action| members.act(action));
    // One memo a part: a part is written into the page again only when it changed (the town
    // check boxes keep their state while the list reloads).
    let part = move |pick: fn(&MembersMarkup) -> &String| {
        Memo::new(move |_| members.markup.with(|m| pick(m).clone()))
    };
    let (sheet, forms, filters, table) = (
        part(|m| &m.sheet),
        part(|m| &m.forms),
        part(|m| &m.filters),
        part(|m| &m.table),
    );
    let failure = move || {
        let words = members.failure.get()?;
        Some(view! { <p class="notice notice--error" role="alert">{format!("⚠ {words}")}</p> })
    };
    let hidden_for_print = move || members.issued.with(Option::is_some);

    view! {
        <div class:no-print=hidden_for_print>
            <h1>{locale.word(|l| members_texts(l).heading)}</h1>
            <p class="lead">{locale.word(|l| members_texts(l).intro)}</p>
        </div>
        <When
            when=move || connection.get().is_some()
            fallback=move || view! { <p class="notice">{m().admin_only}</p> }
        >
            <div aria-live="polite" aria-busy=move || members.busy.get().to_string()>{failure}</div>
            <HtmlBlock html=sheet on_action=act/>
            <div class:no-print=hidden_for_print>
                <HtmlBlock html=forms on_action=act/>
                <section class="card" aria-labelledby="tokens-heading">
                    <h2 id="tokens-heading">{locale.word(|l| members_texts(l).list_heading)}</h2>
                    <HtmlBlock html=filters on_action=act/>
                    <HtmlBlock html=table on_action=act/>
                </section>
            </div>
        </When>
    }
}
