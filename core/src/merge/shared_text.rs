//! One copy of each replica id and author label read from the wire, shared by every version
//! that names it.
//!
//! A page of changes names a handful of replicas and authors; decoded page by page, each page
//! made its own copies, so two versions of one replica from two pages held different
//! allocations. Comparing them then read both texts, and dropping a version touched a
//! reference count in memory long out of cache: at a million changes taken in, the merge spent
//! more time there than in its own logic (issue 27). With one shared copy, equal replicas
//! compare by pointer and the counts stay in cache.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

/// How many texts are kept shared; past it (far more devices than a prefecture has) texts are
/// copied as before, so a hostile stream of names cannot grow the set without bound.
const MAX_SHARED: usize = 1 << 16;

thread_local! {
    static SHARED: RefCell<HashSet<Arc<str>>> = RefCell::new(HashSet::new());
}

/// The shared copy of `text`, made on its first use.
pub fn shared_text(text: &str) -> Arc<str> {
    SHARED.with(|set| {
        let mut set = set.borrow_mut();
        if let Some(found) = set.get(text) {
            return Arc::clone(found);
        }
        let made: Arc<str> = Arc::from(text);
        if set.len() < MAX_SHARED {
            set.insert(Arc::clone(&made));
        }
        made
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_one_allocation() {
        let a = shared_text("replica-a");
        let b = shared_text(&String::from("replica-a"));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &shared_text("replica-b")));
        assert_eq!(&*a, "replica-a");
    }
}
