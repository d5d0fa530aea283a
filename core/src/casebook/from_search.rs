//! A published measure (横展開 of any measure, not only a proposed case): the prefecture,
//! from its cross-town measure search, makes a town's measure a case of its own casebook in
//! one click. A town cannot read another town's measures, so a measure reaches the other
//! towns only through the prefecture's casebook: a prefecture case pre-filled from the measure
//! and its KPIs, naming the measure in `source_measure`. Towns adopt it like any case, and
//! the adopters are counted per case.

use serde_json::json;

use super::actions::{changed, done, missing_words, refusal, Acted, Writes};
use super::data::Casebook;
use super::request::{CasebookReply, CasebookRequest};
use crate::domain::casebook::{draft_from_measure, missing_to_publish, town_case_id, CaseState};
use crate::domain::{Kpi, Measure, RecordKind};
use crate::lang::Lang;
use crate::org::{OrgCode, OrgKind, Organisation};

/// The prefecture's case made from the town measure `measure_id`: a draft opened in the
/// editor, with what publishing still needs (a measure has no Point ▶, and the prefecture
/// reads what it publishes in the town's name before it does). A measure already made a case
/// opens that case instead (one case per measure, so its adopters are not split between two
/// copies).
pub(super) fn case_from_town_measure(
    request: &CasebookRequest,
    book: &Casebook,
    prefecture: &OrgCode,
    measure_id: &str,
) -> Acted {
    let lang = request.lang;
    let found = book.views.iter().find(|view| {
        view.key.kind == RecordKind::Measure
            && view.key.id == measure_id
            && !view.org.is_prefecture()
            && view.org.prefecture_code() == *prefecture
    });
    let Some((town, measure)) =
        found.and_then(|view| Some((&view.org, Measure::from_fields(&view.values).ok()?)))
    else {
        return refusal(lang.pick(
            "県内の市町村の施策が見つかりません。",
            "No such measure of a town of the prefecture.",
        ));
    };
    if let Some(existing) = book.cases.iter().find(|record| {
        &record.owner == prefecture && record.case.source_measure.as_deref() == Some(measure_id)
    }) {
        let page = if existing.case.state == CaseState::Published {
            "case"
        } else {
            "edit"
        };
        let reply = CasebookReply {
            message: super::actions::notice(lang.pick(
                "この施策はすでに県の事例にしています。その事例を開きました。",
                "This measure is already a case of the prefecture: here it is.",
            )),
            ..CasebookReply::default()
        };
        return (reply, format!("{page} {}", existing.id));
    }
    let organisation = book
        .organisation(town)
        .cloned()
        .unwrap_or_else(|| Organisation {
            code: town.clone(),
            kind: OrgKind::Municipality,
            name: town.to_string(),
            kana: String::new(),
            population: None,
        });
    let kpis: Vec<Kpi> = book
        .owned(RecordKind::Kpi, town)
        .filter(|view| view.values.get("measure_id") == Some(&json!(measure_id)))
        .filter_map(|view| Kpi::from_fields(&view.values).ok())
        .collect();
    let mut case = draft_from_measure(measure_id, &measure, &kpis, &organisation);
    // The measure's area names its kind of work, as MIC's 分類 does.
    if let Some(area) = &measure.area {
        case.category = book.area_name(area, Lang::Ja).chars().take(100).collect();
    }
    if let Err(problems) = case.validate() {
        let words: Vec<String> = problems
            .iter()
            .map(|problem| crate::domain::casebook::problem_in_words(problem, lang))
            .collect();
        return refusal(&words.join(" / "));
    }
    let id = town_case_id(prefecture, &request.nonce);
    let mut writes = Writes(Vec::new());
    writes.record(RecordKind::Case, &id, changed(&case.to_fields(), None));
    writes.record(
        RecordKind::Case,
        &id,
        [("state".to_owned(), json!("draft"))],
    );
    let lead = lang.pick(
        "施策から県の事例の下書きを作りました。書き足して「保存して公開する」を押してください。",
        "A draft case was made from the measure: complete it, then save and publish.",
    );
    let missing = missing_to_publish(&case);
    let message = if missing.is_empty() {
        lead.to_owned()
    } else {
        format!("{lead} {}", missing_words(&missing, lang))
    };
    done(writes, &message, format!("edit {id}"))
}
