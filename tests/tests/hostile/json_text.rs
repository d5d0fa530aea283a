//! JSON written with edits no JSON library makes: a key written twice, an extra entry in one
//! object, a value replaced or removed at a path.

use serde_json::Value;

/// A step into a JSON value: an object's key or an array's index.
#[derive(Clone, Debug, PartialEq)]
pub enum Seg {
    Key(&'static str),
    Index(usize),
}

/// Shows a path as the worker names fields: `mutations[0].hlc.counter`.
pub fn path_name(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// `value` as JSON text, with `extra` (raw text, e.g. `"seq":1`) added as the last entries of
/// the object at `at`.
pub fn with_extra(value: &Value, at: &[Seg], extra: &str) -> String {
    let mut out = String::new();
    write(value, at, extra, &mut out);
    out
}

fn write(value: &Value, at: &[Seg], extra: &str, out: &mut String) {
    match value {
        Value::Object(map) => {
            out.push('{');
            let mut first = true;
            for (key, child) in map {
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                match at.split_first() {
                    Some((Seg::Key(k), rest)) if k == key => write(child, rest, extra, out),
                    _ => out.push_str(&child.to_string()),
                }
            }
            if at.is_empty() {
                if !first {
                    out.push(',');
                }
                out.push_str(extra);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, child) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match at.split_first() {
                    Some((Seg::Index(j), rest)) if *j == i => write(child, rest, extra, out),
                    _ => out.push_str(&child.to_string()),
                }
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The value at `path`.
pub fn get<'a>(value: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(key) => v.get(*key),
        Seg::Index(i) => v.get(*i),
    })
}

/// `value` with the value at `path` replaced (`Some`) or removed (`None`).
pub fn edited(value: &Value, path: &[Seg], new: Option<Value>) -> Value {
    let mut copy = value.clone();
    let Some((last, parent)) = path.split_last() else {
        return new.unwrap_or(Value::Null);
    };
    let mut target = &mut copy;
    for seg in parent {
        target = match seg {
            Seg::Key(key) => &mut target[*key],
            Seg::Index(i) => &mut target[*i],
        };
    }
    match (last, new) {
        (Seg::Key(key), Some(new)) => target[*key] = new,
        (Seg::Key(key), None) => {
            if let Some(map) = target.as_object_mut() {
                map.remove(*key);
            }
        }
        (Seg::Index(i), Some(new)) => target[*i] = new,
        (Seg::Index(i), None) => {
            if let Some(items) = target.as_array_mut() {
                items.remove(*i);
            }
        }
    }
    copy
}

/// The paths of every object in `value` (the root first), for adding keys to each.
pub fn object_paths(value: &Value, at: Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    match value {
        Value::Object(map) => {
            out.push(at.clone());
            for (key, child) in map {
                // Keys here are the request's own, known at compile time: leak-free by lookup.
                if let Some(key) = KNOWN_KEYS.iter().find(|k| **k == key) {
                    let mut path = at.clone();
                    path.push(Seg::Key(key));
                    object_paths(child, path, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let mut path = at.clone();
                path.push(Seg::Index(i));
                object_paths(child, path, out);
            }
        }
        _ => {}
    }
}

/// Every key the baseline requests use.
pub const KNOWN_KEYS: &[&str] = &[
    "protocol",
    "client_id",
    "cursor",
    "page_size",
    "epoch",
    "cursor_tag",
    "mutations",
    "seq",
    "kind",
    "record_id",
    "org",
    "field",
    "value",
    "hlc",
    "base",
    "wall_ms",
    "counter",
    "replica",
    "after",
    "id",
    "limit",
    "role",
    "label",
    "replace_admins",
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_extra_entry_lands_in_its_object() {
        let v = json!({"a": {"b": 1}, "c": [{"d": 2}]});
        assert_eq!(
            with_extra(&v, &[Seg::Key("a")], r#""b":3"#),
            r#"{"a":{"b":1,"b":3},"c":[{"d":2}]}"#
        );
        assert_eq!(
            with_extra(&v, &[Seg::Key("c"), Seg::Index(0)], r#""x":1"#),
            r#"{"a":{"b":1},"c":[{"d":2,"x":1}]}"#
        );
        assert_eq!(
            path_name(&[Seg::Key("c"), Seg::Index(0), Seg::Key("d")]),
            "c[0].d"
        );
    }
}
