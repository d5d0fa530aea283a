//! A replica's synced records, found by key without string comparisons and listed in key order.
//!
//! Taking in a page of changes looks up one record per change. In a B-tree of `RecordKey`s each
//! lookup compared a record id with a dozen ids in other allocations (about half of the time a
//! page took: issue 27); a hash map finds the record with one hash and one comparison.
//! Listings keep the key order of before: the order is worked out (one sort of positions) when
//! a listing first asks for it after records were added, not kept up by every new record.

use crate::domain::RecordKind;
use crate::merge::{RecordKey, RecordState};
use crate::sorting;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

#[derive(Clone, Debug, Default)]
pub(super) struct RecordTable {
    /// Every record, in the order it came.
    slots: Vec<RecordState>,
    /// A record's position in `slots`, for lookups.
    by_key: FxHashMap<IndexKey, usize>,
    /// The positions in key order, once a listing asked for them (forgotten when a record
    /// is added).
    in_order: OnceLock<Vec<usize>>,
}

impl RecordTable {
    pub(super) fn new() -> Self {
        Self::default()
    }

    pub(super) fn len(&self) -> usize {
        self.slots.len()
    }

    /// Where `key`'s record is, for [`RecordTable::at_mut`].
    pub(super) fn position(&self, key: &RecordKey) -> Option<usize> {
        self.by_key.get(&IndexKey::of(key)).copied()
    }

    pub(super) fn at(&self, position: usize) -> &RecordState {
        &self.slots[position]
    }

    pub(super) fn at_mut(&mut self, position: usize) -> &mut RecordState {
        &mut self.slots[position]
    }

    pub(super) fn get(&self, key: &RecordKey) -> Option<&RecordState> {
        self.position(key).map(|at| &self.slots[at])
    }

    pub(super) fn get_mut(&mut self, key: &RecordKey) -> Option<&mut RecordState> {
        self.position(key).map(|at| &mut self.slots[at])
    }

    /// Puts `record` under its key, in place of the record there; returns its position.
    pub(super) fn insert(&mut self, record: RecordState) -> usize {
        if let Some(at) = self.position(&record.key) {
            self.slots[at] = record;
            return at;
        }
        let at = self.slots.len();
        self.by_key.insert(IndexKey::of(&record.key), at);
        self.in_order.take();
        self.slots.push(record);
        at
    }

    /// Every record in key order.
    pub(super) fn values(&self) -> impl Iterator<Item = &RecordState> {
        self.key_order().iter().map(|&at| &self.slots[at])
    }

    /// Every record in no particular order, for a count or a listing that sorts its own.
    pub(super) fn unordered(&self) -> impl Iterator<Item = &RecordState> {
        self.slots.iter()
    }

    fn key_order(&self) -> &[usize] {
        self.in_order.get_or_init(|| {
            let mut order: Vec<usize> = (0..self.slots.len()).collect();
            sorting::sort_by(&mut order, |&a, &b| {
                self.slots[a].key.cmp(&self.slots[b].key)
            });
            order
        })
    }

    pub(super) fn clear(&mut self) {
        self.slots.clear();
        self.by_key.clear();
        self.in_order.take();
    }
}

/// The longest id held in place in the index: every id an app makes fits
/// (`032085-k-1a2b3c4d5e6f` is 21 bytes).
const INLINE_ID: usize = 22;

/// A record's key as the index holds it: a short id's bytes in place, so finding a record
/// compares bytes beside the hash table's slot rather than reading the id's own allocation, one
/// wait on memory fewer per change taken in (issue 27). A longer id is held as it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum IndexKey {
    Inline {
        kind: RecordKind,
        len: u8,
        bytes: [u8; INLINE_ID],
    },
    Held(RecordKey),
}

impl IndexKey {
    fn of(key: &RecordKey) -> Self {
        let id = key.id.as_bytes();
        if id.len() > INLINE_ID {
            return IndexKey::Held(key.clone());
        }
        let mut bytes = [0; INLINE_ID];
        bytes[..id.len()].copy_from_slice(id);
        IndexKey::Inline {
            kind: key.kind,
            len: id.len() as u8, // at most INLINE_ID
            bytes,
        }
    }
}

impl FromIterator<RecordState> for RecordTable {
    fn from_iter<I: IntoIterator<Item = RecordState>>(records: I) -> Self {
        let mut table = Self::new();
        for record in records {
            table.insert(record);
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecordKind;
    use crate::org::OrgCode;

    fn record(id: &str) -> RecordState {
        let org = OrgCode::parse("032085").expect("valid code");
        RecordState::new(RecordKey::new(RecordKind::Measure, id), org)
    }

    #[test]
    fn short_and_long_ids_are_found_and_told_apart_by_kind() {
        let long = "x".repeat(INLINE_ID + 1);
        let edge = "y".repeat(INLINE_ID);
        let mut table: RecordTable = [long.as_str(), edge.as_str(), "m-1"]
            .into_iter()
            .map(record)
            .collect();
        let kpi = RecordState::new(
            RecordKey::new(RecordKind::Kpi, "m-1"),
            OrgCode::parse("032085").expect("valid code"),
        );
        let kpi_at = table.insert(kpi);
        for id in [long.as_str(), edge.as_str(), "m-1"] {
            let found = table.get(&record(id).key).expect("found");
            assert_eq!(found.key.id, id);
            assert_eq!(found.key.kind, RecordKind::Measure);
        }
        assert_eq!(
            table.position(&RecordKey::new(RecordKind::Kpi, "m-1")),
            Some(kpi_at)
        );
        assert!(table.get(&record(&"x".repeat(INLINE_ID)).key).is_none());
        assert_eq!(table.len(), 4);
    }

    #[test]
    fn records_are_found_by_key_replaced_in_place_and_listed_in_key_order() {
        let mut table: RecordTable = ["m-3", "m-1", "m-2"].into_iter().map(record).collect();
        let again = table.insert(record("m-1"));
        assert_eq!(table.position(&record("m-1").key), Some(again));
        assert_eq!(table.len(), 3);
        let ids: Vec<&str> = table.values().map(|r| r.key.id.as_str()).collect();
        assert_eq!(ids, ["m-1", "m-2", "m-3"]);
        table.insert(record("m-0"));
        let ids: Vec<&str> = table.values().map(|r| r.key.id.as_str()).collect();
        assert_eq!(ids, ["m-0", "m-1", "m-2", "m-3"]);
        assert_eq!(table.unordered().count(), 4);
        assert!(table.get(&record("m-4").key).is_none());
        table.clear();
        assert_eq!(table.values().count(), 0);
    }
}
