//! Answers cut by bytes, not only by count: a page of changes, snapshot records or history
//! entries stops at [`crate::protocol::MAX_PAGE_BYTES`] of JSON, however large its values, so
//! no answer outgrows what a browser (or the runtime) holds comfortably.

/// How many of `items`, from the start, fit in `budget` bytes by `size` (always at least one,
/// so a page never stops moving); the second value is whether any were left out.
pub(super) fn fitting<T>(items: &[T], budget: usize, size: impl Fn(&T) -> usize) -> (usize, bool) {
    let mut total = 0usize;
    for (index, item) in items.iter().enumerate() {
        total = total.saturating_add(size(item));
        if total > budget && index > 0 {
            return (index, true);
        }
    }
    (items.len(), false)
}

#[cfg(test)]
mod tests {
    use super::fitting;

    #[test]
    fn a_page_stops_before_the_item_that_passes_the_budget_but_never_empty() {
        let sizes = [40, 30, 50, 10];
        assert_eq!(fitting(&sizes, 100, |s| *s), (2, true));
        assert_eq!(fitting(&sizes, 130, |s| *s), (4, false));
        assert_eq!(
            fitting(&sizes, 10, |s| *s),
            (1, true),
            "one item, however large"
        );
        assert_eq!(fitting::<usize>(&[], 10, |s| *s), (0, false));
    }
}
