//! The prefecture's side: its taxonomy (areas and sub-areas) and a survey's questions from
//! XLSX, checked with the domain's validation.

mod import_support;

use tsunagu_core::domain::survey::QuestionKind;
use tsunagu_core::domain::taxonomy::{iwate_pillars, national_default};
use tsunagu_core::export::{to_xlsx, Cell, Table};
use tsunagu_core::import::{
    read_survey_questions, read_taxonomy, read_xlsx, RefusalReason, SheetChoice,
};

fn sheet(headers: &[&str], rows: Vec<Vec<Cell>>) -> tsunagu_core::import::Sheet {
    let table = Table {
        title: "Sheet1".into(),
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    };
    let bytes = to_xlsx(&[table]).expect("xlsx");
    read_xlsx("pref.xlsx", &bytes, &SheetChoice::First).expect("read")
}

#[test]
fn areas_and_sub_areas_keep_stored_ids_and_check_the_whole_set() {
    let sheet = sheet(
        &["分野", "英語名", "親分野", "重点", "順序"],
        vec![
            vec![
                Cell::text("産業のDX（農業）"),
                Cell::text("Agriculture"),
                Cell::text("産業のDX"),
                Cell::Empty,
                Cell::Integer(25),
            ],
            vec![
                Cell::text("行政のDX"),
                Cell::text("Government DX"),
                Cell::Empty,
                Cell::text("○"),
                Cell::Empty,
            ],
            vec![
                Cell::text("産業のDX"),
                Cell::text("Industry DX"),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ],
            vec![
                Cell::text("迷子"),
                Cell::Empty,
                Cell::text("存在しない分野"),
                Cell::Empty,
                Cell::Empty,
            ],
        ],
    );
    let existing = iwate_pillars();
    let gyosei = existing
        .iter()
        .find(|a| a.name_ja == "行政のDX")
        .map(|a| a.id.clone());
    let mut next = 0;
    let import = read_taxonomy("pref.xlsx", &sheet, &national_default(), &existing, || {
        next += 1;
        format!("030007-area-{next:08x}")
    })
    .expect("read");
    assert_eq!(import.refused.len(), 1);
    assert_eq!(import.refused[0].row, 5);
    assert_eq!(
        import.refused[0].reason,
        RefusalReason::UnknownArea {
            name: "存在しない分野".into()
        }
    );
    assert_eq!(import.areas.len(), 3);
    let by_name = |name: &str| import.areas.iter().find(|a| a.name_ja == name).expect(name);
    assert_eq!(
        Some(by_name("行政のDX").id.clone()),
        gyosei,
        "stored id kept"
    );
    assert!(by_name("行政のDX").priority_area);
    let industry = by_name("産業のDX").id.clone();
    let farming = by_name("産業のDX(農業)"); // width folded, as the app folds names
    assert_eq!(farming.parent.as_deref(), Some(industry.as_str()));
    assert_eq!(farming.order, 25);
    for area in &import.areas {
        assert_eq!(area.validate(), Ok(()));
    }
}

#[test]
fn a_national_id_reused_refuses_the_set() {
    let sheet = sheet(
        &["ID", "分野"],
        vec![vec![Cell::text("online"), Cell::text("オンライン")]],
    );
    let import =
        read_taxonomy("pref.xlsx", &sheet, &national_default(), &[], || "x".into()).expect("read");
    assert!(import.areas.is_empty());
    assert_eq!(import.refused.len(), 1);
    assert_eq!(import.refused[0].row, 2);
}

#[test]
fn survey_questions_of_each_kind() {
    let sheet = sheet(
        &["設問", "形式", "必須", "選択肢", "単位"],
        vec![
            vec![
                Cell::text("DX推進の全体方針の状況"),
                Cell::text("単一選択"),
                Cell::text("○"),
                Cell::text("決定済み\n策定中\n未着手"),
                Cell::Empty,
            ],
            vec![
                Cell::text("機運醸成の取組"),
                Cell::text("複数選択"),
                Cell::Empty,
                Cell::text("首長のリーダーシップ|職員研修|特になし"),
                Cell::Empty,
            ],
            vec![
                Cell::text("オンライン化した手続の数"),
                Cell::text("数値"),
                Cell::text("○"),
                Cell::Empty,
                Cell::text("手続"),
            ],
            vec![
                Cell::text("その他"),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ],
            vec![
                Cell::text("選択肢が一つ"),
                Cell::text("単一選択"),
                Cell::Empty,
                Cell::text("はい"),
                Cell::Empty,
            ],
            vec![
                Cell::text("形式が不明"),
                Cell::text("絵"),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ],
        ],
    );
    let mut next = 0;
    let import = read_survey_questions("survey.xlsx", &sheet, || {
        next += 1;
        format!("q{next:08x}")
    })
    .expect("read");
    let kinds: Vec<QuestionKind> = import.questions.iter().map(|q| q.kind).collect();
    assert_eq!(
        kinds,
        [
            QuestionKind::Single,
            QuestionKind::Multiple,
            QuestionKind::Number,
            QuestionKind::Text
        ]
    );
    assert!(import.questions[0].required);
    assert_eq!(import.questions[0].choices.len(), 3);
    assert_eq!(import.questions[1].choices[2].label, "特になし");
    assert_eq!(import.questions[2].unit.as_deref(), Some("手続"));
    let refused: Vec<usize> = import.refused.iter().map(|r| r.row).collect();
    assert_eq!(refused, [6, 7]);
}
