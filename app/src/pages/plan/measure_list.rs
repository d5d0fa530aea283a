//! The plan's measures: the filter bar, the counts, the add form, and one table per group
//! (basic policy or taxonomy area). Groups and rows are keyed `For`s over one memo, so a
//! change re-renders only the rows whose content changed.

use std::sync::Arc;

use leptos::prelude::*;
use tsunagu_core::plan_list::{
    build_groups, departments, show_first, Group, ListContext, MeasureRow, ROWS_AT_ONCE,
};

use super::add_measure::AddMeasure;
use super::controls::ListControls;
use super::filter_bar::FilterBar;
use super::measure_row::measure_row_view;
use super::record::PlanRecord;
use crate::components::when::When;
use crate::i18n::Lang;
use crate::state::{Locale, Workspace};
use crate::ui::taxonomy::taxonomy_areas;

#[component]
pub fn MeasureSection(
    plan: Memo<Option<PlanRecord>>,
    editable: Memo<bool>,
    rows: Memo<Vec<Arc<MeasureRow>>>,
) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || locale.texts();
    let controls = ListControls::new();
    let areas = Memo::new(move |_| taxonomy_areas(workspace));
    let department_names = Memo::new(move |_| rows.with(|rows| departments(rows)));
    let limit = RwSignal::new(ROWS_AT_ONCE);
    // The groups as shown (the first `limit` rows) and the matching rows held back.
    let listed = Memo::new(move |_| {
        let filters = controls.filters();
        let sort = controls.sort.get();
        let group_by = controls.group_by.get();
        rows.with(|rows| {
            plan.with(|plan| {
                areas.with(|areas| {
                    let policies = plan.as_ref().map_or(&[][..], |p| &p.plan.policies[..]);
                    let context = ListContext { policies, areas };
                    let mut groups = build_groups(rows, &context, &filters, sort, group_by);
                    let held_back = show_first(&mut groups, limit.get());
                    (groups, held_back)
                })
            })
        })
    });
    let held_back = move || listed.with(|&(_, held_back)| held_back);
    let shown =
        Memo::new(move |_| listed.with(|(g, _)| g.iter().map(|g| g.rows.len()).sum::<usize>()));
    let total = Memo::new(move |_| rows.with(Vec::len));

    view! {
        <section class="measures" aria-labelledby="measures-heading">
            <h2 id="measures-heading">{locale.word(|l| l.texts().measures_heading)}</h2>
            <When when=move || editable.get()>
                <AddMeasure plan/>
            </When>
            <FilterBar controls departments=department_names/>
            <p class="result-count" role="status" aria-live="polite">
                {move || (t().result_count)(shown.get(), total.get())}
            </p>
            <For
                each=move || listed.with(|(groups, _)| groups.clone())
                key=|group| group.key.clone()
                children=move |group| view! { <GroupTable key=group.key listed/> }
            />
            <When when=move || held_back() != 0>
                <button type="button" on:click=move |_| limit.update(|l| *l += ROWS_AT_ONCE)>
                    {move || (t().more_rows)(ROWS_AT_ONCE.min(held_back()), held_back())}
                </button>
            </When>
            <When when=move || shown.get() == 0>
                <p class="notice">
                    {move || if total.get() == 0 { t().measures_none } else { t().measures_none_match }}
                </p>
            </When>
        </section>
    }
}

/// One group's heading and table, reading its rows from the shared memo.
#[component]
fn GroupTable(key: String, listed: Memo<(Vec<Group>, usize)>) -> impl IntoView {
    let locale = Locale::expect();
    let t = move || locale.texts();
    let group = {
        let key = key.clone();
        Memo::new(move |_| listed.with(|(all, _)| all.iter().find(|g| g.key == key).cloned()))
    };
    let name = move || {
        group.with(|g| {
            let Some(g) = g else {
                return String::new();
            };
            match (&g.name_ja, &g.name_en, locale.get()) {
                (Some(_), Some(en), Lang::En) => en.clone(),
                (Some(ja), _, _) => ja.clone(),
                (None, _, _) => t().group_none.to_owned(),
            }
        })
    };
    let count = move || {
        group.with(|g| {
            g.as_ref()
                .map(|g| (t().group_count)(g.rows.len(), g.total))
                .unwrap_or_default()
        })
    };
    let items = move || {
        let lang = locale.get();
        group.with(|g| {
            g.as_ref()
                .map(|g| {
                    g.rows
                        .iter()
                        .map(|row| (Arc::clone(row), lang))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let heading_id = format!("group-{}", key.replace(':', "-"));

    view! {
        <section class="measure-group" aria-labelledby=heading_id.clone()>
            <h3 id=heading_id.clone()>
                {name}
                " "
                <span class="measure-group__count">{count}</span>
            </h3>
            <div class="table-scroll">
                <table class="data-table measure-table">
                    <caption class="visually-hidden">{name} " " {count}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{locale.word(|l| l.texts().col_measure)}</th>
                            <th scope="col">{locale.word(|l| l.texts().col_department)}</th>
                            <th scope="col">{locale.word(|l| l.texts().col_status)}</th>
                            <th scope="col">{locale.word(|l| l.texts().col_percent)}</th>
                            <th scope="col">{locale.word(|l| l.texts().col_deadline)}</th>
                            <th scope="col">{locale.word(|l| l.texts().col_sync)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=items
                            key=|(row, lang)| (row.id.clone(), row.fingerprint, *lang)
                            children=|(row, lang)| measure_row_view(&row, lang)
                        />
                    </tbody>
                </table>
            </div>
        </section>
    }
}
