//! The first sync's snapshot pages, asked for ahead of need: each page's first bytes name
//! where the next two start, and both requests go out at once, so the server prepares one
//! page while another is compressed and sent and a third is decoded and stored here.

use std::collections::VecDeque;

use futures::channel::oneshot;
use leptos::task::spawn_local;
use tsunagu_core::protocol::SnapshotRequest;

use super::page_download::PageDownload;
use super::{client, SyncError};
use crate::storage::Connection;

/// A request sent, its answer arriving in a task of its own.
struct Asked {
    request: SnapshotRequest,
    answer: oneshot::Receiver<Result<PageDownload, SyncError>>,
}

/// The snapshot requests in flight, in the order they were asked.
pub struct PagesAhead {
    url: String,
    token: String,
    asked: VecDeque<Asked>,
}

impl PagesAhead {
    pub fn new(connection: &Connection) -> Self {
        Self::to(&connection.url, &connection.token)
    }

    /// Requests to the server at `url` with `token`, before they make a saved connection.
    pub fn to(url: &str, token: &str) -> Self {
        PagesAhead {
            url: url.to_owned(),
            token: token.to_owned(),
            asked: VecDeque::new(),
        }
    }

    /// Whether these requests went where `connection` goes, with its token.
    pub fn serves(&self, connection: &Connection) -> bool {
        self.url == connection.url && self.token == connection.token
    }

    /// Sends `request` now, unless it is already on its way.
    pub fn ask(&mut self, request: SnapshotRequest) {
        if self.asked.iter().any(|asked| asked.request == request) {
            return;
        }
        let (answered, answer) = oneshot::channel();
        let (url, token, sent) = (self.url.clone(), self.token.clone(), request.clone());
        spawn_local(async move {
            // The receiver is gone when the page is no longer wanted: the answer is dropped.
            let _ = answered.send(client::snapshot(&url, &token, &sent).await);
        });
        self.asked.push_back(Asked { request, answer });
    }

    /// The answer to `wanted`, asking for it if it was not asked for. Pages asked for before it
    /// are dropped: the replica has gone past them (a hint the records written meanwhile made
    /// wrong).
    pub async fn take(&mut self, wanted: &SnapshotRequest) -> Result<PageDownload, SyncError> {
        let at = match self.asked.iter().position(|asked| &asked.request == wanted) {
            Some(at) => at,
            None => {
                self.ask(wanted.clone());
                self.asked.len() - 1
            }
        };
        let Some(asked) = self.asked.drain(..=at).next_back() else {
            return Err(SyncError::InvalidRequest(
                "no snapshot page was asked for".into(),
            ));
        };
        asked.answer.await.unwrap_or_else(|_| {
            Err(SyncError::Unreachable(
                "the snapshot page's request was dropped".into(),
            ))
        })
    }
}
