//! Saving a file the app made (CSV, XLSX) through the browser's own download, which works
//! offline: a Blob, an object URL and a click on a temporary link.

use wasm_bindgen::JsCast;

/// Why a download could not start.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DownloadError {
    #[error("the page has no document")]
    NoDocument,
    #[error("the browser refused to make the file: {0}")]
    Browser(String),
}

fn browser(error: wasm_bindgen::JsValue) -> DownloadError {
    DownloadError::Browser(format!("{error:?}"))
}

pub const CSV_MIME: &str = "text/csv;charset=utf-8";
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Offers `bytes` to the user as a file named `file_name`.
pub fn save_file(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), DownloadError> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(DownloadError::NoDocument)?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(browser)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(browser)?;
    let link = document
        .create_element("a")
        .map_err(browser)?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| DownloadError::Browser("not an anchor".into()))?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // Revoking at once can cancel the download in some browsers; a minute later it is done.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Opens the browser's print dialog; the print stylesheet leaves out navigation and controls.
pub fn print_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
