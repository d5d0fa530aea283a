//! When to sync: shortly after a change, on an interval, when the browser comes back online,
//! and on demand; with exponential backoff and jitter after a failure. Editing never waits
//! for any of it. Of the tabs of one profile only the leader syncs (see `crate::tabs`): the
//! others ask it to, and show its status.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::protocol::ErrorCode;

use super::pages_ahead::PagesAhead;
use super::{client, SyncError};
use crate::state::workspace::{now_ms, LoadState, SNAPSHOT_PAGE_RECORDS};
use crate::state::{Activity, Locale, Workspace};
use crate::storage::Connection;
use crate::tabs::{request_leadership, TabChannel, TabMessage};
use crate::ui::sync_error::sync_error_message;

/// The Web Lock the syncing tab holds.
const LEADER_LOCK: &str = "tsunagu-sync-leader";

/// A change is pushed this long after the last edit, so typing does not send a request per key.
const DEBOUNCE: Duration = Duration::from_secs(2);
/// Everyone's changes are pulled at least this often while the app is open.
const INTERVAL: Duration = Duration::from_secs(60);
const BACKOFF_START_MS: f64 = 2_000.0;
const BACKOFF_MAX_MS: f64 = 300_000.0;
/// Rounds in one sync, so one sync cannot spin forever; a larger pull continues in the next.
const MAX_ROUNDS: usize = 200;

/// What the user sees of sync at all times.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncStatus {
    /// The browser reports a network connection.
    pub browser_online: bool,
    /// The last attempt reached the server.
    pub server_reachable: Option<bool>,
    pub syncing: bool,
    pub last_error: Option<SyncError>,
    /// Consecutive failed attempts, for the backoff.
    pub failures: u32,
}

/// Handle to the sync engine. `Copy`, so closures can capture it.
#[derive(Clone, Copy)]
pub struct SyncEngine {
    workspace: Workspace,
    activity: Activity,
    status: RwSignal<SyncStatus, LocalStorage>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    /// A change arrived while a sync was running: run again when it ends.
    again: StoredValue<bool, LocalStorage>,
    /// The first snapshot page, asked for while the connect form checks a token.
    first_page: StoredValue<Option<PagesAhead>, LocalStorage>,
    /// This tab syncs the device.
    leader: RwSignal<bool>,
    tabs: StoredValue<Option<Rc<TabChannel>>, LocalStorage>,
}

fn browser_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// 2 s, 4 s, 8 s … up to 5 minutes, each scaled by a random factor in [0.5, 1.5) so that many
/// devices coming back at once do not all retry together.
pub fn backoff_delay(failures: u32, random: f64) -> Duration {
    let exponent = failures.saturating_sub(1).min(20);
    let base = (BACKOFF_START_MS * 2f64.powi(exponent as i32)).min(BACKOFF_MAX_MS);
    Duration::from_millis((base * (0.5 + random)) as u64)
}

impl SyncEngine {
    /// Starts the engine for `workspace` and provides it to the tree.
    pub fn provide(workspace: Workspace, activity: Activity) -> Self {
        let engine = SyncEngine {
            workspace,
            activity,
            status: RwSignal::new_local(SyncStatus {
                browser_online: browser_online(),
                ..SyncStatus::default()
            }),
            timer: StoredValue::new_local(None),
            again: StoredValue::new_local(false),
            first_page: StoredValue::new_local(None),
            leader: RwSignal::new(false),
            tabs: StoredValue::new_local(None),
        };
        provide_context(engine);
        engine.start();
        engine
    }

    /// Whether this tab syncs the device (reactive); the others ask it to.
    pub fn is_leader(self) -> bool {
        self.leader.get()
    }

    fn on_tab_message(self, message: TabMessage) {
        let leader = self.leader.get_untracked();
        match message {
            TabMessage::SyncWanted if leader => {
                self.status.update(|s| s.failures = 0);
                self.schedule(Duration::ZERO);
            }
            TabMessage::SyncStatus {
                syncing,
                reachable,
                error,
            } if !leader => {
                self.status.set(SyncStatus {
                    browser_online: browser_online(),
                    server_reachable: reachable,
                    syncing,
                    last_error: error.map(SyncError::InAnotherTab),
                    failures: 0,
                });
                spawn_local(self.workspace.follow_last_sync());
            }
            // The workspace's, or not for this tab's role.
            _ => {}
        }
    }

    fn tell_tabs(self, message: &TabMessage) {
        if let Some(channel) = self.tabs.get_value() {
            channel.post(message);
        }
    }

    /// This tab now syncs the device: the one before it closed (or this is the first tab).
    /// It may have missed what that tab stored last, so it catches up with storage first.
    fn take_over(self) {
        self.leader.set(true);
        // The status shown so far was the other tab's: a sync it was running is not this tab's.
        self.status.update(|s| {
            s.syncing = false;
            s.failures = 0;
        });
        if self.workspace.load_state_untracked() == LoadState::Ready {
            spawn_local(async move {
                // A failed read shows in the sync bar through the workspace; syncing then
                // works from what this tab holds, which the stored queue keeps consistent.
                let _ = self.workspace.catch_up().await;
                self.run_now();
            });
        }
    }

    pub fn expect() -> Self {
        expect_context::<SyncEngine>()
    }

    pub fn status(self) -> SyncStatus {
        self.status.get()
    }

    fn start(self) {
        let channel = TabChannel::open(move |message| self.on_tab_message(message));
        self.tabs.set_value(channel.map(Rc::new));
        if !request_leadership(LEADER_LOCK, move || self.take_over()) {
            // No Web Locks: this tab syncs; the stored queue still keeps tabs' writes apart.
            self.leader.set(true);
        }
        // After each local write is stored, push it soon.
        Effect::new(move |previous: Option<u64>| {
            let writes = self.workspace.local_writes();
            if previous.is_some() {
                self.schedule(DEBOUNCE);
            }
            writes
        });
        // Once the local data is loaded (or a connection is made), sync right away: in this
        // task, so the first request is out before the screens re-render for the change.
        // Also when the replica was read again (another connection, or this tab took over).
        Effect::new(move |_| {
            self.workspace.reloads();
            if self.workspace.load_state() == LoadState::Ready
                && self.workspace.connection().is_some()
            {
                self.run_now();
            }
        });
        set_interval(
            move || {
                if self.leader.get_untracked() && self.status.with_untracked(|s| s.failures == 0) {
                    self.schedule(Duration::ZERO);
                }
            },
            INTERVAL,
        );
        let online = window_event_listener(leptos::ev::online, move |_| {
            self.status.update(|s| {
                s.browser_online = true;
                s.failures = 0;
            });
            self.schedule(Duration::ZERO);
        });
        let offline = window_event_listener(leptos::ev::offline, move |_| {
            self.status.update(|s| s.browser_online = false);
        });
        // The engine lives as long as the page.
        std::mem::forget((online, offline));
    }

    /// On a device that still needs its first snapshot, asks for the first page with a token
    /// the connect form is checking: the check and the server's preparing the page overlap
    /// instead of following each other. The sync after a successful connect takes the page;
    /// a page asked for with another address or token is never used.
    pub fn ask_first_page(self, url: &str, token: &str) {
        if !self.leader.get_untracked() {
            return; // the tab that syncs takes the first sync
        }
        let wanted = untrack(|| {
            (self.workspace.load_state() == LoadState::Ready)
                .then(|| self.workspace.snapshot_request())
                .flatten()
        });
        let pages = wanted.map(|wanted| {
            let mut pages = PagesAhead::to(url, token);
            pages.ask(wanted);
            pages
        });
        self.first_page.set_value(pages);
    }

    /// Drops the page [`SyncEngine::ask_first_page`] asked for (the token was refused).
    pub fn forget_first_page(self) {
        self.first_page.set_value(None);
    }

    /// Syncs now, forgetting any backoff (the user asked).
    pub fn sync_now(self) {
        self.status.update(|s| s.failures = 0);
        self.run_now();
    }

    /// Starts a sync in this task rather than after a timer; a pending timer is dropped.
    fn run_now(self) {
        if let Some(Some(pending)) = self.timer.try_update_value(Option::take) {
            pending.clear();
        }
        self.run();
    }

    /// (Re)starts the timer: the latest request wins, which is what debounces edits.
    fn schedule(self, delay: Duration) {
        if let Some(Some(previous)) = self.timer.try_update_value(Option::take) {
            previous.clear();
        }
        let handle = set_timeout_with_handle(move || self.run(), delay).ok();
        self.timer.set_value(handle);
    }

    fn run(self) {
        if self.workspace.connection_untracked().is_none() {
            return;
        }
        if !self.leader.get_untracked() {
            self.tell_tabs(&TabMessage::SyncWanted);
            return;
        }
        if self.status.with_untracked(|s| s.syncing) {
            self.again.set_value(true);
            return;
        }
        self.status.update(|s| s.syncing = true);
        self.tell_status();
        spawn_local(async move {
            let result = match self.sync_rounds().await {
                Err(error)
                    if matches!(
                        error.code(),
                        Some(ErrorCode::StoreReplaced | ErrorCode::ResyncRequired)
                    ) =>
                {
                    // Boxed: rare, and kept out of every sync's future.
                    Box::pin(self.start_over(error)).await
                }
                result => result,
            };
            self.finish(result);
        });
    }

    /// Shows this tab's sync status in the other tabs' bars, the error in this tab's words.
    fn tell_status(self) {
        let texts = use_context::<Locale>().map_or_else(
            || crate::i18n::Lang::default().texts(),
            |locale| locale.get_untracked().texts(),
        );
        let message = self.status.with_untracked(|status| TabMessage::SyncStatus {
            syncing: status.syncing,
            reachable: status.server_reachable,
            error: status
                .last_error
                .as_ref()
                .map(|error| sync_error_message(error, texts)),
        });
        self.tell_tabs(&message);
    }

    /// The server's data is not what this device pulled (`store_replaced`), or no longer
    /// holds every change since (`resync_required`): start over from a fresh snapshot
    /// (keeping every unsent write), at once. A server that says so again within a minute of
    /// a fresh snapshot is shown as an error instead, so a fault never loops snapshots.
    async fn start_over(self, error: SyncError) -> Result<Option<SyncError>, SyncError> {
        thread_local! {
            static LAST_START_OVER: std::cell::Cell<f64> = const { std::cell::Cell::new(f64::NEG_INFINITY) };
        }
        let now = js_sys::Date::now();
        if now - LAST_START_OVER.get() < 60_000.0 {
            return Err(error);
        }
        LAST_START_OVER.set(now);
        // Only a replaced store may have lost this device's own writes.
        let resend_own = error.code() == Some(ErrorCode::StoreReplaced);
        self.workspace.start_over(resend_own).await?;
        self.again.set_value(true);
        Ok(None)
    }

    /// Syncs until nothing is waiting (within bounds). `Ok` carries a push the server refused
    /// whole: the device kept pulling, and the error is shown.
    async fn sync_rounds(self) -> Result<Option<SyncError>, SyncError> {
        let Some(connection) = self.workspace.connection_untracked() else {
            return Ok(None);
        };
        // A new device's first sync: the current records page by page, then the log.
        self.snapshot_pages(&connection).await?;
        if self.workspace.snapshot_request().is_some() {
            // Pulling the log before the snapshot is whole would fetch every version.
            self.again.set_value(true);
            return Ok(None);
        }
        // The stored queue holds every tab's writes: it is what goes out.
        self.workspace.refresh_queue().await?;
        let mut push_refused = None;
        let mut renumber = false;
        let mut more = true;
        for _ in 0..MAX_ROUNDS {
            let request = self
                .workspace
                .sync_request(push_refused.is_none() && !renumber);
            match client::sync(&connection.url, &connection.token, &request).await {
                Ok(mut response) => {
                    more = self
                        .workspace
                        .take_response(&request, &mut response)
                        .await?;
                    if std::mem::take(&mut renumber) {
                        self.workspace
                            .renumber_after(response.acked_through)
                            .await?;
                        more = true;
                    }
                }
                Err(error) if request.mutations.is_empty() => return Err(error),
                Err(error) => match error.code() {
                    // The server applied fewer of this device's writes than it numbered: a pull
                    // says how many, and the queue is numbered again from there.
                    Some(ErrorCode::SequenceGap) => renumber = true,
                    Some(ErrorCode::ClientIdTaken) => self.workspace.restart_stream().await?,
                    _ if error.refuses_the_push() => push_refused = Some(error),
                    _ => return Err(error),
                },
            }
            if !more {
                break;
            }
        }
        if more {
            // A first sync of a whole prefecture takes more rounds: carry on at once rather
            // than on the next interval.
            self.again.set_value(true);
        }
        // Only decoration for the dashboard: a failure here must not fail the sync.
        if let Ok(report) = client::activity(&connection.url, &connection.token).await {
            self.activity.update(report);
        }
        Ok(push_refused)
    }

    /// Takes the first sync's snapshot pages. Each page's first bytes say where the next two
    /// start, and both are asked for before this page is read on: the server prepares one
    /// while another is still sent, and this one is decoded and stored.
    async fn snapshot_pages(self, connection: &Connection) -> Result<(), SyncError> {
        let mut pages = self
            .first_page
            .try_update_value(Option::take)
            .flatten()
            .filter(|pages| pages.serves(connection))
            .unwrap_or_else(|| PagesAhead::new(connection));
        for _ in 0..MAX_ROUNDS {
            // Only what the replica asks for next is taken in (a page it had already taken
            // changes nothing and may point elsewhere).
            let Some(wanted) = self.workspace.snapshot_request() else {
                break;
            };
            let mut download = pages.take(&wanted).await?;
            for request in download
                .envelope()
                .await?
                .requests_ahead(Some(SNAPSHOT_PAGE_RECORDS))
            {
                pages.ask(request);
            }
            let json = download.finish().await?;
            self.workspace
                .take_snapshot(wanted.after.as_ref(), &json)
                .await?;
        }
        Ok(())
    }

    fn finish(self, result: Result<Option<SyncError>, SyncError>) {
        let retry = result.as_ref().is_err_and(SyncError::is_transient);
        self.status.update(|s| {
            s.syncing = false;
            s.browser_online = browser_online();
            match &result {
                Ok(push_refused) => {
                    s.server_reachable = Some(true);
                    s.last_error = push_refused.clone();
                    s.failures = 0;
                }
                Err(error) => {
                    s.server_reachable = Some(!matches!(error, SyncError::Unreachable(_)));
                    s.last_error = Some(error.clone());
                    s.failures += 1;
                }
            }
        });
        if result.is_ok() {
            // The other tabs read the time once it is stored.
            spawn_local(async move {
                self.workspace.mark_synced(now_ms()).await;
                self.tell_status();
            });
        } else {
            self.tell_status();
        }
        let failures = self.status.with_untracked(|s| s.failures);
        if self.again.try_update_value(std::mem::take).unwrap_or(false) && result.is_ok() {
            self.schedule(Duration::ZERO);
        } else if retry {
            self.schedule(backoff_delay(failures, js_sys::Math::random()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_two_seconds_up_to_five_minutes_with_jitter() {
        assert_eq!(backoff_delay(1, 0.5), Duration::from_secs(2));
        assert_eq!(backoff_delay(2, 0.5), Duration::from_secs(4));
        assert_eq!(backoff_delay(3, 0.5), Duration::from_secs(8));
        assert_eq!(backoff_delay(30, 0.5), Duration::from_secs(300));
        assert_eq!(backoff_delay(1, 0.0), Duration::from_secs(1));
        assert!(backoff_delay(30, 0.999) < Duration::from_secs(450));
    }
}
