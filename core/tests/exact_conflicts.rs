//! Property tests of exact conflicts (issue 27): a field's conflicts are exactly those of a
//! multi-value register over explicit "seen" sets, whatever the order, duplication and loss of
//! deliveries; and a field's state is a function of the set of versions merged into it.

use proptest::prelude::*;
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::Arc;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{FieldState, FieldVersion, Hlc, RecordKey, RecordState, Seen};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{decode_snapshot_record, encode_snapshot_record};

const REPLICAS: usize = 3;

/// One step of a history: a replica writes, a version is delivered to a replica (any version,
/// any number of times, or never), or a replica takes in another's whole state (a snapshot).
#[derive(Clone, Debug)]
enum Step {
    Write {
        replica: usize,
        wall: u64,
        seq_gap: u64,
    },
    Deliver {
        version: usize,
        to: usize,
    },
    Absorb {
        from: usize,
        to: usize,
    },
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let step = prop_oneof![
        3 => (0..REPLICAS, 0u64..12, 1u64..3).prop_map(|(replica, wall, seq_gap)| Step::Write {
            replica,
            wall,
            seq_gap
        }),
        4 => (0usize..64, 0..REPLICAS).prop_map(|(version, to)| Step::Deliver { version, to }),
        1 => (0..REPLICAS, 0..REPLICAS).prop_map(|(from, to)| Step::Absorb { from, to }),
    ];
    prop::collection::vec(step, 1..40)
}

/// The reference: every version with the explicit set of versions its author had seen.
struct Written {
    version: FieldVersion,
    saw: BTreeSet<usize>,
}

#[derive(Default)]
struct Replica {
    known: BTreeSet<usize>,
    state: Option<FieldState>,
    next_seq: u64,
}

impl Replica {
    fn take(&mut self, index: usize, version: &FieldVersion) {
        self.known.insert(index);
        match &mut self.state {
            Some(state) => {
                state.merge(version.clone());
            }
            None => self.state = Some(FieldState::new(version.clone())),
        }
    }
}

fn id(version: &FieldVersion) -> (Arc<str>, u64) {
    (Arc::clone(&version.hlc.replica), version.seq)
}

fn newest_first(a: &FieldVersion, b: &FieldVersion) -> std::cmp::Ordering {
    (&b.hlc, b.seq).cmp(&(&a.hlc, a.seq))
}

/// The multi-value register's answer for `known`: the greatest version wins; the conflicts are
/// the other versions no known version's author had seen, newest first.
fn reference(written: &[Written], known: &BTreeSet<usize>) -> (FieldVersion, Vec<FieldVersion>) {
    let mut versions: Vec<&FieldVersion> = known.iter().map(|&i| &written[i].version).collect();
    versions.sort_by(|a, b| newest_first(a, b));
    let winner = versions[0].clone();
    let seen_by_some = |i: usize| known.iter().any(|&k| written[k].saw.contains(&i));
    let mut heads: Vec<FieldVersion> = known
        .iter()
        .filter(|&&i| !seen_by_some(i) && !written[i].version.is_same_write(&winner))
        .map(|&i| written[i].version.clone())
        .collect();
    heads.sort_by(newest_first);
    (winner, heads)
}

fn from_scratch<'a>(versions: impl Iterator<Item = &'a FieldVersion>) -> Option<FieldState> {
    let mut state: Option<FieldState> = None;
    for version in versions {
        match &mut state {
            Some(state) => {
                state.merge(version.clone());
            }
            None => state = Some(FieldState::new(version.clone())),
        }
    }
    state
}

fn check(written: &[Written], replica: &Replica) -> Result<(), TestCaseError> {
    let Some(state) = &replica.state else {
        return Ok(());
    };
    let (winner, heads) = reference(written, &replica.known);
    prop_assert_eq!(id(&state.winner), id(&winner));
    let ids = |versions: &[FieldVersion]| versions.iter().map(id).collect::<Vec<_>>();
    prop_assert_eq!(ids(state.conflicts()), ids(&heads), "{:?}", state);
    // The same set merged in index order and in reverse gives the same state.
    let set = || replica.known.iter().map(|&i| &written[i].version);
    let (forward, backward) = (from_scratch(set()), from_scratch(set().rev()));
    prop_assert_eq!(forward.as_ref(), Some(state));
    prop_assert_eq!(backward.as_ref(), Some(state));
    // And so does its snapshot form.
    let mut record = RecordState::new(
        RecordKey::new(RecordKind::Measure, "m-1"),
        OrgCode::parse("032018").expect("Morioka's code is valid"),
    );
    for version in set() {
        record.merge("status", version.clone());
    }
    let json = encode_snapshot_record(&record).expect("encodes");
    prop_assert_eq!(decode_snapshot_record(&json).expect("decodes"), record);
    Ok(())
}

fn run(steps: Vec<Step>) -> Result<(), TestCaseError> {
    let mut written: Vec<Written> = Vec::new();
    let mut replicas: Vec<Replica> = (0..REPLICAS).map(|_| Replica::default()).collect();
    for step in steps {
        match step {
            Step::Write {
                replica,
                wall,
                seq_gap,
            } => {
                let author = &mut replicas[replica];
                author.next_seq += seq_gap;
                // The reference: everything the author knows and everything those had seen.
                let mut saw = author.known.clone();
                for &k in &author.known {
                    saw.extend(&written[k].saw);
                }
                // Any timestamp: conflicts must not depend on timestamps (the server may pull
                // one back), only the winner does.
                let version = FieldVersion {
                    value: json!(written.len()),
                    hlc: Hlc::new(wall, 0, format!("replica-{replica}")),
                    base: None,
                    seen: Some(
                        author
                            .state
                            .as_ref()
                            .map(FieldState::seen)
                            .unwrap_or_default(),
                    ),
                    seq: author.next_seq,
                    author: "someone".into(),
                };
                written.push(Written {
                    version: version.clone(),
                    saw,
                });
                author.take(written.len() - 1, &version);
            }
            Step::Deliver { version, to } if !written.is_empty() => {
                let index = version % written.len();
                replicas[to].take(index, &written[index].version.clone());
            }
            Step::Deliver { .. } => {}
            Step::Absorb { from, to } => {
                let Some(from_state) = replicas[from].state.clone() else {
                    continue;
                };
                let known = replicas[from].known.clone();
                let target = &mut replicas[to];
                target.known.extend(known);
                match &mut target.state {
                    Some(state) => {
                        state.absorb(&from_state);
                    }
                    None => target.state = Some(from_state),
                }
            }
        }
        for replica in &replicas {
            check(&written, replica)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn conflicts_are_a_multi_value_registers_under_any_delivery(steps in steps()) {
        run(steps)?;
    }

    /// Legacy versions (a `base` only, from apps before `seen`) mixed with new ones: still a
    /// function of the set, whatever the order and duplication.
    #[test]
    fn a_mix_of_legacy_and_new_versions_merges_to_one_state_in_any_order(
        raw in prop::collection::vec(
            (0u64..12, 0usize..REPLICAS, any::<bool>(), prop::option::of(0usize..32),
             prop::collection::vec((0usize..REPLICAS, 0u64..8), 0..3)),
            1..16,
        ),
        order in prop::collection::vec(0usize..64, 1..48),
    ) {
        let mut versions: Vec<FieldVersion> = Vec::new();
        for (index, (wall, replica, legacy, base, seen)) in raw.into_iter().enumerate() {
            let base = base
                .filter(|_| !versions.is_empty())
                .map(|i| versions[i % versions.len()].hlc.clone());
            let seen: Seen = seen
                .into_iter()
                .map(|(r, s)| (Arc::from(format!("replica-{r}")), s))
                .collect();
            versions.push(FieldVersion {
                value: json!(index),
                hlc: Hlc::new(wall, 0, format!("replica-{replica}")),
                base,
                seen: (!legacy).then_some(seen),
                seq: index as u64 + 1,
                author: "someone".into(),
            });
        }
        let shuffled: Vec<&FieldVersion> = order
            .iter()
            .map(|&i| &versions[i % versions.len()])
            .chain(&versions)
            .collect();
        let once = from_scratch(versions.iter());
        let any_order = from_scratch(shuffled.into_iter());
        prop_assert_eq!(&once, &any_order);
        // Halves merged apart and absorbed into each other meet in the same state.
        let (left, right) = versions.split_at(versions.len() / 2);
        if let (Some(mut left), Some(right)) = (from_scratch(left.iter()), from_scratch(right.iter())) {
            left.absorb(&right);
            prop_assert_eq!(Some(left), once);
        }
    }
}
