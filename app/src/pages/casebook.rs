//! `/casebook` (事例集, 横展開): the prefecture's published cases and the national starter
//! set, searched offline; a town's proposals and the prefecture's review; adopting a case into
//! the town's plan; the prefecture's view of who adopted what. As on `/activity`, the tools
//! module does the work (`core::casebook`): the app hands it the records the casebook reads,
//! once for each revision, and forwards what the person does (the action, its element's id
//! and value, the form's values) with the screen's state, which the module changes and gives
//! back as JSON text. The answer is the page's markup, a message, and the writes an action
//! makes, which the page writes as the person's own edits. So the casebook costs the first
//! load little: no state, filters or markup of its own here.

use std::cell::Cell;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use tsunagu_core::casebook::CasebookReply;
use tsunagu_core::client::FieldKey;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::import::screen::ContextRecord;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::tools::ToolError;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::components::html_block::{Action, HtmlBlock};
use crate::i18n::Lang;
use crate::state::{LoadState, Locale, Workspace};
use crate::tools::{self, ToolsError};
use crate::ui::access::may_write;
use crate::ui::download::{print_page, save_file, CSV_MIME, XLSX_MIME};
use crate::ui::page_title::use_page_title;

thread_local! {
    /// The records revision the tools module was last sent, plus one (0: none).
    static SENT: Cell<u64> = const { Cell::new(0) };
}

fn words(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

/// Eight random hex digits for the id of a record an action makes.
fn nonce() -> String {
    let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!("{random:08x}")
}

/// The named controls of the form holding `element`, as `[[name, value]]` JSON.
fn form_pairs(element: &Element) -> String {
    let form = element.closest("form").ok().flatten();
    let Some(list) = form.and_then(|form| form.query_selector_all("[name]").ok()) else {
        return "[]".to_owned();
    };
    let pairs: Vec<Value> = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .map(|control| {
            let value = js_sys::Reflect::get(&control, &"value".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let name = control.get_attribute("name").unwrap_or_default();
            Value::Array(vec![Value::from(name), Value::from(value)])
        })
        .collect();
    Value::Array(pairs).to_string()
}

/// A string as JSON (quoted and escaped).
fn quoted(text: &str) -> String {
    Value::from(text).to_string()
}

#[component]
pub fn CasebookPage() -> impl IntoView {
    let locale = Locale::expect();
    use_page_title(move || words(locale.get(), "事例集（横展開）", "Casebook").to_owned());
    // `?case=<id>` opens a case (the activity feed and the dashboard link there),
    // `?propose=<measure id>` starts a draft from a measure. Read from the router, not from
    // `window.location`: a link followed inside the app renders this screen before the
    // address bar changes.
    let query = leptos_router::hooks::use_query_map();
    let param = |name: &str| query.with_untracked(|q| q.get(name)).map(|v| quoted(&v));
    let state = match (param("case"), param("propose")) {
        (Some(case), _) => format!("{{\"page\":\"case\",\"id\":{case}}}"),
        (_, Some(_)) => "{\"page\":\"mine\"}".to_owned(),
        _ => "{}".to_owned(),
    };
    let propose = param("propose");
    view! {
        <h1>{locale.word(|l| words(l, "事例集（横展開）", "Casebook of good practice"))}</h1>
        <p class="lead">
            {locale.word(|l| words(l,
                "県内で公開された事例と全国の参考事例を、オフラインでも探せます。気に入った事例は「うちでも取り組む」で自団体の計画に取り込めます。",
                "Cases the prefecture published and national examples, searchable offline. Adopt one into your plan in one click."))}
        </p>
        {casebook_screen(state, propose)}
    }
}

/// The casebook's markup from the tools module, starting on the page `state` (JSON), and
/// starting a case from the measure `propose` (JSON text) when given. The prefecture's
/// dashboard shows its 横展開 view this way (`{"page":"dashboard"}`).
pub fn casebook_screen(state: String, propose: Option<String>) -> impl IntoView {
    let screen = Screen {
        workspace: Workspace::expect(),
        locale: Locale::expect(),
        state: RwSignal::new(state),
        markup: RwSignal::new(String::new()),
        message: RwSignal::new(String::new()),
    };
    // The measure is looked for once the replica is read; until its answer, nothing else is
    // asked (an earlier answer would give back the page it was asked on).
    let mut propose = propose;
    Effect::new(move |_| {
        screen.workspace.revision();
        screen.locale.get();
        match propose.take_if(|_| screen.workspace.load_state() == LoadState::Ready) {
            Some(measure) => screen.send(
                "propose",
                String::new(),
                String::new(),
                format!("[[\"measure\",{measure}]]"),
            ),
            None => screen.send("", String::new(), String::new(), "[]".to_owned()),
        }
    });
    let act = Callback::new(move |action: Action| match action.name.as_str() {
        "print" => print_page(),
        name => screen.send(
            name,
            action.id(),
            action.value(),
            form_pairs(&action.element),
        ),
    });
    view! {
        <div aria-live="polite">
            <HtmlBlock html=screen.message/>
        </div>
        <HtmlBlock html=screen.markup on_action=act id="casebook"/>
    }
}

/// The screen's state as the tools module last gave it, its markup and its last message.
#[derive(Clone, Copy)]
struct Screen {
    workspace: Workspace,
    locale: Locale,
    /// `core::casebook::request::ScreenState` as JSON text.
    state: RwSignal<String>,
    markup: RwSignal<String>,
    message: RwSignal<String>,
}

impl Screen {
    /// The records the casebook reads: every case, measure, organisation and area, and the
    /// organisation's own plans and KPIs.
    fn data(self, generation: u64) -> Result<String, serde_json::Error> {
        let own = untrack(|| self.workspace.own_org());
        let mut records = Vec::new();
        for kind in [
            RecordKind::Case,
            RecordKind::Measure,
            RecordKind::Organisation,
            RecordKind::TaxonomyArea,
            RecordKind::Plan,
            RecordKind::Kpi,
        ] {
            // KPIs of every organisation held: the prefecture makes a case from a town's
            // measure with its KPIs.
            let only_own = kind == RecordKind::Plan;
            for view in untrack(|| self.workspace.views(kind)) {
                if only_own && own.as_ref() != Some(&view.org) {
                    continue;
                }
                records.push(ContextRecord {
                    kind,
                    id: view.key.id,
                    org: view.org.to_string(),
                    values: view.values,
                });
            }
        }
        Ok(format!(
            "{{\"CasebookData\":{{\"generation\":{generation},\"records\":{}}}}}",
            serde_json::to_string(&records)?
        ))
    }

    /// What the person did, on the page the state says.
    /// `None` once the page is gone (the person left it while the module answered).
    fn request(
        self,
        generation: u64,
        action: &str,
        id: &str,
        value: &str,
        form: &str,
    ) -> Option<String> {
        let own = untrack(|| self.workspace.own_org());
        let who = untrack(|| self.workspace.connection()).and_then(|c| c.who);
        let can_write = own
            .as_ref()
            .is_some_and(|org| may_write(who.as_ref(), RecordKind::Case, org));
        let variant = if action == "csv" || action == "xlsx" {
            "CasebookFile"
        } else {
            "Casebook"
        };
        let state = self.state.try_get_untracked()?;
        Some(format!(
            "{{\"{variant}\":{{\"generation\":{generation},\"lang\":\"{}\",\"own\":\"{}\",\"can_write\":{can_write},\"state\":{},\"action\":{},\"id\":{},\"value\":{},\"form\":{form},\"nonce\":\"{}\",\"today\":\"{}\"}}}}",
            words(self.locale.get_untracked(), "ja", "en"),
            own.map(|o| o.to_string()).unwrap_or_default(),
            state,
            quoted(action),
            quoted(id),
            quoted(value),
            nonce(),
            tsunagu_core::calendar::iso_date(crate::ui::dates::today()),
        ))
    }

    /// Sends what the person did (`action` empty: the page as it is) and takes the answer in.
    fn send(self, action: &str, id: String, value: String, form: String) {
        let action = action.to_owned();
        spawn_local(async move {
            if let Err(detail) = self.exchange(&action, &id, &value, &form).await {
                let lead = words(
                    self.locale.get_untracked(),
                    "事例集を表示できませんでした: ",
                    "The casebook could not be shown: ",
                );
                self.message.set(format!(
                    "<p class=\"notice notice--error\" role=\"alert\">{}</p>",
                    tsunagu_core::text::escaped(&format!("{lead}{detail}"))
                ));
            }
        });
    }

    async fn exchange(self, action: &str, id: &str, value: &str, form: &str) -> Result<(), String> {
        let mut answer = Err(ToolsError::Refused(ToolError::CasebookDataMissing));
        let mut generation = 0;
        // The records go first when the tools module does not hold this revision (again,
        // after it was restarted).
        for _ in 0..3 {
            generation = untrack(|| self.workspace.revision());
            if SENT.get() != generation + 1 {
                let data = self.data(generation).map_err(|e| e.to_string())?;
                tools::run_json(data).await.map_err(|e| e.to_string())?;
                SENT.set(generation + 1);
            }
            let Some(request) = self.request(generation, action, id, value, form) else {
                return Ok(());
            };
            answer = tools::run_json(request).await;
            if answer != Err(ToolsError::Refused(ToolError::CasebookDataMissing)) {
                break;
            }
            SENT.set(0);
        }
        let missing = answer == Err(ToolsError::Refused(ToolError::CasebookDataMissing));
        if missing && action.is_empty() {
            // Another refresh sent newer records meanwhile: its answer shows them.
            return Ok(());
        }
        let bytes = answer.map_err(|e| e.to_string())?;
        if action == "csv" || action == "xlsx" {
            let (name, mime) = if action == "csv" {
                ("casebook.csv", CSV_MIME)
            } else {
                ("casebook.xlsx", XLSX_MIME)
            };
            return save_file(name, mime, &bytes).map_err(|e| e.to_string());
        }
        let reply = CasebookReply::from_text(&String::from_utf8_lossy(&bytes));
        self.write(&reply.ops);
        if !reply.state.is_empty() {
            self.state.set(reply.state);
        }
        // A refresh written for records that changed meanwhile is left: the refresh that
        // change started shows them. A move (another page, a filter) is shown at once: a
        // refresh started before it was of the page it left.
        let current = !action.is_empty() || untrack(|| self.workspace.revision()) == generation;
        if current
            && !reply.body.is_empty()
            && self.markup.try_with_untracked(|old| *old != reply.body) == Some(true)
        {
            self.markup.set(reply.body);
        }
        if !action.is_empty() {
            self.message.set(reply.message);
        }
        Ok(())
    }

    /// Writes an action's operations (`[["w", kind, id, field, value]]`) as the person's edits.
    fn write(self, ops: &str) {
        let Some(own) = untrack(|| self.workspace.own_org()) else {
            return;
        };
        let ops: Vec<Value> = serde_json::from_str(ops).unwrap_or_default();
        for op in &ops {
            let part = |i: usize| op.get(i).and_then(Value::as_str).unwrap_or_default();
            let Ok(kind) = part(1).parse::<RecordKind>() else {
                continue;
            };
            let key = FieldKey {
                record: RecordKey::new(kind, part(2)),
                field: part(3).into(),
            };
            self.workspace
                .write(&own, key, op.get(4).cloned().unwrap_or(Value::Null));
        }
    }
}
