use super::*;
use crate::domain::taxonomy::national_default;
use crate::lang::Lang;
use crate::merge::RecordState;
use crate::trust::test_records::{
    organisation, record, synced_record, AOMORI, IWATE, MORIOKA, TONO,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

fn measure(id: &str, owner: &str, title: &str, edit: impl FnOnce(&mut Measure)) -> RecordView {
    let mut m = Measure::new(format!("plan-{owner}"), title);
    edit(&mut m);
    record(RecordKind::Measure, id, owner, m.to_fields())
}

fn views() -> Vec<RecordView> {
    vec![
        organisation(IWATE, "岩手県"),
        organisation(MORIOKA, "盛岡市"),
        organisation(TONO, "遠野市"),
        measure("m1", MORIOKA, "書かない窓口の導入", |m| {
            m.area = Some("online".into());
            m.priority = true;
            m.department = "市民課".into();
        }),
        measure("m2", TONO, "自治体ＤＸ推進計画の策定", |m| {
            m.area = Some("organisation_planning".into());
            m.status = Status::InProgress;
            m.deadline = Some(day(2025, 3, 31));
        }),
        measure("m3", TONO, "キャッシュレス決済", |m| {
            m.status = Status::Done;
            m.percent = 100;
        }),
        // Aomori's town is not in the directory this device trusts.
        measure("m4", AOMORI, "書かない窓口", |_| {}),
    ]
}

fn titles(filter: &SearchFilter) -> Vec<String> {
    let views = views();
    let all = every_measure(&views, day(2025, 6, 1));
    search(&all, filter, &national_default())
        .into_iter()
        .map(|f| f.measure.title.clone())
        .collect()
}

fn words(query: &str) -> SearchFilter {
    SearchFilter {
        query: query.into(),
        ..SearchFilter::default()
    }
}

#[test]
fn only_trusted_organisations_measures_under_their_owner() {
    let views = views();
    let all = every_measure(&views, day(2025, 6, 1));
    let owners: Vec<(&str, &str)> = all
        .iter()
        .map(|f| (f.org.as_str(), f.org_name.as_str()))
        .collect();
    assert_eq!(
        owners,
        vec![(MORIOKA, "盛岡市"), (TONO, "遠野市"), (TONO, "遠野市")]
    );
}

#[test]
fn words_match_inside_titles_in_any_width_and_the_organisation_name() {
    assert_eq!(titles(&words("窓口")), vec!["書かない窓口の導入"]);
    assert_eq!(titles(&words("dx")), vec!["自治体ＤＸ推進計画の策定"]);
    assert_eq!(
        titles(&words("ＤＸ 策定")),
        vec!["自治体ＤＸ推進計画の策定"]
    );
    assert_eq!(titles(&words("きゃっしゅれす")), vec!["キャッシュレス決済"]);
    assert_eq!(titles(&words("遠野")).len(), 2);
    assert_eq!(titles(&words("市民課")), vec!["書かない窓口の導入"]);
    assert!(titles(&words("窓口 遠野")).is_empty());
}

#[test]
fn an_area_admits_its_sub_areas() {
    let area = |id: &str| SearchFilter {
        area: id.into(),
        ..SearchFilter::default()
    };
    assert_eq!(
        titles(&area("organisation")),
        vec!["自治体ＤＸ推進計画の策定"]
    );
    assert_eq!(
        titles(&area("organisation_planning")),
        vec!["自治体ＤＸ推進計画の策定"]
    );
    assert_eq!(titles(&area("online")), vec!["書かない窓口の導入"]);
    assert!(titles(&area("security")).is_empty());
}

#[test]
fn status_priority_overdue_and_organisation_filters() {
    let status = SearchFilter {
        status: "完了".into(),
        ..SearchFilter::default()
    };
    assert_eq!(titles(&status), vec!["キャッシュレス決済"]);
    let priority = SearchFilter {
        priority_only: true,
        ..SearchFilter::default()
    };
    assert_eq!(titles(&priority), vec!["書かない窓口の導入"]);
    let overdue = SearchFilter {
        overdue_only: true,
        ..SearchFilter::default()
    };
    assert_eq!(titles(&overdue), vec!["自治体ＤＸ推進計画の策定"]);
    let org = SearchFilter {
        org: MORIOKA.into(),
        ..SearchFilter::default()
    };
    assert_eq!(titles(&org), vec!["書かない窓口の導入"]);
}

/// The views as synced records, as the tools module holds them.
fn records() -> Vec<RecordState> {
    let mut wall_ms = 0;
    views()
        .into_iter()
        .map(|view| synced_record(view, &mut wall_ms))
        .collect()
}

fn screen(output: ScreenOutput, filter: SearchFilter) -> MeasureSearchScreen {
    MeasureSearchScreen {
        generation: 1,
        today: day(2025, 6, 1),
        lang: Lang::Ja,
        filter,
        output,
    }
}

#[test]
fn the_screen_lists_escaped_rows_and_pages_them() {
    let mut records = records();
    let mut wall_ms = 10_000;
    for i in 0..PAGE + 5 {
        let view = measure(
            &format!("x{i}"),
            MORIOKA,
            &format!("<b>施策{i}</b>"),
            |_| {},
        );
        records.push(synced_record(view, &mut wall_ms));
    }
    let markup = render(
        &screen(ScreenOutput::Screen, SearchFilter::default()),
        &records,
    )
    .expect("markup");
    let markup = String::from_utf8(markup).expect("text");
    assert!(markup.contains("&lt;b&gt;施策0&lt;/b&gt;"));
    assert!(!markup.contains("<b>"));
    assert!(markup.contains(&format!("{}件中{}件を表示", PAGE + 8, PAGE)));
    assert!(markup.contains("data-action=\"more\""));
    assert!(markup.contains("<a href=\"/orgs/032018\">盛岡市</a>"));
}

#[test]
fn the_files_hold_every_match_and_read_back() {
    let records = records();
    let filter = words("遠野");
    let csv = render(&screen(ScreenOutput::Csv, filter.clone()), &records).expect("csv");
    let csv = String::from_utf8(csv).expect("utf-8");
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.contains("032085,遠野市,m3,キャッシュレス決済,,,完了,100,,,"));
    let xlsx = render(&screen(ScreenOutput::Xlsx, filter), &records).expect("xlsx");
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).expect("a workbook");
    let range = book.worksheet_range("施策検索").expect("the sheet");
    assert_eq!(range.height(), 3);
    assert_eq!(
        range.get((1, 3)).map(|c| c.to_string()),
        Some("キャッシュレス決済".into())
    );
}

/// The tools module reads the replica once and answers every search from it: the same
/// answers as reading it for each request, whatever the filter.
#[test]
fn a_replica_read_once_answers_as_one_read_each_time() {
    let records = records();
    let today = day(2025, 6, 1);
    let prepared = super::Prepared::new(1, today, &records);
    for filter in [SearchFilter::default(), words("窓口"), words("遠野")] {
        for output in [ScreenOutput::Screen, ScreenOutput::Csv] {
            let screen = screen(output, filter.clone());
            assert!(prepared.serves(&screen));
            assert_eq!(
                super::render_prepared(&screen, &prepared).expect("answer"),
                render(&screen, &records).expect("answer")
            );
        }
    }
    let next_day = MeasureSearchScreen {
        today: day(2025, 6, 2),
        ..screen(ScreenOutput::Screen, SearchFilter::default())
    };
    assert!(!prepared.serves(&next_day), "overdue is of a day");
}
