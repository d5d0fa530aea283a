//! `/plan/import` (Excel/CSVから取り込む): the own plan's measures, KPIs and progress read from
//! an XLSX or CSV file, mapped, previewed, written as one batch and undone in one step
//! (issue 24, docs/import.md). Reading, mapping, the preview, the batch and the screen's
//! markup run in the tools module (`core::import::screen`); the app keeps the file input,
//! the CSV's `TextDecoder`, the writes and the stored imports, and shows the markup with
//! `components::html_block`. That keeps the import out of the app's first load.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use tsunagu_core::client::FieldKey;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::import::screen::{
    ContextRecord, FileFormat, ImportContext, ImportReply, ImportRequest,
};
use tsunagu_core::import::MAX_FILE_BYTES;
use tsunagu_core::lang::Lang;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::org::OrgCode;
use tsunagu_core::tools::ToolRequest;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use super::record::plan_of;
use crate::components::html_block::{Action, HtmlBlock};
use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::measure::fill;
use crate::i18n::prefecture::prefecture_texts;
use crate::state::workspace::now_ms;
use crate::state::{Locale, Workspace};
use crate::tools::{self, ToolsError};
use crate::ui::access::may_write;
use crate::ui::download::{save_file, XLSX_MIME};
use crate::ui::page_title::use_page_title;

/// The plan screen's link and this screen's heading.
pub fn import_label(lang: Lang) -> &'static str {
    lang.pick("Excel/CSVから取り込む", "Import from Excel/CSV")
}

/// The screen's state: the markup the tools module last wrote for each part.
#[derive(Clone, Copy)]
struct Import {
    workspace: Workspace,
    locale: Locale,
    status: RwSignal<String>,
    body: RwSignal<String>,
    history: RwSignal<String>,
    busy: RwSignal<bool>,
}

impl Import {
    fn lang(self) -> Lang {
        self.locale.get_untracked().into()
    }

    /// The own organisation and its plan's id, when the user may write it.
    fn target(self) -> Option<(OrgCode, String)> {
        let who = self.workspace.connection_untracked()?.who?;
        let plan = untrack(|| plan_of(self.workspace, &who.org))?;
        may_write(Some(&who), RecordKind::Plan, &who.org).then_some((who.org, plan.key.id))
    }

    /// Runs one step in the tools module; a module that cannot load shows why.
    async fn ask(
        self,
        request: ImportRequest,
        bytes: Option<js_sys::Uint8Array>,
    ) -> Option<ImportReply> {
        let request = ToolRequest::Import(Box::new(request));
        let answer = match bytes {
            Some(bytes) => tools::run_with_bytes(request, bytes).await,
            None => tools::run(request).await,
        };
        match answer {
            Ok(bytes) => Some(ImportReply::from_text(&String::from_utf8_lossy(&bytes))),
            Err(error) => {
                let detail = match error {
                    ToolsError::Unavailable(detail) => detail,
                    refused => refused.to_string(),
                };
                let words = prefecture_texts(self.locale.get_untracked()).tools_unavailable;
                let text = fill(words, &[("detail", &detail)]);
                self.status.set(format!(
                    "<p class=\"notice notice--error\" role=\"alert\">⚠ {}</p>",
                    tsunagu_core::text::escaped(&text)
                ));
                None
            }
        }
    }

    /// Shows a reply: its status always, its body when it has one.
    fn show(self, reply: &ImportReply) {
        self.status.set(reply.status.clone());
        if !reply.body.is_empty() {
            self.body.set(reply.body.clone());
        }
    }

    /// One step at a time: a second click while the module works is ignored.
    fn step(self, request: ImportRequest, bytes: Option<js_sys::Uint8Array>) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        spawn_local(async move {
            if let Some(reply) = self.ask(request, bytes).await {
                self.show(&reply);
            }
            self.busy.set(false);
        });
    }

    fn open(self, input: &HtmlInputElement) {
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        let lang = self.lang();
        let name = file.name();
        let size = file.size() as u64;
        let lower = name.to_lowercase();
        let csv = [".csv", ".tsv", ".txt"].iter().any(|e| lower.ends_with(e));
        self.busy.set(true);
        spawn_local(async move {
            let mut format = if csv {
                FileFormat::Csv
            } else {
                FileFormat::Xlsx
            };
            // Over the limit: not read at all; the module words the refusal.
            let mut bytes = None;
            if size <= MAX_FILE_BYTES {
                match JsFuture::from(file.array_buffer()).await {
                    Ok(buffer) => {
                        let raw = js_sys::Uint8Array::new(&buffer);
                        bytes = if csv {
                            match decode(&raw) {
                                Some(text) => Some(js_sys::Uint8Array::from(text.as_bytes())),
                                None => {
                                    format = FileFormat::CsvUndecodable;
                                    None
                                }
                            }
                        } else {
                            Some(raw)
                        };
                    }
                    // An unreadable file reads as empty: the module says it is empty or damaged.
                    Err(_) => bytes = Some(js_sys::Uint8Array::new_with_length(0)),
                }
            }
            let request = ImportRequest::Open {
                file: name,
                size,
                format,
                lang,
            };
            if let Some(reply) = self.ask(request, bytes).await {
                self.show(&reply);
            }
            self.busy.set(false);
        });
    }

    /// The plan and the records the preview compares with, as the device holds them.
    fn context(self, owner: &OrgCode, plan_id: String) -> ImportContext {
        let mut records = Vec::new();
        for kind in [
            RecordKind::Plan,
            RecordKind::Measure,
            RecordKind::Kpi,
            RecordKind::TaxonomyArea,
        ] {
            for view in untrack(|| self.workspace.views(kind)) {
                if kind != RecordKind::TaxonomyArea && &view.org != owner {
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
        ImportContext {
            plan_id,
            owner: owner.to_string(),
            records,
        }
    }

    fn preview(self) {
        let Some((org, plan_id)) = self.target() else {
            return;
        };
        let context = self.context(&org, plan_id);
        self.step(
            ImportRequest::Preview {
                context,
                lang: self.lang(),
            },
            None,
        );
    }

    fn confirm(self) {
        let Some((org, _)) = self.target() else {
            return;
        };
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        let person = self
            .workspace
            .connection_untracked()
            .and_then(|c| c.who)
            .map(|who| who.label)
            .unwrap_or_default();
        let request = ImportRequest::Confirm {
            import_id: format!("{org}-import-{:016x}", random_u64()),
            seed: random_u64(),
            at_ms: now_ms(),
            person,
            lang: self.lang(),
        };
        spawn_local(async move {
            if let Some(reply) = self.ask(request, None).await {
                self.apply(&org, &reply).await;
            }
            self.busy.set(false);
        });
    }

    fn undo(self, id: String) {
        let Some((org, plan_id)) = self.target() else {
            return;
        };
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        spawn_local(async move {
            let stored = match self.workspace.local_store() {
                Ok(store) => store.load_import(&id).await.ok().flatten(),
                Err(_) => None,
            };
            if let Some(entry) = stored {
                let request = ImportRequest::Undo {
                    entry,
                    context: self.context(&org, plan_id),
                    at_ms: now_ms(),
                    lang: self.lang(),
                };
                if let Some(reply) = self.ask(request, None).await {
                    self.apply(&org, &reply).await;
                }
            }
            self.busy.set(false);
        });
    }

    /// Writes a reply's operations (`["w", kind, id, field, value]`, `["d", kind, id]`) in
    /// order, stores its entry, and shows it.
    async fn apply(self, org: &OrgCode, reply: &ImportReply) {
        let ops: Vec<Value> = serde_json::from_str(&reply.ops).unwrap_or_default();
        for op in &ops {
            let part = |i: usize| op.get(i).and_then(Value::as_str).unwrap_or_default();
            let Ok(kind) = part(1).parse::<RecordKind>() else {
                continue;
            };
            let record = RecordKey::new(kind, part(2));
            match part(0) {
                "w" => {
                    let key = FieldKey {
                        record,
                        field: part(3).to_owned(),
                    };
                    let value = op.get(4).cloned().unwrap_or(Value::Null);
                    self.workspace.write(org, key, value);
                }
                "d" => self.workspace.delete(org, &record),
                _ => {}
            }
        }
        self.show(reply);
        if let Some(id) = entry_id(&reply.entry) {
            if let Ok(store) = self.workspace.local_store() {
                if let Err(error) = store.save_import(&id, &reply.entry).await {
                    self.status.set(format!(
                        "{}<p class=\"notice notice--error\" role=\"alert\">⚠ {}</p>",
                        reply.status,
                        tsunagu_core::text::escaped(&error.to_string())
                    ));
                }
            }
        }
        self.load_history().await;
    }

    async fn load_history(self) {
        let entries = match self.workspace.local_store() {
            Ok(store) => store.load_imports().await.unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        let request = ImportRequest::History {
            entries,
            lang: self.lang(),
        };
        if let Some(reply) = self.ask(request, None).await {
            self.history.set(reply.body);
        }
    }

    fn save_template(self) {
        spawn_local(async move {
            let template = ToolRequest::Import(Box::new(ImportRequest::Template));
            if let Ok(bytes) = tools::run(template).await {
                let name = self.lang().pick("取り込みテンプレート", "import-template");
                let _ = save_file(&format!("{name}.xlsx"), XLSX_MIME, &bytes);
            }
        });
    }

    fn act(self, action: Action) {
        let lang = self.lang();
        match action.name.as_str() {
            "file" => {
                if let Some(input) = action.element.dyn_ref::<HtmlInputElement>() {
                    self.open(input);
                }
            }
            "sheet" => {
                let name =
                    crate::components::html_block::form_values(&action.element, "[name=sheet]")
                        .concat();
                self.step(ImportRequest::Sheet { name, lang }, None);
            }
            "map" => {
                let column = action
                    .element
                    .get_attribute("data-column")
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(usize::MAX);
                let target = action.value().parse().ok();
                self.step(
                    ImportRequest::Map {
                        column,
                        target,
                        lang,
                    },
                    None,
                );
            }
            "preview" => self.preview(),
            "back" => self.step(ImportRequest::Back { lang }, None),
            "cancel" => self.step(ImportRequest::Start { lang }, None),
            "confirm" => self.confirm(),
            "undo" => self.undo(action.id()),
            "template" => self.save_template(),
            _ => {}
        }
    }
}

/// The CSV's text: UTF-8, else Shift_JIS (CP932), each fatal, so a file of mixed encodings
/// is refused rather than read with replacement characters.
fn decode(bytes: &js_sys::Uint8Array) -> Option<String> {
    ["utf-8", "shift_jis"].into_iter().find_map(|label| {
        let options = web_sys::TextDecoderOptions::new();
        options.set_fatal(true);
        web_sys::TextDecoder::new_with_label_and_options(label, &options)
            .ok()?
            .decode_with_js_u8_array(bytes)
            .ok()
    })
}

fn random_u64() -> u64 {
    let part = || (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    (part() << 32) | part()
}

/// The `id` of an entry's JSON (the module writes it first).
fn entry_id(entry: &str) -> Option<String> {
    let value: Value = serde_json::from_str(entry).ok()?;
    value.get("id")?.as_str().map(str::to_owned)
}

#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <WorkspaceGate>
            <ImportScreen/>
        </WorkspaceGate>
    }
}

#[component]
fn ImportScreen() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let lang = move || Lang::from(locale.get());
    use_page_title(move || import_label(lang()).to_owned());
    let import = Import {
        workspace,
        locale,
        status: RwSignal::new(String::new()),
        body: RwSignal::new(String::new()),
        history: RwSignal::new(String::new()),
        busy: RwSignal::new(false),
    };
    let allowed = Memo::new(move |_| {
        workspace
            .connection()
            .and_then(|c| c.who)
            .is_some_and(|who| {
                may_write(Some(&who), RecordKind::Plan, &who.org)
                    && plan_of(workspace, &who.org).is_some()
            })
    });
    // The first step and the history, and again in the other language when it changes (the
    // step shown is kept: the module writes it anew).
    Effect::new(move |first: Option<()>| {
        let lang = lang();
        if !allowed.get() {
            return;
        }
        let request = if first.is_none() {
            ImportRequest::Start { lang }
        } else {
            ImportRequest::Show { lang }
        };
        import.step(request, None);
        spawn_local(async move { import.load_history().await });
    });
    let act = Callback::new(move |action| import.act(action));
    let status = Signal::derive(move || import.status.get());
    let body = Signal::derive(move || import.body.get());
    let history = Signal::derive(move || import.history.get());

    view! {
        <h1>{move || import_label(lang())}</h1>
        {move || {
            (!allowed.get())
                .then(|| {
                    view! {
                        <p class="notice">
                            {move || {
                                lang()
                                    .pick(
                                        "取り込めるのは、計画を編集できる人(編集者・県の管理者)だけです。計画がまだなければ、先に計画を作ってください。",
                                        "Only someone who may edit the plan (an editor or the prefecture's administrator) can import, into a plan that exists.",
                                    )
                            }}
                        </p>
                    }
                })
        }}
        <div aria-live="polite" aria-busy=move || import.busy.get().to_string()>
            <HtmlBlock html=status on_action=act/>
        </div>
        <HtmlBlock html=body on_action=act id="import-step-block"/>
        <HtmlBlock html=history on_action=act/>
        <p class="no-print">
            <a href="/plan">{move || lang().pick("計画に戻る", "Back to the plan")}</a>
        </p>
    }
}
