//! The `/casebook` screen's pages as markup (made in the tools module from [`Casebook`]):
//! the casebook (search and filters, the prefecture's cases apart from the national ones),
//! a case in the casebook's layout (printable on A4), the organisation's own cases and the
//! proposals, the editor, and the prefecture's 横展開 view.

use std::fmt::Write;

use super::catalogue::{categories, select as select_entries, Entry, Origin, COST_BANDS};
use super::data::Casebook;
use super::markup::{button, paragraphs, select, yen};
use super::request::{CasebookReply, CasebookRequest};
use super::{actions, editor};
use crate::domain::casebook::{case_field_label, population_class_id, CaseState};
use crate::domain::{Measure, RecordKind};
use crate::lang::Lang;
use crate::org::{OrgCode, PopulationClass};
use crate::text::escaped;
use crate::trust::town_cases;

/// The reply to `request`: a move to another page or filter, or an action's writes, and the
/// screen's state after.
pub fn render(request: &CasebookRequest, book: &Casebook) -> CasebookReply {
    let mut state = request.state.clone();
    let (id, value) = (request.id.clone(), request.value.clone());
    let mut go = |page: &str, id: String| {
        state.page = page.to_owned();
        state.id = id;
    };
    let mut message = String::new();
    match request.action.as_str() {
        "" => {}
        "page" => go(&request.id, String::new()),
        "open" => go("case", id),
        "edit" => go("edit", id),
        "search" => state.filter.query = request.form_value("query").to_owned(),
        "filter-area" => state.filter.area = value,
        "filter-category" => state.filter.category = value,
        "filter-population" => state.filter.population = value,
        "filter-cost" => state.filter.cost = value,
        "filter-order" => state.filter.order = value,
        _ => {
            let (mut reply, next) = actions::act(request, book);
            if let Some((page, id)) = next.split_once(' ') {
                // A measure just adopted: the message links to it, the case stays shown.
                if page != "measure" {
                    go(page, id.to_owned());
                }
            }
            // Nothing written, so no refresh follows: a proposal refused or a case that
            // exists already shows its page now (the screen may have no page yet: opened
            // by `?propose=`). Other refusals keep the page as it is, with what was typed.
            let moved = state.page != request.state.page || state.id != request.state.id;
            if !reply.ops.is_empty() || !(moved || request.action == "propose") {
                reply.state = serde_json::to_string(&state).unwrap_or_default();
                return reply;
            }
            message = reply.message;
        }
    }
    let request = &CasebookRequest {
        state,
        ..request.clone()
    };
    let own = OrgCode::parse(&request.own).ok();
    if request.state.page == "dashboard" {
        let mut body = String::new();
        dashboard_reach(&mut body, request, book);
        return CasebookReply {
            body,
            state: serde_json::to_string(&request.state).unwrap_or_default(),
            ..CasebookReply::default()
        };
    }
    let mut body = tabs(request, own.as_ref());
    match request.state.page.as_str() {
        "case" => case_page(&mut body, request, book, own.as_ref()),
        "mine" => editor::mine_page(&mut body, request, book, own.as_ref()),
        "edit" => editor::edit_page(&mut body, request, book, own.as_ref()),
        "reach" => reach_page(&mut body, request, book),
        _ => list_page(&mut body, request, book, own.as_ref()),
    }
    CasebookReply {
        message,
        body,
        state: serde_json::to_string(&request.state).unwrap_or_default(),
        ..CasebookReply::default()
    }
}

fn tabs(request: &CasebookRequest, own: Option<&OrgCode>) -> String {
    let lang = request.lang;
    let mut out = format!(
        "<nav class=\"tabs no-print\" aria-label=\"{}\">",
        lang.pick("事例集の画面", "Casebook pages")
    );
    let mut tab = |page: &str, ja: &str, en: &str| {
        let current =
            request.state.page == page || (page == "list" && request.state.page.is_empty());
        let _ = write!(
            out,
            "<button type=\"button\" data-action=\"page\" data-id=\"{page}\"{}>{}</button>",
            if current {
                " aria-current=\"page\""
            } else {
                ""
            },
            lang.pick(ja, en)
        );
    };
    tab("list", "事例を探す", "Find cases");
    let prefecture = own.is_some_and(OrgCode::is_prefecture);
    if prefecture {
        tab("mine", "提案と県の事例", "Proposals and our cases");
        tab("reach", "横展開の状況", "Reach");
    } else {
        tab("mine", "自団体の事例・提案", "Our cases and proposals");
    }
    out.push_str("</nav>");
    out
}

fn class_label(class: PopulationClass, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => class.label_ja(),
        Lang::En => class.label_en(),
    }
}

fn cost_band_label(band: &str, lang: Lang) -> &'static str {
    let (ja, en) = match band {
        "under_1m" => ("100万円未満", "Under 1 million yen"),
        "1m_to_10m" => ("100万〜1,000万円", "1 to 10 million yen"),
        "10m_to_100m" => ("1,000万〜1億円", "10 to 100 million yen"),
        "100m_and_over" => ("1億円以上", "100 million yen and over"),
        _ => ("記載なし", "Not stated"),
    };
    lang.pick(ja, en)
}

/// The viewer's population class, for "towns like mine".
fn viewer_class(book: &Casebook, own: Option<&OrgCode>) -> Option<PopulationClass> {
    own.and_then(|code| book.organisation(code))
        .and_then(|org| org.population_class())
}

fn list_page(out: &mut String, request: &CasebookRequest, book: &Casebook, own: Option<&OrgCode>) {
    let lang = request.lang;
    let filter = &request.state.filter;
    let like = viewer_class(book, own);
    let _ = write!(
        out,
        "<form class=\"filters no-print\" data-action=\"search\" role=\"search\"><div class=\"filters__row\">\
         <label for=\"casebook-query\">{}</label>\
         <input id=\"casebook-query\" name=\"query\" type=\"search\" value=\"{}\">\
         <button type=\"submit\">{}</button>",
        lang.pick("キーワード", "Keywords"),
        escaped(&filter.query),
        lang.pick("検索", "Search"),
    );
    let all = lang.pick("すべて", "All").to_owned();
    let mut areas = vec![(String::new(), all.clone())];
    areas.extend(book.areas.iter().map(|area| {
        let indent = if area.parent.is_some() { "　" } else { "" };
        (
            area.id.clone(),
            format!("{indent}{}", book.area_name(&area.id, lang)),
        )
    }));
    select(
        out,
        "casebook-area",
        "filter-area",
        lang.pick("分野", "Area"),
        &areas,
        &filter.area,
    );
    let mut category_options = vec![(String::new(), all.clone())];
    category_options.extend(
        categories(&book.entries)
            .into_iter()
            .map(|c| (c.clone(), c)),
    );
    select(
        out,
        "casebook-category",
        "filter-category",
        lang.pick("分類", "Category"),
        &category_options,
        &filter.category,
    );
    let mut classes = vec![(String::new(), all.clone())];
    classes.extend(PopulationClass::ALL.iter().map(|class| {
        (
            population_class_id(*class).to_owned(),
            class_label(*class, lang).to_owned(),
        )
    }));
    select(
        out,
        "casebook-population",
        "filter-population",
        lang.pick("人口規模", "Population class"),
        &classes,
        &filter.population,
    );
    let mut bands = vec![(String::new(), all)];
    bands.extend(
        COST_BANDS
            .iter()
            .map(|band| ((*band).to_owned(), cost_band_label(band, lang).to_owned())),
    );
    select(
        out,
        "casebook-cost",
        "filter-cost",
        lang.pick("費用", "Cost"),
        &bands,
        &filter.cost,
    );
    out.push_str("</div></form>");
    let area_and_below = if filter.area.is_empty() {
        Vec::new()
    } else {
        book.area_and_below(&filter.area)
    };
    let shown = select_entries(&book.entries, filter, &area_and_below, like);
    let _ = write!(
        out,
        "<p class=\"result-count\" role=\"status\">{}</p>",
        escaped(&match lang {
            Lang::Ja => format!("{}件の事例", shown.len()),
            Lang::En => format!("{} cases", shown.len()),
        })
    );
    if let Some(class) = like {
        let _ = write!(
            out,
            "<p class=\"hint\">{}</p>",
            escaped(&match lang {
                Lang::Ja => format!(
                    "同じ人口規模（{}）の団体の事例を先に表示しています。",
                    class.label_ja()
                ),
                Lang::En => format!(
                    "Cases of organisations of your size ({}) come first.",
                    class.label_en()
                ),
            })
        );
    }
    let can_adopt = request.can_write && own.is_some_and(|code| !code.is_prefecture());
    for (origin, ja, en) in [
        (Origin::Prefecture, "県の事例", "The prefecture's cases"),
        (
            Origin::National,
            "全国の参考事例（総務省 自治体DX推進参考事例集）",
            "National examples (MIC casebook)",
        ),
    ] {
        let in_section: Vec<&Entry> = shown
            .iter()
            .map(|at| &book.entries[*at])
            .filter(|entry| entry.origin == origin)
            .collect();
        let _ = write!(
            out,
            "<section class=\"casebook-section\"><h2>{} ({})</h2>",
            lang.pick(ja, en),
            in_section.len()
        );
        if in_section.is_empty() {
            let _ = write!(
                out,
                "<p class=\"notice\">{}</p>",
                lang.pick("当てはまる事例はありません。", "No case matches.")
            );
        } else {
            out.push_str("<ul class=\"plain-list case-list\">");
            for entry in in_section {
                case_row(out, entry, book, lang, like, can_adopt);
            }
            out.push_str("</ul>");
        }
        out.push_str("</section>");
    }
    let _ = write!(
        out,
        "<p class=\"actions no-print\"><button type=\"button\" data-action=\"csv\">{}</button> \
         <button type=\"button\" data-action=\"xlsx\">{}</button></p>",
        lang.pick("CSVで保存", "Save as CSV"),
        lang.pick("Excel（XLSX）で保存", "Save as Excel (XLSX)"),
    );
}

fn case_row(
    out: &mut String,
    entry: &Entry,
    book: &Casebook,
    lang: Lang,
    like: Option<PopulationClass>,
    can_adopt: bool,
) {
    let case = &entry.case;
    let class = case
        .population_class
        .map_or("", |class| class_label(class, lang));
    let _ = write!(
        out,
        "<li class=\"case-row\"><h3><button type=\"button\" class=\"link\" data-action=\"open\" data-id=\"{}\">{}</button></h3>\
         <p class=\"version__meta\">{} · {} · {}",
        escaped(&entry.id),
        escaped(&case.title),
        escaped(&case.organisation),
        escaped(class),
        escaped(&case.category),
    );
    if like.is_some() && case.population_class == like {
        let _ = write!(
            out,
            " · <strong>{}</strong>",
            lang.pick("同じ規模", "Like yours")
        );
    }
    let towns = book.reach.get(&entry.id).map_or(0, |reach| reach.towns());
    if towns > 0 {
        let _ = write!(
            out,
            " · {}",
            escaped(&match lang {
                Lang::Ja => format!("{towns}団体が取り組み中"),
                Lang::En => format!("adopted by {towns}"),
            })
        );
    }
    let _ = write!(out, "</p><p>{}</p>", escaped(&case.point));
    if can_adopt {
        button(
            out,
            "adopt",
            &entry.id,
            lang.pick("うちでも取り組む", "Adopt in our plan"),
            "no-print",
        );
    }
    out.push_str("</li>");
}

/// A case in the casebook's layout: what `@media print` prints on A4.
fn case_page(out: &mut String, request: &CasebookRequest, book: &Casebook, own: Option<&OrgCode>) {
    let lang = request.lang;
    let (case, source, entry_id) = match book.entry(&request.state.id) {
        Some(entry) => (&entry.case, entry.source.as_str(), entry.id.as_str()),
        None => match book.case(&request.state.id) {
            Some(record) => (&record.case, "", record.id.as_str()),
            None => {
                let _ = write!(
                    out,
                    "<p class=\"notice\" role=\"alert\">{}</p>",
                    lang.pick(
                        "この事例はこの端末にありません。",
                        "This case is not on this device."
                    )
                );
                return;
            }
        },
    };
    let label = |field: &str| case_field_label(field, lang);
    out.push_str("<p class=\"actions no-print\">");
    button(
        out,
        "page",
        "list",
        lang.pick("事例集に戻る", "Back to the casebook"),
        "",
    );
    button(out, "print", entry_id, lang.pick("印刷する", "Print"), "");
    let published = book.entry(entry_id).is_some();
    if published && request.can_write && own.is_some_and(|code| !code.is_prefecture()) {
        button(
            out,
            "adopt",
            entry_id,
            lang.pick("うちでも取り組む", "Adopt in our plan"),
            "primary",
        );
    }
    out.push_str("</p>");
    let class = case
        .population_class
        .map_or("", |class| class_label(class, lang));
    let _ = write!(
        out,
        "<article class=\"case-sheet\" aria-labelledby=\"case-title\">\
         <p class=\"case-sheet__category\">{}</p>\
         <h2 id=\"case-title\">{}<span class=\"case-sheet__org\">【{}】</span></h2>\
         <p class=\"case-sheet__class\">{}: {}</p>\
         <p class=\"case-sheet__point\"><strong>Point ▶</strong> {}</p>",
        escaped(&case.category),
        escaped(&case.title),
        escaped(&case.organisation),
        label("population_class"),
        escaped(class),
        escaped(&case.point),
    );
    for field in ["overview", "effects"] {
        let text = if field == "overview" {
            &case.overview
        } else {
            &case.effects
        };
        let _ = write!(out, "<section><h3>{}</h3>", label(field));
        paragraphs(out, text);
        out.push_str("</section>");
    }
    let _ = write!(
        out,
        "<section><h3>{}</h3><table class=\"case-sheet__cost\"><tbody>\
         <tr><th scope=\"row\">{}</th><td>{}</td><th scope=\"row\">{}</th><td>{}</td></tr>\
         <tr><th scope=\"row\">{}</th><td colspan=\"3\">{}</td></tr>\
         <tr><th scope=\"row\">{}</th><td colspan=\"3\">{}</td></tr></tbody></table></section>",
        lang.pick("コスト", "Cost"),
        label("cost_initial"),
        yen(case.cost_initial),
        label("cost_running"),
        yen(case.cost_running),
        label("cost_breakdown"),
        escaped(&case.cost_breakdown),
        label("cost_notes"),
        escaped(&case.cost_notes),
    );
    let _ = write!(
        out,
        "<section><h3>{}</h3><p>{}: {}</p>",
        lang.pick("スケジュール", "Schedule"),
        label("lead_time"),
        escaped(&case.lead_time),
    );
    paragraphs(out, &case.schedule_steps);
    out.push_str("</section>");
    if !case.vendors.is_empty() {
        let _ = write!(
            out,
            "<section><h3>{}</h3><table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            label("vendors"),
            lang.pick("サービス提供事業者", "Vendor"),
            lang.pick("サービス名", "Service"),
            lang.pick("運用形態", "Operation"),
        );
        for vendor in &case.vendors {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escaped(&vendor.vendor),
                escaped(&vendor.service),
                escaped(&vendor.operation)
            );
        }
        out.push_str("</tbody></table></section>");
    }
    let _ = write!(out, "<section><h3>{}</h3>", label("participants"));
    paragraphs(out, &case.participants);
    let _ = write!(
        out,
        "</section><section><h3>{}</h3><p>{} {}</p><p>{}: {} {}: {}</p></section>",
        lang.pick("担当部署", "Contact"),
        escaped(&case.organisation),
        escaped(&case.contact_department),
        label("contact_phone"),
        escaped(&case.contact_phone),
        label("contact_mail"),
        escaped(&case.contact_mail),
    );
    let _ = write!(
        out,
        "<section class=\"case-sheet__interview\"><h3>{}</h3>",
        label("interview")
    );
    paragraphs(out, &case.interview);
    out.push_str("</section>");
    if !source.is_empty() {
        let _ = write!(
            out,
            "<p class=\"case-sheet__source\">{}: {}</p>",
            lang.pick("出典", "Source"),
            escaped(source)
        );
    }
    out.push_str("</article>");
    if own.is_some_and(OrgCode::is_prefecture) {
        adopters(out, entry_id, book, lang);
    }
}

/// Which towns adopted a case and how far each has got (the prefecture's view).
fn adopters(out: &mut String, case_id: &str, book: &Casebook, lang: Lang) {
    let _ = write!(
        out,
        "<section class=\"no-print\"><h3>{}</h3>",
        lang.pick("取り組んでいる団体", "Towns that adopted it")
    );
    let Some(reach) = book.reach.get(case_id) else {
        let _ = write!(
            out,
            "<p class=\"notice\">{}</p></section>",
            lang.pick(
                "まだどの団体も取り組んでいません。",
                "No town has adopted it yet."
            )
        );
        return;
    };
    let _ = write!(
        out,
        "<table class=\"adopters\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        lang.pick("団体", "Organisation"),
        lang.pick("施策", "Measure"),
        lang.pick("状況", "Status"),
        lang.pick("進捗", "Progress"),
    );
    for adopter in &reach.adopters {
        let _ = write!(
            out,
            "<tr><td>{}</td><td><a href=\"/orgs/{}\">{}</a></td><td>{}</td><td>{}%</td></tr>",
            escaped(&book.org_name(&adopter.town)),
            adopter.town,
            escaped(&adopter.title),
            match lang {
                Lang::Ja => adopter.status.label_ja(),
                Lang::En => adopter.status.label_en(),
            },
            adopter.percent
        );
    }
    out.push_str("</tbody></table></section>");
}

/// One case's reach: the case, how many towns adopted it, their mean progress, how many of
/// the adopted measures are done, and how many there are.
type ReachRow<'a> = (&'a Entry, usize, Option<f64>, usize, usize);

/// Every case of the casebook with its reach, by number of towns adopting it or (`order`
/// `progress`) by their mean progress; then by title.
fn reach_rows<'a>(book: &'a Casebook, order: &str) -> Vec<ReachRow<'a>> {
    let mut rows: Vec<ReachRow> = book
        .entries
        .iter()
        .map(|entry| {
            let reach = book.reach.get(&entry.id);
            (
                entry,
                reach.map_or(0, |r| r.towns()),
                reach.and_then(|r| r.mean_percent()),
                reach.map_or(0, |r| r.done()),
                reach.map_or(0, |r| r.adopters.len()),
            )
        })
        .collect();
    let by_progress = order == "progress";
    crate::sorting::sort_by(&mut rows, |a, b| {
        let key = |row: &ReachRow| {
            let progress = (row.2.unwrap_or(-1.0) * 10.0) as i64;
            if by_progress {
                (-progress, -(row.1 as i64))
            } else {
                (-(row.1 as i64), -progress)
            }
        };
        (key(a), &a.0.case.title).cmp(&(key(b), &b.0.case.title))
    });
    rows
}

/// 横展開: cases by number of towns adopting them, with their progress.
fn reach_page(out: &mut String, request: &CasebookRequest, book: &Casebook) {
    reach_table(
        out,
        request,
        &reach_rows(book, &request.state.filter.order),
        false,
    );
}

/// The prefecture's dashboard's 横展開 view: the cases some town adopted, as on the
/// casebook's 横展開 tab, each linking to its case on `/casebook`.
fn dashboard_reach(out: &mut String, request: &CasebookRequest, book: &Casebook) {
    let lang = request.lang;
    let _ = write!(
        out,
        "<section class=\"card\" aria-labelledby=\"reach-heading\" id=\"casebook-reach\">\
         <h2 id=\"reach-heading\">{}</h2>",
        lang.pick("横展開の状況（事例集）", "Reach of the casebook")
    );
    let rows: Vec<ReachRow> = reach_rows(book, &request.state.filter.order)
        .into_iter()
        .filter(|row| row.1 > 0)
        .collect();
    if rows.is_empty() {
        let _ = write!(
            out,
            "<p class=\"notice\">{}</p>",
            lang.pick(
                "まだどの事例も市町村に取り込まれていません。",
                "No town has adopted a case yet."
            )
        );
    } else {
        reach_table(out, request, &rows, true);
    }
    let _ = write!(
        out,
        "<p><a href=\"/casebook\">{}</a></p></section>",
        lang.pick("事例集を開く", "Open the casebook")
    );
}

/// The reach table, ordered by a select; each case opens on the casebook's screen, or
/// (`links`, elsewhere) is a link to it.
fn reach_table(out: &mut String, request: &CasebookRequest, rows: &[ReachRow], links: bool) {
    let lang = request.lang;
    let by_progress = request.state.filter.order == "progress";
    let orders = [
        (
            "adopters".to_owned(),
            lang.pick("取り組む団体の数", "Number of towns").to_owned(),
        ),
        (
            "progress".to_owned(),
            lang.pick("平均進捗", "Mean progress").to_owned(),
        ),
    ];
    out.push_str("<form class=\"filters no-print\" data-action=\"search\">");
    select(
        out,
        "casebook-order",
        "filter-order",
        lang.pick("並び順", "Order"),
        &orders,
        if by_progress { "progress" } else { "adopters" },
    );
    out.push_str("</form>");
    let _ = write!(
        out,
        "<div class=\"table-scroll\"><table class=\"reach-table\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        lang.pick("事例ごとの横展開の状況", "Reach of each case"),
        lang.pick("事例", "Case"),
        lang.pick("区分", "Origin"),
        lang.pick("取り組む団体", "Towns"),
        lang.pick("平均進捗", "Mean progress"),
        lang.pick("完了", "Done"),
    );
    for (entry, towns, mean, done, measures) in rows {
        let id = escaped(&entry.id);
        let title = escaped(&entry.case.title);
        let case = if links {
            format!("<a href=\"/casebook?case={id}\">{title}</a>")
        } else {
            format!("<button type=\"button\" class=\"link\" data-action=\"open\" data-id=\"{id}\">{title}</button>")
        };
        let _ = write!(
            out,
            "<tr><td>{case}</td><td>{}</td><td>{towns}</td><td>{}</td><td>{done}/{measures}</td></tr>",
            match entry.origin {
                Origin::Prefecture => lang.pick("県", "Prefecture"),
                Origin::National => lang.pick("全国", "National"),
            },
            mean.map_or_else(|| "—".to_owned(), |m| format!("{m:.0}%")),
        );
    }
    out.push_str("</tbody></table></div>");
}

/// The prefecture's proposals list and an organisation's own cases, shared with the editor.
pub(super) fn state_label(state: CaseState, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => state.label_ja(),
        Lang::En => state.label_en(),
    }
}

/// The measures of `own` to propose from, by title.
pub(super) fn own_measures(book: &Casebook, own: &OrgCode) -> Vec<(String, String)> {
    let mut measures: Vec<(String, String)> = book
        .owned(RecordKind::Measure, own)
        .filter_map(|view| {
            let measure = Measure::from_fields(&view.values).ok()?;
            Some((view.key.id.clone(), measure.title))
        })
        .collect();
    crate::sorting::sort_by(&mut measures, |a, b| a.1.cmp(&b.1));
    measures
}

/// How many towns' cases wait for the prefecture.
pub fn waiting_proposals(book: &Casebook) -> usize {
    town_cases(&book.cases, None)
        .iter()
        .filter(|c| c.state.state == CaseState::Proposed)
        .count()
}
