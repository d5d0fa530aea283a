//! The storage behind a record's field map ([`super::FieldStates`]): names in one vector,
//! states in another, at the same positions, each state in its own allocation.
//!
//! A `LiteMap` over `Vec<(name, state)>` puts each name beside a state of about 220 bytes, so
//! the binary search for a field touched a new cache line at every step; taking in a page of
//! changes to records not in cache spent a quarter of its time there (issue 27's profile).
//! Here the names lie side by side (16 bytes each) and only the state found is touched.
//!
//! States are boxed: a record gains its fields one by one as changes come in, and each new
//! field moved every state after it (and, as the vector grew, all of them) by 220 bytes each;
//! that was a third of taking in a change to a field the record did not have yet. Boxed, a new
//! field moves pointers.

use litemap::store::{
    Store, StoreBulkMut, StoreConstEmpty, StoreFromIterable, StoreFromIterator, StoreIntoIterator,
    StoreIterable, StoreIterableMut, StoreMut,
};
use std::cmp::Ordering;
use std::iter::{Map, Zip};

/// Keys and values of a `LiteMap` in two vectors of the same length.
#[derive(Clone, Debug, PartialEq)]
pub struct SplitStore<K, V> {
    keys: Vec<K>,
    values: Vec<Box<V>>,
}

impl<K, V> Default for SplitStore<K, V> {
    fn default() -> Self {
        Self {
            keys: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<K, V> StoreConstEmpty<K, V> for SplitStore<K, V> {
    const EMPTY: Self = Self {
        keys: Vec::new(),
        values: Vec::new(),
    };
}

impl<K, V> SplitStore<K, V> {
    fn from_pairs(pairs: Vec<(K, V)>) -> Self {
        let (keys, values) = pairs.into_iter().map(|(k, v)| (k, Box::new(v))).unzip();
        Self { keys, values }
    }

    fn into_pairs(self) -> Vec<(K, V)> {
        self.keys
            .into_iter()
            .zip(self.values.into_iter().map(|v| *v))
            .collect()
    }
}

// Named functions (not closures) so the iterator types can be named in the store's traits.
#[allow(clippy::borrowed_box)]
fn unbox<V>(value: &Box<V>) -> &V {
    value
}

#[allow(clippy::borrowed_box)]
fn unbox_mut<V>(value: &mut Box<V>) -> &mut V {
    value
}

#[allow(clippy::boxed_local)]
fn unbox_owned<V>(value: Box<V>) -> V {
    *value
}

impl<K, V> Store<K, V> for SplitStore<K, V> {
    fn lm_len(&self) -> usize {
        self.keys.len()
    }

    fn lm_get(&self, index: usize) -> Option<(&K, &V)> {
        Some((self.keys.get(index)?, &**self.values.get(index)?))
    }

    fn lm_binary_search_by<F>(&self, cmp: F) -> Result<usize, usize>
    where
        F: FnMut(&K) -> Ordering,
    {
        self.keys.binary_search_by(cmp)
    }
}

impl<K, V> StoreMut<K, V> for SplitStore<K, V> {
    fn lm_with_capacity(capacity: usize) -> Self {
        Self {
            keys: Vec::with_capacity(capacity),
            values: Vec::with_capacity(capacity),
        }
    }

    fn lm_reserve(&mut self, additional: usize) {
        self.keys.reserve(additional);
        self.values.reserve(additional);
    }

    fn lm_get_mut(&mut self, index: usize) -> Option<(&K, &mut V)> {
        Some((self.keys.get(index)?, &mut **self.values.get_mut(index)?))
    }

    fn lm_push(&mut self, key: K, value: V) {
        self.keys.push(key);
        self.values.push(Box::new(value));
    }

    fn lm_insert(&mut self, index: usize, key: K, value: V) {
        self.keys.insert(index, key);
        self.values.insert(index, Box::new(value));
    }

    fn lm_remove(&mut self, index: usize) -> (K, V) {
        (self.keys.remove(index), *self.values.remove(index))
    }

    fn lm_clear(&mut self) {
        self.keys.clear();
        self.values.clear();
    }
}

impl<K: Ord, V> StoreBulkMut<K, V> for SplitStore<K, V> {
    fn lm_retain<F>(&mut self, mut predicate: F)
    where
        F: FnMut(&K, &V) -> bool,
    {
        let mut pairs = std::mem::take(self).into_pairs();
        pairs.retain(|(k, v)| predicate(k, v));
        *self = Self::from_pairs(pairs);
    }

    /// Rare (a map read out of order): done by the vector store, which sorts and dedups.
    fn lm_extend<I>(&mut self, other: I)
    where
        I: IntoIterator<Item = (K, V)>,
    {
        let mut pairs = std::mem::take(self).into_pairs();
        pairs.lm_extend(other);
        *self = Self::from_pairs(pairs);
    }
}

impl<K: Ord, V> StoreFromIterable<K, V> for SplitStore<K, V> {
    fn lm_sort_from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut store = Self::default();
        store.lm_extend(iter);
        store
    }
}

impl<'a, K: 'a, V: 'a> StoreIterable<'a, K, V> for SplitStore<K, V> {
    type KeyValueIter =
        Zip<std::slice::Iter<'a, K>, Map<std::slice::Iter<'a, Box<V>>, fn(&Box<V>) -> &V>>;

    fn lm_iter(&'a self) -> Self::KeyValueIter {
        self.keys
            .iter()
            .zip(self.values.iter().map(unbox as fn(&Box<V>) -> &V))
    }
}

impl<'a, K: 'a, V: 'a> StoreIterableMut<'a, K, V> for SplitStore<K, V> {
    type KeyValueIterMut = Zip<
        std::slice::Iter<'a, K>,
        Map<std::slice::IterMut<'a, Box<V>>, fn(&mut Box<V>) -> &mut V>,
    >;

    fn lm_iter_mut(&'a mut self) -> Self::KeyValueIterMut {
        self.keys.iter().zip(
            self.values
                .iter_mut()
                .map(unbox_mut as fn(&mut Box<V>) -> &mut V),
        )
    }
}

impl<K, V> StoreIntoIterator<K, V> for SplitStore<K, V> {
    type KeyValueIntoIter =
        Zip<std::vec::IntoIter<K>, Map<std::vec::IntoIter<Box<V>>, fn(Box<V>) -> V>>;

    fn lm_into_iter(self) -> Self::KeyValueIntoIter {
        self.keys
            .into_iter()
            .zip(self.values.into_iter().map(unbox_owned as fn(Box<V>) -> V))
    }
}

impl<K, V> FromIterator<(K, V)> for SplitStore<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        Self::from_pairs(pairs.into_iter().collect())
    }
}

impl<K, V> StoreFromIterator<K, V> for SplitStore<K, V> {}

#[cfg(test)]
mod tests {
    use super::*;
    use litemap::LiteMap;

    #[test]
    fn a_map_over_split_vectors_finds_inserts_removes_and_reads_out_of_order_input() {
        let mut map: LiteMap<String, u32, SplitStore<String, u32>> = LiteMap::new();
        for (name, n) in [("title", 1), ("area", 2), ("status", 3)] {
            map.insert(name.to_string(), n);
        }
        assert_eq!(map.get("area"), Some(&2));
        *map.get_mut("status").expect("present") += 10;
        assert_eq!(map.remove("title"), Some(1));
        let pairs: Vec<(&str, u32)> = map.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(pairs, [("area", 2), ("status", 13)]);
        let json = serde_json::to_string(&map).expect("encodes");
        assert_eq!(json, r#"{"area":2,"status":13}"#);
        let back: LiteMap<String, u32, SplitStore<String, u32>> =
            serde_json::from_str(r#"{"status":13,"area":2,"status":14}"#).expect("decodes");
        assert_eq!(back.len(), 2);
        assert_eq!(back.get("status"), Some(&14));
        assert_eq!(back.get("area"), Some(&2));
    }
}
