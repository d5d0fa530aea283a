//! `/activity` (活動): who changed which record, and when, newest first: every organisation the
//! prefecture's staff can read, a municipality's own. Built by `core::feed` from this device's
//! records and the changes it pulled, so it works offline; the filtered feed saves as CSV.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tsunagu_core::client::AppliedChange;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::export::to_csv;
use tsunagu_core::feed::{feed_table, ChangeKind, FeedEntry, FeedLabels, FeedQuery, Period};
use tsunagu_core::org::OrgCode;
use tsunagu_core::trust::trusted_organisation;

use crate::components::workspace_gate::WorkspaceGate;
use crate::i18n::activity::{activity_texts, ActivityTexts};
use crate::i18n::measure::fill;
use crate::i18n::{kind_label, Lang};
use crate::pages::conflicts::editor_path;
use crate::state::workspace::now_ms;
use crate::state::{Locale, Workspace};
use crate::ui::dates::format_timestamp;
use crate::ui::download::{save_file, CSV_MIME};
use crate::ui::field_label::field_label;
use crate::ui::org_name::org_name;
use crate::ui::page_title::use_page_title;

/// Entries shown at first, and added by each さらに表示.
const PAGE: usize = 50;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let locale = Locale::expect();
    let t = move || activity_texts(locale.get());
    use_page_title(move || t().heading.to_owned());
    view! {
        <h1>{move || t().heading}</h1>
        <p class="lead">{move || t().intro}</p>
        <WorkspaceGate>
            <ActivityFeed/>
        </WorkspaceGate>
    }
}

/// The filters as the form holds them ("" is any), and how many entries are shown.
#[derive(Clone, Copy)]
struct Filters {
    org: RwSignal<String>,
    author: RwSignal<String>,
    kind: RwSignal<String>,
    period: RwSignal<String>,
    shown: RwSignal<usize>,
}

impl Filters {
    /// The query: a municipality's own records only; the prefecture's, the chosen organisation's.
    fn query(self, own: Option<&OrgCode>, limit: usize) -> FeedQuery {
        let chosen = |value: RwSignal<String>| Some(value.get()).filter(|v| !v.is_empty());
        let org = match own {
            Some(own) if !own.is_prefecture() => Some(own.clone()),
            _ => chosen(self.org).and_then(|code| OrgCode::parse(&code).ok()),
        };
        let period = Period::parse(&self.period.get()).unwrap_or_default();
        FeedQuery {
            org,
            author: chosen(self.author),
            kind: chosen(self.kind).and_then(|kind| kind.parse().ok()),
            since_ms: period.since_ms(now_ms()),
            offset: 0,
            limit,
        }
    }
}

#[component]
fn ActivityFeed() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || activity_texts(locale.get());
    let filters = Filters {
        org: RwSignal::new(String::new()),
        author: RwSignal::new(String::new()),
        kind: RwSignal::new(String::new()),
        period: RwSignal::new(Period::Week.as_str().to_owned()),
        shown: RwSignal::new(PAGE),
    };
    // The older writes are in IndexedDB; until they are read, the feed shows the records'.
    let history = RwSignal::new(Vec::<AppliedChange>::new());
    spawn_local(async move {
        if let Ok(changes) = workspace.all_history().await {
            history.try_set(changes);
        }
    });
    let own = Memo::new(move |_| workspace.own_org());
    let prefecture = Memo::new(move |_| own.get().is_some_and(|org| org.is_prefecture()));
    let feed = Memo::new(move |_| {
        let query = filters.query(own.get().as_ref(), filters.shown.get());
        history.with(|changes| workspace.feed(&query, changes))
    });

    // The directory, in code order (records come in key order).
    let orgs = Signal::derive(move || {
        let mut orgs = vec![(String::new(), t().all_orgs.to_owned())];
        orgs.extend(
            workspace
                .views(RecordKind::Organisation)
                .iter()
                .filter_map(trusted_organisation)
                .map(|org| (org.code.to_string(), org.name)),
        );
        orgs
    });
    let authors = Signal::derive(move || {
        let mut people = vec![(String::new(), t().everyone.to_owned())];
        feed.with(|f| people.extend(f.authors.iter().map(|a| (a.clone(), a.clone()))));
        people
    });
    let kinds = Signal::derive(move || {
        let texts = locale.get().texts();
        let mut kinds = vec![(String::new(), t().all_kinds.to_owned())];
        kinds.extend(
            RecordKind::ALL
                .into_iter()
                .map(|kind| (kind.as_str().to_owned(), kind_label(kind, texts).to_owned())),
        );
        kinds
    });
    let periods = Signal::derive(move || {
        Period::ALL
            .into_iter()
            .zip(t().periods)
            .map(|(period, label)| (period.as_str().to_owned(), label.to_owned()))
            .collect()
    });

    let problem = RwSignal::new(None::<String>);
    let export = move |_| {
        let lang = locale.get_untracked();
        let t = activity_texts(lang);
        let query = filters.query(own.get_untracked().as_ref(), usize::MAX);
        let feed = history.with_untracked(|changes| workspace.feed(&query, changes));
        let table = feed_table(&feed.entries, lang.into(), &Labels { lang, workspace });
        let saved = save_file(&format!("{}.csv", t.file_stem), CSV_MIME, &to_csv(&table));
        problem.set(
            saved
                .err()
                .map(|e| fill(t.failed, &[("detail", &e.to_string())])),
        );
    };

    view! {
        <form class="card form filter-bar no-print" on:submit=|ev| ev.prevent_default() aria-label=move || t().filters>
            <div class="form__row">
                {move || {
                    prefecture
                        .get()
                        .then(|| filter_select("activity-org", |t| t.org, orgs, filters.org, filters))
                }}
                {filter_select("activity-person", |t| t.person, authors, filters.author, filters)}
                {filter_select("activity-kind", |t| t.kind, kinds, filters.kind, filters)}
                {filter_select("activity-period", |t| t.period, periods, filters.period, filters)}
            </div>
        </form>
        <p class="actions no-print">
            <button type="button" on:click=export>{move || t().export_csv}</button>
        </p>
        <p class="form__problem" role="alert">{move || problem.get().unwrap_or_default()}</p>
        {move || {
            let lang = locale.get();
            let t = activity_texts(lang);
            let own = own.get();
            let show_org = prefecture.get();
            feed.with(|feed| {
                if feed.entries.is_empty() {
                    return view! { <p class="notice">{t.none}</p> }.into_any();
                }
                let count = fill(
                    t.count,
                    &[("shown", &feed.entries.len().to_string()), ("total", &feed.total.to_string())],
                );
                view! {
                    <p>{count}</p>
                    <ol class="plain-list activity-list" aria-label=t.list>
                        {feed
                            .entries
                            .iter()
                            .map(|entry| entry_view(entry, lang, t, workspace, own.as_ref(), show_org))
                            .collect_view()}
                    </ol>
                }
                .into_any()
            })
        }}
        // Hidden rather than removed, so the button keeps the focus from page to page (no
        // `actions` class: its `display: flex` would override `hidden`).
        <p class="no-print" hidden=move || feed.with(|f| f.total <= f.entries.len())>
            <button type="button" on:click=move |_| filters.shown.update(|n| *n += PAGE)>
                {move || t().more}
            </button>
        </p>
    }
}

/// A labelled choice among `choices` (value, text); choosing shows the first page again.
fn filter_select(
    id: &'static str,
    label: fn(&'static ActivityTexts) -> &'static str,
    choices: Signal<Vec<(String, String)>>,
    value: RwSignal<String>,
    filters: Filters,
) -> impl IntoView {
    let locale = Locale::expect();
    view! {
        <div class="form__field">
            <label for=id>{move || label(activity_texts(locale.get()))}</label>
            <select
                id=id
                on:change=move |ev| {
                    value.set(event_target_value(&ev));
                    filters.shown.set(PAGE);
                }
            >
                {move || {
                    choices
                        .get()
                        .into_iter()
                        .map(|(choice, text)| {
                            let selected = value.with_untracked(|current| *current == choice);
                            view! { <option value=choice selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

fn entry_view(
    entry: &FeedEntry,
    lang: Lang,
    t: &'static ActivityTexts,
    workspace: Workspace,
    own: Option<&OrgCode>,
    show_org: bool,
) -> impl IntoView {
    let title = entry.title.clone().unwrap_or_else(|| entry.key.id.clone());
    let name = match record_path(workspace, entry, own) {
        Some(href) => view! { <a href=href>{title}</a> }.into_any(),
        None => title.into_any(),
    };
    let change = match entry.change {
        ChangeKind::Edited => t.edited,
        ChangeKind::Deleted => t.deleted,
        ChangeKind::Restored => t.restored,
    };
    let fields: Vec<String> = entry
        .fields
        .iter()
        .map(|field| field_label(lang, entry.key.kind, field))
        .collect();
    let mut meta = format_timestamp(lang, entry.last_ms);
    if show_org {
        meta = format!("{meta} · {}", org_name(workspace, &entry.org));
    }
    let what = if fields.is_empty() {
        change.to_owned()
    } else {
        format!("{change}: {}", fields.join(lang.pick("、", ", ")))
    };
    view! {
        <li class="activity-entry">
            <span class="version__meta">{meta} " · " {entry.author.clone()}</span>
            <br/>
            <span class="kind-label">{kind_label(entry.key.kind, lang.texts())}</span>
            " "
            {name}
            " — "
            {what}
        </li>
    }
}

/// Where a record of the feed is seen: its editor for the own organisation (a deleted measure:
/// the trash), another organisation's plan read-only.
fn record_path(workspace: Workspace, entry: &FeedEntry, own: Option<&OrgCode>) -> Option<String> {
    let key = &entry.key;
    let own_record = own == Some(&entry.org);
    let view = workspace.view(key);
    if view.is_none() {
        return (own_record && key.kind == RecordKind::Measure).then(|| "/trash".to_owned());
    }
    match key.kind {
        RecordKind::Plan | RecordKind::StepChecklist if !own_record => {
            Some(format!("/orgs/{}", entry.org))
        }
        RecordKind::Organisation => OrgCode::parse(&key.id)
            .ok()
            .filter(|code| !code.is_prefecture())
            .map(|code| format!("/orgs/{code}")),
        RecordKind::TaxonomyArea => own
            .is_some_and(OrgCode::is_prefecture)
            .then(|| "/areas".to_owned()),
        kind => {
            let measure_id = view
                .as_ref()
                .and_then(|v| v.values.get("measure_id"))
                .and_then(|v| v.as_str());
            editor_path(kind, &key.id, measure_id)
        }
    }
}

/// The names the CSV prints, in the UI's language.
struct Labels {
    lang: Lang,
    workspace: Workspace,
}

impl FeedLabels for Labels {
    fn org_name(&self, org: &OrgCode) -> String {
        org_name(self.workspace, org)
    }
    fn kind(&self, kind: RecordKind) -> String {
        kind_label(kind, self.lang.texts()).to_owned()
    }
    fn field(&self, kind: RecordKind, field: &str) -> String {
        field_label(self.lang, kind, field)
    }
}
