//! 「Excel/CSVから取り込む」 on the plan screen, beside the export: the plan's measures,
//! KPIs and progress read from an XLSX or CSV file, mapped, previewed, written as one batch
//! and undone in one step (issue 24, docs/import.md). The same panel imports the prefecture's
//! areas (the areas screen) and a draft survey's questions (the survey builder): its
//! [`ImportTarget`]. Reading, mapping, the preview, the batch,
//! the history and the panel's markup run in the tools module (`core::import::screen`); the
//! app keeps the file input, the CSV's `TextDecoder`, the writes and the stored imports, and
//! shows the markup with `components::html_block`. That keeps the import out of the app's
//! first load: a route and a screen of typed views of its own cost it about 9 KB gzip.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::import::screen::{
    edits_of_ops, ContextRecord, FileFormat, ImportContext, ImportReply, ImportRequest, ImportStep,
    ImportTarget,
};
use tsunagu_core::import::MAX_FILE_BYTES;
use tsunagu_core::lang::Lang;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::org::OrgCode;
use tsunagu_core::tools::ToolRequest;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use crate::components::html_block::{form_values, Action, HtmlBlock};
use crate::i18n::measure::fill;
use crate::i18n::prefecture::prefecture_texts;
use crate::state::workspace::now_ms;
use crate::state::{Locale, Workspace};
use crate::tools;
use crate::ui::access::may_write;
use crate::ui::download::{save_file, XLSX_MIME};

/// The panel's state: what it imports into and the markup the tools module last wrote for
/// each part.
#[derive(Clone, Copy)]
struct Import {
    workspace: Workspace,
    locale: Locale,
    target: ImportTarget,
    /// The plan or survey shown (none for the taxonomy), and its owner.
    plan: Memo<Option<RecordKey>>,
    owner: Memo<Option<OrgCode>>,
    /// Seeds the ids of the areas and questions a preview adds.
    seed: u64,
    status: RwSignal<String>,
    body: RwSignal<String>,
    history: RwSignal<String>,
    busy: RwSignal<bool>,
}

impl Import {
    fn lang(self) -> Lang {
        self.locale.get_untracked().into()
    }

    /// A step; the prefecture's imports carry their records in every step (a few areas or
    /// one survey), as they go from the file straight to the preview.
    fn request(self, step: ImportStep) -> ImportRequest {
        ImportRequest {
            context: (self.target != ImportTarget::Plan)
                .then(|| self.context())
                .flatten(),
            ..ImportRequest::new(step, self.lang())
        }
    }

    /// The owner and the plan's or survey's id, when the user may write it (an editor of the
    /// owner, the prefecture's administrator).
    fn target(self) -> Option<(OrgCode, String)> {
        // Read with `try_`: a step may end after the person left the screen.
        let who = self.workspace.connection_untracked()?.who;
        let owner = self.owner.try_get_untracked()??;
        let record = || self.plan.try_get_untracked().flatten().map(|key| key.id);
        let (kind, id) = match self.target {
            ImportTarget::Plan => (RecordKind::Plan, record()?),
            ImportTarget::Survey => (RecordKind::Survey, record()?),
            ImportTarget::Taxonomy => (RecordKind::TaxonomyArea, String::new()),
        };
        may_write(who.as_ref(), kind, &owner).then_some((owner, id))
    }

    /// Runs one step in the tools module (with `file`, the `Open` request read from it in
    /// place of `request`) and carries out its reply: writes its operations, stores its entry,
    /// shows its parts. One step at a time: a click while the module works is ignored.
    fn step(self, request: ImportRequest, file: Option<web_sys::File>) {
        let Some((org, _)) = self.target() else {
            return;
        };
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        spawn_local(async move {
            let template = request.step == ImportStep::Template;
            let (request, bytes) = match file {
                Some(file) => read(file, request).await,
                None => (request, None),
            };
            let answer = tools::run_with(ToolRequest::Import(Box::new(request)), bytes).await;
            match answer {
                Ok(bytes) if template => {
                    let name = self.lang().pick("取り込みテンプレート", "import-template");
                    let _ = save_file(&format!("{name}.xlsx"), XLSX_MIME, &bytes);
                }
                Ok(bytes) => {
                    let reply = ImportReply::from_text(&String::from_utf8_lossy(&bytes));
                    let edits = edits_of_ops(&reply.ops);
                    let written = if edits.is_empty() {
                        Ok(())
                    } else {
                        // A batch of thousands of rows takes a moment to store: say so.
                        let words = self.lang().pick(
                            "取り込んだ内容を保存しています…",
                            "Saving the imported rows…",
                        );
                        self.status
                            .set(format!("<p class=\"notice\" role=\"status\">{words}</p>"));
                        self.workspace.write_batch_shown(&org, edits, false).await
                    };
                    if let Err(error) = written {
                        // Nothing of the batch stays: the panel keeps its preview to try again.
                        let words = self.lang().pick(
                            "保存できなかったため、何も書き込まれていません",
                            "Could not be saved, so nothing was written",
                        );
                        self.status.set(alert(&format!("{words}: {error}")));
                        self.busy.set(false);
                        return;
                    }
                    self.status.set(reply.status);
                    if !reply.body.is_empty() {
                        self.body.set(reply.body);
                    }
                    if !reply.history.is_empty() {
                        self.history.set(reply.history);
                    }
                    if !reply.entry_id.is_empty() {
                        let saved = match self.workspace.local_store() {
                            Ok(store) => store.save_import(&reply.entry_id, &reply.entry).await,
                            Err(error) => Err(error),
                        };
                        if let Err(error) = saved {
                            self.status
                                .update(|s| s.push_str(&alert(&error.to_string())));
                        }
                    }
                }
                Err(error) => {
                    let words = prefecture_texts(self.locale.get_untracked()).tools_unavailable;
                    let detail = error.to_string();
                    self.status.set(alert(&fill(words, &[("detail", &detail)])));
                }
            }
            self.busy.set(false);
        });
    }

    /// The plan and the records the preview compares with, as the device holds them (the
    /// prefecture's areas; the survey).
    fn context(self) -> Option<ImportContext> {
        let (owner, plan_id) = self.target()?;
        let kinds: &[RecordKind] = match self.target {
            ImportTarget::Plan => &[
                RecordKind::Plan,
                RecordKind::Measure,
                RecordKind::Kpi,
                RecordKind::TaxonomyArea,
            ],
            ImportTarget::Taxonomy => &[RecordKind::TaxonomyArea],
            ImportTarget::Survey => &[RecordKind::Survey],
        };
        let mut records = Vec::new();
        for &kind in kinds {
            for view in untrack(|| self.workspace.views(kind)) {
                let other = match kind {
                    RecordKind::TaxonomyArea => false,
                    RecordKind::Survey => view.key.id != plan_id,
                    _ => view.org != owner,
                };
                if other {
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
        Some(ImportContext {
            plan_id,
            owner: owner.to_string(),
            records,
            target: self.target,
            seed: self.seed,
        })
    }

    /// Opens the panel with the device's stored imports.
    fn start(self) {
        let workspace = self.workspace;
        spawn_local(async move {
            let entries = match workspace.local_store() {
                Ok(store) => store.load_imports().await.unwrap_or_default(),
                Err(_) => Vec::new(),
            };
            let request = ImportRequest {
                entries,
                ..self.request(ImportStep::Start)
            };
            self.step(request, None);
        });
    }

    fn act(self, action: Action) {
        let mut request = self.request(ImportStep::Show);
        match action.name.as_str() {
            "file" => {
                let file = action
                    .element
                    .dyn_ref::<HtmlInputElement>()
                    .and_then(|input| {
                        let file = input.files()?.get(0);
                        input.set_value("");
                        file
                    });
                if file.is_some() {
                    self.step(request, file);
                }
                return;
            }
            "sheet" => {
                request.step = ImportStep::Sheet;
                request.name = form_values(&action.element, "[name=sheet]").concat();
            }
            "map" => {
                request.step = ImportStep::Map;
                request.number = action
                    .element
                    .get_attribute("data-column")
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(u64::MAX);
                request.target = action.value().parse().ok();
            }
            "preview" | "undo" => {
                request.context = self.context();
                request.step = if action.name == "undo" {
                    request.name = action.id();
                    request.at_ms = now_ms();
                    ImportStep::Undo
                } else {
                    ImportStep::Preview
                };
            }
            "back" => request.step = ImportStep::Back,
            "cancel" => request.step = ImportStep::Cancel,
            "confirm" => {
                let org = self.owner.get_untracked().map(|o| o.to_string());
                request.step = ImportStep::Confirm;
                request.name = format!("{}-import-{:016x}", org.unwrap_or_default(), random_u64());
                request.number = random_u64();
                request.at_ms = now_ms();
                request.person = self
                    .workspace
                    .connection_untracked()
                    .and_then(|c| c.who)
                    .map(|who| who.label)
                    .unwrap_or_default();
            }
            "template" => request.step = ImportStep::Template,
            _ => return,
        }
        self.step(request, None);
    }
}

/// Reads the chosen file into the `Open` request and the bytes to send: none over the size
/// limit (the module words the refusal), a CSV as its UTF-8 text.
async fn read(
    file: web_sys::File,
    mut request: ImportRequest,
) -> (ImportRequest, Option<js_sys::Uint8Array>) {
    let name = file.name();
    let size = file.size() as u64;
    let lower = name.to_lowercase();
    let csv = [".csv", ".tsv", ".txt"].iter().any(|e| lower.ends_with(e));
    let mut format = if csv {
        FileFormat::Csv
    } else {
        FileFormat::Xlsx
    };
    let mut bytes = None;
    if size <= MAX_FILE_BYTES {
        // A file that cannot be read reads as empty: the module says it is empty or damaged.
        let raw = match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer),
            Err(_) => js_sys::Uint8Array::new_with_length(0),
        };
        bytes = if !csv {
            Some(raw)
        } else if let Some(text) = decode(&raw) {
            Some(js_sys::Uint8Array::from(text.as_bytes()))
        } else {
            format = FileFormat::CsvUndecodable;
            None
        };
    }
    request.step = ImportStep::Open;
    request.name = name;
    request.number = size;
    request.format = Some(format);
    (request, bytes)
}

fn alert(text: &str) -> String {
    format!(
        "<p class=\"notice notice--error\" role=\"alert\">⚠ {}</p>",
        tsunagu_core::text::escaped(text)
    )
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

/// The button, and once pressed the import panel, for `target`: the plan or survey `plan` of
/// `owner`, or `owner`'s areas; for those who may write it (the screens show it only to them).
#[component]
pub fn ImportPanel(
    #[prop(optional)] target: ImportTarget,
    plan: Memo<Option<RecordKey>>,
    owner: Memo<Option<OrgCode>>,
) -> impl IntoView {
    let locale = Locale::expect();
    let import = Import {
        workspace: Workspace::expect(),
        locale,
        target,
        plan,
        owner,
        seed: random_u64(),
        status: RwSignal::new(String::new()),
        body: RwSignal::new(String::new()),
        history: RwSignal::new(String::new()),
        busy: RwSignal::new(false),
    };
    let open = RwSignal::new(false);
    // Written again in the other language when it changes.
    Effect::new(move |seen: Option<()>| {
        let _ = locale.get();
        if seen.is_some() && open.get_untracked() {
            // With the plan: a preview shown is made again in the new language.
            let request = ImportRequest {
                context: import.context(),
                ..import.request(ImportStep::Show)
            };
            import.step(request, None);
        }
    });
    let act = Callback::new(move |action| import.act(action));
    let markup = Signal::derive(move || {
        let (status, body, history) =
            (import.status.get(), import.body.get(), import.history.get());
        format!("{status}{body}{history}")
    });
    let toggle = move |_| {
        open.update(|o| *o = !*o);
        if open.get_untracked() {
            import.start();
        }
    };
    view! {
        <p class="actions no-print">
            <button type="button" aria-expanded=move || open.get().to_string() on:click=toggle>
                {move || Lang::from(locale.get()).pick("Excel/CSVから取り込む", "Import from Excel/CSV")}
            </button>
        </p>
        <div hidden=move || !open.get() aria-busy=move || import.busy.get().to_string()>
            <HtmlBlock html=markup on_action=act/>
        </div>
    }
}
