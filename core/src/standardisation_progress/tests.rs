use super::*;
use crate::domain::standardisation::{migration_id, SystemMigration};
use crate::domain::Status;
use crate::trust::test_records::{
    code, organisation_state, synced_state, IWATE, MIYAKO, MORIOKA, TONO,
};

/// `writer`'s record of `town`'s `system` with `steps` done.
fn migration(writer: &str, town: &str, system: &str, done: &[&str]) -> RecordState {
    let mut migration = SystemMigration::new(system);
    for step in done {
        migration.steps.insert((*step).to_owned(), Status::Done);
    }
    let id = migration_id(system, &code(town));
    synced_state(
        RecordKind::SystemMigration,
        &id,
        writer,
        migration.to_fields(),
    )
}

fn records() -> Vec<RecordState> {
    vec![
        organisation_state(IWATE, "岩手県"),
        organisation_state(MORIOKA, "盛岡市"),
        organisation_state(TONO, "遠野市"),
        organisation_state(MIYAKO, "宮古市<script>"),
        migration(MORIOKA, MORIOKA, "resident_registry", &["2-1", "2-2"]),
        migration(TONO, TONO, "resident_registry", &["2-1"]),
        // Morioka writing Tono's progress under Tono's id is not Tono's progress.
        migration(MORIOKA, TONO, "family_register", &["2-1", "2-2", "2-3"]),
    ]
}

fn screen(output: ScreenOutput, lang: Lang) -> ProgressScreen {
    ProgressScreen {
        generation: 1,
        lang,
        output,
    }
}

fn markup_of(lang: Lang) -> String {
    let bytes = render(&screen(ScreenOutput::Screen, lang), &records()).expect("markup");
    String::from_utf8(bytes).expect("UTF-8")
}

#[test]
fn the_screen_shows_every_part_with_headers_scoped() {
    let html = markup_of(Lang::Ja);
    for words in [
        "<button type=\"button\" data-action=\"csv\">CSVで保存</button>",
        "data-action=\"xlsx\"",
        "data-action=\"print\"",
        "<dt>全体の完了率</dt><dd class=\"figures__value\">0.6%</dd>",
        "<h2>業務ごとの完了率</h2>",
        "role=\"region\" aria-label=\"業務ごとの完了率\"",
        "<th scope=\"col\">業務</th><th scope=\"col\">②-1 現行システム環境の基礎調査</th>",
        "<th scope=\"col\">全体</th></tr></thead>",
        // Two of three towns did 2-1 of the registry; Morioka also 2-2.
        "<tr><th scope=\"row\">住民基本台帳</th><td class=\"num\" title=\"2 / 3\">66.7%</td>\
         <td class=\"num\" title=\"1 / 3\">33.3%</td>",
        "<h2>手順ごとの完了率</h2>",
        "<figcaption>手順ごとの完了率</figcaption>",
        "% (2 / 60)",
        "<h2>市町村ごとの完了率(低い順)</h2>",
        "<th scope=\"col\">市町村</th><th scope=\"col\" class=\"num\">完了率</th>",
    ] {
        assert!(html.contains(words), "{words} in {html}");
    }
    assert_eq!(html.matches("<th scope=\"row\">").count(), 20 + 3);
    assert_eq!(html.matches("<th scope=\"col\"").count(), 9 + 2 + 3);
}

#[test]
fn towns_lowest_first_with_names_escaped() {
    let html = markup_of(Lang::Ja);
    let at = |text: &str| {
        html.find(text)
            .unwrap_or_else(|| panic!("{text} in {html}"))
    };
    // Miyako did nothing; Morioka's forged record for Tono does not count.
    assert!(at("宮古市&lt;script&gt;") < at("遠野市"));
    assert!(at("遠野市") < at("盛岡市"));
    assert!(!html.contains("<script>"));
    assert!(html.contains(&format!(
        "<a href=\"/orgs/{TONO}\">遠野市</a></th><td class=\"num\">0.6%</td><td class=\"num\">1 / 180</td>"
    )));
    // The family register: nobody's progress.
    assert!(
        html.contains("<tr><th scope=\"row\">戸籍</th><td class=\"num\" title=\"0 / 3\">0.0%</td>")
    );
}

#[test]
fn english_words_and_a_town_without_a_name() {
    let html = markup_of(Lang::En);
    for words in [
        "Save as CSV",
        "<dt>Overall completion</dt>",
        "<h2>Completion per system</h2>",
        "<h2>Completion per municipality (lowest first)</h2>",
        "title=\"2 of 3\"",
        "<td class=\"num\">1 of 180</td>",
    ] {
        assert!(html.contains(words), "{words} in {html}");
    }
    let summary = summarise(&[code(TONO)], &[]);
    let html = markup(&summary, &BTreeMap::new(), Lang::En);
    assert!(html.contains(&format!("<a href=\"/orgs/{TONO}\">{TONO}</a>")));
}

#[test]
fn files_hold_the_system_table() {
    let csv = render(&screen(ScreenOutput::Csv, Lang::Ja), &records()).expect("CSV");
    let text = String::from_utf8(csv).expect("UTF-8");
    assert!(text.starts_with("\u{feff}業務,"), "{text}");
    assert_eq!(text.lines().count(), 21);
    let xlsx = render(&screen(ScreenOutput::Xlsx, Lang::En), &records()).expect("workbook");
    assert!(xlsx.starts_with(b"PK"));
}
