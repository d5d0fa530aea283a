//! What a record's id and fields may claim, against the real worker: the writes an outsider
//! would try first (renaming another town, overriding a national area, slipping a survey into
//! the prefecture's list, taking another town's fixed ids) are refused one by one, never
//! block the rest of the push, and change nothing stored. Prefecture 19 (山梨県) is this file's.

mod support;

use serde_json::{json, Value};
use support::{mutation, push_request, unique, worker, Worker};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::protocol::IssuedToken;

const YAMANASHI: &str = "190004";
const KOFU: &str = "192015";
const FUJIYOSHIDA: &str = "192023";
const TSURU: &str = "192040";

struct Tokens {
    admin: IssuedToken,
    kofu: IssuedToken,
    fujiyoshida: IssuedToken,
    tsuru: IssuedToken,
}

fn tokens(w: &Worker) -> Tokens {
    Tokens {
        admin: w.issue(YAMANASHI, "prefecture_admin", "山梨県 DX推進課"),
        kofu: w.issue(KOFU, "editor", "甲府市 DX推進担当"),
        fujiyoshida: w.issue(FUJIYOSHIDA, "editor", "富士吉田市 DX推進担当"),
        tsuru: w.issue(TSURU, "editor", "都留市 DX推進担当"),
    }
}

/// One write: kind, record id, owner, field, value.
type Write<'a> = (RecordKind, &'a str, &'a str, &'a str, Value);

/// Pushes `writes` under a fresh client id and checks which were refused, by 1-based position.
fn push(
    w: &Worker,
    token: &IssuedToken,
    writes: Vec<Write>,
    refused: &[(u64, &str)],
    context: &str,
) {
    let client = unique("cli");
    let mutations = writes
        .into_iter()
        .enumerate()
        .map(|(index, (kind, id, owner, field, value))| {
            mutation(&client, index as u64 + 1, kind, id, owner, field, value)
        })
        .collect::<Vec<_>>();
    let count = mutations.len() as u64;
    let mut request = push_request(&client, mutations);
    request.page_size = Some(1);
    w.try_sync(&token.token, &request)
        .expect_rejected(count, refused, context);
}

/// The current value of a field as the prefecture's administrator reads it (its history).
fn stored(w: &Worker, t: &Tokens, kind: RecordKind, id: &str, field: &str) -> Option<Value> {
    w.history_entries(&t.admin.token, kind, id)?
        .into_iter()
        .filter(|entry| entry.field == field && entry.won)
        .map(|entry| entry.new_value)
        .next_back()
}

#[test]
fn no_one_renames_another_town_or_publishes_a_town_under_another_code() {
    let w = worker();
    let t = tokens(w);
    push(
        w,
        &t.admin,
        vec![
            (RecordKind::Organisation, KOFU, KOFU, "code", json!(KOFU)),
            (
                RecordKind::Organisation,
                KOFU,
                KOFU,
                "name",
                json!("甲府市"),
            ),
        ],
        &[],
        "the administrator publishes Kofu",
    );
    push(
        w,
        &t.fujiyoshida,
        vec![
            // Its own organisation record, claiming Kofu's code.
            (
                RecordKind::Organisation,
                FUJIYOSHIDA,
                FUJIYOSHIDA,
                "code",
                json!(KOFU),
            ),
            // Kofu's record, as if Fujiyoshida owned it.
            (
                RecordKind::Organisation,
                KOFU,
                FUJIYOSHIDA,
                "name",
                json!("乗っ取り"),
            ),
            // Its own plan goes through in the same push.
            (
                RecordKind::Plan,
                &format!("{FUJIYOSHIDA}-plan-{}", unique("p")),
                FUJIYOSHIDA,
                "title",
                json!("DX推進計画"),
            ),
        ],
        &[(1, "forbidden"), (2, "forbidden")],
        "a town writes the directory",
    );
    // Even the administrator cannot file one town under another's code or id.
    push(
        w,
        &t.admin,
        vec![
            (
                RecordKind::Organisation,
                FUJIYOSHIDA,
                FUJIYOSHIDA,
                "code",
                json!(KOFU),
            ),
            (
                RecordKind::Organisation,
                KOFU,
                FUJIYOSHIDA,
                "name",
                json!("甲府市"),
            ),
            (
                RecordKind::Organisation,
                TSURU,
                TSURU,
                "kind",
                json!("prefecture"),
            ),
        ],
        &[(1, "forbidden"), (2, "forbidden"), (3, "forbidden")],
        "the administrator forges the directory",
    );
    assert_eq!(
        stored(w, &t, RecordKind::Organisation, KOFU, "name"),
        Some(json!("甲府市"))
    );
    assert_eq!(
        stored(w, &t, RecordKind::Organisation, FUJIYOSHIDA, "code"),
        None
    );
}

#[test]
fn national_areas_and_the_prefecture_s_surveys_are_not_a_town_s_to_write() {
    let w = worker();
    let t = tokens(w);
    let own_area = format!("{YAMANASHI}-area-{}", unique("a"));
    push(
        w,
        &t.kofu,
        vec![
            (
                RecordKind::TaxonomyArea,
                "online",
                KOFU,
                "name_ja",
                json!("偽の分野"),
            ),
            (
                RecordKind::TaxonomyArea,
                "online",
                YAMANASHI,
                "name_ja",
                json!("偽の分野"),
            ),
            (
                RecordKind::Survey,
                &format!("{KOFU}-survey-{}", unique("s")),
                KOFU,
                "title",
                json!("偽の調査"),
            ),
        ],
        &[(1, "forbidden"), (2, "forbidden"), (3, "forbidden")],
        "a town writes areas and surveys",
    );
    push(
        w,
        &t.admin,
        vec![
            (
                RecordKind::TaxonomyArea,
                "online",
                YAMANASHI,
                "name_ja",
                json!("上書き"),
            ),
            (
                RecordKind::TaxonomyArea,
                &own_area,
                YAMANASHI,
                "source",
                json!("national"),
            ),
            (
                RecordKind::TaxonomyArea,
                &own_area,
                YAMANASHI,
                "name_ja",
                json!("やまなしDX"),
            ),
        ],
        &[(1, "forbidden"), (2, "forbidden")],
        "the prefecture adds its own area, not national ones",
    );
    assert_eq!(
        stored(w, &t, RecordKind::TaxonomyArea, "online", "name_ja"),
        None
    );
    assert_eq!(
        stored(w, &t, RecordKind::TaxonomyArea, &own_area, "name_ja"),
        Some(json!("やまなしDX"))
    );
}

#[test]
fn a_town_cannot_take_another_town_s_fixed_ids_first() {
    let w = worker();
    let t = tokens(w);
    let survey = format!("{YAMANASHI}-survey-{}", unique("s"));
    push(
        w,
        &t.admin,
        vec![
            (
                RecordKind::Survey,
                &survey,
                YAMANASHI,
                "title",
                json!("DX取組状況調査"),
            ),
            (
                RecordKind::Survey,
                &survey,
                YAMANASHI,
                "deadline",
                json!("2099-03-31"),
            ),
        ],
        &[],
        "the prefecture publishes a survey",
    );
    let kofu_steps = format!("{KOFU}-steps");
    let kofu_answer = format!("resp-{survey}-{KOFU}");
    let kofu_migration = format!("std-resident_registry-{KOFU}");
    let kofu_measure = format!("{KOFU}-m-{}", unique("m"));
    push(
        w,
        &t.fujiyoshida,
        vec![
            (
                RecordKind::StepChecklist,
                &kofu_steps,
                FUJIYOSHIDA,
                "step0_note",
                json!("先取り"),
            ),
            (
                RecordKind::SurveyResponse,
                &kofu_answer,
                FUJIYOSHIDA,
                "submitted",
                json!(true),
            ),
            (
                RecordKind::SystemMigration,
                &kofu_migration,
                FUJIYOSHIDA,
                "note",
                json!("先取り"),
            ),
            (
                RecordKind::Measure,
                &kofu_measure,
                FUJIYOSHIDA,
                "title",
                json!("先取り"),
            ),
            // Its own answer claiming to answer another survey.
            (
                RecordKind::SurveyResponse,
                &format!("resp-{survey}-{FUJIYOSHIDA}"),
                FUJIYOSHIDA,
                "survey_id",
                json!("other"),
            ),
        ],
        &[
            (1, "forbidden"),
            (2, "forbidden"),
            (3, "forbidden"),
            (4, "forbidden"),
            (5, "forbidden"),
        ],
        "a town takes another's ids",
    );
    // Kofu's own writes to those ids go through: nothing was taken.
    push(
        w,
        &t.kofu,
        vec![
            (
                RecordKind::StepChecklist,
                &kofu_steps,
                KOFU,
                "step0_done",
                json!(true),
            ),
            (
                RecordKind::SurveyResponse,
                &kofu_answer,
                KOFU,
                "survey_id",
                json!(survey),
            ),
            (
                RecordKind::SystemMigration,
                &kofu_migration,
                KOFU,
                "system",
                json!("resident_registry"),
            ),
            (
                RecordKind::Measure,
                &kofu_measure,
                KOFU,
                "title",
                json!("書かない窓口"),
            ),
        ],
        &[],
        "the town writes its own fixed ids",
    );
    assert_eq!(
        stored(w, &t, RecordKind::StepChecklist, &kofu_steps, "step0_note"),
        None
    );
}

#[test]
fn a_town_answers_only_surveys_that_ask_it() {
    let w = worker();
    let t = tokens(w);
    let survey = format!("{YAMANASHI}-survey-{}", unique("s"));
    push(
        w,
        &t.admin,
        vec![
            (
                RecordKind::Survey,
                &survey,
                YAMANASHI,
                "title",
                json!("甲府市と都留市への調査"),
            ),
            (
                RecordKind::Survey,
                &survey,
                YAMANASHI,
                "deadline",
                json!("2099-03-31"),
            ),
            (
                RecordKind::Survey,
                &survey,
                YAMANASHI,
                "targets",
                json!([KOFU, TSURU]),
            ),
        ],
        &[],
        "the prefecture asks two towns",
    );
    let answer = |town: &str| format!("resp-{survey}-{town}");
    push(
        w,
        &t.kofu,
        vec![(
            RecordKind::SurveyResponse,
            &answer(KOFU),
            KOFU,
            "submitted",
            json!(true),
        )],
        &[],
        "an asked town answers",
    );
    push(
        w,
        &t.fujiyoshida,
        vec![
            (
                RecordKind::SurveyResponse,
                &answer(FUJIYOSHIDA),
                FUJIYOSHIDA,
                "submitted",
                json!(true),
            ),
            (
                RecordKind::SurveyResponse,
                &format!("resp-{YAMANASHI}-survey-none-{FUJIYOSHIDA}"),
                FUJIYOSHIDA,
                "submitted",
                json!(true),
            ),
        ],
        &[(1, "forbidden"), (2, "forbidden")],
        "a town not asked, and a survey that does not exist",
    );
    // Taking Tsuru off the list closes the survey to it.
    push(
        w,
        &t.admin,
        vec![(
            RecordKind::Survey,
            &survey,
            YAMANASHI,
            "targets",
            json!([KOFU]),
        )],
        &[],
        "the prefecture narrows the survey",
    );
    push(
        w,
        &t.tsuru,
        vec![(
            RecordKind::SurveyResponse,
            &answer(TSURU),
            TSURU,
            "submitted",
            json!(true),
        )],
        &[(1, "forbidden")],
        "a town taken off the list",
    );
    assert_eq!(
        stored(
            w,
            &t,
            RecordKind::SurveyResponse,
            &answer(KOFU),
            "submitted"
        ),
        Some(json!(true))
    );
    assert_eq!(
        w.history_entries(
            &t.admin.token,
            RecordKind::SurveyResponse,
            &answer(FUJIYOSHIDA)
        ),
        None
    );
}
