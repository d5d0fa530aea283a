use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// What a writer had seen of one field, as a version vector: for each replica, the greatest
/// sequence number of that replica's versions seen. A replica sees its own earlier writes, so
/// seeing a replica's version with sequence number `n` means seeing all of its versions up to
/// `n`; one number per replica summarises any set of seen versions closed under "seen".
///
/// Sequence numbers, not timestamps: with the replica they are a write's identity, which the
/// server never changes (it may pull a far-future timestamp back, and two writes of one replica
/// can then swap timestamp order).
///
/// As JSON, an object `{replica id: seq}`. A field is written by a handful of devices, so
/// this is a short list kept sorted by replica id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seen(Vec<(Arc<str>, u64)>);

impl Seen {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Entries in replica id order.
    pub fn iter(&self) -> impl Iterator<Item = (&Arc<str>, u64)> {
        self.0.iter().map(|(replica, seq)| (replica, *seq))
    }

    /// The greatest sequence number of `replica` seen (0: none).
    pub fn get(&self, replica: &str) -> u64 {
        self.position(replica).map_or(0, |at| self.0[at].1)
    }

    /// Whether the version `seq` of `replica` was seen.
    pub fn covers(&self, replica: &str, seq: u64) -> bool {
        self.get(replica) >= seq
    }

    /// Notes that `replica`'s versions up to `seq` were seen; returns whether that is news.
    pub fn note(&mut self, replica: &Arc<str>, seq: u64) -> bool {
        if seq == 0 {
            return false;
        }
        match self.position(replica) {
            Ok(at) if self.0[at].1 >= seq => false,
            Ok(at) => {
                self.0[at].1 = seq;
                true
            }
            Err(at) => {
                self.0.insert(at, (Arc::clone(replica), seq));
                true
            }
        }
    }

    /// Everything `other` saw is seen here too (the pointwise maximum); returns whether any
    /// entry grew.
    pub fn join(&mut self, other: &Seen) -> bool {
        let mut grew = false;
        for (replica, seq) in &other.0 {
            grew |= self.note(replica, *seq);
        }
        grew
    }

    /// Each entry pulled down to at most what `limit` allows for its replica; entries that
    /// fall to 0 are dropped.
    pub fn capped(&self, limit: impl Fn(&str) -> u64) -> Seen {
        Seen(
            self.0
                .iter()
                .map(|(replica, seq)| (Arc::clone(replica), (*seq).min(limit(replica))))
                .filter(|(_, seq)| *seq > 0)
                .collect(),
        )
    }

    /// Leaves out `replica`'s entry if it is below `seq`.
    pub fn forget_below(&mut self, replica: &str, seq: u64) {
        if let Ok(at) = self.position(replica) {
            if self.0[at].1 < seq {
                self.0.remove(at);
            }
        }
    }

    fn position(&self, replica: &str) -> Result<usize, usize> {
        self.0
            .binary_search_by(|(known, _)| known.as_ref().cmp(replica))
    }
}

impl FromIterator<(Arc<str>, u64)> for Seen {
    fn from_iter<I: IntoIterator<Item = (Arc<str>, u64)>>(entries: I) -> Self {
        let mut seen = Seen::new();
        for (replica, seq) in entries {
            seen.note(&replica, seq);
        }
        seen
    }
}

impl Serialize for Seen {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(replica, seq)| (replica.as_ref(), seq)))
    }
}

impl<'de> Deserialize<'de> for Seen {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(SeenVisitor)
    }
}

struct SeenVisitor;

impl<'de> Visitor<'de> for SeenVisitor {
    type Value = Seen;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of replica ids to sequence numbers")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Seen, A::Error> {
        let mut seen = Seen::new();
        while let Some((replica, seq)) = map.next_entry::<String, u64>()? {
            seen.note(&Arc::from(replica), seq);
        }
        Ok(seen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_keep_the_greatest_number_per_replica_in_id_order() {
        let mut seen: Seen = [("b".into(), 3), ("a".into(), 5), ("b".into(), 2)]
            .into_iter()
            .collect();
        assert!(seen.join(&[("b".into(), 7)].into_iter().collect()));
        assert!(!seen.join(&[("a".into(), 4)].into_iter().collect()));
        let json = serde_json::to_string(&seen).expect("encodes");
        assert_eq!(json, r#"{"a":5,"b":7}"#);
        assert_eq!(serde_json::from_str::<Seen>(&json).expect("decodes"), seen);
        assert!(seen.covers("b", 7) && !seen.covers("b", 8) && !seen.covers("c", 1));
    }

    #[test]
    fn capping_drops_what_falls_to_nothing() {
        let seen: Seen = [("a".into(), 5), ("b".into(), 9)].into_iter().collect();
        let capped = seen.capped(|replica| if replica == "a" { 3 } else { 0 });
        assert_eq!(capped.iter().collect::<Vec<_>>(), vec![(&"a".into(), 3)]);
    }
}
