//! A record field's name. Every record of a kind has the same dozen names, so the schema's names
//! are shared `&'static str`s rather than a new string in every record: a first sync of
//! Hokkaido decodes about 140,000 of them. Names the schema does not know (data-named fields,
//! fields of a newer version of the app) are owned.

use super::DELETED_FIELD;
use crate::domain::schema::fields_of;
use crate::domain::RecordKind;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::OnceLock;

/// Orders, compares and hashes as its text, so a map keyed by it is looked up with a `&str`.
///
/// A schema name is held as its position in the sorted table of schema names, so two of them
/// compare as two numbers (a record's fields are found by binary search on every change a sync
/// takes in) and cost no allocation; a name is a schema name exactly when the table holds it,
/// so equal texts always have the same form.
#[derive(Clone, PartialEq, Eq)]
pub struct FieldName(Name);

#[derive(Clone, PartialEq, Eq)]
enum Name {
    Known(u16),
    Owned(Box<str>),
}

impl FieldName {
    pub fn new(name: &str) -> Self {
        Self(known(name).map_or_else(|| Name::Owned(name.into()), Name::Known))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Name::Known(at) => known_names()[usize::from(*at)],
            Name::Owned(name) => name,
        }
    }
}

impl Ord for FieldName {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0, &other.0) {
            // The table is sorted, so positions order as the texts do.
            (Name::Known(a), Name::Known(b)) => a.cmp(b),
            _ => self.as_str().cmp(other.as_str()),
        }
    }
}

impl PartialOrd for FieldName {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for FieldName {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

/// The position of `name` in the table of schema names, if it is one.
fn known(name: &str) -> Option<u16> {
    known_names()
        .binary_search(&name)
        .ok()
        .and_then(|at| u16::try_from(at).ok())
}

/// Every schema field name of every kind, and the tombstone, sorted.
fn known_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<&'static str> = RecordKind::ALL
            .iter()
            .flat_map(|kind| fields_of(*kind).iter().map(|(name, _)| *name))
            .chain([DELETED_FIELD])
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    })
}

impl From<&str> for FieldName {
    fn from(name: &str) -> Self {
        Self::new(name)
    }
}

impl From<String> for FieldName {
    fn from(name: String) -> Self {
        Self(known(&name).map_or_else(|| Name::Owned(name.into_boxed_str()), Name::Known))
    }
}

impl From<FieldName> for String {
    fn from(name: FieldName) -> Self {
        match name.0 {
            Name::Known(_) => name.as_str().to_owned(),
            Name::Owned(name) => name.into_string(),
        }
    }
}

impl Deref for FieldName {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for FieldName {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for FieldName {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for FieldName {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<String> for FieldName {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for FieldName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for FieldName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for FieldName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for FieldName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FieldName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl Visitor<'_> for NameVisitor {
            type Value = FieldName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<FieldName, E> {
                Ok(FieldName::new(name))
            }
            fn visit_string<E: de::Error>(self, name: String) -> Result<FieldName, E> {
                Ok(FieldName::from(name))
            }
        }
        d.deserialize_str(NameVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names_are_shared_and_others_owned() {
        assert!(matches!(FieldName::new("title").0, Name::Known(_)));
        assert!(matches!(FieldName::new(DELETED_FIELD).0, Name::Known(_)));
        assert!(matches!(
            FieldName::from(String::from("status")).0,
            Name::Known(_)
        ));
        assert!(matches!(
            FieldName::new("a_field_of_a_newer_app").0,
            Name::Owned(_)
        ));
        assert_eq!(FieldName::new("title").as_str(), "title");
    }

    #[test]
    fn it_orders_and_reads_back_as_its_text() {
        let mut names: Vec<FieldName> = ["title", "zz_unknown", "area", "status", "aa_unknown"]
            .into_iter()
            .map(FieldName::new)
            .collect();
        names.sort();
        let texts: Vec<&str> = names.iter().map(FieldName::as_str).collect();
        assert_eq!(
            texts,
            ["aa_unknown", "area", "status", "title", "zz_unknown"]
        );
        let json = serde_json::to_string(&names).expect("encodes");
        assert_eq!(
            json,
            r#"["aa_unknown","area","status","title","zz_unknown"]"#
        );
        let back: Vec<FieldName> = serde_json::from_str(&json).expect("decodes");
        assert_eq!(back, names);
        assert_eq!(FieldName::new("title"), "title");
    }

    #[test]
    fn schema_names_order_by_position_as_their_texts_do() {
        let names: Vec<FieldName> = known_names()
            .iter()
            .copied()
            .chain(["", "a", "zzz", "title_", "_"])
            .map(FieldName::new)
            .collect();
        for a in &names {
            for b in &names {
                assert_eq!(a.cmp(b), a.as_str().cmp(b.as_str()), "{a} / {b}");
                assert_eq!(a == b, a.as_str() == b.as_str(), "{a} / {b}");
            }
        }
    }
}
