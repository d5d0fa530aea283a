//! `/casebook` (事例集, 横展開): the prefecture's published cases and the national starter
//! set, searched offline; a town's proposals and the prefecture's review; adopting a case into
//! the town's plan; the prefecture's view of who adopted what. As on `/activity`, the app keeps
//! only the screen's state (page, case, filters as JSON) and hands the tools module the
//! records the casebook reads, once for each revision; the tools module writes the markup
//! (`core::casebook::screen`), answers actions with the writes to make (`core::casebook`'s
//! actions), and writes the CSV and XLSX. The page writes those and shows the markup with
//! `components::html_block`, so the casebook costs the first load little.

use std::cell::Cell;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::{json, Value};
use tsunagu_core::casebook::CasebookReply;
use tsunagu_core::client::FieldKey;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::import::screen::ContextRecord;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::tools::ToolError;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::components::html_block::{Action, HtmlBlock};
use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::Lang;
use crate::state::{Locale, Workspace};
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

#[component]
pub fn CasebookPage() -> impl IntoView {
    let locale = Locale::expect();
    use_page_title(move || words(locale.get(), "事例集（横展開）", "Casebook").to_owned());
    view! {
        <h1>{locale.word(|l| words(l, "事例集（横展開）", "Casebook of good practice"))}</h1>
        <p class="lead">
            {locale.word(|l| words(l,
                "県内で公開された事例と全国の参考事例を、オフラインでも探せます。気に入った事例は「うちでも取り組む」で自団体の計画に取り込めます。",
                "Cases the prefecture published and national examples, searchable offline. Adopt one into your plan in one click."))}
        </p>
        <WorkspaceGate>
            <CasebookScreen/>
        </WorkspaceGate>
    }
}

/// The screen's state (page, case, filters), the markup last written and the last message.
#[derive(Clone, Copy)]
struct Screen {
    workspace: Workspace,
    locale: Locale,
    state: RwSignal<Value>,
    markup: RwSignal<String>,
    message: RwSignal<String>,
    /// Goes to another route (a measure just adopted).
    go_to: Callback<String>,
}

/// Eight random hex digits for the id of a record an action makes.
fn nonce() -> String {
    let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!("{random:08x}")
}

/// The named controls of the form holding `element`, as `[name, value]` pairs.
fn form_pairs(element: &Element) -> Value {
    let form = element.closest("form").ok().flatten();
    let Some(list) = form.and_then(|form| form.query_selector_all("[name]").ok()) else {
        return json!([]);
    };
    let pairs: Vec<Value> = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .map(|control| {
            let value = js_sys::Reflect::get(&control, &"value".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            json!([control.get_attribute("name").unwrap_or_default(), value])
        })
        .collect();
    Value::Array(pairs)
}

impl Screen {
    fn lang(self) -> Lang {
        self.locale.get_untracked()
    }

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
            let only_own = matches!(kind, RecordKind::Plan | RecordKind::Kpi);
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

    /// The request for the current state, with `action` and its form.
    fn request(self, generation: u64, variant: &str, action: &str, form: Value) -> String {
        let workspace = self.workspace;
        let own = untrack(|| workspace.own_org());
        let who = untrack(|| workspace.connection()).and_then(|c| c.who);
        let can_write = own
            .as_ref()
            .is_some_and(|org| may_write(who.as_ref(), RecordKind::Case, org));
        let mut request = self.state.get_untracked();
        let fields = [
            ("generation", json!(generation)),
            ("lang", json!(words(self.lang(), "ja", "en"))),
            ("own", json!(own.map(|o| o.to_string()).unwrap_or_default())),
            ("can_write", json!(can_write)),
            ("action", json!(action)),
            ("form", form),
            ("nonce", json!(nonce())),
            (
                "today",
                json!(tsunagu_core::calendar::iso_date(crate::ui::dates::today())),
            ),
        ];
        for (name, value) in fields {
            request[name] = value;
        }
        json!({ variant: request }).to_string()
    }

    /// Asks the tools module, sending the records first when it does not hold this revision.
    async fn ask(self, variant: &str, action: &str, form: Value) -> Result<Vec<u8>, String> {
        let mut answer = Err(ToolsError::Refused(ToolError::CasebookDataMissing));
        for _ in 0..2 {
            let generation = untrack(|| self.workspace.revision());
            if SENT.get() != generation + 1 {
                let data = self.data(generation).map_err(|e| e.to_string())?;
                tools::run_json(data).await.map_err(|e| e.to_string())?;
                SENT.set(generation + 1);
            }
            let request = self.request(generation, variant, action, form.clone());
            answer = tools::run_json(request).await;
            if answer != Err(ToolsError::Refused(ToolError::CasebookDataMissing)) {
                break;
            }
            SENT.set(0);
        }
        answer.map_err(|e| e.to_string())
    }

    /// Writes the page anew (reactive: the records, the state and the language).
    fn refresh(self) {
        self.workspace.revision();
        self.state.track();
        self.locale.get();
        spawn_local(async move {
            match self.ask("Casebook", "", json!([])).await {
                Ok(bytes) => {
                    let reply = CasebookReply::from_text(&String::from_utf8_lossy(&bytes));
                    if self.markup.with_untracked(|old| *old != reply.body) {
                        self.markup.set(reply.body);
                    }
                }
                Err(detail) => self.fail(&detail),
            }
        });
    }

    fn fail(self, detail: &str) {
        let lead = words(
            self.lang(),
            "事例集を表示できませんでした: ",
            "The casebook could not be shown: ",
        );
        self.message.set(format!(
            "<p class=\"notice notice--error\" role=\"alert\">{}</p>",
            tsunagu_core::text::escaped(&format!("{lead}{detail}"))
        ));
    }

    fn go(self, page: &str, id: &str) {
        self.state.update(|state| {
            state["page"] = json!(page);
            state["id"] = json!(id);
        });
        self.message.set(String::new());
    }

    /// An action of the tools module: its writes, its message, where to go next.
    fn perform(self, action: String, id: String, form: Value) {
        if !id.is_empty() {
            self.state.update(|state| state["id"] = json!(id));
        }
        spawn_local(async move {
            let reply = match self.ask("Casebook", &action, form).await {
                Ok(bytes) => CasebookReply::from_text(&String::from_utf8_lossy(&bytes)),
                Err(detail) => return self.fail(&detail),
            };
            if let Some(own) = untrack(|| self.workspace.own_org()) {
                let ops: Vec<Value> = serde_json::from_str(&reply.ops).unwrap_or_default();
                for op in &ops {
                    let part = |i: usize| op.get(i).and_then(Value::as_str).unwrap_or_default();
                    let Ok(kind) = part(1).parse::<RecordKind>() else {
                        continue;
                    };
                    let key = FieldKey {
                        record: RecordKey::new(kind, part(2)),
                        field: part(3).to_owned(),
                    };
                    self.workspace
                        .write(&own, key, op.get(4).cloned().unwrap_or(Value::Null));
                }
            }
            let message = reply.message;
            match reply.next.split_once(' ') {
                Some(("measure", id)) => self.go_to.run(format!("/measures/{id}")),
                Some((page, id)) => self.go(page, id),
                None => {}
            }
            self.message.set(message);
        });
    }

    /// Saves the casebook as the filters show it.
    fn export(self, kind: &'static str) {
        spawn_local(async move {
            let (name, mime) = match kind {
                "csv" => ("casebook.csv", CSV_MIME),
                _ => ("casebook.xlsx", XLSX_MIME),
            };
            let saved = match self.ask("CasebookFile", kind, json!([])).await {
                Ok(bytes) => save_file(name, mime, &bytes).map_err(|e| e.to_string()),
                Err(detail) => Err(detail),
            };
            if let Err(detail) = saved {
                self.fail(&detail);
            }
        });
    }

    fn act(self, action: Action) {
        let id = action.id();
        let name = action.name.clone();
        let filter = |key: &str, value: Value| {
            self.state.update(|state| state["filter"][key] = value);
        };
        match name.as_str() {
            "page" => self.go(&id, ""),
            "open" => self.go("case", &id),
            "edit" => self.go("edit", &id),
            "print" => print_page(),
            "csv" | "xlsx" => self.export(if name == "csv" { "csv" } else { "xlsx" }),
            "search" => {
                let pairs = form_pairs(&action.element);
                let query = pairs
                    .as_array()
                    .and_then(|pairs| pairs.iter().find(|pair| pair[0] == "query"))
                    .map_or(Value::from(""), |pair| pair[1].clone());
                filter("query", query);
            }
            "filter-area" | "filter-category" | "filter-population" | "filter-cost"
            | "filter-order" => filter(&name["filter-".len()..], json!(action.value())),
            _ => self.perform(name, id, form_pairs(&action.element)),
        }
    }
}

#[component]
fn CasebookScreen() -> impl IntoView {
    let query = use_query_map();
    let (page, id, propose) = query.with_untracked(|q| {
        let case = q.get("case").unwrap_or_default();
        let propose = q.get("propose").unwrap_or_default();
        match (case.is_empty(), propose.is_empty()) {
            (false, _) => ("case", case, String::new()),
            (_, false) => ("mine", String::new(), propose),
            _ => ("list", String::new(), String::new()),
        }
    });
    let navigate = use_navigate();
    let screen = Screen {
        go_to: Callback::new(move |path: String| navigate(&path, Default::default())),
        workspace: Workspace::expect(),
        locale: Locale::expect(),
        state: RwSignal::new(json!({ "page": page, "id": id, "filter": {} })),
        markup: RwSignal::new(String::new()),
        message: RwSignal::new(String::new()),
    };
    if !propose.is_empty() {
        screen.perform(
            "propose".into(),
            String::new(),
            json!([["measure", propose]]),
        );
    }
    Effect::new(move |_| screen.refresh());
    let act = Callback::new(move |action| screen.act(action));
    view! {
        <div aria-live="polite">
            <HtmlBlock html=screen.message/>
        </div>
        <HtmlBlock html=screen.markup on_action=act id="casebook"/>
    }
}
