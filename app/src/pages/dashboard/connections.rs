//! Who is behind on connecting: municipalities with no token, with tokens never used, or
//! with no sync for the chosen period (`core::dashboard::connection_gaps`), from the activity
//! report the device last received, so it shows offline too.

use leptos::prelude::*;
use tsunagu_core::dashboard::{connection_gaps, ConnectionGap};
use tsunagu_core::text::escaped;

use crate::components::html_block::HtmlBlock;
use crate::i18n::measure::fill;
use crate::i18n::members::members_texts;
use crate::state::workspace::now_ms;
use crate::state::{Activity, Locale, Workspace};
use crate::ui::dates::format_timestamp;
use crate::ui::org_name::municipalities;

const PERIODS_DAYS: [u64; 4] = [7, 14, 30, 90];
const DAY_MS: u64 = 86_400_000;

#[component]
pub fn ConnectionGaps() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let activity = Activity::expect();
    let days = RwSignal::new(30_u64);
    let list = Signal::derive(move || {
        let lang = locale.get();
        let m = members_texts(lang);
        let Some(report) = activity.report() else {
            return format!("<p>{}</p>", m.gaps_unknown);
        };
        let towns = municipalities(workspace);
        let codes: Vec<_> = towns.iter().map(|t| t.code.clone()).collect();
        let rows = connection_gaps(&codes, &report, now_ms(), days.get() * DAY_MS);
        if rows.is_empty() {
            return format!("<p class=\"notice notice--ok\">{}</p>", m.gaps_none);
        }
        let items: String = rows
            .iter()
            .map(|row| {
                let name = towns
                    .iter()
                    .find(|t| t.code == row.org)
                    .map_or_else(|| row.org.to_string(), |t| t.name.clone());
                let gap = match row.gap {
                    ConnectionGap::NoToken => m.gap_no_token,
                    ConnectionGap::NeverUsed => m.gap_never_used,
                    ConnectionGap::NoRecentSync => m.gap_no_sync,
                };
                let last = row
                    .last_sync_ms
                    .map(|ms| format!(" ({})", format_timestamp(lang, ms)))
                    .unwrap_or_default();
                format!(
                    "<li><a href=\"/orgs/{}\">{}</a>: {gap}{last}</li>",
                    row.org,
                    escaped(&name)
                )
            })
            .collect();
        format!("<ul class=\"gaps\">{items}</ul>")
    });

    move || {
        let m = members_texts(locale.get());
        view! {
            <section class="card" aria-labelledby="gaps-heading" id="connection-gaps">
                <h2 id="gaps-heading">{m.gaps_heading}</h2>
                <div class="form__field">
                    <label for="gaps-period">{m.gaps_period}</label>
                    <select
                        id="gaps-period"
                        on:change=move |ev| days.set(event_target_value(&ev).parse().unwrap_or(30))
                    >
                        {PERIODS_DAYS
                            .map(|d| {
                                view! {
                                    <option value=d.to_string() selected=d == days.get_untracked()>
                                        {fill(m.gaps_days, &[("days", &d.to_string())])}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <HtmlBlock html=list/>
            </section>
        }
    }
}
