//! `/prefecture`: the prefecture's merged picture. Every municipality × taxonomy area with
//! status and completion, totals, filters, the distribution per area as charts, each
//! municipality's last sync, export and print. Built from the `summaries` store, so it opens
//! before the whole replica has loaded.

mod charts;
mod connections;
mod filters;
mod matrix;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::dashboard::{dashboard_table, Dashboard, DashboardQuery};

use crate::components::export_buttons::{ExportButtons, ExportFiles};
use crate::i18n::prefecture::prefecture_texts;
use crate::state::{Locale, Summaries, Workspace};
use crate::ui::page_title::use_page_title;
use charts::DistributionCharts;
use filters::FilterBar;
use matrix::Matrix;
use tsunagu_core::dashboard::DashboardData;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || prefecture_texts(locale.get());
    use_page_title(move || t().dashboard_heading.to_owned());
    // Memos: the replica's load sets the connection again, which must not rebuild the screen.
    let is_prefecture =
        Memo::new(move |_| workspace.own_org().is_some_and(|org| org.is_prefecture()));
    let opened = Memo::new(move |_| workspace.opened());

    view! {
        <h1>{locale.word(|l| prefecture_texts(l).dashboard_heading)}</h1>
        {move || {
            if !opened.get() {
                view! { <p class="notice" aria-busy="true">{locale.texts().loading}</p> }.into_any()
            } else if !is_prefecture.get() {
                view! { <p class="notice">{t().dashboard_prefecture_only}</p> }.into_any()
            } else {
                view! { <DashboardScreen/> }.into_any()
            }
        }}
    }
}

#[component]
fn DashboardScreen() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let summaries = Summaries::expect();
    let t = move || prefecture_texts(locale.get());
    let data = RwSignal::new_local(None::<Result<DashboardData, crate::storage::StorageError>>);
    // Re-read the stored rows whenever the cache is rewritten.
    Effect::new(move |_| {
        summaries.revision();
        spawn_local(async move {
            let loaded = Summaries::load(workspace).await;
            data.set(Some(loaded));
        });
    });
    let query = RwSignal::new(DashboardQuery::default());
    let dashboard = Memo::new(move |_| {
        data.with(|data| match data {
            Some(Ok(data)) => Some(Dashboard::build(
                &data.orgs,
                &data.summaries,
                &data.areas,
                &query.get(),
            )),
            _ => None,
        })
    });
    // The dashboard benchmark (tests/bench/dashboard.mjs) measures up to this mark.
    Effect::new(move |_| {
        if dashboard.with(Option::is_some) {
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                let _ = performance.mark("tsunagu:dashboard-rendered");
            }
        }
    });
    let files = Callback::new(move |()| {
        let lang = locale.get_untracked().into();
        let table = dashboard.with_untracked(|d| d.as_ref().map(|d| dashboard_table(d, lang)))?;
        let stem = format!(
            "dashboard-{}",
            tsunagu_core::calendar::compact_date(crate::ui::dates::today())
        );
        Some(ExportFiles::single(stem, table))
    });
    let shown = move || {
        dashboard.with(|d| {
            d.as_ref()
                .map(|d| (t().shown_count)(d.rows.len(), d.municipality_count))
        })
    };

    // Saving the cache failed: the figures shown may be those of an earlier save.
    let save_problem = move || {
        summaries.last_error().map(|error| {
            view! {
                <p class="notice notice--error" role="alert">
                    {format!("{}: {error}", locale.texts().error_storage)}
                </p>
            }
        })
    };

    view! {
        <p class="lead">{locale.word(|l| prefecture_texts(l).dashboard_lead)}</p>
        {save_problem}
        {move || match data.get() {
            Some(Err(error)) => view! {
                <p class="notice notice--error" role="alert">{format!("{}: {error}", locale.texts().error_storage)}</p>
            }
            .into_any(),
            None => view! { <p class="notice" aria-busy="true">{locale.texts().loading}</p> }.into_any(),
            // An empty cache before the first summary of this visit: still summarising (the
            // rows are saved shortly after the replica is read).
            Some(Ok(data)) if data.orgs.is_empty() && !summaries.current() => view! {
                <p class="notice" aria-busy="true">{locale.texts().loading}</p>
            }
            .into_any(),
            Some(Ok(data)) if data.orgs.is_empty() => view! {
                <p class="notice">{t().no_data_yet}</p>
            }
            .into_any(),
            Some(Ok(_)) => view! {
                <FilterBar query/>
                <p class="dashboard__count" role="status" data-testid="shown-count">{shown}</p>
                <ExportButtons files/>
                <Matrix dashboard/>
                <DistributionCharts dashboard/>
            }
            .into_any(),
        }}
        <connections::ConnectionGaps/>
        // 横展開: the casebook's reach, written by the tools module (core::casebook).
        {crate::pages::casebook::casebook_screen("{\"page\":\"dashboard\"}".to_owned(), None)}
    }
}
