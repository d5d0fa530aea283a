//! A snapshot page read as it arrives. Its first bytes say where the next page starts, so the
//! next request goes out while this page's body is still coming in: the server prepares one
//! page while the other is compressed and sent.

use gloo_net::http::Response;
use js_sys::Uint8Array;
use tsunagu_core::protocol::{SnapshotEnvelope, HEAD_LIMIT};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, ReadableStreamReadResult};

use super::SyncError;

/// A successful answer's body, read chunk by chunk.
pub struct PageDownload {
    /// `None` where the browser gives no stream (the body is then read whole).
    reader: Option<ReadableStreamDefaultReader>,
    response: Response,
    bytes: Vec<u8>,
    finished: bool,
    /// Aborts the request, body included, when the page takes too long; kept while it is read.
    _deadline: gloo_timers::callback::Timeout,
}

impl PageDownload {
    pub fn new(response: Response, deadline: gloo_timers::callback::Timeout) -> Self {
        let reader = response.body().and_then(|body| {
            body.get_reader()
                .dyn_into::<ReadableStreamDefaultReader>()
                .ok()
        });
        PageDownload {
            reader,
            response,
            bytes: Vec::new(),
            finished: false,
            _deadline: deadline,
        }
    }

    /// The page's envelope, read from its first bytes when they hold it (or from the whole).
    pub async fn envelope(&mut self) -> Result<SnapshotEnvelope, SyncError> {
        while !self.finished && self.bytes.len() <= HEAD_LIMIT {
            if let Some(envelope) = SnapshotEnvelope::from_prefix(&self.bytes) {
                return Ok(envelope);
            }
            self.read_chunk().await?;
        }
        if let Some(envelope) = SnapshotEnvelope::from_prefix(&self.bytes) {
            return Ok(envelope);
        }
        self.read_to_end().await?;
        super::client::peek_snapshot(&self.bytes)
    }

    /// The whole body.
    pub async fn finish(mut self) -> Result<Vec<u8>, SyncError> {
        self.read_to_end().await?;
        Ok(self.bytes)
    }

    async fn read_to_end(&mut self) -> Result<(), SyncError> {
        while !self.finished {
            self.read_chunk().await?;
        }
        Ok(())
    }

    async fn read_chunk(&mut self) -> Result<(), SyncError> {
        let Some(reader) = &self.reader else {
            self.bytes = self.response.binary().await.map_err(unreachable)?;
            self.finished = true;
            return Ok(());
        };
        let result: ReadableStreamReadResult = JsFuture::from(reader.read())
            .await
            .map_err(|e| SyncError::Unreachable(format!("{e:?}")))?
            .unchecked_into();
        if result.get_done().unwrap_or(true) {
            self.finished = true;
            return Ok(());
        }
        let chunk: Uint8Array = result
            .get_value()
            .dyn_into()
            .map_err(|_| SyncError::InvalidResponse("a part of the body is not bytes".into()))?;
        let start = self.bytes.len();
        self.bytes.resize(start + chunk.length() as usize, 0);
        chunk.copy_to(&mut self.bytes[start..]);
        Ok(())
    }
}

fn unreachable(error: gloo_net::Error) -> SyncError {
    SyncError::Unreachable(error.to_string())
}
