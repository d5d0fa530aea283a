//! The always-visible sync bar: online or not (browser and server), unsent changes, the last
//! sync, the last error in words, and a button to sync now. Every state has an icon and text.

use leptos::prelude::*;

use crate::components::when::When;
use crate::i18n::measure::fill;
use crate::i18n::refused::refused_texts;
use crate::i18n::Texts;
use crate::state::{Locale, Workspace};
use crate::sync::{SyncEngine, SyncStatus};
use crate::ui::dates::format_recent;
use crate::ui::sync_error::sync_error_message;

/// Where the connection to the sync server stands, from the sync engine's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reach {
    NotConnected,
    Unknown,
    Online,
    BrowserOffline,
    ServerUnreachable,
}

impl Reach {
    fn of(status: &SyncStatus, connected: bool) -> Reach {
        if !connected {
            Reach::NotConnected
        } else if !status.browser_online {
            Reach::BrowserOffline
        } else {
            match status.server_reachable {
                None => Reach::Unknown,
                Some(true) => Reach::Online,
                Some(false) => Reach::ServerUnreachable,
            }
        }
    }

    fn icon(self) -> &'static str {
        match self {
            Reach::NotConnected => "－",
            Reach::Unknown => "…",
            Reach::Online => "●",
            Reach::BrowserOffline | Reach::ServerUnreachable => "○",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Reach::NotConnected | Reach::Unknown => "sync-bar__reach",
            Reach::Online => "sync-bar__reach sync-bar__reach--online",
            Reach::BrowserOffline | Reach::ServerUnreachable => {
                "sync-bar__reach sync-bar__reach--offline"
            }
        }
    }

    fn label(self, t: &Texts) -> &'static str {
        match self {
            Reach::NotConnected => t.sync_not_connected,
            Reach::Unknown => t.status_checking,
            Reach::Online => t.sync_online,
            Reach::BrowserOffline => t.sync_offline_browser,
            Reach::ServerUnreachable => t.sync_offline_server,
        }
    }
}

#[component]
pub fn SyncStatusBar() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let engine = SyncEngine::expect();
    let t = move || locale.texts();
    let connected = Memo::new(move |_| workspace.connection().is_some());
    let status = Memo::new(move |_| engine.status());
    let reach = Memo::new(move |_| status.with(|s| Reach::of(s, connected.get())));
    let syncing = Memo::new(move |_| status.with(|s| s.syncing));
    let pending = Memo::new(move |_| workspace.pending_count());

    let pending_text = move || match pending.get() {
        0 => t().sync_nothing_pending.to_owned(),
        n => (t().sync_pending)(n),
    };
    let last_sync = move || {
        let synced = match workspace.last_sync() {
            Some(ms) => format!("{} {}", t().sync_last, format_recent(locale.get(), ms)),
            None => t().sync_never.to_owned(),
        };
        // Data that came in on a return file (ファイルで同期), said apart from a sync.
        match workspace.last_by_file() {
            Some(ms) => {
                let by_file = locale.word(|l| match l {
                    crate::i18n::Lang::Ja => "ファイルで受信",
                    crate::i18n::Lang::En => "received by file",
                });
                format!(
                    "{synced} ・ {} {}",
                    by_file(),
                    format_recent(locale.get(), ms)
                )
            }
            None => synced,
        }
    };
    let error = move || {
        let sync_error = status.with(|s| s.last_error.as_ref().map(|e| sync_error_message(e, t())));
        let save_error = workspace
            .save_error()
            .map(|_| t().save_error_local.to_owned());
        let messages: Vec<String> = sync_error.into_iter().chain(save_error).collect();
        (!messages.is_empty()).then(|| {
            view! {
                <p class="sync-bar__error">
                    <span aria-hidden="true">"⚠ "</span>
                    {messages.join(" ")}
                </p>
            }
        })
    };

    let refused = move || {
        let count = workspace.refused_count();
        (count > 0).then(|| {
            let texts = refused_texts(locale.get());
            let text = fill(texts.notice, &[("count", &count.to_string())]);
            view! {
                <p class="sync-bar__error" role="alert">
                    <span aria-hidden="true">"⚠ "</span>
                    {text}
                    " "
                    <a href="/refused">{texts.review}</a>
                </p>
            }
        })
    };

    view! {
        <section class="sync-bar" aria-label=locale.word(|l| l.texts().sync_heading)>
            <div class="sync-bar__facts" role="status" aria-live="polite" aria-atomic="true">
                <span class=move || reach.get().class()>
                    <span aria-hidden="true">{move || reach.get().icon()}" "</span>
                    {move || reach.get().label(t())}
                </span>
                <When when=move || syncing.get()>
                    <span class="sync-bar__syncing">
                        <span aria-hidden="true">"↻ "</span>
                        {locale.word(|l| l.texts().sync_running)}
                    </span>
                </When>
                <span class="sync-bar__pending" class:sync-bar__pending--some=move || { pending.get() > 0 }>
                    <span aria-hidden="true">
                        {move || if pending.get() > 0 { "⇡ " } else { "✔ " }}
                    </span>
                    {pending_text}
                </span>
                {error}
            </div>
            {refused}
            <span class="sync-bar__last">{last_sync}</span>
            <a class="sync-bar__file" href="/connect#sync-file">
                {locale.word(|l| match l {
                    crate::i18n::Lang::Ja => "ファイルで同期",
                    crate::i18n::Lang::En => "Sync by file",
                })}
            </a>
            <When
                when=move || connected.get()
                fallback=move || {
                    view! {
                        <a class="button-link" href="/connect">
                            {locale.word(|l| l.texts().sync_go_connect)}
                        </a>
                    }
                }
            >
                <button
                    type="button"
                    class="sync-bar__now"
                    aria-busy=move || syncing.get().to_string()
                    on:click=move |_| engine.sync_now()
                >
                    <span aria-hidden="true">"↻ "</span>
                    {locale.word(|l| l.texts().sync_now)}
                </button>
            </When>
        </section>
    }
}
