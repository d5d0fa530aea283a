//! Who is behind on connecting: municipalities with no token, with tokens never used, or
//! with no sync for the chosen period (`core::dashboard::connection_gaps`), from the activity
//! report the device last received, so it shows offline too.

use leptos::prelude::*;
use tsunagu_core::dashboard::{connection_gaps, ConnectionGap};

use crate::i18n::measure::fill;
use crate::i18n::members::{members_texts, MembersTexts};
use crate::state::workspace::now_ms;
use crate::state::{Activity, Locale, Workspace};
use crate::ui::dates::format_timestamp;
use crate::ui::org_name::municipalities;

const PERIODS_DAYS: [u64; 4] = [7, 14, 30, 90];
const DAY_MS: u64 = 86_400_000;

fn gap_label(gap: ConnectionGap, m: &MembersTexts) -> &'static str {
    match gap {
        ConnectionGap::NoToken => m.gap_no_token,
        ConnectionGap::NeverUsed => m.gap_never_used,
        ConnectionGap::NoRecentSync => m.gap_no_sync,
    }
}

#[component]
pub fn ConnectionGaps() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let activity = Activity::expect();
    let m = move || members_texts(locale.get());
    let days = RwSignal::new(30_u64);
    let rows = Memo::new(move |_| {
        let report = activity.report()?;
        let towns: Vec<_> = municipalities(workspace)
            .into_iter()
            .map(|t| t.code)
            .collect();
        Some(connection_gaps(
            &towns,
            &report,
            now_ms(),
            days.get() * DAY_MS,
        ))
    });

    view! {
        <section class="card" aria-labelledby="gaps-heading" id="connection-gaps">
            <h2 id="gaps-heading">{move || m().gaps_heading}</h2>
            <div class="form__field">
                <label for="gaps-period">{move || m().gaps_period}</label>
                <select
                    id="gaps-period"
                    on:change=move |ev| days.set(event_target_value(&ev).parse().unwrap_or(30))
                >
                    {PERIODS_DAYS
                        .into_iter()
                        .map(|d| {
                            view! {
                                <option value=d.to_string() selected=d == 30>
                                    {move || fill(m().gaps_days, &[("days", &d.to_string())])}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            {move || match rows.get() {
                None => view! { <p>{m().gaps_unknown}</p> }.into_any(),
                Some(rows) if rows.is_empty() => view! {
                    <p class="notice notice--ok">{m().gaps_none}</p>
                }
                .into_any(),
                Some(rows) => view! {
                    <ul class="gaps">
                        {rows
                            .into_iter()
                            .map(|row| {
                                let last = row
                                    .last_sync_ms
                                    .map(|ms| format!(" ({})", format_timestamp(locale.get(), ms)));
                                view! {
                                    <li>
                                        <a href=format!("/orgs/{}", row.org)>
                                            {crate::ui::org_name::org_name(workspace, &row.org)}
                                        </a>
                                        ": "
                                        {gap_label(row.gap, m())}
                                        {last}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
    }
}
