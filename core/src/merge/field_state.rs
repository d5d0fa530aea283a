use super::{FieldVersion, Hlc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::cmp::Ordering;

/// The merged state of one field.
///
/// Invariants, which make the state a function of the set of versions merged into it:
/// - `winner` is the version with the greatest (timestamp, sequence) ever merged;
/// - `max_base` is the greatest `base` of any version merged;
/// - `heads` holds every other version whose timestamp is above `max_base` and that no later
///   write of the same replica follows: nobody has seen them, so they lost to a concurrent
///   write. These are the field's conflicts. (A replica always sees its own earlier writes.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldState {
    pub winner: FieldVersion,
    #[serde(default)]
    pub max_base: Option<Hlc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub heads: Vec<FieldVersion>,
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
        Self {
            max_base: first.base.clone(),
            winner: first,
            heads: Vec::new(),
        }
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

    /// Merges one version; the result is the same whatever order versions arrive in.
    pub fn merge(&mut self, incoming: FieldVersion) -> MergeOutcome {
        if self.contains(&incoming) {
            return MergeOutcome::Duplicate;
        }
        let previous = Some(self.winner.value.clone());
        let base_moved = incoming.base > self.max_base;
        if base_moved {
            self.max_base = incoming.base.clone();
        }
        let won = order(&incoming, &self.winner) == Ordering::Greater;
        let loser = if won {
            std::mem::replace(&mut self.winner, incoming)
        } else {
            incoming
        };
        let newest = if won { &self.winner } else { &loser };
        let (replica, newest) = (newest.hlc.replica.clone(), newest.clone());
        let max_base = self.max_base.clone();
        if base_moved || !self.heads.is_empty() {
            self.heads.retain(|h| {
                Some(&h.hlc) > max_base.as_ref()
                    && !(h.hlc.replica == replica && order(h, &newest) == Ordering::Less)
            });
        }
        let superseded_by_own_write = std::iter::once(&self.winner)
            .chain(&self.heads)
            .any(|v| v.hlc.replica == loser.hlc.replica && order(v, &loser) == Ordering::Greater);
        if Some(&loser.hlc) > self.max_base.as_ref() && !superseded_by_own_write {
            // Newest first: insert after every head that orders above the loser.
            let at = self
                .heads
                .partition_point(|h| order(h, &loser) == Ordering::Greater);
            self.heads.insert(at, loser);
        }
        MergeOutcome::Applied { previous, won }
    }
}

impl FieldState {
    /// Merges another replica's whole state of the same field: the result is the state of the
    /// union of both sets of versions, as if every version had been merged one by one. A
    /// snapshot delivers states, not versions, so this is how one is taken in.
    pub fn absorb(&mut self, other: &FieldState) -> bool {
        let before = self.clone();
        for version in std::iter::once(&other.winner).chain(&other.heads) {
            self.merge(version.clone());
        }
        // Versions the other side dropped were seen (at or below its `max_base`) or superseded
        // by a later write of their own replica; the greater base drops them here too.
        if other.max_base > self.max_base {
            self.max_base = other.max_base.clone();
            let max_base = self.max_base.clone();
            self.heads.retain(|h| Some(&h.hlc) > max_base.as_ref());
        }
        *self != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::merge::test_version as version;

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
