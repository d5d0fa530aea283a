//! The dashboard's filters (population class, status, 【重点】 only, overdue only) and order.

use leptos::prelude::*;
use tsunagu_core::dashboard::{DashboardQuery, DashboardSort, PopulationFilter};
use tsunagu_core::domain::Status;
use tsunagu_core::org::PopulationClass;

use crate::components::status_badge::status_label;
use crate::i18n::prefecture::prefecture_texts;
use crate::i18n::Lang;
use crate::state::Locale;

fn population_value(filter: PopulationFilter) -> String {
    match filter {
        PopulationFilter::Any => String::new(),
        PopulationFilter::Unknown => "unknown".into(),
        PopulationFilter::Class(class) => format!("{}", class as u8),
    }
}

fn population_label(class: PopulationClass, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => class.label_ja(),
        Lang::En => class.label_en(),
    }
}

const SORTS: [(DashboardSort, &str); 3] = [
    (DashboardSort::FurthestBehind, "behind"),
    (DashboardSort::Code, "code"),
    (DashboardSort::Kana, "kana"),
];

#[component]
pub fn FilterBar(query: RwSignal<DashboardQuery>) -> impl IntoView {
    let locale = Locale::expect();
    let t = move || prefecture_texts(locale.get());
    let unknown_label = move || locale.get().pick("不明", "Unknown");

    view! {
        <form class="card form filter-bar no-print" on:submit=|ev| ev.prevent_default() aria-label=locale.word(|l| prefecture_texts(l).filters)>
            <div class="form__row">
                <div class="form__field">
                    <label for="filter-population">{locale.word(|l| prefecture_texts(l).filter_population)}</label>
                    <select
                        id="filter-population"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            let filter = match value.as_str() {
                                "" => PopulationFilter::Any,
                                "unknown" => PopulationFilter::Unknown,
                                index => PopulationClass::ALL
                                    .into_iter()
                                    .find(|class| (*class as u8).to_string() == index)
                                    .map_or(PopulationFilter::Any, PopulationFilter::Class),
                            };
                            query.update(|q| q.population = filter);
                        }
                    >
                        <option value="" selected=move || query.with(|q| q.population == PopulationFilter::Any)>
                            {locale.word(|l| prefecture_texts(l).filter_population_any)}
                        </option>
                        {PopulationClass::ALL
                            .into_iter()
                            .map(|class| {
                                let filter = PopulationFilter::Class(class);
                                view! {
                                    <option value=population_value(filter) selected=move || query.with(|q| q.population == filter)>
                                        {move || population_label(class, locale.get())}
                                    </option>
                                }
                            })
                            .collect_view()}
                        <option value="unknown" selected=move || query.with(|q| q.population == PopulationFilter::Unknown)>
                            {unknown_label}
                        </option>
                    </select>
                </div>
                <div class="form__field">
                    <label for="filter-status">{locale.word(|l| prefecture_texts(l).filter_status)}</label>
                    <select
                        id="filter-status"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            let status = Status::ALL.into_iter().find(|s| s.label_ja() == value);
                            query.update(|q| q.status = status);
                        }
                    >
                        <option value="" selected=move || query.with(|q| q.status.is_none())>
                            {locale.word(|l| prefecture_texts(l).filter_status_any)}
                        </option>
                        {Status::ALL
                            .into_iter()
                            .map(|status| view! {
                                <option value=status.label_ja() selected=move || query.with(|q| q.status == Some(status))>
                                    {move || status_label(status, locale.get())}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="form__field">
                    <label for="filter-sort">{locale.word(|l| prefecture_texts(l).sort_by)}</label>
                    <select
                        id="filter-sort"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            if let Some((sort, _)) = SORTS.into_iter().find(|(_, name)| *name == value) {
                                query.update(|q| q.sort = sort);
                            }
                        }
                    >
                        {SORTS
                            .into_iter()
                            .map(|(sort, name)| view! {
                                <option value=name selected=move || query.with(|q| q.sort == sort)>
                                    {move || match sort {
                                        DashboardSort::FurthestBehind => t().sort_behind,
                                        DashboardSort::Code => t().sort_code,
                                        DashboardSort::Kana => t().sort_name,
                                    }}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <div class="form__row">
                <label class="choice">
                    <input
                        type="checkbox"
                        prop:checked=move || query.with(|q| q.priority_only)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            query.update(|q| q.priority_only = on);
                        }
                    />
                    {locale.word(|l| prefecture_texts(l).filter_priority)}
                </label>
                <label class="choice">
                    <input
                        type="checkbox"
                        prop:checked=move || query.with(|q| q.overdue_only)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            query.update(|q| q.overdue_only = on);
                        }
                    />
                    {locale.word(|l| prefecture_texts(l).filter_overdue)}
                </label>
            </div>
        </form>
    }
}
