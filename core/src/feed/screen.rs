//! The activity screen (`/activity`) as markup text, and its CSV, made by the tools module so
//! that the feed's code ([`super::build_feed`]) and the screen's stay out of the app's first
//! load. The app sends the device's replica ([`ActivityData`]: its records and the changes it
//! pulled) once for each revision of it, which the tools module keeps, then the filters and
//! what it knows by name ([`ActivityScreen`]) as often as they change; it shows the parts with
//! `components::html_block`. Every value is escaped; `data-action` names what a control does
//! (handled by the app), and each control keeps its `id`, so the focus can be given back after
//! a part is written again.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::texts::{activity_texts, ActivityTexts};
use super::{build_feed, feed_table, ChangeKind, Feed, FeedEntry, FeedLabels, FeedQuery, Period};
use crate::client::{AppliedChange, RecordView};
use crate::domain::RecordKind;
use crate::export::refused::jst;
use crate::export::to_csv;
use crate::lang::{field_label, Lang};
use crate::merge::{RecordKey, RecordState};
use crate::org::OrgCode;
use crate::text::escaped;
use crate::trust::organisation_directory;

/// Entries shown at first, and added by each さらに表示.
pub const PAGE: usize = 50;

/// The filters as the form holds them: an organisation code, an author's label, a record kind
/// (`RecordKind::as_str`) and a period (`Period::as_str`); empty is any. And how many entries
/// are shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityFilter {
    pub org: String,
    pub author: String,
    pub kind: String,
    pub period: String,
    pub shown: usize,
}

impl ActivityFilter {
    /// Where a screen starts: the last seven days; a municipality's own organisation (the
    /// prefecture's staff: every organisation).
    pub fn starting(own: Option<&OrgCode>) -> ActivityFilter {
        ActivityFilter {
            org: own
                .filter(|own| !own.is_prefecture())
                .map(|own| own.to_string())
                .unwrap_or_default(),
            author: String::new(),
            kind: String::new(),
            period: Period::default().as_str().to_owned(),
            shown: PAGE,
        }
    }

    /// The feed's query at `now_ms`: the first `limit` entries. A value that does not parse
    /// is no filter.
    pub fn query(&self, now_ms: u64, limit: usize) -> FeedQuery {
        FeedQuery {
            org: OrgCode::parse(&self.org).ok(),
            author: Some(self.author.clone()).filter(|author| !author.is_empty()),
            kind: self.kind.parse().ok(),
            since_ms: Period::parse(&self.period)
                .unwrap_or_default()
                .since_ms(now_ms),
            offset: 0,
            limit,
        }
    }
}

/// The device's replica, as the feed reads it: every record it holds (in key order, as
/// `ClientReplica::records` gives them) and every change it pulled. The app sends it as
/// [`ActivityDataRef`], which has the same form and borrows the replica's records.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ActivityData {
    /// The replica's revision, which [`ActivityScreen::generation`] names.
    pub generation: u64,
    pub records: Vec<RecordState>,
    pub history: Vec<AppliedChange>,
    /// Sent without the history (a screen that reads only the records): the activity screen
    /// asks for the replica again.
    #[serde(default)]
    pub without_history: bool,
}

/// [`ActivityData`] as the app writes it, without copying its replica.
#[derive(Debug, Serialize)]
pub struct ActivityDataRef<'a> {
    pub generation: u64,
    pub records: Vec<&'a RecordState>,
    pub history: &'a [AppliedChange],
    pub without_history: bool,
}

/// What the screen shows, as the app knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityScreen {
    /// The [`ActivityData`] it is about: the tools module refuses another.
    pub generation: u64,
    /// Now, on the device's clock: where the period starts.
    pub now_ms: u64,
    pub lang: Lang,
    /// The connected organisation's code.
    pub own: String,
    pub filter: ActivityFilter,
}

/// The screen's parts: the filter form, then the list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActivityMarkup {
    pub filters: String,
    pub list: String,
}

impl ActivityMarkup {
    /// The whole screen, as the app shows it (one `HtmlBlock`).
    pub fn to_text(&self) -> String {
        format!("{}{}", self.filters, self.list)
    }
}

/// What the screen names: the screen's words, and the organisations of the directory the
/// replica holds (trusted as every screen does, `trust::organisation_directory`), in code order.
struct Names<'a> {
    screen: &'a ActivityScreen,
    orgs: Vec<(String, String)>,
}

impl<'a> Names<'a> {
    fn new(screen: &'a ActivityScreen, data: &ActivityData) -> Names<'a> {
        let views: Vec<RecordView> = data
            .records
            .iter()
            .filter(|record| record.key.kind == RecordKind::Organisation)
            .filter_map(RecordView::synced)
            .collect();
        let orgs = organisation_directory(&views)
            .into_iter()
            .map(|org| (org.code.to_string(), org.name))
            .collect();
        Names { screen, orgs }
    }

    fn org(&self, code: &str) -> String {
        self.orgs
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.to_owned(), |(_, name)| name.clone())
    }

    fn kind_name(&self, kind: RecordKind) -> &'static str {
        let t = activity_texts(self.screen.lang);
        RecordKind::ALL
            .iter()
            .zip(t.kinds)
            .find(|(k, _)| **k == kind)
            .map_or(kind.as_str(), |(_, name)| name)
    }

    /// The organisations to choose among: every one for the prefecture's staff; for a
    /// municipality, itself and its prefecture (what it reads besides the directory).
    fn org_choices(&self) -> Vec<(String, String)> {
        match OrgCode::parse(&self.screen.own) {
            Ok(own) if !own.is_prefecture() => [own.clone(), own.prefecture_code()]
                .iter()
                .map(|code| (code.to_string(), self.org(code.as_str())))
                .collect(),
            _ => self.orgs.clone(),
        }
    }
}

impl FeedLabels for Names<'_> {
    fn org_name(&self, org: &OrgCode) -> String {
        self.org(org.as_str())
    }
    fn kind(&self, kind: RecordKind) -> String {
        self.kind_name(kind).to_owned()
    }
    fn field(&self, kind: RecordKind, field: &str) -> String {
        field_label(self.screen.lang, kind, field)
    }
}

/// The feed `screen` asks for: its first `shown` entries, or every one (`limit`).
fn feed(screen: &ActivityScreen, data: &ActivityData, limit: usize) -> Feed {
    let query: FeedQuery = screen.filter.query(screen.now_ms, limit);
    build_feed(&data.records, &data.history, &query)
}

/// Every part of the screen.
pub fn render(screen: &ActivityScreen, data: &ActivityData) -> ActivityMarkup {
    let t = activity_texts(screen.lang);
    let feed = feed(screen, data, screen.filter.shown);
    let own = OrgCode::parse(&screen.own).ok();
    let links: Vec<Option<String>> = feed
        .entries
        .iter()
        .map(|entry| record_path(data, entry, own.as_ref()))
        .collect();
    let names = Names::new(screen, data);
    ActivityMarkup {
        filters: filters(t, &names, &feed.authors),
        list: list(t, &names, &feed, &links),
    }
}

/// The CSV of every entry of the filtered feed (`feed_table` through `export::to_csv`: a BOM,
/// JST times).
pub fn csv(screen: &ActivityScreen, data: &ActivityData) -> Vec<u8> {
    let feed = feed(screen, data, usize::MAX);
    to_csv(&feed_table(
        &feed.entries,
        screen.lang,
        &Names::new(screen, data),
    ))
}

/// Where a record is edited or seen (`None`: nowhere); a KPI on its measure's screen.
pub fn editor_path(kind: RecordKind, id: &str, measure_id: Option<&str>) -> Option<String> {
    match kind {
        RecordKind::Measure => Some(format!("/measures/{id}")),
        RecordKind::Kpi => measure_id.map(|measure| format!("/measures/{measure}")),
        RecordKind::Plan => Some("/plan".to_owned()),
        RecordKind::StepChecklist => Some("/checklist".to_owned()),
        RecordKind::Survey => Some(format!("/surveys/{id}")),
        RecordKind::SurveyResponse => crate::domain::survey::parse_response_id(id)
            .map(|(survey, _)| format!("/surveys/{survey}")),
        RecordKind::SystemMigration => Some("/standardisation".to_owned()),
        RecordKind::Case => Some(format!("/casebook?case={id}")),
        RecordKind::Organisation | RecordKind::TaxonomyArea => None,
    }
}

/// Where a record of the feed is seen: its editor for the own organisation (a deleted measure:
/// the trash), another organisation's plan read-only.
fn record_path(data: &ActivityData, entry: &FeedEntry, own: Option<&OrgCode>) -> Option<String> {
    let key: &RecordKey = &entry.key;
    let own_record = own == Some(&entry.org);
    let record = data
        .records
        .binary_search_by(|record| record.key.cmp(key))
        .ok()
        .map(|at| &data.records[at])
        .filter(|record| !record.is_deleted());
    let Some(record) = record else {
        return (own_record && key.kind == RecordKind::Measure).then(|| "/trash".to_owned());
    };
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
            let measure_id = record
                .fields
                .get("measure_id")
                .and_then(|field| field.value().as_str());
            editor_path(kind, &key.id, measure_id)
        }
    }
}

/// `<option>`s: first "any" (value ""), then `choices`; `chosen` selected.
fn select(
    out: &mut String,
    id: &str,
    action: &str,
    label: &str,
    any: Option<&str>,
    choices: &[(String, String)],
    chosen: &str,
) {
    let _ = write!(
        out,
        "<div class=\"form__field\"><label for=\"{id}\">{label}</label>\
         <select id=\"{id}\" data-action=\"{action}\">"
    );
    let any = any.map(|text| (String::new(), text.to_owned()));
    for (value, text) in any.iter().chain(choices) {
        let selected = if value == chosen { " selected" } else { "" };
        let _ = write!(
            out,
            "<option value=\"{}\"{selected}>{}</option>",
            escaped(value),
            escaped(text)
        );
    }
    out.push_str("</select></div>");
}

/// The filter form: organisation, person (`authors`), kind, period.
fn filters(t: &ActivityTexts, names: &Names, authors: &[String]) -> String {
    let filter = &names.screen.filter;
    let mut out = format!(
        "<form class=\"card form filters no-print\" aria-label=\"{}\"><div class=\"filters__row\">",
        t.filters
    );
    select(
        &mut out,
        "activity-org",
        "filter-org",
        t.org,
        Some(t.all_orgs),
        &names.org_choices(),
        &filter.org,
    );
    let mut people: Vec<(String, String)> = authors
        .iter()
        .map(|author| (author.clone(), author.clone()))
        .collect();
    // The chosen person stays a choice when the other filters leave them no entry.
    if !filter.author.is_empty() && !authors.contains(&filter.author) {
        people.push((filter.author.clone(), filter.author.clone()));
    }
    select(
        &mut out,
        "activity-person",
        "filter-person",
        t.person,
        Some(t.everyone),
        &people,
        &filter.author,
    );
    let kinds: Vec<(String, String)> = RecordKind::ALL
        .iter()
        .zip(t.kinds)
        .map(|(kind, name)| (kind.as_str().to_owned(), name.to_owned()))
        .collect();
    select(
        &mut out,
        "activity-kind",
        "filter-kind",
        t.kind,
        Some(t.all_kinds),
        &kinds,
        &filter.kind,
    );
    let periods: Vec<(String, String)> = Period::ALL
        .iter()
        .zip(t.periods)
        .map(|(period, text)| (period.as_str().to_owned(), text.to_owned()))
        .collect();
    let period = Period::parse(&filter.period).unwrap_or_default();
    select(
        &mut out,
        "activity-period",
        "filter-period",
        t.period,
        None,
        &periods,
        period.as_str(),
    );
    out.push_str("</div></form>");
    out
}

/// The CSV button, the count, the entries newest first, and さらに表示 while more follow.
fn list(t: &ActivityTexts, names: &Names, feed: &Feed, links: &[Option<String>]) -> String {
    let mut out = format!(
        "<p class=\"actions no-print\"><button type=\"button\" id=\"activity-csv\" data-action=\"csv\">{}</button></p>",
        t.export_csv
    );
    if feed.entries.is_empty() {
        let _ = write!(out, "<p class=\"notice\" role=\"status\">{}</p>", t.none);
        return out;
    }
    let count = t
        .count
        .replace("{shown}", &feed.entries.len().to_string())
        .replace("{total}", &feed.total.to_string());
    let _ = write!(
        out,
        "<p class=\"result-count\" role=\"status\">{count}</p>\
         <ol class=\"plain-list activity-list\" aria-label=\"{}\">",
        t.list
    );
    for (entry, link) in feed.entries.iter().zip(links) {
        entry_html(&mut out, t, names, entry, link.as_deref());
    }
    out.push_str("</ol>");
    if feed.entries.len() < feed.total {
        let _ = write!(
            out,
            "<p class=\"no-print\"><button type=\"button\" id=\"activity-more\" data-action=\"more\">{}</button></p>",
            t.more
        );
    }
    out
}

fn entry_html(
    out: &mut String,
    t: &ActivityTexts,
    names: &Names,
    entry: &FeedEntry,
    link: Option<&str>,
) {
    let lang = names.screen.lang;
    let title = escaped(entry.title.as_deref().unwrap_or(&entry.key.id));
    let change = match entry.change {
        ChangeKind::Edited => t.edited,
        ChangeKind::Deleted => t.deleted,
        ChangeKind::Restored => t.restored,
    };
    let _ = write!(
        out,
        "<li class=\"activity-entry\"><span class=\"version__meta\">{} · {} · {}</span><br>\
         <span class=\"kind-label\">{}</span> ",
        jst(entry.last_ms),
        escaped(&names.org(entry.org.as_str())),
        escaped(&entry.author),
        names.kind_name(entry.key.kind),
    );
    match link {
        Some(href) => {
            let _ = write!(out, "<a href=\"{}\">{title}</a>", escaped(href));
        }
        None => out.push_str(&title),
    }
    let _ = write!(out, " — {change}");
    let fields: Vec<String> = entry
        .fields
        .iter()
        .map(|field| escaped(&field_label(lang, entry.key.kind, field)))
        .collect();
    if !fields.is_empty() {
        let _ = write!(out, ": {}", fields.join(lang.pick("、", ", ")));
    }
    out.push_str("</li>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::{FieldVersion, Hlc};
    use serde_json::{json, Value};

    const TONO: &str = "032085";
    const IWATE: &str = "030007";
    /// 2026-12-07 00:00 UTC, 09:00 in Japan.
    const T0: u64 = 1_796_601_600_000;
    const HOUR: u64 = 3_600_000;

    fn version(value: Value, wall_ms: u64, author: &str) -> FieldVersion {
        FieldVersion {
            value,
            hlc: Hlc::new(wall_ms, 0, format!("device-{author}")),
            base: None,
            seen: None,
            seq: 1,
            author: author.into(),
        }
    }

    fn record(kind: RecordKind, id: &str, writes: &[(&str, Value, u64, &str)]) -> RecordState {
        let owner = if kind == RecordKind::Organisation {
            id
        } else {
            TONO
        };
        let org = OrgCode::parse(owner).expect("a code");
        let mut record = RecordState::new(RecordKey::new(kind, id), org);
        for (field, value, at, author) in writes {
            record.merge(field, version(value.clone(), *at, author));
        }
        record
    }

    /// Tono's measure m-1 (a title that is markup) edited by <b>佐藤</b> an hour ago, its KPI
    /// by 田中 two hours ago, and a measure 田中 deleted three hours ago; in key order.
    fn data() -> ActivityData {
        let directory = [
            (IWATE, "prefecture", "岩手県"),
            (TONO, "municipality", "遠野市\"><script>"),
            ("032018", "municipality", "盛岡市"),
        ];
        let mut records: Vec<RecordState> = directory
            .iter()
            .map(|(code, kind, name)| {
                let at = T0 - 60 * 24 * HOUR;
                let admin = "岩手県 管理者";
                record(
                    RecordKind::Organisation,
                    code,
                    &[
                        ("code", json!(code), at, admin),
                        ("kind", json!(kind), at, admin),
                        ("name", json!(name), at, admin),
                        ("kana", json!("ｲﾜﾃ"), at, admin),
                    ],
                )
            })
            .collect();
        records.extend([
            record(
                RecordKind::Measure,
                "m-1",
                &[
                    (
                        "title",
                        json!("<img src=x onerror=alert(1)>"),
                        T0 - HOUR,
                        "<b>佐藤</b>",
                    ),
                    ("status", json!("in_progress"), T0 - HOUR, "<b>佐藤</b>"),
                ],
            ),
            record(
                RecordKind::Kpi,
                "k-1\"x",
                &[
                    ("measure_id", json!("m-1"), T0 - 2 * HOUR, "田中"),
                    ("unit", json!("件"), T0 - 2 * HOUR, "田中"),
                ],
            ),
            record(
                RecordKind::Measure,
                "m-2",
                &[
                    ("title", json!("廃止"), T0 - 40 * 24 * HOUR, "田中"),
                    ("_deleted", json!(true), T0 - 3 * HOUR, "田中"),
                ],
            ),
        ]);
        records.sort_by(|a, b| a.key.cmp(&b.key));
        ActivityData {
            generation: 7,
            records,
            history: Vec::new(),
            without_history: false,
        }
    }

    fn screen() -> ActivityScreen {
        ActivityScreen {
            generation: 7,
            now_ms: T0,
            lang: Lang::Ja,
            own: IWATE.into(),
            filter: ActivityFilter::starting(None),
        }
    }

    #[test]
    fn every_value_is_escaped_and_entries_link_to_their_record() {
        let markup = render(&screen(), &data());
        let all = markup.to_text();
        assert!(!all.contains("<img") && !all.contains("<script>") && !all.contains("<b>"));
        assert!(
            markup
                .list
                .contains("<a href=\"/measures/m-1\">&lt;img src=x onerror=alert(1)&gt;</a> — 編集: 状況、名称</li>"),
            "{}",
            markup.list
        );
        assert!(
            markup
                .list
                .contains("<a href=\"/measures/m-1\">k-1&quot;x</a>"),
            "a KPI opens its measure, its id for a title: {}",
            markup.list
        );
        assert!(
            markup.list.contains("</span> 廃止 — 削除</li>"),
            "another town's deleted measure: no link, the deletion named: {}",
            markup.list
        );
        assert!(markup
            .list
            .contains("<span class=\"kind-label\">施策</span>"));
        assert!(markup.list.contains("遠野市&quot;&gt;&lt;script&gt;"));
        assert!(
            markup.list.contains("2026-12-07 08:00 · "),
            "JST: {}",
            markup.list
        );
        let order: Vec<usize> = ["m-1\"", "k-1", "廃止"]
            .iter()
            .map(|id| markup.list.find(id).unwrap_or(usize::MAX))
            .collect();
        assert!(
            order[0] < order[1] && order[1] < order[2],
            "newest first: {order:?}"
        );
        assert!(markup.list.contains("全3件中3件を表示"));
        assert!(!markup.list.contains("data-action=\"more\""));
    }

    #[test]
    fn pages_end_with_more_and_the_own_deleted_measure_is_in_the_trash() {
        let mut screen = screen();
        screen.own = TONO.into();
        screen.filter = ActivityFilter::starting(OrgCode::parse(TONO).ok().as_ref());
        screen.filter.shown = 2;
        let list = render(&screen, &data()).list;
        assert!(list.contains("全3件中2件を表示"), "{list}");
        assert!(list.contains("id=\"activity-more\" data-action=\"more\""));
        screen.filter.shown = PAGE;
        let list = render(&screen, &data()).list;
        assert!(list.contains("<a href=\"/trash\">廃止</a>"), "{list}");
    }

    #[test]
    fn the_filters_show_what_is_chosen_and_narrow_the_list() {
        let mut screen = screen();
        screen.filter = ActivityFilter {
            org: TONO.into(),
            author: "異動した人".into(),
            kind: "measure".into(),
            period: "month".into(),
            shown: PAGE,
        };
        let markup = render(&screen, &data());
        let filters = markup.filters;
        assert!(filters
            .contains("<option value=\"032085\" selected>遠野市&quot;&gt;&lt;script&gt;</option>"));
        assert!(filters.contains(
            "<option value=\"&lt;b&gt;佐藤&lt;/b&gt;\">&lt;b&gt;佐藤&lt;/b&gt;</option>"
        ));
        assert!(
            filters.contains("<option value=\"異動した人\" selected>"),
            "the chosen person stays a choice"
        );
        assert!(filters.contains("<option value=\"measure\" selected>施策</option>"));
        assert!(filters.contains("<option value=\"month\" selected>過去30日間</option>"));
        for id in [
            "activity-org",
            "activity-person",
            "activity-kind",
            "activity-period",
        ] {
            assert!(
                filters.contains(&format!("<label for=\"{id}\">")),
                "{id} labelled"
            );
        }
        // Everything but the period offers "any".
        assert_eq!(filters.matches("<option value=\"\"").count(), 3);
        assert!(
            filters.contains("<option value=\"032018\">盛岡市</option>"),
            "the directory"
        );
        assert!(
            markup.list.contains("当てはまる変更はありません"),
            "nobody by that name"
        );
        screen.filter.author = "田中".into();
        let list = render(&screen, &data()).list;
        assert!(
            list.contains("全1件中1件を表示") && list.contains("廃止 — 削除"),
            "{list}"
        );
        screen.filter.kind = "kpi".into();
        screen.filter.period = "today".into();
        let list = render(&screen, &data()).list;
        assert!(
            list.contains("全1件中1件を表示") && list.contains("k-1"),
            "{list}"
        );
    }

    #[test]
    fn a_municipality_chooses_between_itself_and_its_prefecture() {
        let mut screen = screen();
        screen.own = TONO.into();
        screen.filter = ActivityFilter::starting(OrgCode::parse(TONO).ok().as_ref());
        assert_eq!(screen.filter.org, TONO);
        let filters = render(&screen, &data()).filters;
        let org = filters
            .split("</select>")
            .next()
            .expect("the organisation filter first");
        assert_eq!(
            org.matches("<option").count(),
            3,
            "any, itself, its prefecture: {org}"
        );
        assert!(org.contains("<option value=\"032085\" selected>"));
        assert!(org.contains("<option value=\"030007\">岩手県</option>"));
        assert!(!org.contains("盛岡市"), "another town is no choice");
    }

    #[test]
    fn nothing_to_show_says_so_and_the_csv_holds_every_entry() {
        let empty = render(&screen(), &ActivityData::default()).list;
        assert!(empty.contains("当てはまる変更はありません") && !empty.contains("<ol"));
        assert!(empty.contains("data-action=\"csv\""));
        let english = render(
            &ActivityScreen {
                lang: Lang::En,
                ..screen()
            },
            &data(),
        );
        assert!(
            english.list.contains("Showing 3 of 3")
                && english.list.contains("Edited: Status, Title")
        );
        let mut one_page = screen();
        one_page.filter.shown = 1;
        let csv = String::from_utf8(csv(&one_page, &data())).expect("UTF-8");
        assert!(csv.starts_with('\u{feff}'));
        assert_eq!(
            csv.lines().count(),
            4,
            "a header and every entry, not the page: {csv}"
        );
        assert!(csv.contains("遠野市") && csv.contains("状況、名称"));
    }

    #[test]
    fn the_app_sends_the_replica_in_the_form_the_tools_module_reads() {
        let data = data();
        let sent = serde_json::to_string(&ActivityDataRef {
            generation: data.generation,
            records: data.records.iter().collect(),
            history: &data.history,
            without_history: false,
        })
        .expect("serialises");
        let read: ActivityData = serde_json::from_str(&sent).expect("reads back");
        assert_eq!(read, data);
    }

    #[test]
    fn the_filter_becomes_the_feed_query() {
        let filter = ActivityFilter {
            org: TONO.into(),
            author: String::new(),
            kind: "kpi".into(),
            period: "today".into(),
            shown: PAGE,
        };
        let query = filter.query(T0, 50);
        assert_eq!(query.org.as_ref().map(OrgCode::as_str), Some(TONO));
        assert_eq!(query.author, None);
        assert_eq!(query.kind, Some(RecordKind::Kpi));
        assert_eq!(query.since_ms, Period::Today.since_ms(T0));
        assert_eq!(query.limit, 50);
        let any = ActivityFilter {
            org: String::new(),
            author: "x".into(),
            kind: String::new(),
            period: "nonsense".into(),
            shown: PAGE,
        }
        .query(T0, 5);
        assert_eq!((any.org, any.kind), (None, None));
        assert_eq!(any.author.as_deref(), Some("x"));
        assert_eq!(any.since_ms, Period::Week.since_ms(T0));
    }
}
