//! The app's side of the tools module (`tools/`, `core::tools`): a dedicated module Web Worker
//! started the first time a tool is needed and reused after, so the code of work the first load
//! does not need (XLSX export today) is fetched only then, and long jobs never block the page.
//!
//! Use: `tools::build_xlsx(sheets).await` (or [`run`] with any [`ToolRequest`]) gives the bytes
//! or a [`ToolsError`]. A new tool is a variant of `core::tools::ToolRequest`, its arm in
//! `tsunagu_tools::run`, and a small function here beside [`build_xlsx`].

mod replica;

pub use replica::{over_replica, screen_left};

use std::cell::RefCell;
use std::collections::HashMap;

use futures::channel::oneshot;
use tsunagu_core::export::Table;
use tsunagu_core::tools::{ToolError, ToolEvent, ToolRequest};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The worker's loader, copied unhashed by Trunk (index.html); it imports the hashed module
/// named in the worker's name.
const LOADER: &str = "/tools-worker.js";

/// Why a tool gave no result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ToolsError {
    /// The module could not be fetched or started: offline before it was ever stored, a
    /// browser without module workers, a build without it.
    #[error("the tools module could not be loaded: {0}")]
    Unavailable(String),
    /// The module ran and refused the job.
    #[error(transparent)]
    Refused(#[from] ToolError),
}

/// A workbook with one sheet per table (`core::export::to_xlsx`, run in the tools module).
pub async fn build_xlsx(sheets: Vec<Table>) -> Result<Vec<u8>, ToolsError> {
    run(ToolRequest::Xlsx { sheets }).await
}

type Answer = Result<Vec<u8>, ToolsError>;

/// The running worker and the requests waiting for its answers.
struct Tools {
    worker: web_sys::Worker,
    waiting: HashMap<u32, oneshot::Sender<Answer>>,
    next_id: u32,
    // Kept alive as long as the worker: the browser calls them.
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static TOOLS: RefCell<Option<Tools>> = const { RefCell::new(None) };
}

/// Sends one job to the tools worker (starting it if needed) and waits for its answer.
pub async fn run(request: ToolRequest) -> Answer {
    run_with(request, None).await
}

/// [`run`] with bytes beside the request (an imported file): their buffer is transferred to
/// the worker, not copied, and is empty here afterwards.
pub async fn run_with(request: ToolRequest, bytes: Option<js_sys::Uint8Array>) -> Answer {
    let text =
        serde_json::to_string(&request).map_err(|e| ToolsError::Unavailable(e.to_string()))?;
    send(text, bytes).await
}

/// [`run`] with the request already written as JSON (a `ToolRequest`'s form): for a request
/// made of borrowed data, which needs no copy (`core::feed::screen::ActivityDataRef`).
pub async fn run_json(request: String) -> Answer {
    send(request, None).await
}

/// Posts a request (its JSON) and the bytes beside it, and waits for the answer.
async fn send(request: String, bytes: Option<js_sys::Uint8Array>) -> Answer {
    post(request, bytes)?
        .await
        .unwrap_or_else(|_| Err(ToolsError::Unavailable("the worker stopped".into())))
}

/// Posts a request and the bytes beside it (starting the worker first if needed): the channel
/// its answer comes on. Not inlined: every screen's awaiting of a tool shares this one copy.
#[inline(never)]
fn post(
    request: String,
    bytes: Option<js_sys::Uint8Array>,
) -> Result<oneshot::Receiver<Answer>, ToolsError> {
    TOOLS.with(|cell| -> Result<oneshot::Receiver<Answer>, ToolsError> {
        let mut slot = cell.borrow_mut();
        let tools = match slot.as_mut() {
            Some(tools) => tools,
            None => slot.insert(start()?),
        };
        // Ids start at 1: the module answers a message it cannot read as id 0.
        tools.next_id = tools.next_id.wrapping_add(1).max(1);
        let id = tools.next_id;
        // A `ToolMessage`, written around the request's JSON.
        let text = JsValue::from_str(&format!("{{\"id\":{id},\"request\":{request}}}"));
        let posted = match &bytes {
            None => tools.worker.post_message(&text),
            Some(bytes) => tools.worker.post_message_with_transfer(
                &js_sys::Array::of2(&text, bytes),
                &js_sys::Array::of1(&bytes.buffer()),
            ),
        };
        posted.map_err(|e| ToolsError::Unavailable(describe(&e)))?;
        let (answered, answer) = oneshot::channel();
        tools.waiting.insert(id, answered);
        Ok(answer)
    })
}

/// Starts the worker, naming this build's hashed module files (index.html's boot script).
fn start() -> Result<Tools, ToolsError> {
    let files = module_files().ok_or_else(|| {
        ToolsError::Unavailable("index.html does not name the tools module".into())
    })?;
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    options.set_name(&files);
    let worker = web_sys::Worker::new_with_options(LOADER, &options)
        .map_err(|e| ToolsError::Unavailable(describe(&e)))?;
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
            receive(event.data())
        });
    // A loader that cannot even be fetched (offline, never stored) or parsed fails here.
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        event.prevent_default();
        let detail = event
            .dyn_ref::<web_sys::ErrorEvent>()
            .map(|e| e.message())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "the worker could not start".into());
        fail_all(detail);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Tools {
        worker,
        waiting: HashMap::new(),
        next_id: 0,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// `{"js": …, "wasm": …}` from the boot script's `data-tsunagu-tools-*` attributes.
fn module_files() -> Option<String> {
    let tag = web_sys::window()?
        .document()?
        .query_selector("script[data-tsunagu-tools-js]")
        .ok()??;
    let js = tag.get_attribute("data-tsunagu-tools-js")?;
    let wasm = tag.get_attribute("data-tsunagu-tools-wasm")?;
    #[derive(serde::Serialize)]
    struct ModuleFiles {
        js: String,
        wasm: String,
    }
    serde_json::to_string(&ModuleFiles { js, wasm }).ok()
}

/// One message from the worker: `[event JSON, bytes?]`.
fn receive(data: JsValue) {
    let slots = js_sys::Array::from(&data);
    let event = slots
        .get(0)
        .as_string()
        .and_then(|text| serde_json::from_str::<ToolEvent>(&text).ok());
    match event {
        Some(ToolEvent::Reply { id, error }) => {
            let answer = match error {
                Some(error) => Err(ToolsError::Refused(error)),
                None => Ok(js_sys::Uint8Array::new(&slots.get(1)).to_vec()),
            };
            let waiting = TOOLS.with(|cell| {
                cell.borrow_mut()
                    .as_mut()
                    .and_then(|tools| tools.waiting.remove(&id))
            });
            if let Some(answered) = waiting {
                let _ = answered.send(answer);
            }
        }
        Some(ToolEvent::LoadFailed { detail }) => fail_all(detail),
        None => fail_all("the tools module sent an unreadable message".into()),
    }
}

/// Answers every waiting request with the failure and drops the worker, so the next request
/// starts a fresh one (the module may be reachable by then).
fn fail_all(detail: String) {
    let stopped = TOOLS.with(|cell| cell.borrow_mut().take());
    if let Some(tools) = stopped {
        tools.worker.terminate();
        for (_, answered) in tools.waiting {
            let _ = answered.send(Err(ToolsError::Unavailable(detail.clone())));
        }
    }
}

fn describe(error: &JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            error
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{error:?}"))
}
