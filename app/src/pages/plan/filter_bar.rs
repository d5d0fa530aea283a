//! The controls above the measure list: status (several), 【重点】 only, overdue only,
//! department, text search (committed on `change`, so an IME composition is never searched
//! half-typed), sort order and grouping.

use leptos::prelude::*;
use tsunagu_core::domain::Status;
use tsunagu_core::plan_list::{normalize_query, GroupBy, SortKey};

use super::controls::ListControls;
use crate::components::status_badge::{status_icon, status_label};
use crate::i18n::Texts;
use crate::state::Locale;

fn sort_label(key: SortKey, t: &Texts) -> &'static str {
    match key {
        SortKey::PlanOrder => t.sort_plan,
        SortKey::Status => t.sort_status,
        SortKey::Percent => t.sort_percent,
        SortKey::Deadline => t.sort_deadline,
    }
}

#[component]
pub fn FilterBar(controls: ListControls, departments: Memo<Vec<String>>) -> impl IntoView {
    let locale = Locale::expect();
    let t = move || locale.texts();

    let status_boxes = Status::ALL
        .into_iter()
        .map(|status| {
            let id = format!("filter-status-{}", status as usize);
            view! {
                <span class="check">
                    <input
                        type="checkbox"
                        id=id.clone()
                        prop:checked=move || controls.statuses.with(|s| s.contains(&status))
                        on:change=move |ev| controls.toggle_status(status, event_target_checked(&ev))
                    />
                    <label for=id>
                        <span aria-hidden="true">{status_icon(status)} " "</span>
                        {move || status_label(status, locale.get())}
                    </label>
                </span>
            }
        })
        .collect_view();

    let department_options = move || {
        let chosen = controls.department.get();
        departments
            .get()
            .into_iter()
            .map(|name| {
                let selected = chosen.as_deref() == Some(name.as_str());
                view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
            })
            .collect_view()
    };

    view! {
        <form
            class="filters card"
            role="search"
            aria-label=locale.word(|l| l.texts().filters_label)
            on:submit=|ev| ev.prevent_default()
        >
            <fieldset class="filters__group">
                <legend>{locale.word(|l| l.texts().filter_status)}</legend>
                {status_boxes}
            </fieldset>
            <fieldset class="filters__group">
                <legend>{locale.word(|l| l.texts().filter_flags)}</legend>
                <span class="check">
                    <input
                        type="checkbox"
                        id="filter-priority"
                        prop:checked=move || controls.priority_only.get()
                        on:change=move |ev| controls.priority_only.set(event_target_checked(&ev))
                    />
                    <label for="filter-priority">{locale.word(|l| l.texts().filter_priority)}</label>
                </span>
                <span class="check">
                    <input
                        type="checkbox"
                        id="filter-overdue"
                        prop:checked=move || controls.overdue_only.get()
                        on:change=move |ev| controls.overdue_only.set(event_target_checked(&ev))
                    />
                    <label for="filter-overdue">{locale.word(|l| l.texts().filter_overdue)}</label>
                </span>
            </fieldset>
            <div class="filters__row">
                <div class="form__field">
                    <label for="filter-department">{locale.word(|l| l.texts().filter_department)}</label>
                    <select
                        id="filter-department"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            controls.department.set((!value.is_empty()).then_some(value));
                        }
                    >
                        <option value="" selected=move || controls.department.with(Option::is_none)>
                            {locale.word(|l| l.texts().filter_all)}
                        </option>
                        {department_options}
                    </select>
                </div>
                <div class="form__field">
                    <label for="filter-query">{locale.word(|l| l.texts().filter_query)}</label>
                    <input
                        id="filter-query"
                        type="search"
                        prop:value=move || controls.query.get()
                        on:change=move |ev| controls.query.set(normalize_query(&event_target_value(&ev)))
                        on:input=move |ev| {
                            if event_target_value(&ev).is_empty() {
                                controls.query.set(String::new());
                            }
                        }
                        aria-describedby="filter-query-hint"
                    />
                    <span class="form__hint" id="filter-query-hint">{locale.word(|l| l.texts().filter_query_hint)}</span>
                </div>
                <div class="form__field">
                    <label for="list-sort">{locale.word(|l| l.texts().sort_label)}</label>
                    <select
                        id="list-sort"
                        on:change=move |ev| controls.sort.set(SortKey::from_code(&event_target_value(&ev)))
                    >
                        {SortKey::ALL
                            .into_iter()
                            .map(|key| {
                                view! {
                                    <option
                                        value=key.code()
                                        selected=move || controls.sort.get() == key
                                    >
                                        {move || sort_label(key, t())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <fieldset class="filters__group">
                <legend>{locale.word(|l| l.texts().group_label)}</legend>
                <span class="check">
                    <input
                        type="radio"
                        name="group-by"
                        id="group-policy"
                        prop:checked=move || controls.group_by.get() == GroupBy::Policy
                        on:change=move |_| controls.group_by.set(GroupBy::Policy)
                    />
                    <label for="group-policy">{locale.word(|l| l.texts().group_policy)}</label>
                </span>
                <span class="check">
                    <input
                        type="radio"
                        name="group-by"
                        id="group-area"
                        prop:checked=move || controls.group_by.get() == GroupBy::Area
                        on:change=move |_| controls.group_by.set(GroupBy::Area)
                    />
                    <label for="group-area">{locale.word(|l| l.texts().group_area)}</label>
                </span>
            </fieldset>
            <button type="button" on:click=move |_| controls.clear_filters()>
                {locale.word(|l| l.texts().filter_clear)}
            </button>
        </form>
    }
}
