//! An organisation's own cases (a town's drafts and proposals with the prefecture's answers;
//! the prefecture's proposals to review and its own cases) and the case editor.

use std::fmt::Write;

use super::data::Casebook;
use super::markup::{button, input, textarea};
use super::request::CasebookRequest;
use super::screen::{own_measures, state_label};
use crate::domain::casebook::{case_field_label, population_class_id, Case, CaseState};
use crate::lang::Lang;
use crate::org::{OrgCode, PopulationClass};
use crate::text::escaped;
use crate::trust::{town_cases, TownCase};

pub(super) fn mine_page(
    out: &mut String,
    request: &CasebookRequest,
    book: &Casebook,
    own: Option<&OrgCode>,
) {
    let lang = request.lang;
    let Some(own) = own else {
        let _ = write!(
            out,
            "<p class=\"notice\">{}</p>",
            lang.pick(
                "接続すると、自団体の事例を書けます。",
                "Connect to write your own cases."
            )
        );
        return;
    };
    if request.can_write {
        let _ = write!(
            out,
            "<section class=\"no-print\"><h2>{}</h2>",
            lang.pick("事例を書く", "Write a case")
        );
        let measures = own_measures(book, own);
        if !measures.is_empty() && !own.is_prefecture() {
            let _ = write!(
                out,
                "<form data-action=\"propose\"><label for=\"casebook-measure\">{}</label><select id=\"casebook-measure\" name=\"measure\">",
                lang.pick("施策から事例の下書きを作る（施策とKPIの内容を書き写します）", "Start a draft from a measure (its text and KPIs are copied)")
            );
            for (id, title) in &measures {
                let _ = write!(
                    out,
                    "<option value=\"{}\">{}</option>",
                    escaped(id),
                    escaped(title)
                );
            }
            let _ = write!(
                out,
                "</select> <button type=\"submit\">{}</button></form>",
                lang.pick("下書きを作る", "Make a draft")
            );
        }
        out.push_str("<p>");
        button(
            out,
            "new",
            "",
            lang.pick("白紙から事例を書く", "Write a new case"),
            "",
        );
        out.push_str("</p></section>");
    }
    if own.is_prefecture() {
        let all = town_cases(&book.cases, None);
        let submitted: Vec<&TownCase> = all
            .iter()
            .filter(|c| c.state.state != CaseState::Draft)
            .collect();
        let _ = write!(
            out,
            "<section><h2>{} ({})</h2>",
            lang.pick("市町村からの提案", "Proposals from towns"),
            submitted.len()
        );
        if submitted.is_empty() {
            let _ = write!(
                out,
                "<p class=\"notice\">{}</p>",
                lang.pick("提案はまだありません。", "No proposals yet.")
            );
        } else {
            out.push_str("<ul class=\"plain-list case-list\">");
            for town_case in submitted {
                proposal_row(out, request, book, town_case);
            }
            out.push_str("</ul>");
        }
        out.push_str("</section>");
    }
    let own_cases: Vec<_> = if own.is_prefecture() {
        book.cases
            .iter()
            .filter(|record| &record.owner == own && book.entry(&record.id).is_none())
            .filter(|record| crate::domain::casebook::reviewed_case_id(&record.id, own).is_none())
            .collect()
    } else {
        book.cases
            .iter()
            .filter(|record| &record.owner == own)
            .collect()
    };
    let _ = write!(
        out,
        "<section><h2>{} ({})</h2>",
        lang.pick("自団体の下書き・提案", "Our drafts and proposals"),
        own_cases.len()
    );
    if own_cases.is_empty() {
        let _ = write!(
            out,
            "<p class=\"notice\">{}</p>",
            lang.pick("まだありません。", "None yet.")
        );
    }
    out.push_str("<ul class=\"plain-list case-list\">");
    let mine = town_cases(&book.cases, Some(own));
    for record in own_cases {
        let state = mine
            .iter()
            .find(|c| c.record.id == record.id)
            .map_or((record.case.state, String::new()), |c| {
                (c.state.state, c.state.comment.clone())
            });
        let _ = write!(
            out,
            "<li class=\"case-row\"><h3>{}</h3><p><span class=\"status-badge\">{}</span></p>",
            escaped(&record.case.title),
            state_label(state.0, lang)
        );
        if state.0 == CaseState::Returned && !state.1.is_empty() {
            let _ = write!(
                out,
                "<p class=\"review-comment\"><strong>{}</strong> {}</p>",
                case_field_label("review_comment", lang),
                escaped(&state.1)
            );
        }
        if request.can_write {
            button(
                out,
                "edit",
                &record.id,
                lang.pick("開いて編集", "Open and edit"),
                "no-print",
            );
        }
        out.push_str("</li>");
    }
    out.push_str("</ul></section>");
}

fn proposal_row(
    out: &mut String,
    request: &CasebookRequest,
    book: &Casebook,
    town_case: &TownCase,
) {
    let lang = request.lang;
    let record = town_case.record;
    let _ = write!(
        out,
        "<li class=\"case-row\"><h3><button type=\"button\" class=\"link\" data-action=\"open\" data-id=\"{}\">{}</button></h3>\
         <p class=\"version__meta\">{} · <span class=\"status-badge\">{}</span></p><p>{}</p>",
        escaped(&record.id),
        escaped(&record.case.title),
        escaped(&book.org_name(&record.owner)),
        state_label(town_case.state.state, lang),
        escaped(&record.case.point),
    );
    if request.can_write && town_case.state.state == CaseState::Proposed {
        let id = escaped(&record.id);
        let _ = write!(
            out,
            "<form class=\"no-print review-form\" data-action=\"return\" data-id=\"{id}\">\
             <label for=\"return-{id}\">{}</label><textarea id=\"return-{id}\" name=\"comment\" rows=\"2\"></textarea>\
             <button type=\"submit\">{}</button> ",
            lang.pick("差し戻す理由（町へのコメント）", "Why it is sent back (a comment to the town)"),
            lang.pick("差し戻す", "Send back"),
        );
        button(
            out,
            "publish",
            &record.id,
            lang.pick("県の事例集に公開する", "Publish in the casebook"),
            "primary",
        );
        out.push_str("</form>");
    }
    out.push_str("</li>");
}

/// The editor of one of the organisation's own cases.
pub(super) fn edit_page(
    out: &mut String,
    request: &CasebookRequest,
    book: &Casebook,
    own: Option<&OrgCode>,
) {
    let lang = request.lang;
    let record = book
        .case(&request.state.id)
        .filter(|record| own == Some(&record.owner));
    let Some(record) = record else {
        let _ = write!(
            out,
            "<p class=\"notice\" role=\"alert\">{}</p>",
            lang.pick(
                "この事例はまだこの端末にないか、自団体の事例ではありません。",
                "This case is not on this device yet, or not your own."
            )
        );
        return;
    };
    let case = &record.case;
    let label = |field: &str| case_field_label(field, lang);
    let _ = write!(
        out,
        "<form class=\"case-editor\" data-action=\"save\" data-id=\"{}\"><h2>{}</h2>",
        escaped(&record.id),
        lang.pick("事例を編集", "Edit the case"),
    );
    input(out, "title", label("title"), &case.title, "");
    input(
        out,
        "category",
        label("category"),
        &case.category,
        lang.pick(
            "例: 体制整備、書かない窓口",
            "e.g. organisation, counter without forms",
        ),
    );
    input(
        out,
        "organisation",
        label("organisation"),
        &case.organisation,
        "",
    );
    let _ = write!(out, "<div class=\"field\"><label for=\"case-population_class\">{}</label><select id=\"case-population_class\" name=\"population_class\"><option value=\"\">—</option>", label("population_class"));
    for class in PopulationClass::ALL {
        let id = population_class_id(class);
        let selected = if case.population_class == Some(class) {
            " selected"
        } else {
            ""
        };
        let text = match lang {
            Lang::Ja => class.label_ja(),
            Lang::En => class.label_en(),
        };
        let _ = write!(out, "<option value=\"{id}\"{selected}>{text}</option>");
    }
    let _ = write!(out, "</select></div><div class=\"field\"><label for=\"case-area\">{}</label><select id=\"case-area\" name=\"area\"><option value=\"\">—</option>", label("area"));
    for area in &book.areas {
        let selected = if case.area.as_deref() == Some(area.id.as_str()) {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<option value=\"{}\"{selected}>{}</option>",
            escaped(&area.id),
            escaped(&book.area_name(&area.id, lang))
        );
    }
    out.push_str("</select></div>");
    textarea(out, "point", label("point"), &case.point, 2);
    textarea(out, "overview", label("overview"), &case.overview, 6);
    textarea(out, "effects", label("effects"), &case.effects, 4);
    let yen_hint = lang.pick(
        "例: 1200000、120万円、1,200千円",
        "e.g. 1200000, 120万円, 1,200千円",
    );
    let amount = |value: Option<i64>| value.map(|v| v.to_string()).unwrap_or_default();
    input(
        out,
        "cost_initial",
        label("cost_initial"),
        &amount(case.cost_initial),
        yen_hint,
    );
    input(
        out,
        "cost_running",
        label("cost_running"),
        &amount(case.cost_running),
        yen_hint,
    );
    textarea(
        out,
        "cost_breakdown",
        label("cost_breakdown"),
        &case.cost_breakdown,
        2,
    );
    textarea(out, "cost_notes", label("cost_notes"), &case.cost_notes, 2);
    input(out, "lead_time", label("lead_time"), &case.lead_time, "");
    textarea(
        out,
        "schedule_steps",
        label("schedule_steps"),
        &case.schedule_steps,
        4,
    );
    let vendors: Vec<String> = case
        .vendors
        .iter()
        .map(|v| format!("{} / {} / {}", v.vendor, v.service, v.operation))
        .collect();
    textarea(out, "vendors", label("vendors"), &vendors.join("\n"), 3);
    let _ = write!(
        out,
        "<p class=\"hint\">{}</p>",
        lang.pick(
            "ベンダーは1行に1社、「事業者 / サービス名 / 運用形態」の形で書きます。",
            "One vendor a line: vendor / service / operation."
        )
    );
    textarea(
        out,
        "participants",
        label("participants"),
        &case.participants,
        2,
    );
    input(
        out,
        "contact_department",
        label("contact_department"),
        &case.contact_department,
        "",
    );
    input(
        out,
        "contact_phone",
        label("contact_phone"),
        &case.contact_phone,
        "",
    );
    input(
        out,
        "contact_mail",
        label("contact_mail"),
        &case.contact_mail,
        "",
    );
    textarea(out, "interview", label("interview"), &case.interview, 6);
    let _ = write!(
        out,
        "<p class=\"actions\"><button type=\"submit\">{}</button> ",
        lang.pick("保存する", "Save")
    );
    if record.owner.is_prefecture() {
        button(
            out,
            "publish",
            &record.id,
            lang.pick("保存して公開する", "Save and publish"),
            "primary",
        );
    } else {
        button(
            out,
            "submit",
            &record.id,
            lang.pick("保存して県に提出する", "Save and submit to the prefecture"),
            "primary",
        );
    }
    out.push_str("</p></form>");
}

/// The form's fields as the case's fields, or what is wrong, in the person's language.
pub(super) fn case_from_form(request: &CasebookRequest, current: &Case) -> Result<Case, String> {
    let lang = request.lang;
    let text = |name: &str| crate::text::normalize_multiline(request.form_value(name));
    let line = |name: &str| {
        crate::text::fold_width(request.form_value(name))
            .trim()
            .to_owned()
    };
    let yen = |name: &str| {
        crate::domain::casebook::parse_yen(request.form_value(name)).map_err(|error| match lang {
            Lang::Ja => format!("{}: {}", case_field_label(name, lang), error.message_ja()),
            Lang::En => format!("{}: {error}", case_field_label(name, lang)),
        })
    };
    let vendors = text("vendors")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, '/').map(|p| p.trim().to_owned());
            crate::domain::casebook::Vendor {
                vendor: parts.next().unwrap_or_default(),
                service: parts.next().unwrap_or_default(),
                operation: parts.next().unwrap_or_default(),
            }
        })
        .collect();
    let area = line("area");
    let case = Case {
        title: line("title"),
        category: line("category"),
        organisation: line("organisation"),
        population_class: crate::domain::casebook::population_class_of(&line("population_class")),
        area: (!area.is_empty()).then_some(area),
        point: text("point"),
        overview: text("overview"),
        effects: text("effects"),
        cost_initial: yen("cost_initial")?,
        cost_running: yen("cost_running")?,
        cost_breakdown: text("cost_breakdown"),
        cost_notes: text("cost_notes"),
        lead_time: line("lead_time"),
        schedule_steps: text("schedule_steps"),
        vendors,
        participants: text("participants"),
        contact_department: line("contact_department"),
        contact_phone: line("contact_phone"),
        contact_mail: line("contact_mail"),
        interview: text("interview"),
        ..current.clone()
    };
    match case.validate() {
        Ok(()) => Ok(case),
        Err(errors) => Err(errors
            .iter()
            .map(|error| crate::domain::casebook::problem_in_words(error, lang))
            .collect::<Vec<_>>()
            .join(" / ")),
    }
}
