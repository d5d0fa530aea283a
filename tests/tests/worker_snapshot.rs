//! `POST /v1/snapshot` against the real worker: a new device's first sync takes the current
//! records page by page, then the log from the snapshot's position, and ends with the same
//! state as a device that pulled the whole log. Each test writes in its own prefecture (20
//! Nagano, 21 Gifu, 25 Shiga, 26 Kyoto), so tests running at once never write into each
//! other's log.
//! Run with `bash scripts/test.sh`.

mod support;

use serde_json::json;
use support::{bearer, worker, Device, Worker};
use tsunagu_core::client::{Bootstrap, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::protocol::{SnapshotRequest, SnapshotResponse, PROTOCOL_VERSION};

const NAGANO: &str = "200000";
const NAGANO_CITY: &str = "202011";
const MATSUMOTO: &str = "202029";
const GIFU_PREF: &str = "210005";
const GIFU_CITY: &str = "212016";
const SHIGA_OTSU: &str = "252018";
const OGAKI: &str = "212024";
const KYOTO: &str = "260002";
const KYOTO_CITY: &str = "261009";
const FUKUCHIYAMA: &str = "262013";
/// Pages a test may take before it gives up.
const MAX_PAGES: usize = 200;

fn snapshot(w: &Worker, token: &str, request: &SnapshotRequest) -> SnapshotResponse {
    let body = serde_json::to_vec(request).expect("JSON");
    let reply = w.send(
        reqwest::Method::POST,
        "/v1/snapshot",
        Some(&bearer(token)),
        Some(body),
    );
    let page: SnapshotResponse = reply.expect(200, "snapshot page");
    assert_eq!(page.protocol, PROTOCOL_VERSION);
    page
}

/// Takes every snapshot page into `device`; `between` runs after each page. Returns the pages.
fn bootstrap(w: &Worker, device: &mut Device, limit: u32, mut between: impl FnMut(usize)) -> usize {
    let mut pages = 0;
    while let Some(request) = device.replica.snapshot_request(Some(limit)) {
        let page = snapshot(w, &device.token, &request);
        device.replica.apply_snapshot(page);
        pages += 1;
        between(pages);
        assert!(pages < MAX_PAGES, "the snapshot did not end");
    }
    pages
}

fn measure(id: &str, field: &str) -> FieldKey {
    FieldKey::new(RecordKind::Measure, id, field)
}

/// A town's device writes `count` measures of three fields each and syncs them.
fn write_plan(w: &Worker, device: &mut Device, prefix: &str, count: usize) {
    for n in 0..count {
        let id = format!("{prefix}-{n}");
        device.write(&measure(&id, "title"), json!(format!("施策 {n}")));
        device.write(&measure(&id, "percent"), json!(n % 100));
        device.write(&measure(&id, "department"), json!("企画課"));
    }
    device.sync(w);
}

#[test]
fn a_snapshot_and_the_log_after_it_equal_the_whole_log_even_with_writes_between_pages() {
    let w = worker();
    let prefix = support::unique("snap");
    let city_token = w.issue(NAGANO_CITY, "editor", "長野市 DX推進課");
    let mut city = Device::new(&city_token);
    write_plan(w, &mut city, &format!("{prefix}-n"), 25);
    let mut matsumoto = Device::new(&w.issue(MATSUMOTO, "editor", "松本市"));
    write_plan(w, &mut matsumoto, &format!("{prefix}-m"), 10);

    let admin = w.issue(NAGANO, "prefecture_admin", "長野県 DX推進課");
    let mut fresh = Device::new(&admin);
    let pages = bootstrap(w, &mut fresh, 7, |page| {
        // The city keeps working while the prefecture's new device pages through.
        city.write(&measure(&format!("{prefix}-n-0"), "percent"), json!(page));
        city.write(
            &measure(&format!("{prefix}-n-new{page}"), "title"),
            json!("追加"),
        );
        city.sync(w);
    });
    assert!(
        pages >= 6,
        "35 measures and more in pages of 7: {pages} pages"
    );
    assert_eq!(fresh.replica.bootstrap(), &Bootstrap::Done);
    fresh.sync(w);

    let mut by_log = Device::new(&admin);
    by_log.sync(w);
    assert_eq!(
        fresh.replica.synced_fields(),
        by_log.replica.synced_fields()
    );
    let percent = fresh
        .replica
        .value(&measure(&format!("{prefix}-n-0"), "percent"));
    assert_eq!(
        percent,
        Some(&json!(pages)),
        "the last write between pages arrived"
    );
}

#[test]
fn each_page_names_where_the_page_after_the_next_starts_so_two_can_be_asked_at_once() {
    let w = worker();
    let prefix = support::unique("ahead");
    let mut city = Device::new(&w.issue(KYOTO_CITY, "editor", "京都市"));
    write_plan(w, &mut city, &format!("{prefix}-k"), 12);
    let mut town = Device::new(&w.issue(FUKUCHIYAMA, "editor", "福知山市"));
    write_plan(w, &mut town, &format!("{prefix}-f"), 9);

    // The prefecture reads everything; the town its own records (the SQL's scope filter).
    for (who, token) in [
        ("prefecture", w.issue(KYOTO, "prefecture_admin", "京都府")),
        ("town", w.issue(FUKUCHIYAMA, "viewer", "福知山市 閲覧")),
    ] {
        let mut fresh = Device::new(&token);
        let mut heads = Vec::new();
        while let Some(request) = fresh.replica.snapshot_request(Some(4)) {
            let page = snapshot(w, &fresh.token, &request);
            heads.push((page.next.clone(), page.after_next.clone()));
            fresh.replica.apply_snapshot(page);
            assert!(heads.len() < MAX_PAGES, "the snapshot did not end");
        }
        assert!(heads.len() >= 3, "{who}: {} pages", heads.len());
        for (at, pair) in heads.windows(2).enumerate() {
            assert_eq!(pair[0].1, pair[1].0, "{who}: page {at}'s after_next");
        }
    }
}

#[test]
fn a_town_snapshot_holds_its_own_records_and_the_directory_but_no_other_towns_plan() {
    let w = worker();
    let prefix = support::unique("scope");
    let mut city = Device::new(&w.issue(GIFU_CITY, "editor", "岐阜市"));
    write_plan(w, &mut city, &format!("{prefix}-n"), 3);
    city.sync(w);
    // The directory is the prefecture administrator's to keep.
    let mut admin = Device::new(&w.issue(GIFU_PREF, "prefecture_admin", "岐阜県"));
    admin.replica.write(
        &support::org(GIFU_CITY),
        &FieldKey::new(RecordKind::Organisation, GIFU_CITY, "name"),
        json!("岐阜市"),
        support::now_ms(),
    );
    admin.sync(w);
    let mut ogaki = Device::new(&w.issue(OGAKI, "viewer", "大垣市 閲覧"));
    bootstrap(w, &mut ogaki, 1000, |_| {});

    let own_prefix = format!("{prefix}-n");
    let leaked: Vec<String> = ogaki
        .replica
        .views(RecordKind::Measure)
        .into_iter()
        .map(|view| view.key.id)
        .filter(|id| id.starts_with(&own_prefix))
        .collect();
    assert!(
        leaked.is_empty(),
        "Gifu city's measures reached Ogaki: {leaked:?}"
    );
    assert!(
        ogaki
            .replica
            .views(RecordKind::Organisation)
            .iter()
            .any(|view| view.key.id == GIFU_CITY),
        "the directory of municipalities is readable by every town"
    );
}

#[test]
fn a_page_larger_than_sqlites_largest_value_is_served_whole() {
    // About 3 MB of notes in one page of 3,000 records: a page built as one SQLite value would
    // be refused (SQLITE_TOOBIG above 2 MB on Durable Objects).
    let w = worker();
    let prefix = support::unique("big");
    let mut otsu = Device::new(&w.issue(SHIGA_OTSU, "editor", "大津市"));
    let notes = "地域のデジタル化に関する詳細な記録。".repeat(18);
    for n in 0..3_000 {
        otsu.write(&measure(&format!("{prefix}-{n}"), "notes"), json!(notes));
    }
    otsu.sync(w);
    let mut fresh = Device::new(&w.issue(SHIGA_OTSU, "viewer", "大津市 閲覧"));
    let first = fresh
        .replica
        .snapshot_request(Some(5_000))
        .expect("a new device snapshots");
    let page = snapshot(w, &fresh.token, &first);
    // Earlier runs against the same worker only add records to Otsu, so the page only grows.
    let bytes = serde_json::to_string(&page).expect("JSON").len();
    assert!(
        bytes > 2_000_000,
        "the first page is {bytes} bytes, meant to exceed 2 MB"
    );
    fresh.replica.apply_snapshot(page);
    bootstrap(w, &mut fresh, 5_000, |_| {});
    let notes_of_last = fresh
        .replica
        .value(&measure(&format!("{prefix}-2999"), "notes"));
    assert_eq!(notes_of_last, Some(&json!(notes)));
    fresh.sync(w);
    let mut by_log = Device::new(&w.issue(SHIGA_OTSU, "viewer", "大津市 閲覧 2"));
    by_log.sync(w);
    assert_eq!(
        fresh.replica.synced_fields(),
        by_log.replica.synced_fields()
    );
}

#[test]
fn bad_snapshot_requests_get_a_json_error_and_need_a_token() {
    let w = worker();
    let token = w.issue(NAGANO_CITY, "editor", "長野市").token;
    let post = |auth: Option<&str>, body: &str| {
        w.send(
            reqwest::Method::POST,
            "/v1/snapshot",
            auth,
            Some(body.as_bytes().to_vec()),
        )
    };
    let auth = bearer(&token);
    post(Some(&auth), r#"{"protocol":3,"limit":0}"#).expect_error(
        422,
        "validation_failed",
        Some("limit"),
        "limit 0",
    );
    post(Some(&auth), "not json").expect_error(400, "malformed_json", None, "not JSON");
    post(Some(&auth), r#"{"protocol":9}"#).expect_error(
        400,
        "unsupported_protocol",
        Some("protocol"),
        "protocol 9",
    );
    post(None, r#"{"protocol":3}"#).expect_error(401, "unauthenticated", None, "no token");
    w.send(reqwest::Method::GET, "/v1/snapshot", Some(&auth), None)
        .expect_error(405, "method_not_allowed", None, "GET");
}
