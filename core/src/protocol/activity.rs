//! `GET /v1/activity`: when each organisation last synced, so the prefecture can tell current
//! figures from stale ones, and how many of its access tokens are active and used, so it can
//! tell who is not connected yet.

use serde::{Deserialize, Serialize};

use crate::access::ReadScope;
use crate::domain::RecordKind;
use crate::org::OrgCode;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgActivity {
    pub org: OrgCode,
    /// Server time of the organisation's latest successful sync (any of its devices); absent
    /// while it has never synced.
    #[serde(default)]
    pub last_sync_ms: Option<u64>,
    /// Its unrevoked tokens.
    #[serde(default)]
    pub active_tokens: u32,
    /// Of those, the ones used at least once.
    #[serde(default)]
    pub used_tokens: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityResponse {
    /// In organisation code order.
    pub organisations: Vec<OrgActivity>,
}

impl ActivityResponse {
    /// Keeps what `scope` may see: a municipality learns only its own and its prefecture's
    /// activity, like the rest of their records.
    pub fn visible_to(mut entries: Vec<OrgActivity>, scope: &ReadScope) -> ActivityResponse {
        // Read like a plan, not like the directory: organisation records are public within the
        // prefecture, activity is not.
        entries.retain(|entry| scope.allows(RecordKind::Plan, &entry.org));
        crate::sorting::sort_by(&mut entries, |a, b| a.org.cmp(&b.org));
        ActivityResponse {
            organisations: entries,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(code: &str, at: u64) -> OrgActivity {
        OrgActivity {
            org: OrgCode::parse(code).expect("valid test code"),
            last_sync_ms: Some(at),
            active_tokens: 1,
            used_tokens: 1,
        }
    }

    #[test]
    fn the_prefecture_sees_everyone_in_code_order() {
        let all = vec![entry("032085", 2), entry("032018", 1), entry("030007", 3)];
        let seen = ActivityResponse::visible_to(all, &ReadScope::WholePrefecture);
        let codes: Vec<&str> = seen.organisations.iter().map(|e| e.org.as_str()).collect();
        assert_eq!(codes, ["030007", "032018", "032085"]);
    }

    #[test]
    fn a_municipality_sees_itself_and_its_prefecture_only() {
        let tono = OrgCode::parse("032085").expect("valid");
        let iwate = OrgCode::parse("030007").expect("valid");
        let all = vec![entry("032085", 2), entry("032018", 1), entry("030007", 3)];
        let seen = ActivityResponse::visible_to(all, &ReadScope::Orgs(vec![tono, iwate]));
        let codes: Vec<&str> = seen.organisations.iter().map(|e| e.org.as_str()).collect();
        assert_eq!(codes, ["030007", "032085"]);
    }
}
