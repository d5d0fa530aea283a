//! What the casebook's buttons do, as writes the app makes (`["w", kind, id, field, value]`):
//! start a case (blank or from a measure), save, submit, publish, send back, adopt.
//! Every check is made here first, so a refused action writes nothing and says why in words.

use serde_json::{json, Value};

use super::adoption::adopted_measure_fields;
use super::data::Casebook;
use super::editor::case_from_form;
use super::request::{CasebookReply, CasebookRequest};
use crate::domain::casebook::{
    case_field_label, draft_from_measure, missing_to_propose, missing_to_publish, review_id,
    town_case_id, Case, CaseState,
};
use crate::domain::{Fields, Kpi, Measure, Plan, RecordKind};
use crate::lang::Lang;
use crate::org::OrgCode;
use crate::text::escaped;
use crate::trust::CaseRecord;

/// Writes collected for one action.
pub(super) struct Writes(pub(super) Vec<Value>);

impl Writes {
    pub(super) fn record(
        &mut self,
        kind: RecordKind,
        id: &str,
        fields: impl IntoIterator<Item = (String, Value)>,
    ) {
        for (field, value) in fields {
            self.0.push(json!(["w", kind.as_str(), id, field, value]));
        }
    }
}

pub(super) fn notice(text: &str) -> String {
    format!("<p class=\"notice\" role=\"status\">{}</p>", escaped(text))
}

pub(super) fn refusal(text: &str) -> Acted {
    let reply = CasebookReply {
        message: format!(
            "<p class=\"notice notice--error\" role=\"alert\">{}</p>",
            escaped(text)
        ),
        ..CasebookReply::default()
    };
    (reply, String::new())
}

/// An action's reply and the page to go to next (`edit <id>`, `mine `, `measure <id>`).
pub(super) type Acted = (CasebookReply, String);

pub(super) fn done(writes: Writes, message: &str, next: String) -> Acted {
    let reply = CasebookReply {
        message: notice(message),
        ops: Value::Array(writes.0).to_string(),
        ..CasebookReply::default()
    };
    (reply, next)
}

/// Only the fields that differ from `before` (all of them for a new record), without empty
/// defaults on a new record.
pub(super) fn changed(after: &Fields, before: Option<&Fields>) -> Vec<(String, Value)> {
    after
        .iter()
        .filter(|(name, value)| match before {
            Some(before) => before.get(*name) != Some(*value),
            None => {
                !(value.is_null()
                    || *value == &json!("")
                    || *value == &json!([])
                    || *value == &json!(0))
            }
        })
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}

pub(super) fn missing_words(missing: &[&str], lang: Lang) -> String {
    let names: Vec<&str> = missing
        .iter()
        .map(|field| case_field_label(field, lang))
        .collect();
    match lang {
        Lang::Ja => format!("次の項目を入力してください: {}", names.join("、")),
        Lang::En => format!("Fill these in first: {}", names.join(", ")),
    }
}

pub(super) fn act(request: &CasebookRequest, book: &Casebook) -> Acted {
    let lang = request.lang;
    let Ok(own) = OrgCode::parse(&request.own) else {
        return refusal(lang.pick("接続してから操作してください。", "Connect first."));
    };
    if !request.can_write {
        return refusal(lang.pick("この接続は閲覧のみです。", "This connection may only read."));
    }
    if request.nonce.len() != 8 || !request.nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
        return refusal("nonce");
    }
    match request.action.as_str() {
        "new" => new_case(request, book, &own, None),
        "propose" => {
            let measure_id = request.form_value("measure");
            let measure = book
                .owned(RecordKind::Measure, &own)
                .find(|view| view.key.id == measure_id)
                .and_then(|view| Measure::from_fields(&view.values).ok());
            match measure {
                Some(measure) => new_case(request, book, &own, Some((measure_id, measure))),
                // The prefecture makes a town's measure a case of its own (施策検索).
                None if own.is_prefecture() => {
                    super::from_search::case_from_town_measure(request, book, &own, measure_id)
                }
                None => refusal(lang.pick("施策が見つかりません。", "No such measure.")),
            }
        }
        "save" | "submit" | "publish" if own_case(book, &request.id, &own).is_some() => save(
            request,
            own_case(book, &request.id, &own).expect("checked"),
            &own,
        ),
        "publish" | "return" if own.is_prefecture() => review(request, book, &own),
        "adopt" => adopt(request, book, &own),
        _ => refusal(lang.pick("この操作はできません。", "This cannot be done here.")),
    }
}

fn own_case<'a>(book: &'a Casebook, id: &str, own: &OrgCode) -> Option<&'a CaseRecord> {
    book.case(id).filter(|record| &record.owner == own)
}

fn new_case(
    request: &CasebookRequest,
    book: &Casebook,
    own: &OrgCode,
    from: Option<(&str, Measure)>,
) -> Acted {
    let lang = request.lang;
    let id = town_case_id(own, &request.nonce);
    let organisation = book.organisation(own);
    let case = match (from, organisation) {
        (Some((measure_id, measure)), Some(org)) => {
            let kpis: Vec<Kpi> = book
                .owned(RecordKind::Kpi, own)
                .filter(|view| view.values.get("measure_id") == Some(&json!(measure_id)))
                .filter_map(|view| Kpi::from_fields(&view.values).ok())
                .collect();
            draft_from_measure(measure_id, &measure, &kpis, org)
        }
        (from, org) => Case {
            organisation: org.map(|o| o.name.clone()).unwrap_or_default(),
            population_class: org.and_then(|o| o.population_class()),
            ..Case::new(from.map_or_else(
                || lang.pick("新しい事例", "New case").to_owned(),
                |(_, m)| m.title,
            ))
        },
    };
    let mut writes = Writes(Vec::new());
    writes.record(RecordKind::Case, &id, changed(&case.to_fields(), None));
    writes.record(
        RecordKind::Case,
        &id,
        [("state".to_owned(), json!("draft"))],
    );
    done(
        writes,
        lang.pick(
            "下書きを作りました。内容を書き足してください。",
            "A draft was made: complete it.",
        ),
        format!("edit {id}"),
    )
}

fn save(request: &CasebookRequest, record: &CaseRecord, own: &OrgCode) -> Acted {
    let lang = request.lang;
    let case = match case_from_form(request, &record.case) {
        Ok(case) => case,
        Err(problem) => return refusal(&problem),
    };
    let mut after = case.clone();
    let message = match request.action.as_str() {
        "submit" => {
            let missing = missing_to_propose(&case);
            if !missing.is_empty() {
                return refusal(&missing_words(&missing, lang));
            }
            after.state = CaseState::Proposed;
            after.round = case.round + 1;
            lang.pick(
                "県に提出しました。同期すると県に届きます。",
                "Submitted: the prefecture receives it at the next sync.",
            )
        }
        "publish" => {
            let missing = missing_to_publish(&case);
            if !missing.is_empty() {
                return refusal(&missing_words(&missing, lang));
            }
            after.state = CaseState::Published;
            lang.pick("県の事例集に公開しました。", "Published in the casebook.")
        }
        _ => lang.pick("保存しました。", "Saved."),
    };
    let _ = own;
    let mut writes = Writes(Vec::new());
    writes.record(
        RecordKind::Case,
        &record.id,
        changed(&after.to_fields(), Some(&record.case.to_fields())),
    );
    let next = if request.action == "save" {
        String::new()
    } else {
        "mine ".to_owned()
    };
    done(writes, message, next)
}

/// The prefecture publishes a town's case (its content copied into the prefecture's own
/// record) or sends it back with a comment; both answer the round the town submitted.
fn review(request: &CasebookRequest, book: &Casebook, prefecture: &OrgCode) -> Acted {
    let lang = request.lang;
    let town_case = book
        .case(&request.id)
        .filter(|record| {
            !record.owner.is_prefecture() && record.owner.prefecture_code() == *prefecture
        })
        .filter(|record| record.case.state == CaseState::Proposed);
    let (Some(town_case), Some(id)) = (town_case, review_id(&request.id)) else {
        return refusal(lang.pick(
            "提出された市町村の事例ではありません。",
            "This is not a case a town submitted.",
        ));
    };
    let existing = book.case(&id).map(|record| record.case.to_fields());
    let mut after: Fields = existing.clone().unwrap_or_default();
    after.insert("title".to_owned(), json!(town_case.case.title));
    after.insert("source_case".to_owned(), json!(town_case.id));
    after.insert("reviewed_round".to_owned(), json!(town_case.case.round));
    let message = if request.action == "publish" {
        let missing = missing_to_publish(&town_case.case);
        if !missing.is_empty() {
            return refusal(&missing_words(&missing, lang));
        }
        after.extend(town_case.case.content_fields());
        after.insert("state".to_owned(), json!("published"));
        lang.pick(
            "県の事例集に公開しました。同期すると県内の市町村に届きます。",
            "Published: the towns receive it at their next sync.",
        )
    } else {
        let comment = crate::text::normalize_multiline(request.form_value("comment"));
        if comment.is_empty() {
            return refusal(
                lang.pick("差し戻す理由を書いてください。", "Say why it is sent back."),
            );
        }
        after.insert("state".to_owned(), json!("returned"));
        after.insert("review_comment".to_owned(), json!(comment));
        lang.pick(
            "コメントを付けて差し戻しました。",
            "Sent back with the comment.",
        )
    };
    if let Err(problem) = Case::from_fields(&after) {
        return refusal(&crate::domain::casebook::problem_in_words(&problem, lang));
    }
    let mut writes = Writes(Vec::new());
    writes.record(
        RecordKind::Case,
        &id,
        changed(&after, Some(&existing.unwrap_or_default())),
    );
    done(writes, message, String::new())
}

/// うちでも取り組む: the case as a new measure of the town's plan, naming the case.
fn adopt(request: &CasebookRequest, book: &Casebook, own: &OrgCode) -> Acted {
    let lang = request.lang;
    if own.is_prefecture() {
        return refusal(lang.pick(
            "事例を計画に取り込めるのは市町村です。",
            "Towns adopt cases into their plans.",
        ));
    }
    let Some(entry) = book.entry(&request.id) else {
        return refusal(lang.pick(
            "公開された事例ではありません。",
            "This is not a published case.",
        ));
    };
    let mut plans: Vec<(String, i32)> = book
        .owned(RecordKind::Plan, own)
        .filter_map(|view| {
            Some((
                view.key.id.clone(),
                Plan::from_fields(&view.values).ok()?.end_fy.0,
            ))
        })
        .collect();
    // The plan running longest.
    crate::sorting::sort_by(&mut plans, |a, b| (b.1, &a.0).cmp(&(a.1, &b.0)));
    let Some((plan_id, _)) = plans.first() else {
        return refusal(lang.pick(
            "計画がまだありません。先に計画を作ってください。",
            "There is no plan yet: make one first.",
        ));
    };
    let already = book
        .reach
        .get(&entry.id)
        .is_some_and(|reach| reach.adopters.iter().any(|a| &a.town == own));
    if already {
        return refusal(lang.pick(
            "この事例はすでに計画に取り込んでいます。",
            "This case is already in your plan.",
        ));
    }
    let source = match lang {
        Lang::Ja => format!(
            "出典: 事例「{}」（{}）{} 取り込み",
            entry.case.title, entry.case.organisation, request.today
        ),
        Lang::En => format!(
            "Source: case \"{}\" ({}) adopted {}",
            entry.case.title, entry.case.organisation, request.today
        ),
    };
    let measure_id = format!("{own}-m-{}", request.nonce);
    let mut writes = Writes(Vec::new());
    writes.record(
        RecordKind::Measure,
        &measure_id,
        adopted_measure_fields(&entry.id, &entry.case, plan_id, &source)
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value)),
    );
    let added = lang.pick(
        "計画に施策として追加しました。",
        "Added to your plan as a measure.",
    );
    let (mut reply, next) = done(writes, added, format!("measure {measure_id}"));
    // The message links to the new measure (no page of the casebook shows it).
    reply.message = format!(
        "<p class=\"notice notice--ok\" role=\"status\">{added} <a href=\"/measures/{measure_id}\">{}</a></p>",
        lang.pick("追加した施策を開く", "Open the new measure")
    );
    (reply, next)
}
