use super::{FieldVersion, Hlc, Seen};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::cmp::Ordering;
use std::sync::Arc;

/// The merged state of one field: a last-writer-wins register that keeps, as conflicts, the
/// versions that lost and that nobody had seen when writing later (a multi-value register's
/// heads, the winner aside). See docs/conflicts.md.
///
/// A version is *covered* (seen, so no conflict) when
/// - a later write of its own replica was merged (a replica sees its own earlier writes);
/// - some version merged was written by someone who had seen it: each version's `seen` is
///   joined into `covered`; or
/// - it is a legacy version (written without `seen`) at or below `max_base`, the greatest
///   `base` of any legacy version merged: what such a version meant before `seen` existed.
///
/// Invariants, which make the state a function of the set of versions merged into it:
/// `winner` is the version with the greatest (timestamp, sequence) merged; `heads` holds every
/// other version merged that is not covered, newest first; `max_base` is the greatest legacy
/// base; `covered[r]` is the greatest sequence number of replica `r` covered by a `seen` or by
/// a later write of `r`, written only where the versions kept (winner and heads) do not imply
/// it already. Coverage only grows, so a version dropped once stays dropped when it comes again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldState {
    pub winner: FieldVersion,
    /// The greatest `base` of any legacy version merged (states stored before `seen` existed
    /// hold the greatest base of every version they merged, all legacy).
    #[serde(default)]
    pub max_base: Option<Hlc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub heads: Vec<FieldVersion>,
    /// Per replica, the greatest sequence number of its versions covered, where more than the
    /// versions kept imply (a field written by one device at a time holds none).
    #[serde(default, skip_serializing_if = "Seen::is_empty")]
    pub covered: Seen,
}

/// What merging one version did.
#[derive(Clone, Debug, PartialEq)]
pub enum MergeOutcome {
    /// The version was merged before; nothing changed.
    Duplicate,
    /// The version was new. `won` says whether it is now the field's value; `previous` is the
    /// value before the merge (`None` for a field that did not exist).
    Applied { previous: Option<Value>, won: bool },
}

fn order(a: &FieldVersion, b: &FieldVersion) -> Ordering {
    (&a.hlc, a.seq).cmp(&(&b.hlc, b.seq))
}

impl FieldState {
    pub fn new(first: FieldVersion) -> Self {
        let mut state = Self {
            winner: first,
            max_base: None,
            heads: Vec::new(),
            covered: Seen::new(),
        };
        let first = &state.winner;
        let (seen, base) = (first.seen.clone(), first.base.clone());
        state.join_seen(seen.as_ref(), base.as_ref());
        state
    }

    pub fn value(&self) -> &Value {
        &self.winner.value
    }

    /// Versions that lost to a concurrent write and that nobody has seen since, newest first.
    pub fn conflicts(&self) -> &[FieldVersion] {
        &self.heads
    }

    /// The conflicts a person would call a disagreement: losers whose value differs from the
    /// winner's. The same value written twice (a device that sent its queue again under a new
    /// client id, after its token was replaced) is no disagreement to show.
    pub fn disagreements(&self) -> impl Iterator<Item = &FieldVersion> {
        self.heads
            .iter()
            .filter(move |head| head.value != self.winner.value)
    }

    pub fn contains(&self, version: &FieldVersion) -> bool {
        self.winner.is_same_write(version) || self.heads.iter().any(|h| h.is_same_write(version))
    }

    fn kept(&self) -> impl Iterator<Item = &FieldVersion> {
        std::iter::once(&self.winner).chain(&self.heads)
    }

    /// What a write made on top of this state has seen: everything covered, the winner and
    /// every conflict shown. This is the `seen` a client sends with its write.
    pub fn seen(&self) -> Seen {
        let mut seen = self.covered.clone();
        for version in self.kept() {
            seen.note(&version.hlc.replica, version.seq);
        }
        seen
    }

    /// The greatest sequence number of `replica` this state knows of (kept or covered): a
    /// writer cannot have seen more of that replica in this field, since everything a device
    /// sees came through the server's state.
    pub fn known_seq(&self, replica: &str) -> u64 {
        self.kept()
            .filter(|v| *v.hlc.replica == *replica)
            .map(|v| v.seq)
            .fold(self.covered.get(replica), u64::max)
    }

    /// Whether `version` was seen (by the coverage and the versions kept).
    fn is_covered(&self, version: &FieldVersion) -> bool {
        let replica = &version.hlc.replica;
        self.covered.covers(replica, version.seq)
            || self
                .kept()
                .any(|v| v.seq > version.seq && v.hlc.replica == *replica)
            || (version.seen.is_none() && Some(&version.hlc) <= self.max_base.as_ref())
    }

    /// Notes that `replica`'s versions up to `seq` are covered, unless that is known already or
    /// a kept version implies it (a later one of the same replica); returns whether coverage
    /// grew. Only what kept versions do not imply is written: one form per set of versions.
    fn cover(&mut self, replica: &Arc<str>, seq: u64) -> bool {
        if self.covered.covers(replica, seq)
            || self
                .kept()
                .any(|v| v.seq > seq && v.hlc.replica == *replica)
        {
            return false;
        }
        self.covered.note(replica, seq)
    }

    /// Joins what a version (or a state) says was seen; returns whether coverage grew.
    fn join_seen(&mut self, seen: Option<&Seen>, base: Option<&Hlc>) -> bool {
        match seen {
            Some(seen) => {
                let mut grew = false;
                for (replica, seq) in seen.iter() {
                    grew |= self.cover(replica, seq);
                }
                grew
            }
            None if base > self.max_base.as_ref() => {
                self.max_base = base.cloned();
                true
            }
            None => false,
        }
    }

    /// Drops the heads now covered, keeping what their own sequence numbers implied.
    fn settle(&mut self) {
        let mut dropped = Vec::new();
        let mut at = 0;
        while at < self.heads.len() {
            if self.is_covered(&self.heads[at]) {
                dropped.push(self.heads.remove(at));
            } else {
                at += 1;
            }
        }
        for version in dropped {
            self.note_dropped(&version);
        }
    }

    /// Drops the heads `replica`'s write `seq` follows: a replica sees its own earlier writes.
    fn drop_earlier_of(&mut self, replica: &Arc<str>, seq: u64) {
        let earlier = |h: &FieldVersion| h.seq < seq && h.hlc.replica == *replica;
        let Some(newest) = self
            .heads
            .iter()
            .filter(|h| earlier(h))
            .map(|h| h.seq)
            .max()
        else {
            return;
        };
        self.heads.retain(|h| !earlier(h));
        // The newest dropped implies the others.
        self.cover(replica, newest.saturating_sub(1));
    }

    /// A version leaves (or never joins) the kept ones: what its sequence number implied
    /// about its replica's earlier writes stays covered.
    fn note_dropped(&mut self, version: &FieldVersion) {
        self.cover(&version.hlc.replica, version.seq.saturating_sub(1));
    }

    /// `version` is now kept: an entry of `covered` it implies is left out.
    fn now_kept(&mut self, replica: &str, seq: u64) {
        self.covered.forget_below(replica, seq);
    }

    /// Merges one version; the result is the same whatever order versions arrive in.
    pub fn merge(&mut self, incoming: FieldVersion) -> MergeOutcome {
        if self.contains(&incoming) {
            return MergeOutcome::Duplicate;
        }
        let grew = self.join_seen(incoming.seen.as_ref(), incoming.base.as_ref());
        let (replica, seq) = (Arc::clone(&incoming.hlc.replica), incoming.seq);
        let won = order(&incoming, &self.winner) == Ordering::Greater;
        let (mut loser, previous) = if won {
            self.now_kept(&replica, seq);
            (std::mem::replace(&mut self.winner, incoming), None)
        } else {
            (incoming, Some(self.winner.value.clone()))
        };
        let previous = if self.is_covered(&loser) {
            self.note_dropped(&loser);
            // A former winner dropped gives its value up rather than a copy of it: the common
            // case, a field written again by someone who had seen it.
            previous.unwrap_or_else(|| std::mem::take(&mut loser.value))
        } else {
            if !won {
                self.now_kept(&replica, seq);
            }
            let previous = previous.unwrap_or_else(|| loser.value.clone());
            // Newest first: insert after every head that orders above the loser.
            let at = self
                .heads
                .partition_point(|h| order(h, &loser) == Ordering::Greater);
            self.heads.insert(at, loser);
            previous
        };
        if grew {
            self.settle();
        } else {
            self.drop_earlier_of(&replica, seq);
        }
        MergeOutcome::Applied {
            previous: Some(previous),
            won,
        }
    }
}

impl FieldState {
    /// Merges another replica's whole state of the same field: the result is the state of the
    /// union of both sets of versions, as if every version had been merged one by one. A
    /// snapshot delivers states, not versions, so this is how one is taken in.
    pub fn absorb(&mut self, other: &FieldState) -> bool {
        let before = self.clone();
        for version in other.kept() {
            self.merge(version.clone());
        }
        // Versions the other side dropped were covered there: its coverage drops them here.
        if self.join_seen(Some(&other.covered), None)
            | self.join_seen(None, other.max_base.as_ref())
        {
            self.settle();
        }
        *self != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::merge::test_seen_version as seen_version;
    use crate::merge::test_version as version;

    fn values(state: &FieldState) -> Vec<&Value> {
        state.conflicts().iter().map(|v| &v.value).collect()
    }

    /// Every order of `versions` merged into one state, which must be the same state.
    fn merged_in_every_order(versions: &[FieldVersion]) -> FieldState {
        let mut orders = vec![versions.to_vec()];
        let mut reversed = versions.to_vec();
        reversed.reverse();
        orders.push(reversed);
        for rotate in 1..versions.len() {
            let mut order = versions.to_vec();
            order.rotate_left(rotate);
            orders.push(order);
        }
        let states: Vec<FieldState> = orders
            .into_iter()
            .map(|order| {
                let mut order = order.into_iter();
                let mut state = FieldState::new(order.next().expect("a version"));
                order.for_each(|v| {
                    state.merge(v);
                });
                state
            })
            .collect();
        assert!(states.windows(2).all(|w| w[0] == w[1]), "{states:#?}");
        states.into_iter().next().expect("a state")
    }

    /// Issue 27: X, offline, sets A at t=1; Y sets B at t=5, then C at t=6 having seen B.
    fn offline_x_and_online_y() -> [FieldVersion; 3] {
        [
            seen_version(json!("A"), 1, "x", 1, &[]),
            seen_version(json!("B"), 5, "y", 1, &[]),
            seen_version(json!("C"), 6, "y", 2, &[("y", 1)]),
        ]
    }

    #[test]
    fn an_offline_write_nobody_saw_is_a_conflict_though_a_later_write_saw_another() {
        let state = merged_in_every_order(&offline_x_and_online_y());
        assert_eq!(state.value(), &json!("C"));
        assert_eq!(values(&state), vec![&json!("A")]);
    }

    #[test]
    fn a_write_made_after_seeing_both_values_clears_both() {
        let [a, b, c] = offline_x_and_online_y();
        let shown = merged_in_every_order(&[a.clone(), b.clone(), c.clone()]);
        let seen: Vec<(String, u64)> = shown
            .seen()
            .iter()
            .map(|(r, s)| (r.to_string(), s))
            .collect();
        let seen: Vec<(&str, u64)> = seen.iter().map(|(r, s)| (r.as_str(), *s)).collect();
        let d = seen_version(json!("D"), 7, "z", 1, &seen);
        let state = merged_in_every_order(&[a, b, c, d]);
        assert_eq!(state.value(), &json!("D"));
        assert!(state.conflicts().is_empty(), "{state:#?}");
    }

    #[test]
    fn restoring_a_losing_value_from_the_notice_clears_the_conflict() {
        let [a, b, c] = offline_x_and_online_y();
        let shown = merged_in_every_order(&[a.clone(), b.clone(), c.clone()]);
        let restore = FieldVersion {
            seen: Some(shown.seen()),
            ..seen_version(json!("A"), 8, "x", 2, &[])
        };
        let state = merged_in_every_order(&[a, b, c, restore]);
        assert_eq!(state.value(), &json!("A"));
        assert!(state.conflicts().is_empty());
    }

    #[test]
    fn a_write_that_saw_only_the_winner_leaves_the_other_conflict() {
        let [a, b, c] = offline_x_and_online_y();
        // Y's next write saw C (and so B), not A.
        let e = seen_version(json!("E"), 9, "y", 3, &[("y", 2)]);
        let state = merged_in_every_order(&[a, b, c, e]);
        assert_eq!(values(&state), vec![&json!("A")]);
    }

    #[test]
    fn a_replicas_later_write_covers_its_earlier_one_even_stamped_before_it() {
        // The server pulled both far-future stamps back to the same millisecond, and the
        // counters swapped their order: the sequence numbers still say which came later.
        let first = seen_version(json!("A"), 100, "x", 1, &[]);
        let second = seen_version(json!("B"), 100, "x", 2, &[]);
        let first = FieldVersion {
            hlc: Hlc::new(100, 5, "x"),
            ..first
        };
        let other = seen_version(json!("C"), 200, "y", 1, &[]);
        let state = merged_in_every_order(&[first, second, other]);
        assert_eq!(values(&state), vec![&json!("B")]);
    }

    #[test]
    fn legacy_versions_keep_the_meaning_their_base_had() {
        // Written by an app from before `seen`: C's base covers every legacy version at or
        // below it, as it did, so A is no conflict (the blind spot `seen` removes).
        let a = version(json!("A"), 1, "x", 1, None);
        let b = version(json!("B"), 5, "y", 1, None);
        let c = version(json!("C"), 6, "y", 2, Some(b.hlc.clone()));
        let state = merged_in_every_order(&[a, b, c.clone()]);
        assert!(state.conflicts().is_empty());
        // A new app's offline write below that base is not hidden by it.
        let offline = seen_version(json!("A2"), 2, "z", 1, &[]);
        let state = merged_in_every_order(&[
            version(json!("A"), 1, "x", 1, None),
            version(json!("B"), 5, "y", 1, None),
            c,
            offline,
        ]);
        assert_eq!(values(&state), vec![&json!("A2")]);
    }

    #[test]
    fn a_state_stored_before_seen_reads_and_merges_as_before() {
        let stored = json!({
            "winner": {"value": "C", "hlc": {"wall_ms": 6, "counter": 0, "replica": "y"},
                       "base": {"wall_ms": 5, "counter": 0, "replica": "y"}, "seq": 2, "author": "y"},
            "max_base": {"wall_ms": 5, "counter": 0, "replica": "y"}
        });
        let mut state: FieldState = serde_json::from_value(stored).expect("a legacy state");
        // A legacy write the old engine had judged seen is still no conflict when it comes again.
        state.merge(version(json!("A"), 1, "x", 1, None));
        assert!(state.conflicts().is_empty());
        // A new app's write that saw nothing is one.
        state.merge(seen_version(json!("Z"), 3, "z", 1, &[]));
        assert_eq!(values(&state), vec![&json!("Z")]);
    }

    #[test]
    fn the_later_write_wins_whatever_the_arrival_order() {
        let a = version(json!("A"), 10, "a", 1, None);
        let b = version(json!("B"), 20, "b", 1, None);
        let mut ab = FieldState::new(a.clone());
        ab.merge(b.clone());
        let mut ba = FieldState::new(b);
        ba.merge(a);
        assert_eq!(ab, ba);
        assert_eq!(ab.value(), &json!("B"));
    }

    #[test]
    fn a_concurrent_loser_is_kept_as_a_conflict() {
        let a = version(json!("A"), 10, "a", 1, None);
        let b = version(json!("B"), 20, "b", 1, None);
        let mut state = FieldState::new(a);
        state.merge(b);
        assert_eq!(state.conflicts().len(), 1);
        assert_eq!(state.conflicts()[0].value, json!("A"));
    }

    #[test]
    fn a_write_made_after_seeing_the_other_is_not_a_conflict() {
        let a = version(json!("A"), 10, "a", 1, None);
        let b = version(json!("B"), 20, "b", 1, Some(a.hlc.clone()));
        let mut state = FieldState::new(b);
        state.merge(a);
        assert!(state.conflicts().is_empty());
    }

    #[test]
    fn restoring_the_losing_value_clears_the_conflict() {
        let a = version(json!("A"), 10, "a", 1, None);
        let b = version(json!("B"), 20, "b", 1, None);
        let mut state = FieldState::new(a);
        state.merge(b.clone());
        let restore = version(json!("A"), 30, "a", 2, Some(b.hlc.clone()));
        state.merge(restore);
        assert_eq!(state.value(), &json!("A"));
        assert!(state.conflicts().is_empty());
    }

    #[test]
    fn a_replicas_own_earlier_write_is_never_a_conflict() {
        let first = version(json!("A"), 10, "a", 1, None);
        let second = version(json!("B"), 20, "a", 2, None);
        let other = version(json!("C"), 5, "b", 1, None);
        let mut state = FieldState::new(second);
        state.merge(other);
        state.merge(first);
        let conflicts: Vec<&Value> = state.conflicts().iter().map(|v| &v.value).collect();
        assert_eq!(conflicts, vec![&json!("C")]);
    }

    #[test]
    fn merging_the_same_version_twice_is_a_duplicate() {
        let a = version(json!("A"), 10, "a", 1, None);
        let mut state = FieldState::new(a.clone());
        assert_eq!(state.merge(a), MergeOutcome::Duplicate);
    }

    #[test]
    fn the_same_value_twice_is_a_conflict_but_no_disagreement() {
        let mut state = FieldState::new(version(json!("完了"), 10, "a", 1, None));
        state.merge(version(json!("完了"), 10, "b", 1, None));
        state.merge(version(json!("作業中"), 9, "c", 1, None));
        assert_eq!(state.conflicts().len(), 2);
        let values: Vec<&Value> = state.disagreements().map(|v| &v.value).collect();
        assert_eq!(values, vec![&json!("作業中")]);
    }

    #[test]
    fn merge_reports_previous_value_and_whether_it_won() {
        let mut state = FieldState::new(version(json!(1), 10, "a", 1, None));
        let outcome = state.merge(version(json!(2), 5, "b", 1, None));
        assert_eq!(
            outcome,
            MergeOutcome::Applied {
                previous: Some(json!(1)),
                won: false
            }
        );
    }
}
