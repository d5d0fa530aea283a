//! The members screen's API against the real worker (prefecture 19, Yamanashi): invitations
//! in bulk (all or none), rotation, when each token was last used and synced, the revoked
//! code, and the token counts the dashboard's "behind on connecting" list reads.
//! Run with `bash scripts/test.sh`.

mod support;

use reqwest::Method;
use serde_json::{json, Value};
use support::{pull_request, unique, worker, Worker};
use tsunagu_core::protocol::{
    ActivityResponse, InvitationResponse, IssuedToken, TokenInfo, TokenList,
};

const YAMANASHI: &str = "190004";
const KOFU: &str = "192015";
const FUJIYOSHIDA: &str = "192023";
const TSURU: &str = "192040";
const INVITATIONS: &str = "/v1/prefecture/invitations";
const TOKEN_API: &str = "/v1/prefecture/tokens";

fn listed(w: &Worker, admin: &str, id: &str) -> Option<TokenInfo> {
    let list: TokenList = w
        .call(Method::GET, TOKEN_API, admin, None)
        .expect(200, "list");
    list.tokens.into_iter().find(|t| t.id == id)
}

fn counts(w: &Worker, admin: &str, org: &str) -> (u32, u32) {
    let activity: ActivityResponse = w.get("/v1/activity", admin).expect(200, "activity");
    activity
        .organisations
        .iter()
        .find(|e| e.org.as_str() == org)
        .map_or((0, 0), |e| (e.active_tokens, e.used_tokens))
}

#[test]
fn a_bulk_invitation_issues_one_working_token_per_town() {
    let w = worker();
    let admin = w.root_admin(19);
    let (active_before, used_before) = counts(w, &admin, FUJIYOSHIDA);
    let batch = unique("bulk");
    let reply: InvitationResponse = w
        .call(
            Method::POST,
            INVITATIONS,
            &admin,
            Some(json!({"invitations": [
                {"org": KOFU, "role": "editor", "label": format!("甲府市 DX担当 {batch}")},
                {"org": FUJIYOSHIDA, "role": "viewer", "label": format!("富士吉田市 {batch}")},
            ]})),
        )
        .expect(201, "invite two towns");
    assert_eq!(reply.issued.len(), 2);
    assert_eq!(reply.issued[0].info.org.as_str(), KOFU);
    assert_eq!(reply.issued[1].info.role.as_str(), "viewer");
    let town = &reply.issued[1];
    assert_eq!(
        counts(w, &admin, FUJIYOSHIDA),
        (active_before + 1, used_before)
    );

    // Never used: no times; used: last_used_ms; synced: last_sync_ms.
    let fresh = listed(w, &admin, &town.info.id).expect("listed");
    assert_eq!((fresh.last_used_ms, fresh.last_sync_ms), (None, None));
    w.get("/v1/me", &town.token)
        .expect::<Value>(200, "the invited token works");
    let used = listed(w, &admin, &town.info.id).expect("listed");
    assert!(used.last_used_ms.is_some() && used.last_sync_ms.is_none());
    assert_eq!(
        counts(w, &admin, FUJIYOSHIDA),
        (active_before + 1, used_before + 1)
    );
    w.sync(&town.token, &pull_request(&unique("cli"), 0, None));
    let synced = listed(w, &admin, &town.info.id).expect("listed");
    assert!(synced.last_sync_ms.is_some());
}

#[test]
fn an_invitation_with_one_bad_line_issues_nothing() {
    let w = worker();
    let admin = w.root_admin(19);
    let label = unique("never");
    w.call(
        Method::POST,
        INVITATIONS,
        &admin,
        Some(json!({"invitations": [
            {"org": TSURU, "role": "editor", "label": label},
            {"org": "131016", "role": "editor", "label": label},
        ]})),
    )
    .expect_error(
        403,
        "forbidden",
        Some("invitations[1].org"),
        "another prefecture's town",
    );
    w.call(
        Method::POST,
        INVITATIONS,
        &admin,
        Some(json!({"invitations": [
            {"org": TSURU, "role": "editor", "label": label},
            {"org": TSURU, "role": "editor", "label": ""},
        ]})),
    )
    .expect_error(
        422,
        "validation_failed",
        Some("invitations[1].label"),
        "an empty name",
    );
    w.call(
        Method::POST,
        INVITATIONS,
        &admin,
        Some(json!({"invitations": []})),
    )
    .expect_error(
        422,
        "validation_failed",
        Some("invitations"),
        "no invitation",
    );
    let list: TokenList = w
        .call(Method::GET, TOKEN_API, &admin, None)
        .expect(200, "list");
    assert!(list.tokens.iter().all(|t| t.label != label), "none issued");
}

#[test]
fn only_an_administrator_invites_or_rotates() {
    let w = worker();
    let editor = w.issue(KOFU, "editor", &unique("editor"));
    let viewer = w.issue(YAMANASHI, "viewer", &unique("viewer"));
    let body = json!({"invitations": [{"org": TSURU, "role": "editor", "label": "x"}]});
    for (who, token) in [
        ("an editor", &editor.token),
        ("a prefecture viewer", &viewer.token),
    ] {
        w.call(Method::POST, INVITATIONS, token, Some(body.clone()))
            .expect_error(403, "forbidden", None, &format!("{who} inviting"));
        let path = format!("{TOKEN_API}/{}/rotate", editor.info.id);
        w.call(Method::POST, &path, token, None).expect_error(
            403,
            "forbidden",
            None,
            &format!("{who} rotating"),
        );
    }
    // Another prefecture's administrator reaches its own prefecture only: the token is unknown.
    let other = w.root_admin(20);
    let path = format!("{TOKEN_API}/{}/rotate", editor.info.id);
    w.call(Method::POST, &path, &other, None).expect_error(
        404,
        "not_found",
        Some("id"),
        "another prefecture's administrator",
    );
    w.get("/v1/me", &editor.token)
        .expect::<Value>(200, "nothing was rotated");
}

#[test]
fn rotating_gives_the_same_person_a_new_token_and_revokes_the_old() {
    let w = worker();
    let admin = w.root_admin(19);
    let old = w.issue(TSURU, "editor", &unique("都留市 DX"));
    let path = format!("{TOKEN_API}/{}/rotate", old.info.id);
    let new: IssuedToken = w
        .call(Method::POST, &path, &admin, None)
        .expect(201, "rotate");
    assert_eq!(new.replaces.as_deref(), Some(old.info.id.as_str()));
    assert_ne!(new.token, old.token);
    assert_eq!(
        (&new.info.org, new.info.role, &new.info.label),
        (&old.info.org, old.info.role, &old.info.label)
    );
    w.get("/v1/me", &new.token)
        .expect::<Value>(200, "the new token works");
    w.get("/v1/me", &old.token).expect_error(
        401,
        "token_revoked",
        None,
        "the old token is revoked",
    );
    assert!(listed(w, &admin, &old.info.id)
        .and_then(|t| t.revoked_at_ms)
        .is_some());
    w.call(Method::POST, &path, &admin, None).expect_error(
        422,
        "validation_failed",
        Some("id"),
        "rotating a revoked token",
    );
    w.call(
        Method::POST,
        &format!("{TOKEN_API}/nosuchtoken1/rotate"),
        &admin,
        None,
    )
    .expect_error(404, "not_found", Some("id"), "an unknown token");
}
