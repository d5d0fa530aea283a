//! `GET /v1/activity` against the real worker (prefecture 12, Chiba): when each organisation
//! last synced, seen in full by the prefecture and only in part by a municipality.
//! Run with `bash scripts/test.sh`.

mod support;

use support::{now_ms, pull_request, unique, worker};
use tsunagu_core::protocol::ActivityResponse;

const CHIBA: &str = "120006";
const CHIBA_CITY: &str = "121002";
const CHOSHI: &str = "122025";

fn last_sync_of(activity: &ActivityResponse, code: &str) -> Option<u64> {
    activity
        .organisations
        .iter()
        .find(|entry| entry.org.as_str() == code)
        .and_then(|entry| entry.last_sync_ms)
}

#[test]
fn a_sync_is_recorded_and_shown_to_the_prefecture_but_not_to_other_towns() {
    let w = worker();
    let prefecture = w.issue(CHIBA, "prefecture_admin", "千葉県 DX推進課");
    let city = w.issue(CHIBA_CITY, "editor", "千葉市");
    let choshi = w.issue(CHOSHI, "viewer", "銚子市");

    let before = now_ms();
    w.sync(&city.token, &pull_request(&unique("cli"), 0, None));
    w.sync(&choshi.token, &pull_request(&unique("cli"), 0, None));

    let seen: ActivityResponse = w
        .get("/v1/activity", &prefecture.token)
        .expect(200, "activity as the prefecture");
    let city_sync = last_sync_of(&seen, CHIBA_CITY).expect("Chiba city's sync is listed");
    assert!(city_sync + 5_000 >= before, "recorded at sync time");
    assert!(last_sync_of(&seen, CHOSHI).is_some());
    let codes: Vec<&str> = seen.organisations.iter().map(|e| e.org.as_str()).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted, "in code order");

    let own: ActivityResponse = w
        .get("/v1/activity", &choshi.token)
        .expect(200, "activity as a town");
    assert!(last_sync_of(&own, CHOSHI).is_some());
    assert_eq!(
        last_sync_of(&own, CHIBA_CITY),
        None,
        "another town's activity is private"
    );
}

#[test]
fn activity_needs_a_token_and_a_get() {
    let w = worker();
    w.send(reqwest::Method::GET, "/v1/activity", None, None)
        .expect_error(401, "unauthenticated", None, "no token");
    let city = w.issue(CHIBA_CITY, "editor", "千葉市");
    w.send(
        reqwest::Method::DELETE,
        "/v1/activity",
        Some(&support::bearer(&city.token)),
        None,
    )
    .expect_error(405, "method_not_allowed", None, "DELETE");
}
