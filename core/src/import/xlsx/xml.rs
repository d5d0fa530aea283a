//! Small helpers over `quick-xml` events shared by the part readers.

use std::borrow::Cow;

use quick_xml::events::{BytesRef, BytesStart};
use quick_xml::XmlVersion;

/// The value of attribute `name` (local name, any prefix), unescaped.
pub fn attribute<'a>(element: &'a BytesStart<'a>, name: &str) -> Option<Cow<'a, str>> {
    element
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == name)
        .and_then(|attribute| attribute.normalized_value(XmlVersion::Implicit1_0).ok())
}

/// The text an entity or character reference stands for (`&amp;` → `&`, `&#x41;` → `A`).
pub fn resolve_reference(reference: &BytesRef<'_>) -> Option<char> {
    if reference.is_char_ref() {
        return reference.resolve_char_ref().ok().flatten();
    }
    match &**reference {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// The XML text of a part; XLSX parts are UTF-8 (a BOM is allowed).
pub fn part_text(bytes: &[u8]) -> Option<&str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).ok()
}

/// Excel's `_x000D_` escapes for characters XML cannot carry raw (`_x000D_` is a carriage
/// return); a literal `_x` sequence is written `_x005F_x`.
pub fn unescape_excel(text: &str) -> Cow<'_, str> {
    if !text.contains("_x") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let candidate = &rest[at..];
        let decoded = candidate
            .get(2..6)
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .filter(|_| candidate.as_bytes().get(6) == Some(&b'_'))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32);
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &candidate[7..];
            }
            None => {
                out.push_str("_x");
                rest = &candidate[2..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}
