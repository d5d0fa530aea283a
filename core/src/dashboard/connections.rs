//! Who is behind on connecting: the prefecture's municipalities with no token, with tokens
//! never used, or with no sync for a chosen period, from `GET /v1/activity`.

use std::collections::HashMap;

use crate::org::OrgCode;
use crate::protocol::{ActivityResponse, OrgActivity};

/// Why a municipality is listed, most urgent first (the order the list is sorted in).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConnectionGap {
    /// No unrevoked token: nobody there has been invited (or every token was revoked).
    NoToken,
    /// Invited, but no token was ever used.
    NeverUsed,
    /// Connected once, but no sync within the period (or never a sync).
    NoRecentSync,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionRow {
    pub org: OrgCode,
    pub gap: ConnectionGap,
    pub last_sync_ms: Option<u64>,
}

/// The municipalities of `municipalities` behind on connecting at `now_ms`: a sync older than
/// `period_ms` counts as none. Sorted by gap, then the oldest sync first, then code order.
pub fn connection_gaps(
    municipalities: &[OrgCode],
    activity: &ActivityResponse,
    now_ms: u64,
    period_ms: u64,
) -> Vec<ConnectionRow> {
    let by_org: HashMap<&OrgCode, &OrgActivity> = activity
        .organisations
        .iter()
        .map(|entry| (&entry.org, entry))
        .collect();
    let since = now_ms.saturating_sub(period_ms);
    let mut rows: Vec<ConnectionRow> = municipalities
        .iter()
        .filter_map(|org| {
            let entry = by_org.get(org);
            let last_sync_ms = entry.and_then(|entry| entry.last_sync_ms);
            let gap = match entry {
                None => ConnectionGap::NoToken,
                Some(entry) if entry.active_tokens == 0 => ConnectionGap::NoToken,
                Some(entry) if entry.used_tokens == 0 && last_sync_ms.is_none() => {
                    ConnectionGap::NeverUsed
                }
                _ if last_sync_ms.is_none_or(|at| at < since) => ConnectionGap::NoRecentSync,
                _ => return None,
            };
            Some(ConnectionRow {
                org: org.clone(),
                gap,
                last_sync_ms,
            })
        })
        .collect();
    crate::sorting::sort_by(&mut rows, |a, b| {
        (a.gap, a.last_sync_ms, &a.org).cmp(&(b.gap, b.last_sync_ms, &b.org))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u64 = 86_400_000;

    fn code(text: &str) -> OrgCode {
        OrgCode::parse(text).expect("valid test code")
    }

    fn entry(org: &str, last_sync: Option<u64>, active: u32, used: u32) -> OrgActivity {
        OrgActivity {
            org: code(org),
            last_sync_ms: last_sync,
            active_tokens: active,
            used_tokens: used,
        }
    }

    #[test]
    fn each_kind_of_gap_is_found_and_the_connected_are_left_out() {
        let now = 100 * DAY;
        let towns: Vec<OrgCode> = ["032018", "032026", "032034", "032051", "032069", "032077"]
            .iter()
            .map(|c| code(c))
            .collect();
        let activity = ActivityResponse {
            organisations: vec![
                entry("032026", None, 1, 0),                 // invited, never used
                entry("032034", Some(now - DAY), 1, 1),      // synced yesterday: fine
                entry("032051", Some(now - 40 * DAY), 2, 1), // stale
                entry("032069", Some(now - 2 * DAY), 0, 0),  // every token revoked
                entry("032077", None, 1, 1),                 // used (a /v1/me) but never synced
            ],
        };
        let rows = connection_gaps(&towns, &activity, now, 30 * DAY);
        let listed: Vec<(&str, ConnectionGap)> =
            rows.iter().map(|r| (r.org.as_str(), r.gap)).collect();
        assert_eq!(
            listed,
            [
                ("032018", ConnectionGap::NoToken),
                ("032069", ConnectionGap::NoToken),
                ("032026", ConnectionGap::NeverUsed),
                ("032077", ConnectionGap::NoRecentSync),
                ("032051", ConnectionGap::NoRecentSync),
            ]
        );
        // A longer period forgives the stale town.
        let rows = connection_gaps(&towns, &activity, now, 60 * DAY);
        assert!(rows.iter().all(|r| r.org.as_str() != "032051"));
    }
}
