//! Stable sorting that costs the wasm build one copy of the sort, not one per element type and
//! comparison. `slice::sort_by` is generic over both: each call site with its own closure gets
//! its own copy of the standard library's driftsort (several KB each), and the app had dozens.
//! Here the sort itself runs once, on positions (`usize`) through a `dyn` comparison; the
//! generic part only compares and moves the elements into place. For the lists screens sort
//! (organisations, areas, measures, surveys: thousands at most); keep the standard sorts for hot
//! paths (merging, decoding, the queue).

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order (like `slice::sort_by`).
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &mut |a, b| compare(&items[a], &items[b]));
    apply_order(items, &mut order);
}

/// Sorts `items` by the key `key` gives (like `slice::sort_by_key`), stable.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order (like `slice::sort`), stable.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` in the stable order of `compare`, sorting runs rather than items:
/// consecutive positions that compare equal stay together as one run, and only the runs' first
/// positions are sorted. The same order as a stable sort of every position (a run's items are
/// equal, and equal runs keep their order), at the cost of the runs: a batch's writes come
/// record by record, so 80,000 writes of 10,000 records sort as 10,000.
pub fn sorted_runs(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for at in 1..=len {
        if at == len || compare(start, at) != Ordering::Equal {
            runs.push((start, at));
            start = at;
        }
    }
    let mut order: Vec<usize> = (0..runs.len()).collect();
    sort_positions(&mut order, &mut |a, b| compare(runs[a].0, runs[b].0));
    order
        .iter()
        .flat_map(|&run| runs[run].0..runs[run].1)
        .collect()
}

/// The one monomorphic sort: `order` (positions) by the items they name.
#[inline(never)]
fn sort_positions(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

/// Moves the items so that position `i` holds the item that was at `order[i]`, by swaps along
/// each cycle of the permutation (no copies, no `Clone` needed). Marks finished positions as
/// pointing at themselves.
fn apply_order<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..items.len() {
        let mut here = start;
        while order[here] != start {
            let from = order[here];
            items.swap(here, from);
            order[here] = here;
            here = from;
        }
        order[here] = here;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sorts_like_the_standard_library_keeping_equal_items_in_order() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        let mut expected = items.clone();
        expected.sort_by_key(|item| item.0);
        sort_by_key(&mut items, |item| item.0);
        assert_eq!(items, expected);
    }

    #[test]
    fn short_lists() {
        let mut empty: Vec<u8> = vec![];
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut one = vec![5];
        sort(&mut one);
        assert_eq!(one, [5]);
    }

    proptest! {
        #[test]
        fn agrees_with_slice_sort_by(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            let mut theirs = items;
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            theirs.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, theirs);
        }

        /// Sorting runs orders the positions as a stable sort of all of them does, runs of
        /// equal items (few keys, long stretches) or not.
        #[test]
        fn sorting_runs_agrees_with_a_stable_sort(
            items in proptest::collection::vec((0u8..4, any::<u16>()), 0..200),
            stretch in 1usize..6,
        ) {
            let items: Vec<(u8, u16)> = items
                .iter()
                .flat_map(|&item| std::iter::repeat_n(item, stretch))
                .collect();
            let runs = sorted_runs(items.len(), &mut |a, b| items[a].0.cmp(&items[b].0));
            let mut expected: Vec<usize> = (0..items.len()).collect();
            expected.sort_by_key(|&at| items[at].0);
            prop_assert_eq!(runs, expected);
        }
    }
}
