//! The tools module: a wasm module the app loads in a dedicated Web Worker the first time it
//! needs a tool (`core::tools` describes the exchange), so code that only exports need stays
//! out of the app's first load. No Leptos: the loader (`public/tools-worker.js`) hands every
//! message to [`handle_message`].

use std::cell::RefCell;

// Talc instead of Rust's default dlmalloc, as in the app (app/src/main.rs): the import's
// reading of a file and the tools' answers allocate many small values.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use tsunagu_core::casebook::{self, Casebook};
use tsunagu_core::export::{import_template_xlsx, to_xlsx};
use tsunagu_core::feed::screen::{self as activity, ActivityData, ActivityScreen};
use tsunagu_core::import::screen::{ImportSession, ImportStep};
use tsunagu_core::invite::screen::render;
use tsunagu_core::measure_search;
use tsunagu_core::standardisation_progress;
use tsunagu_core::survey_results;
use tsunagu_core::tools::{ToolError, ToolEvent, ToolMessage, ToolRequest};
use wasm_bindgen::prelude::*;

mod sync_file;

thread_local! {
    /// The device's replica the app last sent for the activity screen.
    static ACTIVITY: RefCell<ActivityData> = RefCell::new(ActivityData::default());
    /// The import screen's file between its steps (the worker lives as long as the app).
    static IMPORT: RefCell<ImportSession> = RefCell::new(ImportSession::default());
    /// The casebook built from the records the app last sent (search keys made once).
    static CASEBOOK: RefCell<Casebook> = RefCell::new(Casebook::default());
    /// The measure search's reading of that replica (search keys made once per replica and
    /// day), so that each search typed only filters.
    static MEASURES: RefCell<Option<measure_search::Prepared>> = const { RefCell::new(None) };
}

/// Runs `job` over the casebook last sent, if it is of the revision `generation` names.
fn with_casebook(
    generation: u64,
    job: impl FnOnce(&Casebook) -> Result<Vec<u8>, ToolError>,
) -> Result<Vec<u8>, ToolError> {
    CASEBOOK.with(|book| {
        let book = book.borrow();
        if book.generation != generation || book.entries.is_empty() {
            return Err(ToolError::CasebookDataMissing);
        }
        job(&book)
    })
}

/// Runs `job` over the replica last sent, if it is the one `generation` names (and holds the
/// history, when `history`).
fn with_replica(
    generation: u64,
    history: bool,
    job: impl FnOnce(&ActivityData) -> Result<Vec<u8>, ToolError>,
) -> Result<Vec<u8>, ToolError> {
    ACTIVITY.with(|data| {
        let data = data.borrow();
        if data.generation != generation || (history && data.without_history) {
            return Err(ToolError::ActivityDataMissing);
        }
        job(&data)
    })
}

/// [`with_replica`] for the activity screen, which reads the history.
fn with_activity(
    screen: &ActivityScreen,
    job: impl FnOnce(&ActivityData) -> Vec<u8>,
) -> Result<Vec<u8>, ToolError> {
    with_replica(screen.generation, true, |data| Ok(job(data)))
}

/// Does one job: the result's bytes or why there are none. `bytes`: what came beside the
/// message (an imported file).
pub fn run(request: ToolRequest, bytes: Vec<u8>) -> Result<Vec<u8>, ToolError> {
    match request {
        ToolRequest::Xlsx { sheets } => Ok(to_xlsx(&sheets)?),
        ToolRequest::MembersScreen(screen) => Ok(render(&screen).to_text().into_bytes()),
        ToolRequest::ActivityData(data) => {
            ACTIVITY.with(|kept| *kept.borrow_mut() = *data);
            MEASURES.with(|kept| *kept.borrow_mut() = None);
            Ok(Vec::new())
        }
        ToolRequest::ActivityScreen(screen) => with_activity(&screen, |data| {
            activity::render(&screen, data).to_text().into_bytes()
        }),
        ToolRequest::ActivityCsv(screen) => {
            with_activity(&screen, |data| activity::csv(&screen, data))
        }
        ToolRequest::MeasureSearch(screen) => with_replica(screen.generation, false, |data| {
            MEASURES.with(|kept| {
                let mut kept = kept.borrow_mut();
                let prepared = match kept.take() {
                    Some(prepared) if prepared.serves(&screen) => prepared,
                    _ => measure_search::Prepared::new(
                        screen.generation,
                        screen.today,
                        &data.records,
                    ),
                };
                Ok(measure_search::render_prepared(
                    &screen,
                    kept.insert(prepared),
                )?)
            })
        }),
        ToolRequest::SurveyResults(screen) => with_replica(screen.generation, false, |data| {
            Ok(survey_results::render(&screen, &data.records)?)
        }),
        ToolRequest::StandardisationProgress(screen) => {
            with_replica(screen.generation, false, |data| {
                Ok(standardisation_progress::render(&screen, &data.records)?)
            })
        }
        ToolRequest::CasebookData(data) => {
            CASEBOOK.with(|kept| *kept.borrow_mut() = Casebook::build(*data));
            Ok(Vec::new())
        }
        ToolRequest::Casebook(request) => with_casebook(request.generation, |book| {
            Ok(casebook::render(&request, book).to_text().into_bytes())
        }),
        ToolRequest::CasebookFile(request) => with_casebook(request.generation, |book| {
            Ok(casebook::export::casebook_file(&request, book)?)
        }),
        ToolRequest::Import(request) => match request.step {
            ImportStep::Template => Ok(import_template_xlsx()?),
            _ => Ok(IMPORT
                .with(|session| session.borrow_mut().handle(*request, bytes))
                .to_text()
                .into_bytes()),
        },
        ToolRequest::SyncFile(request) => Ok(tsunagu_core::sync_file::screen::handle(*request)
            .to_text()
            .into_bytes()),
    }
}

/// Reads a message (a [`ToolMessage`] as JSON), does its job and names the answer: the event
/// and, when it succeeded, the bytes. A message that is not a request is answered with id 0,
/// which the app never uses, so it is not mistaken for another request's answer.
pub fn answer(message: &str, bytes: Vec<u8>) -> (ToolEvent, Option<Vec<u8>>) {
    let (id, outcome) = match serde_json::from_str::<ToolMessage>(message) {
        Ok(ToolMessage { id, request }) => (id, run(request, bytes)),
        Err(error) => (0, Err(ToolError::BadRequest(error.to_string()))),
    };
    match outcome {
        Ok(bytes) => (ToolEvent::Reply { id, error: None }, Some(bytes)),
        Err(error) => (
            ToolEvent::Reply {
                id,
                error: Some(error),
            },
            None,
        ),
    }
}

/// The worker's message handler: reads the request (a string, or `[string, bytes]`), posts
/// `[event JSON, bytes]` back, the bytes' buffer transferred rather than copied.
#[wasm_bindgen]
pub fn handle_message(message: JsValue) -> Result<(), JsValue> {
    let (text, input) = if js_sys::Array::is_array(&message) {
        let slots = js_sys::Array::from(&message);
        let bytes = slots.get(1);
        let input = if bytes.is_undefined() {
            Vec::new()
        } else {
            js_sys::Uint8Array::new(&bytes).to_vec()
        };
        (slots.get(0).as_string().unwrap_or_default(), input)
    } else {
        (message.as_string().unwrap_or_default(), Vec::new())
    };
    if let Some((id, request)) = sync_file::relay_request(&text) {
        wasm_bindgen_futures::spawn_local(async move {
            let reply = sync_file::relay(request).await;
            let _ = post_reply(ToolEvent::Reply { id, error: None }, Some(reply));
        });
        return Ok(());
    }
    let (event, bytes) = answer(&text, input);
    post_reply(event, bytes)
}

/// Posts `[event JSON, bytes]` back to the app, the bytes' buffer transferred.
fn post_reply(event: ToolEvent, bytes: Option<Vec<u8>>) -> Result<(), JsValue> {
    let header = serde_json::to_string(&event).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let reply = js_sys::Array::of1(&JsValue::from_str(&header));
    let transfer = js_sys::Array::new();
    if let Some(bytes) = bytes {
        let array = js_sys::Uint8Array::from(bytes.as_slice());
        transfer.push(&array.buffer());
        reply.push(&array);
    }
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    scope.post_message_with_transfer(&reply, &transfer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_core::export::{Cell, ExportError, Table};

    fn message(id: u32, request: ToolRequest) -> String {
        serde_json::to_string(&ToolMessage { id, request }).expect("a request serialises")
    }

    #[test]
    fn an_xlsx_request_is_answered_with_a_zip() {
        let table = Table {
            title: "計画".into(),
            headers: vec!["施策".into(), "進捗".into()],
            rows: vec![vec![Cell::text("窓口"), Cell::Percent(0.5)]],
        };
        let (event, bytes) = answer(
            &message(
                7,
                ToolRequest::Xlsx {
                    sheets: vec![table.clone()],
                },
            ),
            Vec::new(),
        );
        assert_eq!(event, ToolEvent::Reply { id: 7, error: None });
        let bytes = bytes.expect("a workbook");
        assert_eq!(&bytes[..2], b"PK");
        assert_eq!(Some(bytes), to_xlsx(&[table]).ok());
    }

    #[test]
    fn a_refused_job_names_its_reason() {
        let (event, bytes) = answer(
            &message(3, ToolRequest::Xlsx { sheets: vec![] }),
            Vec::new(),
        );
        assert_eq!(
            event,
            ToolEvent::Reply {
                id: 3,
                error: Some(ToolError::Export(ExportError::NoSheets)),
            }
        );
        assert!(bytes.is_none());
    }

    #[test]
    fn the_activity_screen_is_written_over_the_replica_last_sent() {
        let screen = ActivityScreen {
            generation: 3,
            now_ms: 1_796_601_600_000,
            lang: tsunagu_core::lang::Lang::Ja,
            own: "030007".into(),
            filter: activity::ActivityFilter::starting(None),
        };
        let ask = |request| answer(&message(5, request), Vec::new());
        let (event, _) = ask(ToolRequest::ActivityScreen(Box::new(screen.clone())));
        assert_eq!(
            event,
            ToolEvent::Reply {
                id: 5,
                error: Some(ToolError::ActivityDataMissing)
            },
            "nothing sent yet"
        );
        let data = activity::ActivityDataRef {
            generation: 3,
            records: Vec::new(),
            history: &[],
            without_history: false,
        };
        let sent = format!(
            "{{\"id\":6,\"request\":{{\"ActivityData\":{}}}}}",
            serde_json::to_string(&data).expect("serialises")
        );
        assert_eq!(
            answer(&sent, Vec::new()).0,
            ToolEvent::Reply { id: 6, error: None }
        );
        let (event, bytes) = ask(ToolRequest::ActivityScreen(Box::new(screen.clone())));
        assert_eq!(event, ToolEvent::Reply { id: 5, error: None });
        let text = String::from_utf8(bytes.expect("markup")).expect("UTF-8");
        assert!(text.contains("activity-period") && text.contains("当てはまる変更はありません"));
        let (_, csv) = ask(ToolRequest::ActivityCsv(Box::new(screen)));
        assert!(csv.is_some_and(|csv| csv.starts_with("\u{feff}".as_bytes())));
    }

    #[test]
    fn the_measure_search_reads_a_replica_sent_without_its_history() {
        use tsunagu_core::lang::Lang;
        use tsunagu_core::measure_search::{MeasureSearchScreen, ScreenOutput, SearchFilter};
        let sent = format!(
            "{{\"id\":8,\"request\":{{\"ActivityData\":{}}}}}",
            serde_json::to_string(&activity::ActivityDataRef {
                generation: 9,
                records: Vec::new(),
                history: &[],
                without_history: true,
            })
            .expect("serialises")
        );
        assert_eq!(
            answer(&sent, Vec::new()).0,
            ToolEvent::Reply { id: 8, error: None }
        );
        let search = |generation| MeasureSearchScreen {
            generation,
            today: tsunagu_core::calendar::parse_ymd("2025-06-01").expect("a date"),
            lang: Lang::Ja,
            filter: SearchFilter::default(),
            output: ScreenOutput::Screen,
        };
        let (event, bytes) = answer(
            &message(9, ToolRequest::MeasureSearch(Box::new(search(9)))),
            Vec::new(),
        );
        assert_eq!(event, ToolEvent::Reply { id: 9, error: None });
        assert!(String::from_utf8(bytes.expect("markup"))
            .expect("UTF-8")
            .contains("条件に合う施策はありません"));
        let missing = Some(ToolError::ActivityDataMissing);
        let (event, _) = answer(
            &message(10, ToolRequest::MeasureSearch(Box::new(search(8)))),
            Vec::new(),
        );
        assert_eq!(
            event,
            ToolEvent::Reply {
                id: 10,
                error: missing.clone()
            }
        );
        let activity = ActivityScreen {
            generation: 9,
            now_ms: 0,
            lang: Lang::Ja,
            own: String::new(),
            filter: activity::ActivityFilter::starting(None),
        };
        let (event, _) = answer(
            &message(11, ToolRequest::ActivityScreen(Box::new(activity))),
            Vec::new(),
        );
        assert_eq!(
            event,
            ToolEvent::Reply {
                id: 11,
                error: missing
            },
            "the feed needs the history"
        );
    }

    #[test]
    fn a_message_that_is_not_a_request_is_answered_as_id_zero() {
        let (event, bytes) = answer("{\"id\": 1, \"request\": {\"Unknown\": {}}}", Vec::new());
        assert!(matches!(
            event,
            ToolEvent::Reply {
                id: 0,
                error: Some(ToolError::BadRequest(_))
            }
        ));
        assert!(bytes.is_none());
    }

    #[test]
    fn an_import_keeps_its_file_between_steps() {
        use tsunagu_core::import::screen::{FileFormat, ImportReply, ImportRequest, ImportStep};
        use tsunagu_core::lang::Lang;
        let step = |request: ImportRequest, bytes: &[u8]| {
            let (event, reply) = answer(
                &message(5, ToolRequest::Import(Box::new(request))),
                bytes.to_vec(),
            );
            assert_eq!(event, ToolEvent::Reply { id: 5, error: None });
            ImportReply::from_text(&String::from_utf8(reply.expect("markup")).expect("utf-8"))
        };
        let csv = "施策名,状況\n窓口,完了\n";
        let opened = step(
            ImportRequest {
                name: "plan.csv".into(),
                number: csv.len() as u64,
                format: Some(FileFormat::Csv),
                ..ImportRequest::new(ImportStep::Open, Lang::Ja)
            },
            csv.as_bytes(),
        );
        assert_eq!(opened.status, "");
        assert!(opened.body.contains("data-action=\"map\""));
        let ignored = step(
            ImportRequest {
                number: 1,
                ..ImportRequest::new(ImportStep::Map, Lang::En)
            },
            &[],
        );
        assert!(ignored.body.contains("Columns"));
        let template = answer(
            &message(
                6,
                ToolRequest::Import(Box::new(ImportRequest::new(ImportStep::Template, Lang::Ja))),
            ),
            Vec::new(),
        )
        .1
        .expect("a workbook");
        assert_eq!(&template[..2], b"PK");
    }

    #[test]
    fn the_casebook_is_searched_over_the_records_last_sent() {
        let ask = |text: String| answer(&text, Vec::new());
        let request = |generation: u64, variant: &str, extra: &str| {
            format!(
                "{{\"id\":4,\"request\":{{\"{variant}\":{{\"generation\":{generation},\"lang\":\"ja\",\"own\":\"032085\"{extra}}}}}}}"
            )
        };
        let (event, _) = ask(request(2, "Casebook", ""));
        assert_eq!(
            event,
            ToolEvent::Reply {
                id: 4,
                error: Some(ToolError::CasebookDataMissing)
            },
            "nothing sent yet"
        );
        let data = "{\"id\":3,\"request\":{\"CasebookData\":{\"generation\":2,\"records\":[]}}}";
        assert_eq!(
            ask(data.to_owned()).0,
            ToolEvent::Reply { id: 3, error: None }
        );
        let (event, bytes) = ask(request(
            2,
            "Casebook",
            ",\"state\":{\"filter\":{\"query\":\"ＣＤＯ\"}}",
        ));
        assert_eq!(event, ToolEvent::Reply { id: 4, error: None });
        let reply = casebook::CasebookReply::from_text(
            &String::from_utf8(bytes.expect("markup")).expect("UTF-8"),
        );
        assert!(reply.body.contains("全国の参考事例") && reply.body.contains("CDOに据え"));
        let (_, xlsx) = ask(request(2, "CasebookFile", ",\"action\":\"xlsx\""));
        assert_eq!(&xlsx.expect("a workbook")[..2], b"PK");
        let (_, csv) = ask(request(2, "CasebookFile", ",\"action\":\"csv\""));
        assert!(csv.is_some_and(|csv| csv.starts_with("\u{feff}".as_bytes())));
    }

    /// The app writes 「ファイルで同期」's requests as JSON by hand
    /// (app/src/pages/connect/sync_file.rs): each form it writes must read as a request.
    #[test]
    fn the_sync_file_requests_the_app_writes_are_read() {
        let token = "tsu_03_abcd1234_abcdefghijklmnopqrstuvwx12345678";
        let wrap = |step: &str| {
            format!(
                "{{\"id\":5,\"request\":{{\"SyncFile\":{{\"lang\":\"ja\",\"token\":\"{token}\",\"client_id\":\"web-0123456789abcdef\",\"org\":\"032085\",\"label\":\"遠野市\",\"now_ms\":1795000000000,\"step\":{step}}}}}}}"
            )
        };
        let push =
            "{\"protocol\":3,\"client_id\":\"web-0123456789abcdef\",\"cursor\":0,\"mutations\":[]}";
        for step in [
            "{\"Start\":{\"pending\":1,\"last_by_file\":null}}".to_string(),
            format!("{{\"Export\":{{\"push\":{push}}}}}"),
            "{\"Read\":{\"text\":\"{}\"}}".to_string(),
            "{\"Relay\":{\"url\":\"http://127.0.0.1:8787\",\"file\":\"{}\"}}".to_string(),
            "{\"Merged\":{\"changes\":2,\"settled\":1}}".to_string(),
        ] {
            let (event, bytes) = answer(&wrap(&step), Vec::new());
            assert_eq!(event, ToolEvent::Reply { id: 5, error: None }, "{step}");
            let reply = tsunagu_core::sync_file::screen::FileReply::from_text(
                &String::from_utf8(bytes.unwrap_or_default()).unwrap_or_default(),
            );
            if step.starts_with("{\"Export") {
                assert!(reply.file.contains("tsunagu-sync-file"));
                assert!(!reply.file.contains("abcdefghijklmnopqrstuvwx12345678"));
            }
            if step.starts_with("{\"Start") {
                assert!(reply.markup.contains("sync-file-input"));
            }
        }
    }
}
