//! `/areas`: the taxonomy measures are classified under. The national areas ship with the app;
//! the prefecture adds, renames, orders and removes its own (such as Iwate's four pillars),
//! which reach every municipality with the next sync.

use leptos::ev::SubmitEvent;
use leptos::html::{Input, Select};
use leptos::prelude::*;
use serde_json::Value;
use tsunagu_core::domain::taxonomy::{AreaSource, TaxonomyArea};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::import::screen::ImportTarget;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::org::OrgCode;
use tsunagu_core::text::{fold_width, parse_integer};

use crate::components::import_panel::ImportPanel;
use crate::components::when::When;
use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::prefecture::prefecture_texts;
use crate::state::{Locale, Workspace};
use crate::ui::access::may_write;
use crate::ui::ids::new_area_id;
use crate::ui::ime::guard_composing_enter;
use crate::ui::page_title::use_page_title;
use crate::ui::taxonomy::{area_name, taxonomy_areas};

fn text_of(ev: &leptos::ev::Event) -> String {
    fold_width(&event_target_value(ev)).trim().to_owned()
}

#[component]
pub fn AreasPage() -> impl IntoView {
    let locale = Locale::expect();
    let t = move || prefecture_texts(locale.get());
    use_page_title(move || t().areas_heading.to_owned());
    view! {
        <WorkspaceGate>
            <AreasScreen/>
        </WorkspaceGate>
    }
}

#[component]
fn AreasScreen() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let prefecture = Memo::new(move |_| {
        workspace
            .connection()
            .and_then(|c| c.who)
            .map(|who| who.prefecture)
    });
    let editable = Memo::new(move |_| {
        let who = workspace.connection().and_then(|c| c.who);
        prefecture.with(|p| {
            p.as_ref()
                .is_some_and(|p| may_write(who.as_ref(), RecordKind::TaxonomyArea, p))
        })
    });
    let areas = Memo::new(move |_| taxonomy_areas(workspace));
    let no_record = Memo::new(|_| None);
    let national = move || {
        let lang = locale.get();
        areas.with(|areas| {
            areas
                .iter()
                .filter(|a| a.source == AreaSource::National)
                .map(|a| {
                    let parent = a
                        .parent
                        .as_deref()
                        .and_then(|p| areas.iter().find(|x| x.id == p));
                    let name = match parent {
                        Some(parent) => {
                            format!("{} › {}", area_name(parent, lang), area_name(a, lang))
                        }
                        None => area_name(a, lang).to_owned(),
                    };
                    view! { <li>{name}{a.priority_area.then_some(" 【重点】")}</li> }
                })
                .collect_view()
        })
    };
    let own = Memo::new(move |_| {
        areas.with(|areas| {
            areas
                .iter()
                .filter(|a| a.source == AreaSource::Prefecture)
                .cloned()
                .collect::<Vec<_>>()
        })
    });

    view! {
        <h1>{locale.word(|l| prefecture_texts(l).areas_heading)}</h1>
        <p class="lead">{locale.word(|l| prefecture_texts(l).areas_lead)}</p>
        <h2>{locale.word(|l| prefecture_texts(l).areas_own)}</h2>
        <When
            when=move || own.with(|o| !o.is_empty())
            fallback=move || view! { <p class="notice">{locale.word(|l| prefecture_texts(l).areas_own_none)}</p> }
        >
            <div class="table-scroll">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{locale.word(|l| prefecture_texts(l).area_name_ja)}</th>
                            <th scope="col">{locale.word(|l| prefecture_texts(l).area_name_en)}</th>
                            <th scope="col">{locale.word(|l| prefecture_texts(l).area_order)}</th>
                            <th scope="col"><span class="visually-hidden">{locale.word(|l| prefecture_texts(l).area_delete)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let org = prefecture.get();
                            own.get()
                                .into_iter()
                                .map(|area| view! { <AreaRow area org=org.clone() editable/> })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </When>
        <When when=move || editable.get()>
            <AddArea prefecture areas/>
            <ImportPanel target=ImportTarget::Taxonomy plan=no_record owner=prefecture/>
        </When>
        <h2>{locale.word(|l| prefecture_texts(l).areas_national)}</h2>
        <ul class="org-list">{national}</ul>
    }
}

#[component]
fn AreaRow(area: TaxonomyArea, org: Option<OrgCode>, editable: Memo<bool>) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || prefecture_texts(locale.get());
    let key = RecordKey::new(RecordKind::TaxonomyArea, area.id.clone());
    let save = {
        let (key, org) = (key.clone(), org.clone());
        move |field: &str, value: Value| {
            if let Some(org) = &org {
                workspace.write_fields(org, &key, [(field.to_owned(), value)]);
            }
        }
    };
    let (save_ja, save_en, save_order) = (save.clone(), save.clone(), save);
    let id = area.id.clone();
    let delete = move |_| {
        let used = workspace
            .views(RecordKind::Measure)
            .iter()
            .filter(|v| v.values.get("area").and_then(Value::as_str) == Some(id.as_str()))
            .count();
        let confirmed = used == 0
            || web_sys::window()
                .and_then(|w| w.confirm_with_message(&(t().area_in_use)(used)).ok())
                .unwrap_or(false);
        if let (true, Some(org)) = (confirmed, &org) {
            workspace.delete(org, &key);
        }
    };
    let label = area.name_ja.clone();

    view! {
        <tr>
            <td>
                <input type="text" maxlength="100" aria-label=move || format!("{} {}", t().area_name_ja, label)
                    prop:value=area.name_ja.clone() disabled=move || !editable.get()
                    on:change=move |ev| {
                        let name = text_of(&ev);
                        if !name.is_empty() {
                            save_ja("name_ja", Value::from(name));
                        }
                    }/>
            </td>
            <td>
                <input type="text" maxlength="100" aria-label=locale.word(|l| prefecture_texts(l).area_name_en)
                    prop:value=area.name_en.clone() disabled=move || !editable.get()
                    on:change=move |ev| save_en("name_en", Value::from(text_of(&ev)))/>
            </td>
            <td>
                <input type="text" inputmode="numeric" class="input--order" aria-label=locale.word(|l| prefecture_texts(l).area_order)
                    prop:value=area.order.to_string() disabled=move || !editable.get()
                    on:change=move |ev| {
                        if let Some(order) = parse_integer(&text_of(&ev)) {
                            save_order("order", Value::from(order));
                        }
                    }/>
            </td>
            <td>
                <When when=move || editable.get()>
                    <button type="button" class="button--danger" on:click=delete.clone()>{locale.word(|l| prefecture_texts(l).area_delete)}</button>
                </When>
            </td>
        </tr>
    }
}

#[component]
fn AddArea(prefecture: Memo<Option<OrgCode>>, areas: Memo<Vec<TaxonomyArea>>) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || prefecture_texts(locale.get());
    let name_ja = NodeRef::<Input>::new();
    let name_en = NodeRef::<Input>::new();
    let parent = NodeRef::<Select>::new();
    let problem = RwSignal::new(None::<&'static str>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(org) = prefecture.get_untracked() else {
            return;
        };
        let read = |input: NodeRef<Input>| {
            input
                .get()
                .map(|i| fold_width(&i.value()).trim().to_owned())
                .unwrap_or_default()
        };
        let name = read(name_ja);
        if name.is_empty() {
            problem.set(Some(t().area_name_required));
            return;
        }
        let order = areas.with_untracked(|a| {
            a.iter()
                .filter(|a| a.source == AreaSource::Prefecture)
                .map(|a| a.order)
                .max()
                .unwrap_or(0)
        }) + 1;
        let area = TaxonomyArea {
            id: new_area_id(&org),
            name_ja: name,
            name_en: read(name_en),
            parent: parent.get().map(|s| s.value()).filter(|v| !v.is_empty()),
            order,
            priority_area: false,
            source: AreaSource::Prefecture,
        };
        if area.validate().is_err() {
            problem.set(Some(t().area_name_required));
            return;
        }
        problem.set(None);
        workspace.write_fields(
            &org,
            &RecordKey::new(RecordKind::TaxonomyArea, area.id.clone()),
            area.to_fields(),
        );
        for input in [name_ja, name_en] {
            if let Some(input) = input.get() {
                input.set_value("");
            }
        }
    };
    let parents = move || {
        let lang = locale.get();
        areas.with(|areas| {
            areas
                .iter()
                .filter(|a| a.parent.is_none())
                .map(|a| view! { <option value=a.id.clone()>{area_name(a, lang).to_owned()}</option> })
                .collect_view()
        })
    };

    view! {
        <form class="card form" on:submit=submit on:keydown=guard_composing_enter novalidate aria-labelledby="add-area-heading">
            <h3 id="add-area-heading">{locale.word(|l| prefecture_texts(l).area_add)}</h3>
            <div class="form__row form__row--end">
                <div class="form__field">
                    <label for="new-area-ja">{locale.word(|l| prefecture_texts(l).area_name_ja)}</label>
                    <input id="new-area-ja" type="text" maxlength="100" node_ref=name_ja
                        aria-invalid=move || problem.with(Option::is_some).to_string() aria-describedby="new-area-problem"/>
                </div>
                <div class="form__field">
                    <label for="new-area-en">{locale.word(|l| prefecture_texts(l).area_name_en)}</label>
                    <input id="new-area-en" type="text" maxlength="100" node_ref=name_en/>
                </div>
                <div class="form__field">
                    <label for="new-area-parent">{locale.word(|l| prefecture_texts(l).area_parent)}</label>
                    <select id="new-area-parent" node_ref=parent>
                        <option value="">{locale.word(|l| prefecture_texts(l).area_parent_none)}</option>
                        {parents}
                    </select>
                </div>
                <button type="submit" class="button--primary">
                    <span aria-hidden="true">"＋ "</span>
                    {locale.word(|l| prefecture_texts(l).area_add)}
                </button>
            </div>
            <p id="new-area-problem" class="form__problem" role="alert">{move || problem.get().unwrap_or_default()}</p>
        </form>
    }
}
