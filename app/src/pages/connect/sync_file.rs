//! ファイルで同期 (issue 26), at the end of `/connect` (`#sync-file`; the sync bar links to
//! it): where no route reaches the server, a device's unsent writes leave on a signed file; a
//! connected device of the prefecture (the relay) sends it and saves the return file; the
//! offline device takes the return file in. The tools module writes and reads the files and the
//! markup (`core::sync_file::screen`); the app keeps the file input, the downloads, the relay's
//! POST and the merge (`Workspace::take_return_file`). No route and no typed views of its own,
//! and the request written as JSON here (no serde derive in the app): a route of its own cost
//! the first load about 7 KB gzip.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::sync_file::screen::FileReply;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use crate::components::html_block::{Action, HtmlBlock};
use crate::components::when::When;
use crate::state::workspace::now_ms;
use crate::state::{Locale, Workspace};
use crate::tools;
use crate::ui::download::save_file;

const FILE_MIME: &str = "application/json";

/// The screen's state: the markup of its two parts and of the last result, and the file the
/// last step left to send or take in.
#[derive(Clone, Copy)]
struct Screen {
    workspace: Workspace,
    locale: Locale,
    /// What is shown: the first part, then the last result (one block of markup).
    markup: RwSignal<String>,
    parts: StoredValue<[String; 2]>,
    reply: StoredValue<FileReply>,
    busy: StoredValue<bool>,
}

impl Screen {
    /// One step in the tools module (`step`: a `core::sync_file::screen::FileStep` as JSON);
    /// `None` when the device is not connected or the module failed (said here). Through
    /// `tools::run_json`, which the activity screen uses too: one more caller of it costs the
    /// first load far less than one with bytes beside the request.
    async fn run(self, step: String) -> Option<FileReply> {
        let connection = self.workspace.connection_untracked()?;
        let who = connection.who?;
        let lang = match self.locale.get_untracked() {
            crate::i18n::Lang::Ja => "ja",
            crate::i18n::Lang::En => "en",
        };
        // A `ToolRequest::SyncFile(FileScreenRequest)`.
        let request = format!(
            "{{\"SyncFile\":{{\"lang\":\"{lang}\",\"token\":{},\"client_id\":{},\"org\":\"{}\",\"label\":{},\"now_ms\":{},\"step\":{step}}}}}",
            json_text(&connection.token),
            json_text(&self.workspace.file_source().client_id),
            who.org,
            json_text(&who.label),
            now_ms(),
        );
        match tools::run_json(request).await {
            Ok(bytes) => Some(FileReply::from_text(&String::from_utf8_lossy(&bytes))),
            Err(error) => {
                self.set_part(1, alert(&error.to_string()));
                None
            }
        }
    }

    /// Replaces the first part (0) or the result (1) and shows both; the result's notices are
    /// live regions of their own (`role` `status`, `alert`).
    fn set_part(self, index: usize, text: String) {
        // The person may have left /connect while a step ran: nothing to show then.
        self.parts.update_value(|parts| parts[index] = text);
        if let Some(whole) = self.parts.try_with_value(|parts| parts.concat()) {
            self.markup.set(whole);
        }
    }

    /// The screen's first part (on opening, and after each step: the counts it shows).
    fn refresh(self) {
        let (pending, last) = untrack(|| {
            (
                self.workspace.pending_count(),
                self.workspace.last_by_file(),
            )
        });
        let last = last.map_or_else(|| "null".to_owned(), |ms| ms.to_string());
        let step = format!("{{\"Start\":{{\"pending\":{pending},\"last_by_file\":{last}}}}}");
        self.go("start".into(), None, Some(step));
    }

    /// Shows a step's reply, saves the file it made, and keeps it for the next action.
    fn show(self, reply: FileReply) {
        if !reply.file_name.is_empty() {
            if let Err(error) = save_file(&reply.file_name, FILE_MIME, reply.file.as_bytes()) {
                self.set_part(1, alert(&error.to_string()));
                return;
            }
        }
        self.set_part(1, reply.markup.clone());
        self.reply.set_value(reply);
    }

    fn act(self, action: Action) {
        let file = match action.name.as_str() {
            "file" => action
                .element
                .dyn_ref::<HtmlInputElement>()
                .and_then(|input| {
                    let file = input.files()?.get(0);
                    input.set_value("");
                    file
                }),
            "export" | "relay" | "merge" | "save" => None,
            _ => return,
        };
        if !self.busy.get_value() {
            self.busy.set_value(true);
            self.go(action.name, file, None);
        }
    }

    /// Runs one step (`start`: the first part, its request given) in the tools module, after
    /// what the app does first (reading the file, the relay's POST, the merge). One await of
    /// the tools module for every step keeps this small in the first load.
    fn go(self, name: String, file: Option<web_sys::File>, start: Option<String>) {
        spawn_local(async move {
            let prepared = match start {
                Some(step) => Ok(Some(step)),
                None => self.prepare(&name, file).await,
            };
            match prepared {
                Ok(Some(step)) => {
                    if let Some(reply) = self.run(step).await {
                        if name == "start" {
                            self.set_part(0, reply.markup);
                        } else {
                            self.show(reply);
                            self.refresh();
                        }
                    }
                }
                Ok(None) => {}
                Err(words) => self.set_part(1, alert(&words)),
            }
            if name != "start" {
                self.busy.set_value(false);
            }
        });
    }

    /// What the app does before a step's request: the request (a `FileStep` as JSON); `None`
    /// when there is nothing to ask (the file saved again).
    async fn prepare(
        self,
        name: &str,
        file: Option<web_sys::File>,
    ) -> Result<Option<String>, String> {
        let kept = self.reply.get_value();
        let step = match name {
            "file" => {
                let Some(file) = file else { return Ok(None) };
                // A sync file is JSON text; one that is not reads as damaged in the module.
                let text = JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|t| t.as_string());
                format!(
                    "{{\"Read\":{{\"text\":{}}}}}",
                    json_text(&text.unwrap_or_default())
                )
            }
            "export" => {
                // Written as the sync request the device would send (the serialiser the sync
                // uses), with every unsent write.
                let push = serde_json::to_string(&self.workspace.file_source()).unwrap_or_default();
                format!("{{\"Export\":{{\"push\":{push}}}}}")
            }
            // The tools module posts the file with this device's token (`FileStep::Relay`).
            "relay" if kept.next == "relay" => {
                let Some(connection) = self.workspace.connection_untracked() else {
                    return Ok(None);
                };
                format!(
                    "{{\"Relay\":{{\"url\":{},\"file\":{}}}}}",
                    json_text(&connection.url),
                    json_text(&kept.file)
                )
            }
            "merge" if kept.next == "merge" => {
                let acked = kept.acked_through.parse().unwrap_or(0);
                let (changes, settled) = self
                    .workspace
                    .take_return_file(&kept.response, acked)
                    .await
                    .map_err(|e| e.to_string())?;
                format!("{{\"Merged\":{{\"changes\":{changes},\"settled\":{settled}}}}}")
            }
            "save" => {
                self.show(kept);
                return Ok(None);
            }
            _ => return Ok(None),
        };
        Ok(Some(step))
    }
}

#[component]
pub fn SyncFileScreen() -> impl IntoView {
    let screen = Screen {
        workspace: Workspace::expect(),
        locale: Locale::expect(),
        markup: RwSignal::new(String::new()),
        parts: StoredValue::new([String::new(), String::new()]),
        reply: StoredValue::new(FileReply::default()),
        busy: StoredValue::new(false),
    };
    // Opened on request (or by the sync bar's link, `#sync-file`): the tools module it runs
    // in is not part of the first load, and a first visit to /connect must not fetch it.
    let opened = RwSignal::new(false);
    let hash = leptos_router::hooks::use_location().hash;
    Effect::new(move |_| {
        if hash.get() == "#sync-file" {
            opened.set(true);
        }
    });
    // Shown once the device is connected (on opening /connect, the connection is still being
    // read; on connecting, it arrives).
    Effect::new(move |_| {
        if opened.get() && screen.workspace.connection().is_some() {
            screen.refresh();
        }
    });
    let act = Callback::new(move |action| screen.act(action));
    let locale = screen.locale;
    view! {
        <When when=move || !opened.get() && screen.workspace.connection().is_some()>
            <section class="card no-print" aria-labelledby="sync-file-closed">
                <h2 id="sync-file-closed">{locale.word(|l| match l {
                    crate::i18n::Lang::Ja => "ファイルで同期",
                    crate::i18n::Lang::En => "Sync by file",
                })}</h2>
                <p>{locale.word(|l| match l {
                    crate::i18n::Lang::Ja => "ネットワークにつながらない端末の変更を、ファイルで受け渡します。",
                    crate::i18n::Lang::En => "Carry the changes of a device with no network on a file.",
                })}</p>
                <button type="button" on:click=move |_| opened.set(true)>
                    {locale.word(|l| match l {
                        crate::i18n::Lang::Ja => "ファイルで同期を開く",
                        crate::i18n::Lang::En => "Open sync by file",
                    })}
                </button>
            </section>
        </When>
        <HtmlBlock html=screen.markup on_action=act/>
    }
}

/// A JSON string of `text` (one copy of the escaping for every call).
#[inline(never)]
fn json_text(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn alert(text: &str) -> String {
    format!(
        "<p class=\"notice notice--error\" role=\"alert\">⚠ {}</p>",
        tsunagu_core::text::escaped(text)
    )
}
