//! The import panel of the prefecture's areas and of a draft survey's questions
//! (`ImportTarget::Taxonomy`, `ImportTarget::Survey`): the file goes straight to the preview
//! (columns found by their headers), is confirmed into operations the app writes, shows in
//! the panel's own history and is undone in one step; a published survey is refused whole.

mod import_support;

use import_support::{apply_ops, count, undo_import};
use tsunagu_core::domain::survey::{Question, QuestionKind, Survey};
use tsunagu_core::domain::taxonomy::TaxonomyArea;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::import::screen::{
    ContextRecord, FileFormat, ImportContext, ImportEntry, ImportReply, ImportRequest,
    ImportSession, ImportStep, ImportTarget,
};
use tsunagu_core::lang::Lang;

const PREFECTURE: &str = "030007";
const SURVEY: &str = "030007-survey-2026";

fn area_record(id: &str, name: &str, name_en: &str) -> ContextRecord {
    let area = TaxonomyArea {
        id: id.into(),
        name_ja: name.into(),
        name_en: name_en.into(),
        parent: None,
        order: 10,
        priority_area: false,
        source: tsunagu_core::domain::taxonomy::AreaSource::Prefecture,
    };
    ContextRecord {
        kind: RecordKind::TaxonomyArea,
        id: id.into(),
        org: PREFECTURE.into(),
        values: area.to_fields(),
    }
}

fn taxonomy_context() -> ImportContext {
    ImportContext {
        plan_id: String::new(),
        owner: PREFECTURE.into(),
        records: vec![area_record("030007-area-iwate1", "行政のDX", "")],
        target: ImportTarget::Taxonomy,
        seed: 42,
    }
}

fn survey(published: bool) -> Survey {
    let deadline = chrono::NaiveDate::from_ymd_opt(2027, 1, 31).expect("date");
    let mut survey = Survey::new(SURVEY, "令和8年度 DX推進状況調査", deadline);
    survey.published = published;
    survey.questions = vec![Question {
        id: "q1".into(),
        kind: QuestionKind::Text,
        text: "CIOを任命していますか".into(),
        required: false,
        choices: Vec::new(),
        unit: None,
    }];
    survey
}

fn survey_context(published: bool) -> ImportContext {
    ImportContext {
        plan_id: SURVEY.into(),
        owner: PREFECTURE.into(),
        records: vec![ContextRecord {
            kind: RecordKind::Survey,
            id: SURVEY.into(),
            org: PREFECTURE.into(),
            values: survey(published).to_fields(),
        }],
        target: ImportTarget::Survey,
        seed: 7,
    }
}

fn step(session: &mut ImportSession, context: &ImportContext, step: ImportStep) -> ImportReply {
    session.handle(
        ImportRequest {
            context: Some(context.clone()),
            ..ImportRequest::new(step, Lang::Ja)
        },
        Vec::new(),
    )
}

fn open_csv(
    session: &mut ImportSession,
    context: &ImportContext,
    file: &str,
    text: &str,
) -> ImportReply {
    session.handle(
        ImportRequest {
            name: file.into(),
            number: text.len() as u64,
            format: Some(FileFormat::Csv),
            context: Some(context.clone()),
            ..ImportRequest::new(ImportStep::Open, Lang::Ja)
        },
        text.as_bytes().to_vec(),
    )
}

fn apply(context: &mut ImportContext, reply: &ImportReply) -> usize {
    apply_ops(context, reply, PREFECTURE)
}

fn areas(context: &ImportContext) -> Vec<TaxonomyArea> {
    context
        .records
        .iter()
        .filter(|r| r.kind == RecordKind::TaxonomyArea)
        .map(|r| TaxonomyArea::from_fields(&r.id, &r.values).expect("area"))
        .collect()
}

#[test]
fn the_prefectures_areas_are_previewed_confirmed_listed_and_undone() {
    let mut context = taxonomy_context();
    let mut session = ImportSession::default();
    let started = step(&mut session, &context, ImportStep::Start);
    assert!(
        started.body.contains("親分野"),
        "the columns it reads: {}",
        started.body
    );
    assert!(!started.body.contains("data-action=\"template\""));

    let csv = "分野,英語名,親分野,重点\n\
               行政のDX,Government DX,,\n\
               観光のDX,Tourism DX,,はい\n\
               観光データの連携,,観光のDX,\n\
               宇宙のDX,,存在しない分野,\n";
    let previewed = open_csv(&mut session, &context, "岩手県の分野.csv", csv);
    assert_eq!(previewed.status, "", "{}", previewed.status);
    assert_eq!(count(&previewed.body, "add"), Some(2), "{}", previewed.body);
    assert_eq!(count(&previewed.body, "update"), Some(1));
    assert_eq!(count(&previewed.body, "refused"), Some(1));
    assert!(
        previewed.body.contains("存在しない分野"),
        "the refusal names the parent"
    );
    assert!(
        previewed
            .body
            .contains("英語名</td><td></td><td>Government DX"),
        "{}",
        previewed.body
    );
    assert!(
        !previewed.body.contains("data-action=\"back\""),
        "no column step to go back to"
    );
    assert_eq!(previewed.ops, "", "nothing is written before confirming");

    let confirmed = session.handle(
        ImportRequest {
            name: "030007-import-1".into(),
            number: 1,
            at_ms: 1_765_000_000_000,
            person: "県 DX推進課".into(),
            ..ImportRequest::new(ImportStep::Confirm, Lang::Ja)
        },
        Vec::new(),
    );
    assert!(
        confirmed.status.contains("追加 2件、更新 1件"),
        "{}",
        confirmed.status
    );
    let entry: ImportEntry = serde_json::from_str(&confirmed.entry).expect("entry");
    assert_eq!(entry.target, ImportTarget::Taxonomy);
    apply(&mut context, &confirmed);
    let held = areas(&context);
    assert_eq!(held.len(), 3);
    let tourism = held
        .iter()
        .find(|a| a.name_ja == "観光のDX")
        .expect("added");
    assert!(tourism.id.starts_with("030007-area-"), "{}", tourism.id);
    assert!(tourism.priority_area);
    let data = held
        .iter()
        .find(|a| a.name_ja == "観光データの連携")
        .expect("sub-area");
    assert_eq!(data.parent.as_deref(), Some(tourism.id.as_str()));
    let government = held
        .iter()
        .find(|a| a.id == "030007-area-iwate1")
        .expect("kept id");
    assert_eq!(government.name_en, "Government DX");

    // The plan's panel does not list the prefecture's imports, the areas' panel does.
    let plan_panel = session.handle(
        ImportRequest {
            entries: vec![confirmed.entry.clone()],
            ..ImportRequest::new(ImportStep::Start, Lang::Ja)
        },
        Vec::new(),
    );
    assert!(!plan_panel.history.contains("岩手県の分野.csv"));
    let areas_panel = session.handle(
        ImportRequest {
            entries: vec![confirmed.entry.clone()],
            context: Some(context.clone()),
            ..ImportRequest::new(ImportStep::Start, Lang::Ja)
        },
        Vec::new(),
    );
    assert!(areas_panel
        .history
        .contains("「岩手県の分野.csv」の取り込み"));

    let undone = undo_import(&mut session, "030007-import-1", &context);
    apply(&mut context, &undone);
    assert_eq!(
        areas(&context),
        areas(&taxonomy_context()),
        "undo restores the areas"
    );
}

#[test]
fn an_area_whose_parent_is_a_stored_area_the_file_leaves_out_is_taken() {
    let context = taxonomy_context();
    let mut session = ImportSession::default();
    step(&mut session, &context, ImportStep::Start);
    let previewed = open_csv(
        &mut session,
        &context,
        "追加.csv",
        "分野,親分野\n窓口のDX,行政のDX\n",
    );
    assert_eq!(count(&previewed.body, "add"), Some(1), "{}", previewed.body);
    assert_eq!(
        count(&previewed.body, "refused"),
        Some(0),
        "{}",
        previewed.body
    );
}

#[test]
fn a_draft_surveys_questions_are_replaced_by_id_and_added_after_it() {
    let mut context = survey_context(false);
    let mut session = ImportSession::default();
    step(&mut session, &context, ImportStep::Start);
    let csv = "設問ID,設問,形式,必須,選択肢\n\
               q1,CIO(最高情報責任者)を任命していますか,単一選択,はい,はい|いいえ\n\
               ,庁内の手続のうちオンライン化した数,数値,,\n\
               ,,単一選択,,\n";
    let previewed = open_csv(&mut session, &context, "設問.csv", csv);
    assert_eq!(previewed.status, "", "{}", previewed.status);
    assert_eq!(count(&previewed.body, "add"), Some(1), "{}", previewed.body);
    assert_eq!(count(&previewed.body, "update"), Some(1));
    assert_eq!(
        count(&previewed.body, "refused"),
        Some(1),
        "a question without its text"
    );
    assert!(
        previewed.body.contains("CIOを任命していますか (自由記述)"),
        "{}",
        previewed.body
    );

    let confirmed = session.handle(
        ImportRequest {
            name: "030007-import-2".into(),
            at_ms: 1_765_000_000_000,
            ..ImportRequest::new(ImportStep::Confirm, Lang::Ja)
        },
        Vec::new(),
    );
    apply(&mut context, &confirmed);
    let values = &context.records[0].values;
    let held = Survey::from_fields(SURVEY, values).expect("a readable survey");
    assert_eq!(held.questions.len(), 2);
    assert_eq!(
        held.questions[0].id, "q1",
        "the replaced question keeps its place"
    );
    assert_eq!(held.questions[0].kind, QuestionKind::Single);
    assert!(held.questions[0].required);
    assert_eq!(held.questions[1].kind, QuestionKind::Number);
    assert!(held.questions[1].id.starts_with('q'));
    assert_eq!(
        held.title,
        survey(false).title,
        "the survey's own fields are untouched"
    );

    let undone = session.handle(
        ImportRequest {
            name: "030007-import-2".into(),
            context: Some(context.clone()),
            at_ms: 1_765_000_100_000,
            ..ImportRequest::new(ImportStep::Undo, Lang::Ja)
        },
        Vec::new(),
    );
    apply(&mut context, &undone);
    let back = Survey::from_fields(SURVEY, &context.records[0].values).expect("survey");
    assert_eq!(
        back.questions,
        survey(false).questions,
        "undo leaves the survey as it was"
    );
}

#[test]
fn a_published_surveys_questions_are_refused_whole_in_words() {
    let context = survey_context(true);
    let mut session = ImportSession::default();
    step(&mut session, &context, ImportStep::Start);
    let refused = open_csv(&mut session, &context, "設問.csv", "設問\n新しい設問\n");
    assert!(
        refused.status.contains("「設問.csv」"),
        "{}",
        refused.status
    );
    assert!(refused.status.contains("公開済み"), "{}", refused.status);
    assert_eq!(refused.ops, "");
    assert!(
        refused.body.contains("id=\"import-file\""),
        "back to choosing a file"
    );
    let confirmed = step(&mut session, &context, ImportStep::Confirm);
    assert_eq!(confirmed.ops, "", "nothing to confirm");
}
