//! Shows whether the sync worker is reachable, polling `/v1/health`.

use std::time::Duration;

use gloo_timers::future::sleep;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use crate::error::health_message;
use crate::i18n::Texts;
use crate::state::Locale;
use crate::sync::health::{check_health, Health, HealthError};

/// Time between two health checks.
pub const POLL_INTERVAL: Duration = Duration::from_secs(10);

/// The outcome of the latest health check.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Status {
    Checking,
    Online(Health),
    Offline(HealthError),
    Failed(HealthError),
}

impl From<Result<Health, HealthError>> for Status {
    fn from(result: Result<Health, HealthError>) -> Self {
        match result {
            Ok(health) => Status::Online(health),
            Err(e) if e.is_offline() => Status::Offline(e),
            Err(e) => Status::Failed(e),
        }
    }
}

/// What the status badge shows; a `Memo` of it changes only when the kind
/// changes, so the live region does not re-announce every poll.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Checking,
    Online,
    Offline,
    Failed,
}

impl Kind {
    fn of(status: &Status) -> Kind {
        match status {
            Status::Checking => Kind::Checking,
            Status::Online(_) => Kind::Online,
            Status::Offline(_) => Kind::Offline,
            Status::Failed(_) => Kind::Failed,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Kind::Checking => "status status--checking",
            Kind::Online => "status status--online",
            Kind::Offline => "status status--offline",
            Kind::Failed => "status status--error",
        }
    }

    /// A shape that differs per state, so colour is never the only signal.
    fn icon(self) -> &'static str {
        match self {
            Kind::Checking => "…",
            Kind::Online => "●",
            Kind::Offline => "○",
            Kind::Failed => "✕",
        }
    }

    fn label(self, t: &Texts) -> &'static str {
        match self {
            Kind::Checking => t.status_checking,
            Kind::Online => t.status_online,
            Kind::Offline => t.status_offline,
            Kind::Failed => t.status_error,
        }
    }
}

/// When the latest check finished: machine-readable and local clock time.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CheckedAt {
    iso: String,
    clock: String,
}

impl CheckedAt {
    fn now() -> Self {
        let date = js_sys::Date::new_0();
        CheckedAt {
            iso: String::from(date.to_iso_string()),
            clock: format!(
                "{:02}:{:02}:{:02}",
                date.get_hours(),
                date.get_minutes(),
                date.get_seconds()
            ),
        }
    }
}

/// The connection badge, the worker's version and the time of the last check.
#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let locale = Locale::expect();
    let status = RwSignal::new(Status::Checking);
    let checked_at = RwSignal::new(None::<CheckedAt>);

    // Stops when the component is unmounted.
    spawn_local_scoped_with_cancellation(async move {
        loop {
            let result = check_health().await;
            status.set(Status::from(result));
            checked_at.set(Some(CheckedAt::now()));
            sleep(POLL_INTERVAL).await;
        }
    });

    let kind = Memo::new(move |_| status.with(Kind::of));
    let version = move || match status.get() {
        Status::Online(health) => health.version,
        _ => "—".to_owned(),
    };
    let detail = move || match status.get() {
        Status::Offline(e) | Status::Failed(e) => Some(health_message(&e, locale.texts())),
        Status::Checking | Status::Online(_) => None,
    };
    let last_checked = move || match checked_at.get() {
        Some(at) => view! { <time datetime=at.iso>{at.clock}</time> }.into_any(),
        None => locale.texts().not_checked_yet.into_any(),
    };

    view! {
        <section class="card connection" aria-labelledby="connection-heading">
            <h2 id="connection-heading">{move || locale.texts().connection_heading}</h2>
            <p class=move || kind.get().class() role="status" aria-live="polite" aria-atomic="true">
                <span class="status__icon" aria-hidden="true">{move || kind.get().icon()}</span>
                <span class="status__label">{move || kind.get().label(locale.texts())}</span>
            </p>
            <p class="status__detail">{detail}</p>
            <dl class="status__facts">
                <div>
                    <dt>{move || locale.texts().server_version}</dt>
                    <dd>{version}</dd>
                </div>
                <div>
                    <dt>{move || locale.texts().last_checked}</dt>
                    <dd>{last_checked}</dd>
                </div>
            </dl>
        </section>
    }
}
