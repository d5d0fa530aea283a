//! The casebook's whole round in core: a town proposes a measure, the prefecture sends it back
//! and then publishes it, another town finds it and adopts it, the prefecture sees the
//! adopter. Writes are applied to the records as the app would write them.

use serde_json::{json, Value};

use super::request::ScreenState;
use super::{render, Casebook, CasebookData, CasebookReply, CasebookRequest};
use crate::domain::{Kpi, Measure, RecordKind};
use crate::import::screen::ContextRecord;
use crate::lang::Lang;
use crate::org::{OrgCode, OrgKind, Organisation};

const IWATE: &str = "030007";
const TONO: &str = "032085";
const MORIOKA: &str = "032018";

struct World {
    records: Vec<ContextRecord>,
    generation: u64,
}

impl World {
    fn new() -> World {
        let mut world = World {
            records: Vec::new(),
            generation: 0,
        };
        for (code, name, population) in [
            (IWATE, "岩手県", 1_180_000),
            (TONO, "遠野市", 24_000),
            (MORIOKA, "盛岡市", 280_000),
        ] {
            let org = Organisation {
                code: OrgCode::parse(code).unwrap(),
                kind: if code == IWATE {
                    OrgKind::Prefecture
                } else {
                    OrgKind::Municipality
                },
                name: name.into(),
                kana: String::new(),
                population: Some(population),
            };
            world.put(RecordKind::Organisation, code, code, org.to_fields());
        }
        for town in [TONO, MORIOKA] {
            let plan = crate::domain::Fields::from([
                ("title".to_owned(), json!("DX推進計画")),
                ("start_fy".to_owned(), json!(2022)),
                ("end_fy".to_owned(), json!(2025)),
            ]);
            world.put(RecordKind::Plan, &format!("{town}-plan-1"), town, plan);
        }
        let mut measure = Measure::new("032085-plan-1", "書かない窓口の導入");
        measure.notes = "申請書を書かずに手続できる窓口を市民課に設けた".into();
        measure.department = "市民課".into();
        world.put(RecordKind::Measure, "032085-m-1", TONO, measure.to_fields());
        let mut kpi = Kpi::new("032085-m-1", "窓口の待ち時間");
        kpi.unit = "分".into();
        kpi.baseline = Some(30.0);
        world.put(RecordKind::Kpi, "032085-k-1", TONO, kpi.to_fields());
        world
    }

    fn put(&mut self, kind: RecordKind, id: &str, org: &str, values: crate::domain::Fields) {
        self.records.push(ContextRecord {
            kind,
            id: id.into(),
            org: org.into(),
            values,
        });
    }

    fn book(&self) -> Casebook {
        Casebook::build(CasebookData {
            generation: self.generation,
            records: self.records.clone(),
        })
    }

    /// Writes `reply`'s operations as `org` (the owner of what it writes).
    fn apply(&mut self, reply: &CasebookReply, org: &str) {
        let ops: Vec<Value> = serde_json::from_str(&reply.ops).expect("ops are JSON");
        assert!(!ops.is_empty(), "{}", reply.message);
        for op in ops {
            let kind: RecordKind = op[1].as_str().unwrap().parse().unwrap();
            let id = op[2].as_str().unwrap();
            let field = op[3].as_str().unwrap().to_owned();
            let at = self
                .records
                .iter()
                .position(|r| r.kind == kind && r.id == id);
            let at = at.unwrap_or_else(|| {
                self.put(kind, id, org, Default::default());
                self.records.len() - 1
            });
            assert_eq!(self.records[at].org, org, "writes only its own records");
            self.records[at].values.insert(field, op[4].clone());
        }
        self.generation += 1;
    }

    fn ask(
        &self,
        own: &str,
        page: &str,
        id: &str,
        action: &str,
        form: &[(&str, &str)],
    ) -> CasebookReply {
        let request = CasebookRequest {
            generation: self.generation,
            lang: Lang::Ja,
            own: own.into(),
            can_write: true,
            state: ScreenState {
                page: page.into(),
                id: id.into(),
                ..ScreenState::default()
            },
            id: id.into(),
            action: action.into(),
            form: form
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            nonce: "1a2b3c4d".into(),
            today: "2026-12-07".into(),
            ..CasebookRequest::default()
        };
        render(&request, &self.book())
    }
}

/// The editor's form as the page shows it, with `changes`.
fn edit_form(world: &World, id: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let book = world.book();
    let case = &book.case(id).expect("the case").case;
    let mut form: Vec<(String, String)> = case
        .to_fields()
        .into_iter()
        .map(|(name, value)| {
            let text = match value {
                Value::String(text) => text,
                Value::Null => String::new(),
                Value::Array(_) => String::new(),
                other => other.to_string(),
            };
            (name, text)
        })
        .collect();
    for (name, value) in changes {
        form.retain(|(key, _)| key != name);
        form.push(((*name).to_owned(), (*value).to_owned()));
    }
    form
}

fn ask_with_form(
    world: &World,
    own: &str,
    id: &str,
    action: &str,
    form: Vec<(String, String)>,
) -> CasebookReply {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    world.ask(own, "edit", id, action, &form)
}

#[test]
fn a_proposal_is_returned_published_found_and_adopted() {
    let mut world = World::new();
    // Tono starts a draft from its measure: title, text and the KPI are copied.
    let reply = world.ask(TONO, "mine", "", "propose", &[("measure", "032085-m-1")]);
    assert!(
        reply
            .state
            .contains(r#""page":"edit","id":"032085-case-1a2b3c4d""#),
        "{}",
        reply.state
    );
    world.apply(&reply, TONO);
    let case_id = "032085-case-1a2b3c4d";
    let book = world.book();
    let draft = &book.case(case_id).unwrap().case;
    assert_eq!(draft.title, "書かない窓口の導入");
    assert!(draft.effects.contains("窓口の待ち時間: 30分"));
    // Submitting an incomplete case is refused in words, and writes nothing.
    let refused = ask_with_form(
        &world,
        TONO,
        case_id,
        "submit",
        edit_form(&world, case_id, &[]),
    );
    assert!(refused.message.contains("次の項目を入力してください") && refused.ops.is_empty());
    // A cost typed the Japanese way is stored in yen.
    let form = edit_form(
        &world,
        case_id,
        &[
            ("category", "窓口改革"),
            ("point", "書かない窓口で待ち時間を短縮"),
            ("cost_initial", "１２０万円"),
        ],
    );
    let reply = ask_with_form(&world, TONO, case_id, "submit", form);
    world.apply(&reply, TONO);
    let book = world.book();
    assert_eq!(
        book.case(case_id).unwrap().case.cost_initial,
        Some(1_200_000)
    );
    assert_eq!(book.case(case_id).unwrap().case.round, 1);
    // Not in the casebook yet: Morioka does not find it.
    let list = world.ask(MORIOKA, "list", "", "", &[]);
    assert!(!list.body.contains("書かない窓口の導入"));
    // The prefecture sends it back with a comment; Tono sees it.
    let reply = world.ask(
        IWATE,
        "mine",
        case_id,
        "return",
        &[("comment", "連絡先を書いてください")],
    );
    world.apply(&reply, IWATE);
    let mine = world.ask(TONO, "mine", "", "", &[]);
    assert!(mine.body.contains("差し戻し") && mine.body.contains("連絡先を書いてください"));
    // Tono completes and submits again; the prefecture publishes.
    let form = edit_form(&world, case_id, &[("contact_phone", "0198-62-2111")]);
    world.apply(&ask_with_form(&world, TONO, case_id, "submit", form), TONO);
    let reply = world.ask(IWATE, "mine", case_id, "publish", &[]);
    world.apply(&reply, IWATE);
    // Morioka finds it by a word of its overview, and adopts it.
    let list = {
        let request = CasebookRequest {
            generation: world.generation,
            lang: Lang::Ja,
            own: MORIOKA.into(),
            can_write: true,
            state: ScreenState {
                page: "list".into(),
                filter: super::catalogue::Filter {
                    query: "申請書".into(),
                    ..Default::default()
                },
                ..ScreenState::default()
            },
            ..CasebookRequest::default()
        };
        render(&request, &world.book())
    };
    assert!(list.body.contains("書かない窓口の導入"), "{}", list.body);
    let published_id = "030007-case-032085-1a2b3c4d";
    let reply = world.ask(MORIOKA, "case", published_id, "adopt", &[]);
    assert!(reply.ops.contains("032018-m-1a2b3c4d"));
    assert!(reply
        .message
        .contains(r#"href="/measures/032018-m-1a2b3c4d""#));
    world.apply(&reply, MORIOKA);
    let again = world.ask(MORIOKA, "case", published_id, "adopt", &[]);
    assert!(again.ops.is_empty(), "adopting twice is refused");
    // The prefecture sees one adopter with Morioka's progress.
    let book = world.book();
    assert_eq!(book.reach[published_id].towns(), 1);
    let case_page = world.ask(IWATE, "case", published_id, "", &[]);
    assert!(case_page.body.contains("盛岡市") && case_page.body.contains("0%"));
    let reach = world.ask(IWATE, "reach", "", "", &[]);
    assert!(reach.body.contains("書かない窓口の導入"));
    // A town cannot publish or send back.
    let refused = world.ask(MORIOKA, "mine", case_id, "publish", &[]);
    assert!(refused.ops.is_empty());
}

#[test]
fn the_national_set_is_listed_apart_and_searchable_full_width() {
    let world = World::new();
    let request = CasebookRequest {
        lang: Lang::Ja,
        own: TONO.into(),
        state: ScreenState {
            page: "list".into(),
            filter: super::catalogue::Filter {
                query: "ＣＤＯ".into(),
                ..Default::default()
            },
            ..ScreenState::default()
        },
        ..CasebookRequest::default()
    };
    let body = render(&request, &world.book()).body;
    assert!(body.contains("全国の参考事例"));
    assert!(body.contains("国のアドバイザー等を務める人材をCDOに据え"));
    assert!(!body.contains("働き方改革推進チーム"));
}

#[test]
fn moves_change_the_state_the_reply_gives_back() {
    let world = World::new();
    let mut request = CasebookRequest {
        lang: Lang::Ja,
        own: TONO.into(),
        action: "filter-population".into(),
        value: "under_10k".into(),
        ..CasebookRequest::default()
    };
    let reply = render(&request, &world.book());
    let state: ScreenState = serde_json::from_str(&reply.state).expect("state JSON");
    assert_eq!(state.filter.population, "under_10k");
    assert!(
        reply.body.contains("参考事例集） (2)"),
        "舟形町 and 西会津町"
    );
    request.state = state;
    request.action = "open".into();
    request.id = "national-08".into();
    let reply = render(&request, &world.book());
    assert!(reply.body.contains("case-sheet") && reply.body.contains("西会津町"));
    assert!(reply.state.contains(r#""page":"case","id":"national-08""#));
}

#[test]
fn the_prefecture_makes_a_town_measure_a_case_that_towns_adopt() {
    let mut world = World::new();
    // From 施策検索: Tono's measure as a draft of the prefecture's, with its KPI and source.
    let reply = world.ask(IWATE, "mine", "", "propose", &[("measure", "032085-m-1")]);
    let case_id = "030007-case-1a2b3c4d";
    assert!(
        reply
            .state
            .contains(&format!(r#""page":"edit","id":"{case_id}""#)),
        "{}",
        reply.state
    );
    assert!(
        reply
            .message
            .contains("施策から県の事例の下書きを作りました")
            && reply.message.contains("ポイント"),
        "{}",
        reply.message
    );
    world.apply(&reply, IWATE);
    let book = world.book();
    let record = book.case(case_id).expect("the prefecture's case");
    assert_eq!(record.owner.as_str(), IWATE);
    assert_eq!(record.case.source_measure.as_deref(), Some("032085-m-1"));
    assert_eq!(record.case.organisation, "遠野市");
    assert!(record.case.effects.contains("窓口の待ち時間: 30分"));
    assert!(book.entry(case_id).is_none(), "a draft until published");
    // The same measure again opens the case made, writing nothing.
    let again = world.ask(IWATE, "mine", "", "propose", &[("measure", "032085-m-1")]);
    assert!(again.ops.is_empty() && again.message.contains("すでに県の事例"));
    assert!(again.state.contains(case_id) && again.body.contains("case-point"));
    // Completed and published: a case of the prefecture's casebook.
    let form = edit_form(
        &world,
        case_id,
        &[("category", "窓口改革"), ("point", "書かない窓口")],
    );
    world.apply(
        &ask_with_form(&world, IWATE, case_id, "publish", form),
        IWATE,
    );
    assert!(world.book().entry(case_id).is_some());
    // A town cannot make a case of another town's measure (nor read it on its device).
    let refused = world.ask(MORIOKA, "mine", "", "propose", &[("measure", "032085-m-1")]);
    assert!(refused.ops.is_empty() && refused.message.contains("施策が見つかりません"));
    assert!(
        refused.body.contains("nav"),
        "the page is shown with the refusal"
    );
    // Morioka adopts it; the dashboard's 横展開 view counts it and links to the case.
    world.apply(&world.ask(MORIOKA, "case", case_id, "adopt", &[]), MORIOKA);
    let dashboard = world.ask(IWATE, "dashboard", "", "", &[]);
    assert!(
        dashboard.body.contains(&format!(
            r#"<a href="/casebook?case={case_id}">書かない窓口の導入</a>"#
        )),
        "{}",
        dashboard.body
    );
    assert!(dashboard.body.contains("<td>1</td>") && !dashboard.body.contains("事例集の画面"));
}

#[test]
fn the_dashboard_lists_only_adopted_cases_by_towns_or_progress() {
    let mut world = World::new();
    let empty = world.ask(IWATE, "dashboard", "", "", &[]);
    assert!(empty.body.contains("まだどの事例も") && !empty.body.contains("reach-table"));
    for (town, case) in [
        (TONO, "national-01"),
        (MORIOKA, "national-01"),
        (MORIOKA, "national-02"),
    ] {
        let reply = world.ask(town, "case", case, "adopt", &[]);
        world.apply(&reply, town);
        // Each adoption needs its own id.
        let last = world.records.last_mut().expect("the adopted measure");
        last.id = format!("{town}-m-{case}");
    }
    // Tono finishes its measure: national-01's progress is 50 %, national-02's 0 %.
    let tono = world
        .records
        .iter_mut()
        .find(|r| r.id == format!("{TONO}-m-national-01"))
        .expect("Tono's adoption");
    tono.values.insert("status".into(), json!("完了"));
    let by_towns = world.ask(IWATE, "dashboard", "", "", &[]).body;
    let first = |body: &str| body.find("national-01").zip(body.find("national-02"));
    let (one, two) = first(&by_towns).expect("both adopted cases");
    assert!(one < two, "two towns before one");
    assert!(
        !by_towns.contains("national-03"),
        "cases nobody adopted are left out"
    );
    let request = CasebookRequest {
        lang: Lang::En,
        own: IWATE.into(),
        generation: world.generation,
        state: ScreenState {
            page: "dashboard".into(),
            ..ScreenState::default()
        },
        action: "filter-order".into(),
        value: "progress".into(),
        ..CasebookRequest::default()
    };
    let by_progress = render(&request, &world.book());
    assert!(by_progress.body.contains("50%") && by_progress.body.contains("Reach of the casebook"));
    assert!(by_progress.state.contains(r#""page":"dashboard""#));
}
