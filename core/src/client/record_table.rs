//! A replica's synced records, found by key without string comparisons and listed in key order.
//!
//! Taking in a page of changes looks up one record per change. In a B-tree of `RecordKey`s each
//! lookup compared a record id with a dozen ids in other allocations (about half of the time a
//! page took: issue 27); a hash map finds the record with one hash and one comparison.
//! Listings keep the key order of before: the order is worked out (one sort of positions) when
//! a listing first asks for it after records were added, not kept up by every new record.

use crate::merge::{RecordKey, RecordState};
use crate::sorting;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

#[derive(Clone, Debug, Default)]
pub(super) struct RecordTable {
    /// Every record, in the order it came.
    slots: Vec<RecordState>,
    /// A record's position in `slots`, for lookups.
    by_key: FxHashMap<RecordKey, usize>,
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
        self.by_key.get(key).copied()
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
        self.by_key.insert(record.key.clone(), at);
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
