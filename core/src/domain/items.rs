//! Lists kept one field per item (a plan's `policy.<id>`, a survey's `question.<id>`), so that
//! two people editing two items never touch the same field, and no single value grows with the
//! list. Each item field holds the item without its id (the id is in the name) plus its
//! position `order`; `null` means the item was removed.
//!
//! Older data holds the whole list in one array field (`policies`, `questions`). Reading takes
//! that array first and the item fields over it, so both shapes read at all times. Writing
//! ([`ItemFields::writes_over`]) writes the list as item fields only and clears the array,
//! which migrates a record the first time a current device saves it.

use serde_json::{Map, Value};

use super::fields::Fields;
use super::schema::MAX_ITEM_ORDER;

/// Room between two fresh positions, so that a moved or added item usually fits between its
/// neighbours without renumbering (and rewriting) the others.
pub const ORDER_GAP: i64 = 1024;

/// The legacy array field and the per-item field prefix of one list.
#[derive(Debug, Clone, Copy)]
pub struct ItemFields {
    pub legacy: &'static str,
    pub prefix: &'static str,
}

impl ItemFields {
    /// The list as entries with their `id` (the legacy array's shape), legacy array first, item
    /// fields over it (`null` removes), ordered by position then id.
    pub fn read(&self, fields: &Fields) -> Vec<Value> {
        // (order, id, entry), kept sorted by insertion: plain vectors and no sort keep the
        // app's download small, and lists are at most 100 items.
        let mut items: Vec<(i64, String, Value)> = Vec::new();
        if let Some(Value::Array(legacy)) = fields.get(self.legacy) {
            for (index, entry) in legacy.iter().enumerate() {
                if let Some(id) = entry_id(entry) {
                    place(&mut items, fresh_order(index), id, entry.clone());
                }
            }
        }
        for (name, value) in fields {
            let Some(id) = name.strip_prefix(self.prefix) else {
                continue;
            };
            match value {
                Value::Object(object) => {
                    let order = object.get("order").and_then(Value::as_i64).unwrap_or(0);
                    let mut entry = object.clone();
                    entry.remove("order");
                    entry.insert("id".to_owned(), Value::from(id));
                    place(&mut items, order, id, Value::Object(entry));
                }
                _ => items.retain(|(_, seen, _)| seen != id),
            }
        }
        items.into_iter().map(|(_, _, entry)| entry).collect()
    }

    /// Every field of the list for a record written from scratch: item fields at fresh
    /// positions, and the legacy array empty.
    pub fn fields(&self, entries: &[Value]) -> Fields {
        let mut fields = Fields::new();
        for (index, entry) in entries.iter().enumerate() {
            if let Some((name, value)) = self.item_field(entry, fresh_order(index)) {
                fields.insert(name, value);
            }
        }
        fields.insert(self.legacy.to_owned(), Value::Array(Vec::new()));
        fields
    }

    /// `others` (a record's fields but its list) with the list as one array, which is how the
    /// schema checks a whole list: its length, and that no two items share an id, which the
    /// item fields alone cannot show.
    pub fn with_array(&self, mut others: Fields, entries: Vec<Value>) -> Fields {
        others.insert(self.legacy.to_owned(), Value::Array(entries));
        others
    }

    /// The writes that save a record over `stored`: those of `others` (its fields but the
    /// list) that changed, then the changed items of `entries` (with positions kept where the
    /// order allows, so a move or an addition rewrites only what moved), `null` for removed
    /// items, and the legacy array cleared when it is not already.
    pub fn writes_over(
        &self,
        stored: &Fields,
        others: Fields,
        entries: &[Value],
    ) -> Vec<(String, Value)> {
        let stored_orders: Vec<Option<i64>> = entries
            .iter()
            .map(|entry| {
                let id = entry_id(entry)?;
                stored
                    .get(&format!("{}{id}", self.prefix))?
                    .get("order")?
                    .as_i64()
            })
            .collect();
        let orders = assign_orders(&stored_orders);
        let mut writes: Vec<(String, Value)> = others
            .into_iter()
            .chain(
                entries
                    .iter()
                    .zip(orders)
                    .filter_map(|(entry, order)| self.item_field(entry, order)),
            )
            .filter(|(name, value)| stored.get(name) != Some(value))
            .collect();
        let kept: Vec<&str> = entries.iter().filter_map(entry_id).collect();
        for (name, value) in stored {
            let removed = name
                .strip_prefix(self.prefix)
                .is_some_and(|id| !kept.contains(&id));
            if removed && !value.is_null() {
                writes.push((name.clone(), Value::Null));
            }
        }
        // A legacy item removed now gets a `null` too, so an old app writing the array back
        // cannot bring it back.
        if let Some(Value::Array(legacy)) = stored.get(self.legacy) {
            for id in legacy.iter().filter_map(entry_id) {
                let name = format!("{}{id}", self.prefix);
                let written = writes.iter().any(|(seen, _)| *seen == name);
                if !kept.contains(&id) && !stored.contains_key(&name) && !written {
                    writes.push((name, Value::Null));
                }
            }
        }
        let empty = Value::Array(Vec::new());
        if stored.get(self.legacy) != Some(&empty) {
            writes.push((self.legacy.to_owned(), empty));
        }
        writes
    }

    /// `(prefix + id, entry without id + order)`; `None` for an entry without an id (which the
    /// models never produce).
    fn item_field(&self, entry: &Value, order: i64) -> Option<(String, Value)> {
        let id = entry_id(entry)?;
        let mut item: Map<String, Value> = entry.as_object()?.clone();
        item.remove("id");
        item.insert("order".to_owned(), Value::from(order));
        Some((format!("{}{id}", self.prefix), Value::Object(item)))
    }
}

/// Inserts or replaces the item `id`, keeping `items` ordered by position then id.
fn place(items: &mut Vec<(i64, String, Value)>, order: i64, id: &str, entry: Value) {
    items.retain(|(_, seen, _)| seen != id);
    let at = items
        .iter()
        .position(|(other, seen, _)| (*other, seen.as_str()) > (order, id))
        .unwrap_or(items.len());
    items.insert(at, (order, id.to_owned(), entry));
}

fn entry_id(entry: &Value) -> Option<&str> {
    entry.get("id").and_then(Value::as_str)
}

/// `(index + 1) × ORDER_GAP`: room before the first item too, to move one to the front.
fn fresh_order(index: usize) -> i64 {
    i64::try_from(index).map_or(MAX_ITEM_ORDER, |index| (index + 1) * ORDER_GAP)
}

/// Positions for a list whose items had `stored` positions (`None`: new or never positioned).
/// The longest run of stored positions that is still increasing is kept; the other items are
/// spread between their kept neighbours, and everything is renumbered only when there is no
/// room left.
fn assign_orders(stored: &[Option<i64>]) -> Vec<i64> {
    let n = stored.len();
    let renumbered = || (0..n).map(fresh_order).collect::<Vec<_>>();
    // Longest strictly increasing subsequence (lists are at most 100 items: O(n²) is fine).
    let mut length = vec![0usize; n];
    let mut previous: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let Some(value) = stored[i] else { continue };
        length[i] = 1;
        for j in 0..i {
            if let Some(before) = stored[j] {
                if before < value && length[j] + 1 > length[i] {
                    length[i] = length[j] + 1;
                    previous[i] = Some(j);
                }
            }
        }
    }
    let mut keep = vec![false; n];
    let mut at = (0..n).filter(|&i| length[i] > 0).max_by_key(|&i| length[i]);
    while let Some(i) = at {
        keep[i] = true;
        at = previous[i];
    }
    let mut orders = vec![0i64; n];
    let mut low: Option<i64> = None;
    let mut i = 0;
    while i < n {
        if keep[i] {
            let order = stored[i].unwrap_or(0);
            orders[i] = order;
            low = Some(order);
            i += 1;
            continue;
        }
        let end = (i..n).find(|&j| keep[j]).unwrap_or(n);
        let count = i64::try_from(end - i).unwrap_or(i64::MAX);
        match stored.get(end).copied().flatten().filter(|_| end < n) {
            Some(high) => {
                let floor = low.unwrap_or(-1);
                let step = (high - floor) / (count + 1);
                if step < 1 {
                    return renumbered();
                }
                for (k, order) in orders[i..end].iter_mut().enumerate() {
                    *order = floor + step * (i64::try_from(k).unwrap_or(0) + 1);
                }
            }
            None => {
                let base = low.unwrap_or(0);
                for (k, order) in orders[i..end].iter_mut().enumerate() {
                    *order = base + ORDER_GAP * (i64::try_from(k).unwrap_or(0) + 1);
                }
            }
        }
        low = orders.get(end - 1).copied();
        i = end;
    }
    if orders.iter().any(|order| *order > MAX_ITEM_ORDER) {
        return renumbered();
    }
    orders
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_kept_where_the_order_allows() {
        // Nothing stored: fresh positions, with room before the first.
        assert_eq!(assign_orders(&[None, None]), [1024, 2048]);
        // Removing the middle item keeps the others.
        assert_eq!(assign_orders(&[Some(1024), Some(3072)]), [1024, 3072]);
        // Appending goes after the last.
        assert_eq!(
            assign_orders(&[Some(1024), Some(2048), None]),
            [1024, 2048, 3072]
        );
        // Moving the last item to the front: it goes before the first kept one.
        assert_eq!(
            assign_orders(&[Some(3072), Some(1024), Some(2048)]),
            [511, 1024, 2048]
        );
        // Swapping two neighbours rewrites one of them only.
        assert_eq!(
            assign_orders(&[Some(2048), Some(1024), Some(3072)]),
            [2048, 2560, 3072]
        );
        // No room between 0 and 1: everything is renumbered.
        assert_eq!(assign_orders(&[Some(1), Some(0)]), [1024, 2048]);
    }
}
