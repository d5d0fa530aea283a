//! The compact JSON of a sync response's changes (protocol 3): positional rows that refer to
//! per-page tables of replica ids, authors, organisations, field names and records, as the
//! snapshot form does for one record. A field change is 50–70 bytes this way against 241–287 as
//! a named `Change` object (which repeated every key name, the record's kind, id and
//! organisation, two 16-character replica ids, the author and 13-digit times), and decoding it
//! shares one copy of each replica id and author across the page.
//!
//! ```text
//! changes = {"replicas": [id, …], "authors": [label, …], "orgs": [code, …],
//!            "kinds": [kind, …], "fields": [name, …], "records": [[kind#, id, org#], …],
//!            "rows": [row, …]}                              (the tables before the rows)
//! row     = [seq, record#, field#, value, wall_ms, counter, replica#, version seq, author#,
//!            base?, seen?]                                  (trailing absences omitted)
//! base    = [hlc.wall_ms − base.wall_ms, counter, replica#]  or null
//! seen    = [replica#, version seq − seq, replica#, version seq − seq, …]
//! ```
//!
//! A record id that begins with its organisation's code and `-` (as every id an app makes:
//! `032085-m-1a2b3c4d`) is written with the code replaced by `~` (`~-m-1a2b3c4d`); ids never
//! hold a `~`.
//!
//! A row's `seq` and `wall_ms` are written as differences from the previous row's (the first
//! row's are absolute): the server's sequence numbers follow each other, so a page of
//! consecutive changes writes `1`s, and the writes of a page were made close together. A
//! base's wall time is written back from its version's own. Time differences may be negative
//! (devices' clocks differ). Tables list their entries in first use; every index must be in
//! its table and every table comes before the rows.

use crate::domain::RecordKind;
use crate::merge::{FieldName, FieldVersion, Hlc, Seen};
use crate::org::OrgCode;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use super::snapshot_record::required;
use super::Change;

/// `serialize_with` for `SyncResponse::changes`.
pub(crate) fn serialize<S: Serializer>(changes: &[Change], s: S) -> Result<S::Ok, S::Error> {
    let tables = Tables::of(changes);
    let mut map = s.serialize_map(Some(7))?;
    map.serialize_entry("replicas", &tables.replicas.list)?;
    map.serialize_entry("authors", &tables.authors.list)?;
    map.serialize_entry("orgs", &tables.orgs.list)?;
    map.serialize_entry("kinds", &tables.kinds.list)?;
    map.serialize_entry("fields", &tables.fields.list)?;
    map.serialize_entry("records", &tables.records)?;
    map.serialize_entry("rows", &Rows(changes, &tables))?;
    map.end()
}

/// `deserialize_with` for `SyncResponse::changes`.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Change>, D::Error> {
    d.deserialize_map(PageVisitor)
}

/// Strings in first-use order, each with its index.
struct Interned<'a> {
    list: Vec<&'a str>,
    index: HashMap<&'a str, usize>,
}

impl<'a> Interned<'a> {
    fn new() -> Self {
        Self {
            list: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn add(&mut self, text: &'a str) -> usize {
        *self.index.entry(text).or_insert_with(|| {
            self.list.push(text);
            self.list.len() - 1
        })
    }

    fn at(&self, text: &str) -> usize {
        self.index.get(text).copied().unwrap_or(0)
    }
}

/// What the rows of a page refer to by index.
struct Tables<'a> {
    replicas: Interned<'a>,
    authors: Interned<'a>,
    orgs: Interned<'a>,
    kinds: Interned<'a>,
    fields: Interned<'a>,
    /// (kind#, id, org#) in first use, and each one's index by (kind, id).
    records: Vec<(usize, ShortId<'a>, usize)>,
    record_index: HashMap<(RecordKind, &'a str), usize>,
}

impl<'a> Tables<'a> {
    fn of(changes: &'a [Change]) -> Self {
        let mut tables = Tables {
            replicas: Interned::new(),
            authors: Interned::new(),
            orgs: Interned::new(),
            kinds: Interned::new(),
            fields: Interned::new(),
            records: Vec::new(),
            record_index: HashMap::new(),
        };
        for change in changes {
            let org = tables.orgs.add(change.org.as_str());
            let kind = tables.kinds.add(change.kind.as_str());
            let records = &mut tables.records;
            tables
                .record_index
                .entry((change.kind, change.record_id.as_str()))
                .or_insert_with(|| {
                    records.push((kind, ShortId(&change.record_id, &change.org), org));
                    records.len() - 1
                });
            tables.fields.add(&change.field);
            let version = &change.version;
            tables.replicas.add(&version.hlc.replica);
            tables.authors.add(&version.author);
            if let Some(base) = &version.base {
                tables.replicas.add(&base.replica);
            }
            for (replica, _) in version.seen.iter().flat_map(Seen::iter) {
                tables.replicas.add(replica);
            }
        }
        tables
    }
}

/// A record id as written: its organisation's code left out (see the module's text).
struct ShortId<'a>(&'a str, &'a OrgCode);

/// Stands for the organisation's code at the start of a record id.
const ORG_MARK: char = '~';

impl Serialize for ShortId<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.strip_prefix(self.1.as_str()) {
            Some(rest) if rest.starts_with('-') => s.collect_str(&format_args!("{ORG_MARK}{rest}")),
            _ => s.serialize_str(self.0),
        }
    }
}

struct Rows<'a>(&'a [Change], &'a Tables<'a>);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (changes, tables) = (self.0, self.1);
        let mut seq = s.serialize_seq(Some(changes.len()))?;
        let (mut previous_seq, mut previous_wall) = (0, 0);
        for change in changes {
            let wall = change.version.hlc.wall_ms;
            seq.serialize_element(&Row {
                change,
                tables,
                seq_delta: change.seq.wrapping_sub(previous_seq),
                wall_delta: gap(wall, previous_wall),
            })?;
            (previous_seq, previous_wall) = (change.seq, wall);
        }
        seq.end()
    }
}

struct Row<'a> {
    change: &'a Change,
    tables: &'a Tables<'a>,
    seq_delta: u64,
    wall_delta: i64,
}

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (change, tables) = (self.change, self.tables);
        let version = &change.version;
        let len = if version.seen.is_some() {
            11
        } else if version.base.is_some() {
            10
        } else {
            9
        };
        let record = tables
            .record_index
            .get(&(change.kind, change.record_id.as_str()))
            .copied()
            .unwrap_or(0);
        let mut seq = s.serialize_seq(Some(len))?;
        seq.serialize_element(&self.seq_delta)?;
        seq.serialize_element(&record)?;
        seq.serialize_element(&tables.fields.at(&change.field))?;
        seq.serialize_element(&version.value)?;
        seq.serialize_element(&self.wall_delta)?;
        seq.serialize_element(&version.hlc.counter)?;
        seq.serialize_element(&tables.replicas.at(&version.hlc.replica))?;
        seq.serialize_element(&version.seq)?;
        seq.serialize_element(&tables.authors.at(&version.author))?;
        if len >= 10 {
            let base = version.base.as_ref().map(|base| {
                (
                    gap(version.hlc.wall_ms, base.wall_ms),
                    base.counter,
                    tables.replicas.at(&base.replica),
                )
            });
            seq.serialize_element(&base)?;
        }
        if let Some(seen) = &version.seen {
            let flat: Vec<i64> = seen
                .iter()
                .flat_map(|(replica, number)| {
                    [tables.replicas.at(replica) as i64, gap(version.seq, number)]
                })
                .collect();
            seq.serialize_element(&flat)?;
        }
        seq.end()
    }
}

/// How far `later` is after `earlier` (negative: before it): a wall time from the previous
/// row's or a base's, a `seen` number from the version's own.
fn gap(later: u64, earlier: u64) -> i64 {
    if later >= earlier {
        i64::try_from(later - earlier).unwrap_or(i64::MAX)
    } else {
        i64::try_from(earlier - later).map_or(i64::MIN, |ahead| -ahead)
    }
}

/// `wall` moved by `gap` (the inverse of [`wall_gap`]), if it stays a time.
fn moved<E: de::Error>(wall: u64, gap: i64, what: &str) -> Result<u64, E> {
    if gap >= 0 {
        wall.checked_add(gap.unsigned_abs())
    } else {
        wall.checked_sub(gap.unsigned_abs())
    }
    .ok_or_else(|| E::custom(format!("{what} {gap} is out of range")))
}

/// The decoding side of [`Tables`].
#[derive(Default)]
struct Names {
    replicas: Option<Vec<Arc<str>>>,
    authors: Option<Vec<Arc<str>>>,
    orgs: Option<Vec<OrgCode>>,
    kinds: Option<Vec<RecordKind>>,
    fields: Option<Vec<FieldName>>,
    records: Option<Vec<(usize, String, usize)>>,
}

/// The tables a row refers to, once all have been read.
struct Page<'a> {
    replicas: &'a [Arc<str>],
    authors: &'a [Arc<str>],
    orgs: &'a [OrgCode],
    kinds: &'a [RecordKind],
    fields: &'a [FieldName],
    records: &'a [(usize, String, usize)],
}

fn entry<'t, T, E: de::Error>(table: &'t [T], index: usize, what: &str) -> Result<&'t T, E> {
    table.get(index).ok_or_else(|| {
        E::custom(format!(
            "{what} #{index} is not in the page's list of {}",
            table.len()
        ))
    })
}

impl Page<'_> {
    fn replica<E: de::Error>(&self, index: usize) -> Result<Arc<str>, E> {
        self.replica_ref(index).cloned()
    }

    fn replica_ref<E: de::Error>(&self, index: usize) -> Result<&Arc<str>, E> {
        entry(self.replicas, index, "replica")
    }
}

struct PageVisitor;

impl<'de> Visitor<'de> for PageVisitor {
    type Value = Vec<Change>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a page of changes {replicas, authors, orgs, kinds, fields, records, rows}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<Change>, A::Error> {
        let mut names = Names::default();
        let mut changes = None;
        while let Some(key) = map.next_key::<PageKey>()? {
            let repeated = match key {
                PageKey::Replicas => names.replicas.replace(map.next_value()?).is_some(),
                PageKey::Authors => names.authors.replace(map.next_value()?).is_some(),
                PageKey::Orgs => names.orgs.replace(map.next_value()?).is_some(),
                PageKey::Kinds => names.kinds.replace(map.next_value()?).is_some(),
                PageKey::Fields => names.fields.replace(map.next_value()?).is_some(),
                PageKey::Records => names.records.replace(map.next_value()?).is_some(),
                PageKey::Rows => {
                    let page = tables_before_rows(&names)?;
                    changes
                        .replace(map.next_value_seed(RowsSeed(&page))?)
                        .is_some()
                }
            };
            if repeated {
                return Err(de::Error::custom(format!(
                    "duplicate field `{}`",
                    key.name()
                )));
            }
        }
        changes.ok_or_else(|| de::Error::missing_field("rows"))
    }
}

fn tables_before_rows<'n, E: de::Error>(names: &'n Names) -> Result<Page<'n>, E> {
    let missing = |name: &str| E::custom(format!("the table `{name}` must come before `rows`"));
    Ok(Page {
        replicas: names
            .replicas
            .as_deref()
            .ok_or_else(|| missing("replicas"))?,
        authors: names.authors.as_deref().ok_or_else(|| missing("authors"))?,
        orgs: names.orgs.as_deref().ok_or_else(|| missing("orgs"))?,
        kinds: names.kinds.as_deref().ok_or_else(|| missing("kinds"))?,
        fields: names.fields.as_deref().ok_or_else(|| missing("fields"))?,
        records: names.records.as_deref().ok_or_else(|| missing("records"))?,
    })
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum PageKey {
    Replicas,
    Authors,
    Orgs,
    Kinds,
    Fields,
    Records,
    Rows,
}

impl PageKey {
    fn name(self) -> &'static str {
        match self {
            PageKey::Replicas => "replicas",
            PageKey::Authors => "authors",
            PageKey::Orgs => "orgs",
            PageKey::Kinds => "kinds",
            PageKey::Fields => "fields",
            PageKey::Records => "records",
            PageKey::Rows => "rows",
        }
    }
}

struct RowsSeed<'p>(&'p Page<'p>);

impl<'de> DeserializeSeed<'de> for RowsSeed<'_> {
    type Value = Vec<Change>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowsSeed<'_> {
    type Value = Vec<Change>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of change rows")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Change>, A::Error> {
        // Sized for a full page of the server's default size (a page has at least a row per
        // record of its table): the list of changes, about 200 bytes each, is then not copied
        // over as it grows, which took a tenth of a page's decoding.
        let expected = seq
            .size_hint()
            .unwrap_or(super::DEFAULT_PAGE_SIZE as usize)
            .max(self.0.records.len());
        let mut changes = Vec::with_capacity(expected.min(4096));
        let (mut previous_seq, mut previous_wall) = (0u64, 0u64);
        while let Some(change) =
            seq.next_element_seed(RowSeed(self.0, previous_seq, previous_wall))?
        {
            (previous_seq, previous_wall) = (change.seq, change.version.hlc.wall_ms);
            changes.push(change);
        }
        Ok(changes)
    }
}

/// One row, with the previous row's sequence number and wall time.
struct RowSeed<'p>(&'p Page<'p>, u64, u64);

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = Change;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = Change;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            "a change row [seq, record#, field#, value, wall, counter, replica#, seq, author#, base?, seen?]",
        )
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Change, A::Error> {
        let page = self.0;
        let seq_delta: u64 = required(&mut seq, "the change's sequence number")?;
        let change_seq = self
            .1
            .checked_add(seq_delta)
            .ok_or_else(|| de::Error::custom("sequence number out of range"))?;
        let (kind, id, org) = entry(page.records, required(&mut seq, "the record#")?, "record")?;
        let field = entry(page.fields, required(&mut seq, "the field#")?, "field")?;
        let value: Value = required(&mut seq, "the value")?;
        let wall_ms = moved(
            self.2,
            required(&mut seq, "the wall time")?,
            "wall time gap",
        )?;
        let counter: u32 = required(&mut seq, "the counter")?;
        let replica = page.replica(required(&mut seq, "the replica#")?)?;
        let version_seq: u64 = required(&mut seq, "the version's sequence number")?;
        let author = entry(page.authors, required(&mut seq, "the author#")?, "author")?;
        let base = match seq.next_element::<Option<(i64, u32, usize)>>()?.flatten() {
            None => None,
            Some((gap, counter, replica)) => Some(Hlc {
                wall_ms: moved(
                    wall_ms,
                    gap.checked_neg()
                        .ok_or_else(|| de::Error::custom("base wall gap out of range"))?,
                    "base wall gap",
                )?,
                counter,
                replica: page.replica(replica)?,
            }),
        };
        let seen = seq.next_element_seed(SeenSeed(page, version_seq))?;
        let org = entry(page.orgs, *org, "organisation")?;
        Ok(Change {
            seq: change_seq,
            kind: *entry(page.kinds, *kind, "kind")?,
            record_id: match id.strip_prefix(ORG_MARK) {
                Some(rest) => [org.as_str(), rest].concat(),
                None => id.clone(),
            },
            org: org.clone(),
            field: field.clone(),
            version: FieldVersion {
                value,
                hlc: Hlc {
                    wall_ms,
                    counter,
                    replica,
                },
                base,
                seen,
                seq: version_seq,
                author: Arc::clone(author),
            },
        })
    }
}

/// A row's `seen`, read straight into a [`Seen`] (no list of numbers in between), with the
/// page and the version's own sequence number.
struct SeenSeed<'p>(&'p Page<'p>, u64);

impl<'de> DeserializeSeed<'de> for SeenSeed<'_> {
    type Value = Seen;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for SeenSeed<'_> {
    type Value = Seen;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of replica# and sequence number gaps")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Seen, A::Error> {
        let (page, version_seq) = (self.0, self.1);
        let mut seen = Seen::new();
        while let Some(replica) = seq.next_element::<i64>()? {
            let Some(gap) = seq.next_element::<i64>()? else {
                return Err(de::Error::custom(
                    "missing the sequence number after a replica#",
                ));
            };
            let replica = usize::try_from(replica).unwrap_or(usize::MAX);
            let number = moved(
                version_seq,
                gap.checked_neg()
                    .ok_or_else(|| de::Error::custom("seen gap out of range"))?,
                "seen gap",
            )?;
            seen.note(page.replica_ref(replica)?, number);
        }
        Ok(seen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::{test_seen_version, test_version};
    use proptest::prelude::*;
    use serde_json::json;

    const WALL: u64 = 1_763_780_000_000;

    fn change(seq: u64, id: &str, field: &str, version: FieldVersion) -> Change {
        Change {
            seq,
            kind: RecordKind::Measure,
            record_id: id.into(),
            org: OrgCode::parse("032085").expect("valid code"),
            field: field.into(),
            version,
        }
    }

    /// A page with every shape a row takes: no base, a base, `seen`, a legacy version, a base
    /// from a clock ahead of the writer's, another kind and organisation, a gap in sequence.
    fn page() -> Vec<Change> {
        let mut with_base = test_version(json!("作業中"), WALL + 5, "device-b", 14, None);
        with_base.base = Some(Hlc::new(WALL - 80_000, 2, "device-a"));
        with_base.seen = Some(Seen::default());
        let mut legacy = test_version(json!(40), WALL + 6, "device-a", 3, None);
        legacy.base = Some(Hlc::new(WALL + 9_000, 0, "device-c"));
        let mut area = change(
            131,
            "032018-area-1",
            "name",
            test_seen_version(
                json!({"ja": "窓口"}),
                WALL,
                "device-c",
                1,
                &[("device-a", 31)],
            ),
        );
        area.kind = RecordKind::TaxonomyArea;
        area.org = OrgCode::parse("032018").expect("valid code");
        let changes = vec![
            change(121, "m-1", "status", with_base),
            change(
                122,
                "m-1",
                "title",
                test_seen_version(
                    json!("書かない窓口"),
                    WALL + 1,
                    "device-a",
                    32,
                    &[("device-c", 7), ("device-a", 31)],
                ),
            ),
            change(123, "m-2", "percent", legacy),
            change(
                124,
                "m-2",
                "notes",
                test_version(Value::Null, WALL, "device-b", 15, None),
            ),
            area,
        ];
        // Authors named apart from replica ids, so the two tables can be told apart.
        changes
            .into_iter()
            .map(|mut change| {
                change.version.author = format!("staff of {}", change.version.hlc.replica).into();
                change
            })
            .collect()
    }

    fn encode(changes: &[Change]) -> String {
        let mut out = Vec::new();
        serialize(changes, &mut serde_json::Serializer::new(&mut out)).expect("encodes");
        String::from_utf8(out).expect("UTF-8")
    }

    fn decode(json: &str) -> Result<Vec<Change>, serde_json::Error> {
        deserialize(&mut serde_json::Deserializer::from_str(json))
    }

    #[test]
    fn a_page_reads_back_as_it_was_written() {
        let changes = page();
        let json = encode(&changes);
        assert_eq!(decode(&json).expect("decodes"), changes, "{json}");
        assert_eq!(decode(&encode(&[])).expect("an empty page"), Vec::new());
    }

    #[test]
    fn each_string_is_written_once_and_neighbours_write_ones() {
        let json = encode(&page());
        for text in [
            "\"device-a\"",
            "\"device-b\"",
            "\"m-1\"",
            "\"032085\"",
            "\"status\"",
        ] {
            assert_eq!(json.matches(text).count(), 1, "{text} in {json}");
        }
        // The second to fourth rows follow their predecessor by one (and a millisecond, then
        // four before); the area's by seven.
        assert!(
            json.contains(r#""rows":[[121,0,0,"作業中",1763780000005,"#),
            "{json}"
        );
        assert!(json.contains(r#"[1,0,1,"書かない窓口",-4,"#), "{json}");
        assert!(json.contains(r#"[7,2,4,{"ja":"窓口"},0,"#), "{json}");
        // A base from a device whose clock ran 9 s ahead is written as a negative gap.
        assert!(json.contains("[-8994,0,"), "{json}");
    }

    #[test]
    fn a_field_change_is_at_most_80_bytes() {
        // A page of 500 writes of a status, as a town's devices make them: each having seen the
        // field's previous version, to records of one organisation.
        let changes: Vec<Change> = (0..500u64)
            .map(|i| {
                let device =
                    ["b7f1c2d4e5f6a7b8", "a0a0a0a0a0a0a0a0", "c3c3c3c3c3c3c3c3"][i as usize % 3];
                let mut version = test_seen_version(
                    json!("作業中"),
                    WALL + i * 60_000,
                    device,
                    10_000 + i,
                    &[(device, 9_999 + i)],
                );
                version.base = Some(Hlc::new(WALL + i * 60_000 - 3_600_000, 0, device));
                version.author = format!("岩手県 遠野市 {device}").into();
                change(140_000 + i, &format!("032085-m-{i:05}"), "status", version)
            })
            .collect();
        let json = encode(&changes);
        let named: usize = changes
            .iter()
            .map(|c| serde_json::to_string(c).expect("encodes").len() + 1)
            .sum();
        let per_change = json.len() as f64 / changes.len() as f64;
        assert!(
            per_change <= 80.0,
            "{per_change:.1} B a change: {}",
            &json[..600]
        );
        eprintln!("{per_change:.1} B a change");
        assert!(
            named as f64 / json.len() as f64 > 3.0,
            "named {named} B, compact {} B",
            json.len()
        );
        assert_eq!(decode(&json).expect("decodes"), changes);
    }

    #[test]
    fn bad_pages_are_refused_with_what_is_wrong() {
        let tables = r#""replicas":["r"],"authors":["w"],"orgs":["032085"],"kinds":["measure"],"fields":["status"],"records":[[0,"m-1",0]]"#;
        let cases = [
            (format!(r#"{{{tables},"rows":[[1,1,0,"v",0,0,0,1,0]]}}"#), "record #1 is not in the page's list of 1"),
            (format!(r#"{{{tables},"rows":[[1,0,0,"v",0,0,3,1,0]]}}"#), "replica #3"),
            (format!(r#"{{{tables},"rows":[[1,0,0,"v",0,0,0,1,2]]}}"#), "author #2"),
            (format!(r#"{{{tables},"rows":[[1,0,5,"v",0,0,0,1,0]]}}"#), "field #5"),
            (format!(r#"{{{tables},"rows":[[1,0,0,"v",0,0,0]]}}"#), "missing the version's sequence number"),
            (format!(r#"{{{tables},"rows":[[1,0,0,"v",0,0,0,1,0,null,[0,1],9]]}}"#), "trailing"),
            (format!(r#"{{{tables},"rows":[[1,0,0,"v",0,0,0,1,0,null,[0]]]}}"#), "missing the sequence number after a replica#"),
            (format!(r#"{{{tables},"rows":[[1,0,0,"v",5,0,0,1,0,[9,0,0]]]}}"#), "base wall gap -9 is out of range"),
            (format!(r#"{{{tables},"rows":[[1,0,0,"v",-1,0,0,1,0]]}}"#), "wall time gap -1 is out of range"),
            (r#"{"replicas":["r"],"authors":["w"],"orgs":["032085"],"kinds":["measure"],"fields":["a"],"records":[[1,"m",0]],"rows":[[1,0,0,1,0,0,0,1,0]]}"#.to_string(), "kind #1"),
            (r#"{"replicas":[],"authors":[],"orgs":[],"kinds":["nothing"],"fields":[],"records":[],"rows":[]}"#.to_string(), "nothing"),
            (format!(r#"{{{tables},"rows":[[18446744073709551615,0,0,"v",0,0,0,1,0],[1,0,0,"v",0,0,0,2,0]]}}"#), "sequence number out of range"),
            (format!(r#"{{{tables},"rows":[],"rows":[]}}"#), "duplicate field `rows`"),
            (format!(r#"{{{tables}}}"#), "missing field `rows`"),
            (r#"{"rows":[],"replicas":[]}"#.to_string(), "the table `replicas` must come before `rows`"),
            (r#"{"replicas":[],"authors":[],"orgs":["9999999"],"kinds":[],"fields":[],"records":[],"rows":[]}"#.to_string(), "9999999"),
            (format!(r#"{{{tables},"rows":[],"extra":1}}"#), "unknown variant `extra`"),
            (r#"[]"#.to_string(), "a page of changes"),
        ];
        for (json, expected) in cases {
            let error = decode(&json).expect_err(&json).to_string();
            assert!(error.contains(expected), "{json}: {error}");
        }
    }

    /// (seq gap, record, field, wall, counter, replica, version seq, base, seen).
    type Arbitrary = (
        u64,
        u8,
        u8,
        u64,
        u32,
        u8,
        u64,
        Option<(i64, u8)>,
        Option<Vec<(u8, u64)>>,
    );

    fn arbitrary_change() -> impl Strategy<Value = Arbitrary> {
        (
            1..1_000u64,
            0..12u8,
            0..4u8,
            0..10_000_000_000u64,
            0..70_000u32,
            0..5u8,
            1..1_000_000u64,
            proptest::option::of((-1_000_000i64..10_000_000_000i64, 0..5u8)),
            proptest::option::of(proptest::collection::vec((0..5u8, 1..1_000u64), 0..4)),
        )
    }

    proptest! {
        #[test]
        fn any_page_reads_back(rows in proptest::collection::vec(arbitrary_change(), 0..40)) {
            let mut seq = 0;
            let changes: Vec<Change> = rows
                .into_iter()
                .map(|(gap, record, field, wall, counter, replica, version_seq, base, seen)| {
                    seq += gap;
                    let device = |n: u8| format!("device-{n}");
                    let wall_ms = WALL + wall;
                    let mut version = test_version(json!(format!("値 {seq}")), wall_ms, &device(replica), version_seq, None);
                    version.hlc.counter = counter;
                    version.author = format!("author {}", replica % 3).into();
                    version.base = base.map(|(gap, replica)| {
                        Hlc::new(wall_ms.saturating_add_signed(-gap), 0, device(replica))
                    });
                    version.seen = seen.map(|entries| {
                        let mut seen = Seen::new();
                        for (replica, number) in entries {
                            seen.note(&Arc::from(device(replica)), number);
                        }
                        seen
                    });
                    change(seq, &format!("m-{record}"), ["status", "title", "notes", "percent"][field as usize], version)
                })
                .collect();
            prop_assert_eq!(decode(&encode(&changes)).expect("decodes"), changes);
        }
    }
}
