//! The compact JSON of one record in a snapshot page: positional arrays instead of named
//! objects, each replica id and author written once per record, and wall times and sequence
//! numbers written as differences from the record's smallest. A plan's record is about 0.5 KB
//! this way against 2.4 KB as a `RecordState` object (its 13 fields each repeated the same
//! replica id, author, key names and 13-digit times), which is most of a new device's first
//! sync.
//!
//! ```text
//! record  = [kind, id, org, [replica id, …], [author, …], wall_base, seq_base, {field: state, …}]
//! state   = [winner, max_base?, [version, …]?, covered?]      (trailing defaults omitted)
//! version = [value, wall_ms − wall_base, counter, replica#, seq − seq_base, author#, base?, seen?]
//! hlc     = [wall_ms − wall_base, counter, replica#]  or null
//! seen    = [replica#, seq, replica#, seq, …]         (a `Seen` or a state's `covered`;
//!                                                       sequence numbers absolute)
//! ```
//! A legacy version (no `seen`) ends at its base; a version with `seen` but no base writes
//! `null` for the base.
//! `replica#` and `author#` index the record's two lists. Records written before the bases
//! existed (`[kind, id, org, replicas, authors, {fields}]`, absolute times and numbers) still
//! read: servers and devices keep rows of that form.

use crate::domain::RecordKind;
use crate::merge::{FieldName, FieldState, FieldStates, FieldVersion, Hlc, RecordState, Seen};
use crate::org::OrgCode;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use std::sync::Arc;

/// Writes one record in the compact form.
pub fn encode_record(record: &RecordState) -> Result<String, serde_json::Error> {
    serde_json::to_string(&Compact(record))
}

/// Reads one record written by [`encode_record`].
pub fn decode_record(json: &str) -> Result<RecordState, serde_json::Error> {
    let mut page = PageCache::default();
    RecordSeed(&mut page).deserialize(&mut serde_json::Deserializer::from_str(json))
}

/// `serialize_with` / `deserialize_with` for a list of records in the compact form.
pub(crate) mod records {
    use super::{Compact, PageCache, RecordSeed};
    use crate::merge::RecordState;
    use serde::de::{SeqAccess, Visitor};
    use serde::{Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(records: &[RecordState], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(records.iter().map(Compact))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<RecordState>, D::Error> {
        d.deserialize_seq(RecordsVisitor)
    }

    struct RecordsVisitor;

    impl<'de> Visitor<'de> for RecordsVisitor {
        type Value = Vec<RecordState>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of snapshot records")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut page = PageCache::default();
            let mut records = Vec::new();
            while let Some(record) = seq.next_element_seed(RecordSeed(&mut page))? {
                records.push(record);
            }
            Ok(records)
        }
    }
}

/// The strings a record's versions refer to by index, in first-use order, and the bases its
/// times and sequence numbers are written from.
#[derive(Default)]
struct Tables<'a> {
    replicas: Vec<&'a str>,
    authors: Vec<&'a str>,
    wall_base: u64,
    seq_base: u64,
}

fn index_of<'a>(list: &mut Vec<&'a str>, item: &'a str) -> usize {
    // A record's versions come from a handful of devices: a scan beats hashing here.
    match list.iter().position(|known| *known == item) {
        Some(at) => at,
        None => {
            list.push(item);
            list.len() - 1
        }
    }
}

impl<'a> Tables<'a> {
    fn of(record: &'a RecordState) -> Self {
        let mut tables = Tables::default();
        let (mut wall_base, mut seq_base) = (u64::MAX, u64::MAX);
        let mut clock = |tables: &mut Self, hlc: &'a Hlc| {
            index_of(&mut tables.replicas, &hlc.replica);
            wall_base = wall_base.min(hlc.wall_ms);
        };
        for state in record.fields.values() {
            for version in std::iter::once(&state.winner).chain(&state.heads) {
                clock(&mut tables, &version.hlc);
                index_of(&mut tables.authors, &version.author);
                seq_base = seq_base.min(version.seq);
                if let Some(base) = &version.base {
                    clock(&mut tables, base);
                }
                for (replica, _) in version.seen.iter().flat_map(Seen::iter) {
                    index_of(&mut tables.replicas, replica);
                }
            }
            if let Some(max_base) = &state.max_base {
                clock(&mut tables, max_base);
            }
            for (replica, _) in state.covered.iter() {
                index_of(&mut tables.replicas, replica);
            }
        }
        // No fields: nothing is written from the bases.
        tables.wall_base = if wall_base == u64::MAX { 0 } else { wall_base };
        tables.seq_base = if seq_base == u64::MAX { 0 } else { seq_base };
        tables
    }

    fn replica(&self, replica: &str) -> usize {
        self.replicas
            .iter()
            .position(|r| *r == replica)
            .unwrap_or(0)
    }

    fn author(&self, author: &str) -> usize {
        self.authors.iter().position(|a| *a == author).unwrap_or(0)
    }
}

struct Compact<'a>(&'a RecordState);

impl Serialize for Compact<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let record = self.0;
        let tables = Tables::of(record);
        let mut seq = s.serialize_seq(Some(8))?;
        seq.serialize_element(&record.key.kind)?;
        seq.serialize_element(&record.key.id)?;
        seq.serialize_element(&record.org)?;
        seq.serialize_element(&tables.replicas)?;
        seq.serialize_element(&tables.authors)?;
        seq.serialize_element(&tables.wall_base)?;
        seq.serialize_element(&tables.seq_base)?;
        seq.serialize_element(&Fields(&record.fields, &tables))?;
        seq.end()
    }
}

struct Fields<'a>(&'a FieldStates, &'a Tables<'a>);

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, state) in self.0 {
            map.serialize_entry(name, &State(state, self.1))?;
        }
        map.end()
    }
}

struct State<'a>(&'a FieldState, &'a Tables<'a>);

impl Serialize for State<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (state, tables) = (self.0, self.1);
        let len = if !state.covered.is_empty() {
            4
        } else if !state.heads.is_empty() {
            3
        } else if state.max_base.is_some() {
            2
        } else {
            1
        };
        let mut seq = s.serialize_seq(Some(len))?;
        seq.serialize_element(&Version(&state.winner, tables))?;
        if len >= 2 {
            seq.serialize_element(&state.max_base.as_ref().map(|hlc| Clock(hlc, tables)))?;
        }
        if len >= 3 {
            let heads: Vec<_> = state.heads.iter().map(|v| Version(v, tables)).collect();
            seq.serialize_element(&heads)?;
        }
        if len == 4 {
            seq.serialize_element(&Vector(&state.covered, tables))?;
        }
        seq.end()
    }
}

struct Version<'a>(&'a FieldVersion, &'a Tables<'a>);

impl Serialize for Version<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (version, tables) = (self.0, self.1);
        let len = if version.seen.is_some() {
            8
        } else if version.base.is_some() {
            7
        } else {
            6
        };
        let mut seq = s.serialize_seq(Some(len))?;
        seq.serialize_element(&version.value)?;
        seq.serialize_element(&(version.hlc.wall_ms - tables.wall_base))?;
        seq.serialize_element(&version.hlc.counter)?;
        seq.serialize_element(&tables.replica(&version.hlc.replica))?;
        seq.serialize_element(&(version.seq - tables.seq_base))?;
        seq.serialize_element(&tables.author(&version.author))?;
        if len >= 7 {
            seq.serialize_element(&version.base.as_ref().map(|base| Clock(base, tables)))?;
        }
        if let Some(seen) = &version.seen {
            seq.serialize_element(&Vector(seen, tables))?;
        }
        seq.end()
    }
}

struct Vector<'a>(&'a Seen, &'a Tables<'a>);

impl Serialize for Vector<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (seen, tables) = (self.0, self.1);
        let mut seq = s.serialize_seq(Some(seen.len() * 2))?;
        for (replica, number) in seen.iter() {
            seq.serialize_element(&tables.replica(replica))?;
            seq.serialize_element(&number)?;
        }
        seq.end()
    }
}

struct Clock<'a>(&'a Hlc, &'a Tables<'a>);

impl Serialize for Clock<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (hlc, tables) = (self.0, self.1);
        let wall = hlc.wall_ms - tables.wall_base;
        (wall, hlc.counter, tables.replica(&hlc.replica)).serialize(s)
    }
}

/// What the records of a page share, kept while the page is read: neighbours in key order
/// belong to the same organisation, so they have the same field names and mostly the same
/// devices and authors. Reusing them saves a string allocation per field and two per record,
/// most of the decoding's allocations.
#[derive(Default)]
struct PageCache {
    /// The previous record's field names, in order.
    field_names: Vec<FieldName>,
    /// The replica ids and authors of the latest records, most recent last.
    strings: Vec<Arc<str>>,
}

/// How many replica ids and authors a page keeps for reuse: a scan of a few beats hashing.
const SHARED_STRINGS: usize = 16;

impl PageCache {
    fn shared(&mut self, text: &str) -> Arc<str> {
        if let Some(known) = self
            .strings
            .iter()
            .rev()
            .find(|known| known.as_ref() == text)
        {
            return Arc::clone(known);
        }
        if self.strings.len() == SHARED_STRINGS {
            self.strings.remove(0);
        }
        let text: Arc<str> = Arc::from(text);
        self.strings.push(Arc::clone(&text));
        text
    }

    /// The `at`-th field name of a record: usually the previous record's.
    fn field_name(&mut self, at: usize, name: &str) -> FieldName {
        match self.field_names.get(at) {
            Some(known) if known.as_str() == name => known.clone(),
            _ => {
                let name = FieldName::new(name);
                if at < self.field_names.len() {
                    self.field_names[at] = name.clone();
                } else if at == self.field_names.len() {
                    self.field_names.push(name.clone());
                }
                name
            }
        }
    }
}

/// The decoding side of [`Tables`]; the bases are 0 in records written without them.
struct Names {
    replicas: Vec<Arc<str>>,
    authors: Vec<Arc<str>>,
    wall_base: u64,
    seq_base: u64,
}

impl Names {
    fn wall<E: de::Error>(&self, delta: u64) -> Result<u64, E> {
        self.wall_base
            .checked_add(delta)
            .ok_or_else(|| E::custom(format!("wall time {delta} is out of range")))
    }

    fn seq<E: de::Error>(&self, delta: u64) -> Result<u64, E> {
        self.seq_base
            .checked_add(delta)
            .ok_or_else(|| E::custom(format!("sequence number {delta} is out of range")))
    }

    fn replica<E: de::Error>(&self, index: usize) -> Result<Arc<str>, E> {
        self.replicas.get(index).cloned().ok_or_else(|| {
            E::custom(format!(
                "replica #{index} is not in the record's list of {}",
                self.replicas.len()
            ))
        })
    }

    fn author<E: de::Error>(&self, index: usize) -> Result<Arc<str>, E> {
        self.authors.get(index).cloned().ok_or_else(|| {
            E::custom(format!(
                "author #{index} is not in the record's list of {}",
                self.authors.len()
            ))
        })
    }
}

/// The next element of a positional array, or an error naming `what` is missing.
pub(super) fn required<'de, A: SeqAccess<'de>, T: Deserialize<'de>>(
    seq: &mut A,
    what: &'static str,
) -> Result<T, A::Error> {
    seq.next_element()?
        .ok_or_else(|| de::Error::custom(format!("missing {what}")))
}

fn required_seed<'de, A: SeqAccess<'de>, T: DeserializeSeed<'de>>(
    seq: &mut A,
    seed: T,
    what: &'static str,
) -> Result<T::Value, A::Error> {
    seq.next_element_seed(seed)?
        .ok_or_else(|| de::Error::custom(format!("missing {what}")))
}

/// One record of a page.
struct RecordSeed<'c>(&'c mut PageCache);

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = RecordState;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = RecordState;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            "a snapshot record [kind, id, org, replicas, authors, wall_base, seq_base, fields]",
        )
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RecordState, A::Error> {
        let page = self.0;
        let kind: RecordKind = required(&mut seq, "the record's kind")?;
        let id: String = required(&mut seq, "the record's id")?;
        let org: OrgCode = required(&mut seq, "the record's organisation")?;
        let mut names = Names {
            replicas: required_seed(&mut seq, SharedStrings(page), "the record's replica ids")?,
            authors: required_seed(&mut seq, SharedStrings(page), "the record's authors")?,
            wall_base: 0,
            seq_base: 0,
        };
        let fields = match required_seed(
            &mut seq,
            BaseOrFieldsSeed(&names, page),
            "the record's bases and fields",
        )? {
            BaseOrFields::Fields(fields) => fields,
            BaseOrFields::WallBase(wall_base) => {
                names.wall_base = wall_base;
                names.seq_base = required(&mut seq, "the record's sequence number base")?;
                required_seed(&mut seq, FieldsSeed(&names, page), "the record's fields")?
            }
        };
        let mut record = RecordState::new(crate::merge::RecordKey::new(kind, id), org);
        record.fields = fields;
        Ok(record)
    }
}

/// A record's list of replica ids or authors, each shared with the page's earlier records.
struct SharedStrings<'c>(&'c mut PageCache);

impl<'de> DeserializeSeed<'de> for SharedStrings<'_> {
    type Value = Vec<Arc<str>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for SharedStrings<'_> {
    type Value = Vec<Arc<str>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of strings")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(1).min(16));
        let page = self.0;
        while let Some(text) = seq.next_element_seed(str_seed("a string", |t| page.shared(t)))? {
            list.push(text);
        }
        Ok(list)
    }
}

/// A string read without an allocation of its own, handed to `F` (which may share a copy).
struct StrSeed<F>(&'static str, F);

/// `StrSeed(what, make)`, with `make` taking a string of any lifetime.
fn str_seed<T, F: FnOnce(&str) -> T>(what: &'static str, make: F) -> StrSeed<F> {
    StrSeed(what, make)
}

impl<'de, T, F: FnOnce(&str) -> T> DeserializeSeed<'de> for StrSeed<F> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, T, F: FnOnce(&str) -> T> Visitor<'de> for StrSeed<F> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        Ok((self.1)(text))
    }
}

/// The element after the authors: the wall time base, or, in records written without the
/// bases, the fields themselves.
enum BaseOrFields {
    WallBase(u64),
    Fields(FieldStates),
}

struct BaseOrFieldsSeed<'a, 'c>(&'a Names, &'c mut PageCache);

impl<'de> DeserializeSeed<'de> for BaseOrFieldsSeed<'_, '_> {
    type Value = BaseOrFields;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for BaseOrFieldsSeed<'_, '_> {
    type Value = BaseOrFields;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a wall time base or an object of field states")
    }
    fn visit_u64<E: de::Error>(self, wall_base: u64) -> Result<Self::Value, E> {
        Ok(BaseOrFields::WallBase(wall_base))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        FieldsSeed(self.0, self.1)
            .visit_map(map)
            .map(BaseOrFields::Fields)
    }
}

struct FieldsSeed<'a, 'c>(&'a Names, &'c mut PageCache);

impl<'de> DeserializeSeed<'de> for FieldsSeed<'_, '_> {
    type Value = FieldStates;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FieldsSeed<'_, '_> {
    type Value = FieldStates;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of field states")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // Sized like the previous record's: one allocation of what neighbours need.
        let mut fields = FieldStates::with_capacity(self.1.field_names.len().max(1));
        let page = self.1;
        // The seed is consumed by the call, so `fields` is free again in the body.
        while let Some(name) = map.next_key_seed(str_seed("a field name", |name| {
            page.field_name(fields.len(), name)
        }))? {
            let state = map.next_value_seed(StateSeed(self.0))?;
            // Written in name order: appended without a search, unless another writer did not.
            if let Some((name, state)) = fields.try_append(name, state) {
                fields.insert(name, state);
            }
        }
        Ok(fields)
    }
}

struct StateSeed<'a>(&'a Names);

impl<'de> DeserializeSeed<'de> for StateSeed<'_> {
    type Value = FieldState;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for StateSeed<'_> {
    type Value = FieldState;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field state [winner, max_base?, heads?, covered?]")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FieldState, A::Error> {
        let winner = required_seed(&mut seq, VersionSeed(self.0), "the winning version")?;
        let max_base = seq.next_element_seed(ClockSeed(self.0))?.flatten();
        let heads = seq
            .next_element_seed(HeadsSeed(self.0))?
            .unwrap_or_default();
        let covered = seq
            .next_element_seed(VectorSeed(self.0))?
            .unwrap_or_default();
        Ok(FieldState {
            winner,
            max_base,
            heads,
            covered,
        })
    }
}

struct HeadsSeed<'a>(&'a Names);

impl<'de> DeserializeSeed<'de> for HeadsSeed<'_> {
    type Value = Vec<FieldVersion>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for HeadsSeed<'_> {
    type Value = Vec<FieldVersion>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of conflicting versions")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut heads = Vec::new();
        while let Some(version) = seq.next_element_seed(VersionSeed(self.0))? {
            heads.push(version);
        }
        Ok(heads)
    }
}

struct VersionSeed<'a>(&'a Names);

impl<'de> DeserializeSeed<'de> for VersionSeed<'_> {
    type Value = FieldVersion;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for VersionSeed<'_> {
    type Value = FieldVersion;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a version [value, wall_ms, counter, replica#, seq, author#, base?, seen?]")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FieldVersion, A::Error> {
        let value: Value = required(&mut seq, "the version's value")?;
        let wall_ms = self
            .0
            .wall(required(&mut seq, "the version's wall time")?)?;
        let counter: u32 = required(&mut seq, "the version's counter")?;
        let replica = self
            .0
            .replica(required(&mut seq, "the version's replica")?)?;
        let version_seq = self
            .0
            .seq(required(&mut seq, "the version's sequence number")?)?;
        let author = self.0.author(required(&mut seq, "the version's author")?)?;
        let base = seq.next_element_seed(ClockSeed(self.0))?.flatten();
        let seen = seq.next_element_seed(VectorSeed(self.0))?;
        Ok(FieldVersion {
            value,
            hlc: Hlc {
                wall_ms,
                counter,
                replica,
            },
            base,
            seen,
            seq: version_seq,
            author,
        })
    }
}

/// A `seen` or `covered`: `[replica#, seq, …]`.
struct VectorSeed<'a>(&'a Names);

impl<'de> DeserializeSeed<'de> for VectorSeed<'_> {
    type Value = Seen;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        // A plain list of numbers: the app decodes those already, so this adds little code.
        let flat: Vec<u64> = Vec::deserialize(d)?;
        let mut seen = Seen::new();
        for pair in flat.chunks(2) {
            let [replica, seq] = *pair else {
                return Err(de::Error::custom(
                    "missing the sequence number after a replica#",
                ));
            };
            let replica = usize::try_from(replica).unwrap_or(usize::MAX);
            seen.note(&self.0.replica(replica)?, seq);
        }
        Ok(seen)
    }
}

/// An `hlc` or `null`.
struct ClockSeed<'a>(&'a Names);

impl<'de> DeserializeSeed<'de> for ClockSeed<'_> {
    type Value = Option<Hlc>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let clock: Option<(u64, u32, usize)> = Option::deserialize(d)?;
        clock
            .map(|(wall, counter, replica)| {
                Ok(Hlc {
                    wall_ms: self.0.wall(wall)?,
                    counter,
                    replica: self.0.replica(replica)?,
                })
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::test_version;
    use crate::merge::RecordKey;
    use serde_json::json;

    fn record() -> RecordState {
        let mut record = RecordState::new(
            RecordKey::new(RecordKind::Measure, "031003-m1"),
            OrgCode::parse("031003").expect("valid code"),
        );
        // Authors named apart from replica ids, so the two lists can be told apart.
        let mut merge = |field: &str, version: FieldVersion| {
            let author = format!("{} staff", version.hlc.replica);
            record.merge(
                field,
                FieldVersion {
                    author: author.into(),
                    ..version
                },
            );
        };
        merge("title", test_version(json!("窓口"), 10, "a", 1, None));
        merge("status", test_version(json!("作業中"), 11, "a", 2, None));
        // Two devices wrote concurrently after seeing the first: a conflict with a base.
        let seen = Some(Hlc::new(11, 0, "a"));
        merge(
            "status",
            test_version(json!("完了"), 20, "b", 1, seen.clone()),
        );
        merge("status", test_version(json!("未着手"), 19, "c", 4, seen));
        merge(
            "kpis",
            test_version(json!({"2025": [1, 2]}), 12, "b", 2, None),
        );
        merge("notes", test_version(Value::Null, 13, "c", 5, None));
        record
    }

    #[test]
    fn what_versions_saw_and_what_a_state_covers_read_back() {
        use crate::merge::test_seen_version;
        let mut record = RecordState::new(
            RecordKey::new(RecordKind::Measure, "031003-m3"),
            OrgCode::parse("031003").expect("valid code"),
        );
        // X offline wrote A; Y wrote B, then C having seen B; Z wrote D having seen C only.
        record.merge("status", test_seen_version(json!("A"), 1, "x", 7, &[]));
        record.merge("status", test_seen_version(json!("B"), 5, "y", 3, &[]));
        record.merge(
            "status",
            test_seen_version(json!("C"), 6, "y", 4, &[("y", 3)]),
        );
        record.merge(
            "status",
            test_seen_version(json!("D"), 8, "z", 2, &[("y", 4)]),
        );
        let status = record.fields.get("status").expect("status");
        assert_eq!(status.conflicts().len(), 1, "{status:?}");
        assert!(
            !status.covered.is_empty(),
            "Y's versions are covered, none kept"
        );
        let json = encode_record(&record).expect("encodes");
        assert_eq!(decode_record(&json).expect("decodes"), record, "{json}");
        // A field one device wrote again and again covers nothing beyond its winner.
        record.merge("title", test_seen_version(json!("1"), 1, "x", 8, &[]));
        record.merge("title", test_seen_version(json!("2"), 2, "x", 9, &[]));
        let title = encode_record(&record).expect("encodes");
        assert!(
            title.contains(r#""title":[["2",1,0,2,7,1,null,[]]]"#),
            "{title}"
        );
        assert_eq!(decode_record(&title).expect("decodes"), record);
    }

    #[test]
    fn a_record_reads_back_as_it_was_written() {
        let record = record();
        assert_eq!(
            record.fields.get("status").map(|s| s.heads.len()),
            Some(1),
            "the fixture has a conflict"
        );
        let json = encode_record(&record).expect("encodes");
        assert_eq!(decode_record(&json).expect("decodes"), record);
    }

    #[test]
    fn each_replica_and_author_is_written_once() {
        let json = encode_record(&record()).expect("encodes");
        assert_eq!(json.matches("\"b staff\"").count(), 1, "{json}");
        assert_eq!(json.matches("\"c\"").count(), 1, "{json}");
        assert!(
            json.starts_with(r#"["measure","031003-m1","031003",["#),
            "{json}"
        );
    }

    #[test]
    fn times_and_sequence_numbers_are_written_from_the_record_s_smallest() {
        let wall = 1_763_780_000_000;
        let mut record = RecordState::new(
            RecordKey::new(RecordKind::Measure, "031003-m2"),
            OrgCode::parse("031003").expect("valid code"),
        );
        let seen = Some(Hlc::new(wall - 500, 3, "a"));
        record.merge(
            "title",
            test_version(json!("窓口"), wall, "a", 141_000, None),
        );
        record.merge(
            "status",
            test_version(json!("完了"), wall + 9, "b", 141_002, seen),
        );
        let json = encode_record(&record).expect("encodes");
        let elements: Vec<Value> = serde_json::from_str(&json).expect("an array");
        assert_eq!(elements[5], json!(wall - 500), "the wall time base: {json}");
        assert_eq!(
            elements[6],
            json!(141_000),
            "the sequence number base: {json}"
        );
        assert_eq!(
            json.matches("1763779").count(),
            1,
            "one 13-digit time: {json}"
        );
        assert_eq!(json.matches("141").count(), 1, "one 6-digit number: {json}");
        assert_eq!(decode_record(&json).expect("decodes"), record);
    }

    #[test]
    fn a_record_written_before_the_bases_still_reads() {
        // Replica "b" is listed first: the encoder lists them in first use, fields in name order.
        let without_bases = r#"["measure","031003-m3","031003",["b","a"],["staff"],
            {"status":[["完了",1763780000009,0,0,141002,0,[1763779999500,3,1]]],
             "title":[["窓口",1763780000000,0,1,141000,0]]}]"#;
        let with_bases = r#"["measure","031003-m3","031003",["b","a"],["staff"],
            1763779999500,141000,
            {"status":[["完了",509,0,0,2,0,[0,3,1]]],
             "title":[["窓口",500,0,1,0,0]]}]"#;
        let record = decode_record(without_bases).expect("decodes");
        assert_eq!(record, decode_record(with_bases).expect("decodes"));
        let status = record.fields.get("status").expect("a status");
        assert_eq!(status.winner.hlc, Hlc::new(1_763_780_000_009, 0, "b"));
        assert_eq!(status.winner.seq, 141_002);
        assert_eq!(
            status.winner.base,
            Some(Hlc::new(1_763_779_999_500, 3, "a"))
        );
        let written: String = with_bases.split_whitespace().collect();
        assert_eq!(encode_record(&record).expect("encodes"), written);
    }

    #[test]
    fn a_page_reads_back_whatever_its_neighbours_share() {
        // Neighbours that share field names and devices, and ones that do not: fields added,
        // missing or unknown to the schema, and more devices than the page keeps for reuse.
        let records: Vec<RecordState> = (0..60)
            .map(|i| {
                let mut record = RecordState::new(
                    RecordKey::new(RecordKind::Measure, format!("031003-m{i:02}")),
                    OrgCode::parse("031003").expect("valid code"),
                );
                let mut fields = vec!["area", "status", "title"];
                if i % 3 == 0 {
                    fields.insert(1, "notes");
                }
                if i % 7 == 0 {
                    fields.push("zz_a_field_of_a_newer_app");
                }
                if i % 11 == 0 {
                    fields.remove(0);
                }
                for (n, field) in fields.into_iter().enumerate() {
                    let device = format!("device-{}", (i * 7 + n) % 23);
                    record.merge(
                        field,
                        FieldVersion {
                            author: format!("{device} staff").into(),
                            ..test_version(
                                json!(format!("{field} {i}")),
                                10 + n as u64,
                                &device,
                                i as u64,
                                None,
                            )
                        },
                    );
                }
                record
            })
            .collect();
        let mut buffer = Vec::new();
        records::serialize(&records, &mut serde_json::Serializer::new(&mut buffer))
            .expect("encodes");
        let decoded = records::deserialize(&mut serde_json::Deserializer::from_slice(&buffer))
            .expect("decodes");
        assert_eq!(decoded, records);
    }

    #[test]
    fn it_is_under_half_the_named_form() {
        let record = record();
        let compact = encode_record(&record).expect("encodes").len();
        let named = serde_json::to_string(&record).expect("encodes").len();
        assert!(compact * 2 < named, "compact {compact} B, named {named} B");
    }

    #[test]
    fn bad_records_are_refused_with_what_is_wrong() {
        let cases = [
            (
                r#"["measure","x","031003",[],[],{"a":[["v",1,0,0,1,0]]}]"#,
                "replica #0",
            ),
            (
                r#"["measure","x","031003",["r"],[],{"a":[["v",1,0,0,1,0]]}]"#,
                "author #0",
            ),
            (
                r#"["measure","x","031003",["r"],["w"],{"a":[["v",1,0,0]]}]"#,
                "missing the version's sequence",
            ),
            (
                r#"["measure","x","031003",["r"],["w"]]"#,
                "missing the record's bases and fields",
            ),
            (
                r#"["measure","x","031003",["r"],["w"],{"a":[["v",1,0,0,1,0,null,[],5]]}]"#,
                "trailing",
            ),
            (r#"["measure","x","9999999",["r"],["w"],{}]"#, "9999999"),
            (
                r#"["measure","x","031003",["r"],["w"],{"a":[["v",1,0,0,1,0,null,[3,1]]]}]"#,
                "replica #3 is not in the record's list",
            ),
            (
                r#"["measure","x","031003",["r"],["w"],{"a":[["v",1,0,0,1,0,null,[0]]]}]"#,
                "missing the sequence number after a replica#",
            ),
            (
                r#"["measure","x","031003",["r"],["w"],5]"#,
                "missing the record's sequence number base",
            ),
            (
                r#"["measure","x","031003",["r"],["w"],"5",0,{}]"#,
                "a wall time base or an object",
            ),
            (
                r#"["measure","x","031003",["r"],["w"],18446744073709551615,0,{"a":[["v",1,0,0,1,0]]}]"#,
                "wall time 1 is out of range",
            ),
            (r#"{"key":{"kind":"measure","id":"x"}}"#, "snapshot record"),
        ];
        for (json, expected) in cases {
            let error = decode_record(json).expect_err(json).to_string();
            assert!(error.contains(expected), "{json}: {error}");
        }
    }
}
