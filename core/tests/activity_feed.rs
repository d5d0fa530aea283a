//! The activity feed (活動): bursts of one author's writes to one record, newest first, from the
//! replica's records and the device's pulled changes, filtered, paged and exported.

use serde_json::{json, Value};
use tsunagu_core::client::{AppliedChange, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::export::to_csv;
use tsunagu_core::feed::{
    build_feed, feed_table, ChangeKind, FeedLabels, FeedQuery, Period, BURST_GAP_MS,
};
use tsunagu_core::lang::Lang;
use tsunagu_core::merge::{FieldVersion, Hlc, RecordKey, RecordState};
use tsunagu_core::org::OrgCode;

const MINUTE: u64 = 60_000;
/// 2026-12-07 00:00 UTC, 09:00 in Japan.
const T0: u64 = 1_796_601_600_000;

fn tono() -> OrgCode {
    OrgCode::parse("032085").expect("Tono")
}

fn morioka() -> OrgCode {
    OrgCode::parse("032018").expect("Morioka")
}

fn version(value: Value, wall_ms: u64, author: &str, seq: u64) -> FieldVersion {
    FieldVersion {
        value,
        hlc: Hlc::new(wall_ms, 0, format!("device-{author}")),
        base: None,
        seen: None,
        seq,
        author: author.into(),
    }
}

fn record(
    kind: RecordKind,
    id: &str,
    org: OrgCode,
    writes: &[(&str, FieldVersion)],
) -> RecordState {
    let mut record = RecordState::new(RecordKey::new(kind, id), org);
    for (field, version) in writes {
        record.merge(field, version.clone());
    }
    record
}

fn pulled(kind: RecordKind, id: &str, org: OrgCode, field: &str, v: FieldVersion) -> AppliedChange {
    AppliedChange {
        server_seq: v.seq,
        key: FieldKey::new(kind, id, field),
        org,
        version: v,
        previous: None,
        won: true,
    }
}

fn everything() -> FeedQuery {
    FeedQuery {
        limit: 100,
        ..FeedQuery::default()
    }
}

/// 遠野市's measure m-1: 佐藤 saves the title and status together, 鈴木 edits the status three
/// minutes later, and 佐藤 comes back an hour later. 盛岡市's measure m-9 is edited by 田中.
fn fixture() -> Vec<RecordState> {
    vec![
        record(
            RecordKind::Measure,
            "m-1",
            tono(),
            &[
                ("title", version(json!("窓口DX"), T0, "佐藤", 1)),
                ("status", version(json!("未着手"), T0 + 1_000, "佐藤", 2)),
                (
                    "status",
                    version(json!("作業中"), T0 + 3 * MINUTE, "鈴木", 1),
                ),
                ("percent", version(json!(40), T0 + 60 * MINUTE, "佐藤", 3)),
            ],
        ),
        record(
            RecordKind::Measure,
            "m-9",
            morioka(),
            &[(
                "title",
                version(json!("RPA導入"), T0 + 10 * MINUTE, "田中", 1),
            )],
        ),
    ]
}

#[test]
fn bursts_are_one_entry_per_author_and_record_newest_first() {
    let records = fixture();
    // The status 佐藤 wrote first was overwritten; only the pulled history still knows it.
    let history = vec![pulled(
        RecordKind::Measure,
        "m-1",
        tono(),
        "status",
        version(json!("未着手"), T0 + 1_000, "佐藤", 2),
    )];
    let feed = build_feed(&records, &history, &everything());
    let summary: Vec<(&str, &str, Vec<&str>)> = feed
        .entries
        .iter()
        .map(|e| {
            let fields = e.fields.iter().map(String::as_str).collect();
            (e.key.id.as_str(), e.author.as_str(), fields)
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("m-1", "佐藤", vec!["percent"]),
            ("m-9", "田中", vec!["title"]),
            ("m-1", "鈴木", vec!["status"]),
            ("m-1", "佐藤", vec!["status", "title"]),
        ]
    );
    assert_eq!(feed.total, 4);
    assert_eq!(feed.entries[0].title.as_deref(), Some("窓口DX"));
    assert_eq!(feed.entries[0].org, tono());
    assert_eq!(feed.entries[3].first_ms, T0);
    assert_eq!(feed.entries[3].last_ms, T0 + 1_000);
    assert_eq!(feed.authors, vec!["佐藤", "田中", "鈴木"]);
}

#[test]
fn the_same_write_in_the_replica_and_the_history_counts_once() {
    let records = fixture();
    let title = version(json!("RPA導入"), T0 + 10 * MINUTE, "田中", 1);
    let mut from_server = pulled(
        RecordKind::Measure,
        "m-9",
        morioka(),
        "title",
        title.clone(),
    );
    // The server's history does not carry the writer's sequence number.
    from_server.version.seq = 0;
    let history = vec![
        pulled(RecordKind::Measure, "m-9", morioka(), "title", title),
        from_server,
    ];
    let feed = build_feed(&records, &history, &everything());
    assert_eq!(feed.total, 4);
    let tanaka: Vec<_> = feed.entries.iter().filter(|e| e.author == "田中").collect();
    assert_eq!(tanaka.len(), 1);
    assert_eq!(tanaka[0].fields, vec!["title"]);
}

#[test]
fn a_pause_longer_than_the_gap_starts_a_new_entry() {
    let records = vec![record(
        RecordKind::Measure,
        "m-1",
        tono(),
        &[
            ("title", version(json!("a"), T0, "佐藤", 1)),
            (
                "owner",
                version(json!("b"), T0 + BURST_GAP_MS - 1, "佐藤", 2),
            ),
            (
                "status",
                version(json!("完了"), T0 + 2 * BURST_GAP_MS, "佐藤", 3),
            ),
        ],
    )];
    let feed = build_feed(&records, &[], &everything());
    let fields: Vec<Vec<String>> = feed.entries.into_iter().map(|e| e.fields).collect();
    assert_eq!(
        fields,
        vec![
            vec!["status".to_owned()],
            vec!["owner".into(), "title".into()]
        ]
    );
}

#[test]
fn filters_by_organisation_author_kind_and_period() {
    let mut records = fixture();
    records.push(record(
        RecordKind::Survey,
        "s-1",
        tono(),
        &[(
            "title",
            version(json!("調査"), T0 - 10 * 24 * 60 * MINUTE, "県", 1),
        )],
    ));
    let count = |query: FeedQuery| build_feed(&records, &[], &query).total;
    assert_eq!(count(everything()), 5);
    let morioka_only = FeedQuery {
        org: Some(morioka()),
        ..everything()
    };
    assert_eq!(count(morioka_only.clone()), 1);
    assert_eq!(
        build_feed(&records, &[], &morioka_only).authors,
        vec!["田中"]
    );
    let sato = FeedQuery {
        author: Some("佐藤".into()),
        ..everything()
    };
    assert_eq!(count(sato.clone()), 2);
    // The person filter offers every author, not only the chosen one.
    assert_eq!(build_feed(&records, &[], &sato).authors.len(), 4);
    let surveys = FeedQuery {
        kind: Some(RecordKind::Survey),
        ..everything()
    };
    assert_eq!(count(surveys), 1);
    let last_week = FeedQuery {
        since_ms: Period::Week.since_ms(T0 + 2 * 60 * MINUTE),
        ..everything()
    };
    assert_eq!(count(last_week), 4, "the survey is ten days old");
    // Since 09:30: 佐藤's first burst and 鈴木's edit are earlier.
    let since = FeedQuery {
        since_ms: Some(T0 + 30 * MINUTE),
        ..everything()
    };
    assert_eq!(count(since), 1);
}

#[test]
fn today_starts_at_midnight_in_japan() {
    // 2026-12-07 09:00 JST: today began at 2026-12-06 15:00 UTC.
    assert_eq!(Period::Today.since_ms(T0), Some(T0 - 9 * 60 * MINUTE));
    // 08:59 JST on the 7th is still the 7th; 2026-12-06 23:59 JST is the 6th.
    assert_eq!(
        Period::Today.since_ms(T0 - MINUTE),
        Some(T0 - 9 * 60 * MINUTE)
    );
    assert_eq!(
        Period::Today.since_ms(T0 - 9 * 60 * MINUTE - MINUTE),
        Some(T0 - 33 * 60 * MINUTE)
    );
    assert_eq!(Period::All.since_ms(T0), None);
    for period in Period::ALL {
        assert_eq!(Period::parse(period.as_str()), Some(period));
    }
}

#[test]
fn a_deleted_record_shows_as_a_deletion_and_a_restore_as_one() {
    let records = vec![record(
        RecordKind::Measure,
        "m-1",
        tono(),
        &[
            ("title", version(json!("窓口DX"), T0, "佐藤", 1)),
            (
                "_deleted",
                version(json!(true), T0 + 60 * MINUTE, "鈴木", 1),
            ),
        ],
    )];
    let history = vec![pulled(
        RecordKind::Measure,
        "m-1",
        tono(),
        "_deleted",
        version(json!(false), T0 + 30 * MINUTE, "佐藤", 2),
    )];
    let feed = build_feed(&records, &history, &everything());
    let changes: Vec<(ChangeKind, usize)> = feed
        .entries
        .iter()
        .map(|e| (e.change, e.fields.len()))
        .collect();
    assert_eq!(
        changes,
        vec![
            (ChangeKind::Deleted, 0),
            (ChangeKind::Restored, 0),
            (ChangeKind::Edited, 1),
        ]
    );
    assert_eq!(feed.entries[0].title.as_deref(), Some("窓口DX"));
}

#[test]
fn a_conflicting_version_and_a_record_known_only_from_history_are_listed() {
    let mut records = fixture();
    // 鈴木 and 高橋 wrote the same field at once, neither having seen the other.
    records[1].merge(
        "title",
        version(json!("RPA"), T0 + 10 * MINUTE + 1, "高橋", 1),
    );
    let history = vec![pulled(
        RecordKind::Kpi,
        "k-gone",
        tono(),
        "title",
        version(json!("件数"), T0 + 20 * MINUTE, "佐藤", 9),
    )];
    let feed = build_feed(&records, &history, &everything());
    let authors: Vec<&str> = feed.entries.iter().map(|e| e.author.as_str()).collect();
    assert_eq!(
        authors,
        vec!["佐藤", "佐藤", "高橋", "田中", "鈴木", "佐藤"]
    );
    assert_eq!(
        feed.entries[1].key,
        RecordKey::new(RecordKind::Kpi, "k-gone")
    );
    assert_eq!(feed.entries[1].title, None);
}

#[test]
fn pages_follow_each_other_without_gaps() {
    let records: Vec<RecordState> = (10..35)
        .map(|n| {
            let id = format!("m-{n}");
            let edit = version(json!("x"), T0 + n * MINUTE, "佐藤", n + 1);
            record(RecordKind::Measure, &id, tono(), &[("title", edit)])
        })
        .collect();
    let mut seen = Vec::new();
    let mut query = FeedQuery {
        limit: 10,
        ..FeedQuery::default()
    };
    loop {
        let feed = build_feed(&records, &[], &query);
        assert_eq!(feed.total, 25);
        seen.extend(feed.entries.iter().map(|e| e.last_ms));
        if !feed.has_more(&query) {
            break;
        }
        query.offset += query.limit;
    }
    let expected: Vec<u64> = (10..35).rev().map(|n| T0 + n * MINUTE).collect();
    assert_eq!(seen, expected);
}

struct Names;

impl FeedLabels for Names {
    fn org_name(&self, org: &OrgCode) -> String {
        if org == &tono() {
            "遠野市"
        } else {
            "盛岡市"
        }
        .to_owned()
    }
    fn kind(&self, kind: RecordKind) -> String {
        kind.as_str().to_owned()
    }
    fn field(&self, _kind: RecordKind, field: &str) -> String {
        match field {
            "title" => "名称".to_owned(),
            "status" => "状況".to_owned(),
            other => other.to_owned(),
        }
    }
}

#[test]
fn the_csv_has_a_row_per_entry_in_japan_time() {
    let feed = build_feed(&fixture(), &[], &everything());
    let csv = to_csv(&feed_table(&feed.entries, Lang::Ja, &Names));
    let text = String::from_utf8(csv).expect("UTF-8");
    assert!(text.starts_with('\u{feff}'), "a BOM for Excel");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "日時,団体コード,団体名,変更した人,種類,記録,変更,変更した項目"
    );
    assert_eq!(lines.len(), 5);
    assert_eq!(
        lines[4],
        "2026-12-07 09:00,032085,遠野市,佐藤,measure,窓口DX,編集,状況、名称"
    );
    assert_eq!(
        lines[2],
        "2026-12-07 09:10,032018,盛岡市,田中,measure,RPA導入,編集,名称"
    );
}
