use chrono::NaiveDate;
use serde_json::json;

use super::*;
use crate::domain::survey::{response_id, Survey, SurveyResponse};
use crate::trust::test_records::{
    code, organisation_state, synced_state, IWATE, MIYAKO, MORIOKA, TONO,
};

const SURVEY: &str = "iwate-2021";

fn response(town: &str, answers: serde_json::Value) -> RecordState {
    let mut response = SurveyResponse::new(SURVEY);
    response.submitted = true;
    if let serde_json::Value::Object(map) = answers {
        response.answers = map.into_iter().collect();
    }
    let id = response_id(SURVEY, &code(town)).expect("an id");
    synced_state(RecordKind::SurveyResponse, &id, town, response.to_fields())
}

fn records(survey_owner: &str) -> Vec<RecordState> {
    let mut survey = Survey::iwate_2021(
        SURVEY,
        NaiveDate::from_ymd_opt(2021, 9, 30).expect("a date"),
    );
    survey.published = true;
    survey.questions[7].text = "<b>その他</b>".into();
    vec![
        organisation_state(IWATE, "岩手県"),
        organisation_state(MORIOKA, "盛岡市"),
        organisation_state(TONO, "遠野市"),
        organisation_state(MIYAKO, "宮古市<script>"),
        synced_state(RecordKind::Survey, SURVEY, survey_owner, survey.to_fields()),
        response(
            TONO,
            json!({"step1_policy": "shared_widely", "pittari_count": 3, "other_details": "<img src=x>"}),
        ),
        response(
            MORIOKA,
            json!({"step1_policy": "being_shared", "pittari_count": 5}),
        ),
        // Morioka writing Tono's answer under its own name is not Tono's answer.
        synced_state(
            RecordKind::SurveyResponse,
            &response_id(SURVEY, &code(TONO)).expect("an id"),
            MORIOKA,
            SurveyResponse::new(SURVEY).to_fields(),
        ),
    ]
}

fn screen(output: ScreenOutput) -> SurveyResultsScreen {
    SurveyResultsScreen {
        generation: 1,
        lang: Lang::Ja,
        survey_id: SURVEY.into(),
        output,
        stem: String::new(),
    }
}

#[test]
fn the_screen_shows_the_rate_the_non_responders_and_each_question_escaped() {
    let records = records(IWATE);
    let markup =
        String::from_utf8(render(&screen(ScreenOutput::Screen), &records).expect("markup"))
            .expect("text");
    assert!(
        markup.contains("data-testid=\"response-rate\">2 / 3 団体(66.7%)</dd>"),
        "{markup}"
    );
    assert!(markup.contains("<a href=\"/orgs/032026\">宮古市&lt;script&gt;</a>"));
    assert!(!markup.contains("<script>") && !markup.contains("<img") && !markup.contains("<b>"));
    assert!(markup.contains("&lt;b&gt;その他&lt;/b&gt;"));
    assert!(markup.contains("data-question=\"step1_policy\""));
    assert!(markup.contains("回答 2 団体"));
    assert!(
        markup.contains("<svg role=\"img\""),
        "a chart per choice question"
    );
    assert!(markup.contains("<dt>合計</dt><dd>8</dd>"));
}

#[test]
fn the_files_hold_the_counts_and_every_answer() {
    let records = records(IWATE);
    let csv = String::from_utf8(render(&screen(ScreenOutput::Csv), &records).expect("csv"))
        .expect("utf-8");
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains("問,設問,選択肢,団体数,割合(%),回答団体数"));
    let xlsx = render(&screen(ScreenOutput::Xlsx), &records).expect("xlsx");
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).expect("a workbook");
    assert_eq!(book.sheet_names(), vec!["回答状況", "集計", "回答一覧"]);
    let answers = book.worksheet_range("回答一覧").expect("answers");
    assert_eq!(answers.height(), 3, "a header and the two towns' answers");
    assert_eq!(
        answers.get((1, 1)).map(|c| c.to_string()),
        Some("盛岡市".into())
    );
}

#[test]
fn a_survey_not_from_a_prefecture_or_not_synced_shows_a_notice() {
    let from_a_town = records(TONO);
    let markup =
        String::from_utf8(render(&screen(ScreenOutput::Screen), &from_a_town).expect("markup"))
            .expect("text");
    assert!(markup.contains("まだ同期されていません"), "{markup}");
    assert_eq!(
        render(&screen(ScreenOutput::Csv), &[]),
        Err(ExportError::NoSheets)
    );
}
