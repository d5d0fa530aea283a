//! `/sync-file` (ファイルで同期, issue 26): where no route reaches the server, a device's unsent
//! writes leave on a signed file; a connected device of the prefecture (the relay) sends it and
//! saves the return file; the offline device takes the return file in. The tools module writes
//! and reads the files and the screen's markup (`core::sync_file::screen`); the app keeps the
//! file input, the downloads, the relay's POST and the merge (`Workspace::take_return_file`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::sync_file::screen::{FileReply, FileScreenRequest, FileStep};
use tsunagu_core::tools::ToolRequest;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use crate::components::html_block::{Action, HtmlBlock};
use crate::components::workspace_gate::WorkspaceGate;
use crate::state::workspace::now_ms;
use crate::state::{Locale, Workspace};
use crate::sync::client;
use crate::tools;
use crate::ui::download::save_file;
use crate::ui::page_title::use_page_title;

const FILE_MIME: &str = "application/json";

#[component]
pub fn SyncFilePage() -> impl IntoView {
    let locale = Locale::expect();
    let heading = locale.word(|l| match l {
        crate::i18n::Lang::Ja => "ファイルで同期",
        crate::i18n::Lang::En => "Sync by file",
    });
    use_page_title(move || heading().to_owned());
    view! {
        <h1>{heading}</h1>
        <WorkspaceGate>
            <SyncFileScreen/>
        </WorkspaceGate>
    }
}

/// The screen's state: the markup of its two parts and of the last result, and the file the
/// last step left to send or take in.
#[derive(Clone, Copy)]
struct Screen {
    workspace: Workspace,
    locale: Locale,
    start: RwSignal<String>,
    result: RwSignal<String>,
    reply: StoredValue<FileReply>,
    busy: RwSignal<bool>,
}

impl Screen {
    /// One step in the tools module (with the chosen file's bytes for `Read`); `None` when
    /// the device is not connected (the gate shows why) or the module failed (said here).
    async fn run(self, step: FileStep, bytes: Option<js_sys::Uint8Array>) -> Option<FileReply> {
        let connection = self.workspace.connection_untracked()?;
        let who = connection.who?;
        let request = FileScreenRequest {
            lang: self.locale.get_untracked().into(),
            token: connection.token,
            client_id: self.workspace.file_source().0.client_id,
            org: who.org.to_string(),
            label: who.label,
            now_ms: now_ms(),
            step,
        };
        match tools::run_with(ToolRequest::SyncFile(Box::new(request)), bytes).await {
            Ok(bytes) => Some(FileReply::from_text(&String::from_utf8_lossy(&bytes))),
            Err(error) => {
                self.result.set(alert(&error.to_string()));
                None
            }
        }
    }

    fn refresh(self) {
        let step = FileStep::Start {
            pending: self.workspace.pending_count(),
            last_by_file: self.workspace.last_by_file(),
        };
        self.locale.get();
        spawn_local(async move {
            if let Some(reply) = self.run(step, None).await {
                self.start.set(reply.markup);
            }
        });
    }

    /// Shows a step's reply, saves the file it made, and keeps it for the next action.
    fn show(self, reply: FileReply) {
        if !reply.file_name.is_empty() {
            if let Err(error) = save_file(&reply.file_name, FILE_MIME, reply.file.as_bytes()) {
                self.result.set(alert(&error.to_string()));
                return;
            }
        }
        self.result.set(reply.markup.clone());
        self.reply.set_value(reply);
    }

    fn act(self, action: Action) {
        if self.busy.get_untracked() {
            return;
        }
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
        self.busy.set(true);
        spawn_local(async move {
            self.step(&action.name, file).await;
            self.busy.set(false);
        });
    }

    async fn step(self, name: &str, file: Option<web_sys::File>) {
        let kept = self.reply.get_value();
        let reply = match name {
            "file" => {
                let Some(file) = file else { return };
                let bytes = match JsFuture::from(file.array_buffer()).await {
                    Ok(buffer) => js_sys::Uint8Array::new(&buffer),
                    Err(_) => js_sys::Uint8Array::new_with_length(0),
                };
                self.run(FileStep::Read, Some(bytes)).await
            }
            "export" => {
                let (meta, mutations) = self.workspace.file_source();
                let step = FileStep::Export {
                    cursor: meta.cursor,
                    epoch: meta.epoch,
                    cursor_tag: meta.cursor_tag,
                    mutations,
                };
                self.run(step, None).await
            }
            "relay" if kept.next == "relay" => {
                let Some(connection) = self.workspace.connection_untracked() else {
                    return;
                };
                match client::relay_file(&connection.url, &connection.token, kept.file).await {
                    Ok((status, body)) => self.run(FileStep::Relayed { status, body }, None).await,
                    Err(error) => {
                        self.result.set(alert(&error.to_string()));
                        return;
                    }
                }
            }
            "merge" if kept.next == "merge" => {
                let acked = kept.acked_through.parse().unwrap_or(0);
                match self.workspace.take_return_file(&kept.response, acked).await {
                    Ok((changes, settled)) => {
                        self.refresh();
                        self.run(FileStep::Merged { changes, settled }, None).await
                    }
                    Err(error) => {
                        self.result.set(alert(&error.to_string()));
                        return;
                    }
                }
            }
            "save" => {
                self.show(kept);
                return;
            }
            _ => return,
        };
        if let Some(reply) = reply {
            self.show(reply);
        }
    }
}

#[component]
fn SyncFileScreen() -> impl IntoView {
    let screen = Screen {
        workspace: Workspace::expect(),
        locale: Locale::expect(),
        start: RwSignal::new(String::new()),
        result: RwSignal::new(String::new()),
        reply: StoredValue::new(FileReply::default()),
        busy: RwSignal::new(false),
    };
    Effect::new(move |_| screen.refresh());
    let act = Callback::new(move |action| screen.act(action));
    view! {
        <HtmlBlock html=screen.start on_action=act/>
        <div aria-live="polite" aria-busy=move || screen.busy.get().to_string()>
            <HtmlBlock html=screen.result on_action=act/>
        </div>
    }
}

fn alert(text: &str) -> String {
    format!(
        "<p class=\"notice notice--error\" role=\"alert\">⚠ {}</p>",
        tsunagu_core::text::escaped(text)
    )
}
