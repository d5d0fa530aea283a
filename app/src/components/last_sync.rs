//! "最終同期 令和8年11月20日 14:03": when an organisation last synced, marked when it is old
//! enough that its figures may be out of date (never by colour alone).

use leptos::prelude::*;
use tsunagu_core::org::OrgCode;

use crate::components::when::When;
use crate::i18n::prefecture::prefecture_texts;
use crate::state::workspace::now_ms;
use crate::state::{Activity, Locale};
use crate::ui::dates::format_recent;

/// Older than this, a town's figures are flagged as possibly stale.
pub const STALE_AFTER_MS: u64 = 14 * 24 * 60 * 60 * 1000;

/// Whether a last sync at `last_sync_ms` (if any) is stale at `now_ms`.
pub fn is_stale(last_sync_ms: Option<u64>, now_ms: u64) -> bool {
    last_sync_ms.is_none_or(|at| now_ms.saturating_sub(at) > STALE_AFTER_MS)
}

#[component]
pub fn LastSyncOf(org: OrgCode) -> impl IntoView {
    let locale = Locale::expect();
    let activity = Activity::expect();
    let t = move || prefecture_texts(locale.get());
    let last = Memo::new(move |_| activity.last_sync_ms(&org));
    let stale = move || is_stale(last.get(), now_ms());

    view! {
        <span class="last-sync" class:last-sync--stale=stale>
            <When when=stale>
                <span aria-hidden="true">"⚠ "</span>
            </When>
            {locale.word(|l| prefecture_texts(l).last_sync)}
            " "
            {move || match last.get() {
                Some(ms) => format_recent(locale.get(), ms),
                None => t().never_synced.to_owned(),
            }}
            <When when=move || stale() && last.get().is_some()>
                " " {locale.word(|l| prefecture_texts(l).stale_mark)}
            </When>
        </span>
    }
}
