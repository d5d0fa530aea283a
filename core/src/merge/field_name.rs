//! A record field's name. Every record of a kind has the same dozen names, so the schema's names
//! are shared `&'static str`s rather than a new string in every record: a first sync of
//! Hokkaido decodes about 140,000 of them. Names the schema does not know (data-named fields,
//! fields of a newer version of the app) are owned.

use super::DELETED_FIELD;
use crate::domain::schema::fields_of;
use crate::domain::RecordKind;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

/// Orders, compares and hashes as its text, so a map keyed by it is looked up with a `&str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldName(Cow<'static, str>);

impl FieldName {
    pub fn new(name: &str) -> Self {
        Self(known(name).map_or_else(|| Cow::Owned(name.to_owned()), Cow::Borrowed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The schema's own copy of `name`, if it is a schema field name.
fn known(name: &str) -> Option<&'static str> {
    let names = known_names();
    names.binary_search(&name).ok().map(|at| names[at])
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
        Self(known(&name).map_or(Cow::Owned(name), Cow::Borrowed))
    }
}

impl Deref for FieldName {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for FieldName {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for FieldName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for FieldName {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for FieldName {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl fmt::Display for FieldName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for FieldName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for FieldName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
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
        assert!(matches!(FieldName::new("title").0, Cow::Borrowed(_)));
        assert!(matches!(FieldName::new(DELETED_FIELD).0, Cow::Borrowed(_)));
        assert!(matches!(
            FieldName::from(String::from("status")).0,
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            FieldName::new("a_field_of_a_newer_app").0,
            Cow::Owned(_)
        ));
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
}
