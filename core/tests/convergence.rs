//! Property tests of the merge engine and the sync protocol: whatever the order, duplication,
//! loss and retry of messages, every replica ends with the same state and no acknowledged write
//! is lost.

use proptest::prelude::*;
use serde_json::json;
use std::collections::BTreeMap;
use tsunagu_core::access::{Principal, Role};
use tsunagu_core::client::{ClientReplica, FieldKey};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{FieldState, FieldVersion, Hlc, RecordKey, RecordState};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{
    decode_snapshot_record, encode_snapshot_record, SyncRequest, SyncResponse,
};
use tsunagu_core::server::{handle_sync, MemoryStore, SyncStore};

const FIELDS: [&str; 3] = ["title", "notes", "department"];
const RECORDS: [&str; 2] = ["m-1", "m-2"];

fn org() -> OrgCode {
    OrgCode::parse("032018").expect("Morioka's code is valid")
}

fn principal() -> Principal {
    Principal {
        token_id: "token-1".into(),
        org: org(),
        role: Role::Editor,
        label: "盛岡市 DX推進担当".into(),
    }
}

/// A version with a base chosen among the versions before it (or none).
fn versions_strategy() -> impl Strategy<Value = Vec<FieldVersion>> {
    prop::collection::vec(
        (
            0u64..50,
            0u32..3,
            0usize..4,
            0u8..20,
            prop::option::of(0usize..64),
        ),
        1..24,
    )
    .prop_map(|raw| {
        let mut versions: Vec<FieldVersion> = Vec::new();
        for (index, (wall, counter, replica, value, base)) in raw.into_iter().enumerate() {
            let base = base
                .filter(|_| !versions.is_empty())
                .map(|i| versions[i % versions.len()].hlc.clone());
            versions.push(FieldVersion {
                value: json!(value),
                hlc: Hlc::new(wall, counter, format!("replica-{replica}")),
                base,
                seen: None,
                seq: index as u64 + 1,
                author: format!("author {replica}").into(),
            });
        }
        versions
    })
}

fn merge_all(versions: impl IntoIterator<Item = FieldVersion>) -> Option<FieldState> {
    let mut state: Option<FieldState> = None;
    for version in versions {
        match state.as_mut() {
            Some(state) => {
                state.merge(version);
            }
            None => state = Some(FieldState::new(version)),
        }
    }
    state
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Merge is commutative, associative and idempotent: any order, with any duplicates, gives
    /// the same field state.
    #[test]
    fn merge_is_independent_of_order_and_duplicates(
        versions in versions_strategy(),
        order in prop::collection::vec(any::<prop::sample::Index>(), 1..64),
    ) {
        let reference = merge_all(versions.clone());
        // Every version at least once, then a random sequence of repeats, shuffled.
        let mut shuffled: Vec<FieldVersion> = versions.clone();
        shuffled.extend(order.iter().map(|i| versions[i.index(versions.len())].clone()));
        let mut keyed: Vec<(usize, FieldVersion)> = shuffled
            .into_iter()
            .enumerate()
            .map(|(i, v)| ((i * 7919 + order.len() * 31) % 10007, v))
            .collect();
        keyed.sort_by_key(|(k, _)| *k);
        let other = merge_all(keyed.into_iter().map(|(_, v)| v));
        prop_assert_eq!(reference, other);
    }

    /// The merged state equals its definition over the set of versions: the greatest version
    /// wins, and the conflicts are the versions nobody has seen and their own replica has not
    /// overwritten. These are legacy versions (a `base`, no `seen`): their bases cover every
    /// version at or below them, as before `seen` existed (`exact_conflicts.rs` tests `seen`).
    #[test]
    fn merged_state_matches_its_definition(versions in versions_strategy()) {
        let state = merge_all(versions.clone()).expect("at least one version");
        let key = |v: &FieldVersion| (v.hlc.clone(), v.seq);
        let winner = versions.iter().max_by_key(|v| key(v)).expect("non-empty");
        let max_base = versions.iter().filter_map(|v| v.base.clone()).max();
        let mut expected: Vec<&FieldVersion> = versions
            .iter()
            .filter(|v| !v.is_same_write(winner))
            .filter(|v| Some(&v.hlc) > max_base.as_ref())
            // A replica's later write is the one with the greater sequence number, whatever
            // the timestamps (the server may pull a far-future one back).
            .filter(|v| !versions.iter().any(|w| w.hlc.replica == v.hlc.replica && w.seq > v.seq))
            .collect();
        expected.sort_by_key(|v| std::cmp::Reverse(key(v)));
        prop_assert_eq!(&state.winner, winner);
        prop_assert_eq!(state.conflicts().iter().collect::<Vec<_>>(), expected);
    }

    /// Associativity: merging two partial replicas' versions into a third gives the same state
    /// as merging everything into one.
    #[test]
    fn merging_replica_states_is_associative(versions in versions_strategy(), split in 0usize..24) {
        let split = split.min(versions.len());
        let (left, right) = versions.split_at(split);
        let mut combined = merge_all(left.iter().cloned());
        let right_state = merge_all(right.iter().cloned());
        if let Some(right_state) = right_state {
            let right_versions = std::iter::once(right_state.winner.clone()).chain(right_state.heads.clone());
            for version in right_versions.chain(right.iter().cloned()) {
                match combined.as_mut() {
                    Some(state) => { state.merge(version); }
                    None => combined = Some(FieldState::new(version)),
                }
            }
        }
        prop_assert_eq!(combined, merge_all(versions));
    }

    /// Absorbing another replica's whole field state (as a snapshot delivers it) gives the
    /// state of the union of both sets of versions, in either direction.
    #[test]
    fn absorbing_a_state_equals_merging_its_versions(versions in versions_strategy(), split in 0usize..24, overlap in 0usize..4) {
        let split = split.min(versions.len());
        let left = &versions[..split];
        let right = &versions[split.saturating_sub(overlap)..];
        let expected = merge_all(versions.iter().cloned());
        if let (Some(left_state), Some(right_state)) = (merge_all(left.iter().cloned()), merge_all(right.iter().cloned())) {
            let mut forward = left_state.clone();
            forward.absorb(&right_state);
            let mut backward = right_state.clone();
            backward.absorb(&left_state);
            prop_assert_eq!(Some(&forward), expected.as_ref());
            prop_assert_eq!(Some(&backward), expected.as_ref());
            prop_assert!(!forward.clone().absorb(&right_state), "absorbing twice changes nothing");
        }
    }

    /// A snapshot page carries records in their compact form: whatever the merges left in a
    /// record (winners, bases, conflicts of several replicas), it reads back unchanged.
    #[test]
    fn a_record_reads_back_from_its_snapshot_form(fields in prop::collection::vec(versions_strategy(), 1..4)) {
        let mut record = RecordState::new(RecordKey::new(RecordKind::Measure, "m-1"), org());
        for (index, versions) in fields.into_iter().enumerate() {
            if let Some(state) = merge_all(versions) {
                record.fields.insert(FIELDS[index % FIELDS.len()].into(), state);
            }
        }
        let json = encode_snapshot_record(&record).expect("encodes");
        prop_assert_eq!(decode_snapshot_record(&json).expect("decodes"), record);
    }
}

/// What can happen to one push.
#[derive(Clone, Debug)]
enum Step {
    Write {
        client: usize,
        record: usize,
        field: usize,
        value: u8,
    },
    /// `lose_request`: never arrives; `lose_reply`: applied but the client never hears;
    /// `duplicate`: arrives twice.
    Sync {
        client: usize,
        lose_request: bool,
        lose_reply: bool,
        duplicate: bool,
        page: u32,
    },
    /// A client's device clock jumps far ahead (the year 2099).
    ClockJump { client: usize },
}

fn step_strategy() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0usize..3, 0usize..2, 0usize..3, any::<u8>())
            .prop_map(|(client, record, field, value)| Step::Write { client, record, field, value }),
        3 => (0usize..3, prop::bool::weighted(0.2), prop::bool::weighted(0.2), prop::bool::weighted(0.2), 1u32..8)
            .prop_map(|(client, lose_request, lose_reply, duplicate, page)| Step::Sync { client, lose_request, lose_reply, duplicate, page }),
        1 => (0usize..3).prop_map(|client| Step::ClockJump { client }),
    ]
}

struct Sim {
    server: MemoryStore,
    clients: Vec<ClientReplica>,
    clocks: Vec<u64>,
    server_now: u64,
    acknowledged: Vec<u64>,
}

impl Sim {
    fn new() -> Self {
        Self {
            server: MemoryStore::new(),
            clients: (0..3)
                .map(|i| ClientReplica::new(format!("client-{i:04}")))
                .collect(),
            clocks: vec![1_700_000_000_000; 3],
            server_now: 1_700_000_000_000,
            acknowledged: vec![0; 3],
        }
    }

    fn push(&mut self, request: &SyncRequest) -> SyncResponse {
        self.server_now += 10;
        handle_sync(&mut self.server, &principal(), request, self.server_now)
            .expect("a well-formed push from an editor is accepted")
    }

    fn run(&mut self, step: &Step) {
        match *step {
            Step::Write {
                client,
                record,
                field,
                value,
            } => {
                self.clocks[client] += 7;
                let key = FieldKey::new(RecordKind::Measure, RECORDS[record], FIELDS[field]);
                self.clients[client].write(
                    &org(),
                    &key,
                    json!(format!("v{value}")),
                    self.clocks[client],
                );
            }
            Step::ClockJump { client } => self.clocks[client] = 4_070_908_800_000,
            Step::Sync {
                client,
                lose_request,
                lose_reply,
                duplicate,
                page,
            } => {
                let request = self.clients[client].request(Some(page));
                if lose_request {
                    return;
                }
                let mut response = self.push(&request);
                if duplicate {
                    response = self.push(&request);
                }
                self.acknowledged[client] = self.acknowledged[client].max(response.acked_through);
                if !lose_reply {
                    self.clients[client].apply_response(&mut response);
                }
            }
        }
    }

    /// Everyone pushes what is left and pulls everything, with a bounded number of rounds.
    fn settle(&mut self) {
        for client in 0..self.clients.len() {
            for _ in 0..1_000 {
                let request = self.clients[client].request(Some(50));
                let mut response = self.push(&request);
                self.acknowledged[client] = self.acknowledged[client].max(response.acked_through);
                self.clients[client].apply_response(&mut response);
                if self.clients[client].pending().is_empty() && !response.has_more {
                    break;
                }
            }
        }
        // A final pull for everyone, so early finishers see the last pushes too.
        for client in 0..self.clients.len() {
            for _ in 0..1_000 {
                let mut response = self.push(&self.clients[client].request(Some(50)));
                self.clients[client].apply_response(&mut response);
                if !response.has_more {
                    break;
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn replicas_converge_and_lose_no_acknowledged_write(steps in prop::collection::vec(step_strategy(), 0..80)) {
        let mut sim = Sim::new();
        let mut written = [0u64; 3];
        for step in &steps {
            if let Step::Write { client, .. } = step {
                written[*client] += 1;
            }
            sim.run(step);
        }
        sim.settle();

        let server_state: BTreeMap<FieldKey, FieldState> = sim
            .server
            .fields()
            .iter()
            .map(|((record, field), state)| (FieldKey { record: record.clone(), field: field.as_str().into() }, state.clone()))
            .collect();
        for (index, client) in sim.clients.iter().enumerate() {
            prop_assert!(client.pending().is_empty(), "client {} still has pending writes", index);
            prop_assert_eq!(&client.synced_fields(), &server_state, "client {} diverged", index);
            prop_assert_eq!(client.cursor(), sim.server.last_change_seq().unwrap());
        }
        // Every write was acknowledged, and every acknowledged write is in the log exactly once.
        for (index, client) in sim.clients.iter().enumerate() {
            prop_assert_eq!(sim.acknowledged[index], written[index]);
            for seq in 1..=written[index] {
                let copies = sim
                    .server
                    .log()
                    .iter()
                    .filter(|c| *c.version.hlc.replica == *client.client_id() && c.version.seq == seq)
                    .count();
                prop_assert_eq!(copies, 1, "client {} seq {} is in the log {} times", index, seq, copies);
            }
        }
        // No stored timestamp is ahead of the server's clock by more than the allowed skew.
        for change in sim.server.log() {
            prop_assert!(change.version.hlc.wall_ms <= sim.server_now + tsunagu_core::protocol::MAX_CLOCK_SKEW_MS);
        }
    }
}
