//! Request bodies parsed strictly: a key repeated in any object is refused. serde_json keeps
//! the last of duplicate keys without a word, so `{"role":"viewer","role":"prefecture_admin"}`
//! would mean whatever the last parser in the chain decides; a request is refused instead, with
//! the path of the repeated key. The value is built in the same pass (one parse, no second walk).

use super::{ApiError, ErrorCode};
use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Parses `body` as JSON, refusing a key repeated within one object (`invalid_request`, `field`
/// the repeated key's path, e.g. `mutations[2].hlc.counter`) and anything that is not JSON
/// (`malformed_json`).
pub fn parse_strict_json(body: &[u8]) -> Result<Value, ApiError> {
    let mut json = serde_json::Deserializer::from_slice(body);
    let value = match StrictValue.deserialize(&mut json) {
        Ok(value) => value,
        // Paths are tracked only to name a repeated key: tracking every value costs half as
        // much again as the parse (`cargo bench -p tsunagu-core --bench strict_json`).
        Err(error) if error.to_string().starts_with(DUPLICATE) => {
            return Err(duplicate_with_path(body))
        }
        Err(error) => return Err(malformed(&error)),
    };
    json.end().map_err(|e| malformed(&e))?;
    Ok(value)
}

fn malformed(error: &serde_json::Error) -> ApiError {
    ApiError::new(
        ErrorCode::MalformedJson,
        format!("the body is not valid JSON: {error}"),
    )
}

/// The refusal of a body with a repeated key, parsed again to find where the key is.
fn duplicate_with_path(body: &[u8]) -> ApiError {
    let mut json = serde_json::Deserializer::from_slice(body);
    let mut track = serde_path_to_error::Track::new();
    let tracked = serde_path_to_error::Deserializer::new(&mut json, &mut track);
    match StrictValue.deserialize(tracked) {
        Ok(_) => ApiError::new(
            ErrorCode::InvalidRequest,
            "a key appears twice in one object",
        ),
        Err(error) => refusal(&error, &track.path()),
    }
}

/// The marker that tells a repeated key from JSON serde_json could not read.
const DUPLICATE: &str = "duplicate key ";

fn refusal(error: &serde_json::Error, path: &serde_path_to_error::Path) -> ApiError {
    let message = error.to_string();
    let Some(rest) = message.strip_prefix(DUPLICATE) else {
        return malformed(error);
    };
    // The message is `duplicate key "<key>" at line …`; the key is JSON text.
    let key = serde_json::Deserializer::from_str(rest)
        .into_iter::<String>()
        .next()
        .and_then(Result::ok)
        .unwrap_or_default();
    let parent = path.to_string();
    let field = if parent == "." {
        key.clone()
    } else {
        format!("{parent}.{key}")
    };
    ApiError::new(
        ErrorCode::InvalidRequest,
        format!("the key {key:?} appears twice in one object: each key may appear once"),
    )
    .at(field)
}

/// A JSON value whose objects never repeat a key.
struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // serde_json never reads NaN or infinities from text.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                let quoted = serde_json::to_string(&key).unwrap_or_default();
                return Err(A::Error::custom(format!("{DUPLICATE}{quoted}")));
            }
            let value = map.next_value_seed(StrictValue)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refused(body: &str) -> ApiError {
        parse_strict_json(body.as_bytes()).expect_err(body)
    }

    #[test]
    fn a_repeated_key_is_refused_with_its_path() {
        for (body, field) in [
            (r#"{"protocol":1,"protocol":1}"#, "protocol"),
            (r#"{"a":{"b":1,"c":2,"b":3}}"#, "a.b"),
            (
                r#"{"mutations":[{"seq":1},{"seq":2,"seq":3}]}"#,
                "mutations[1].seq",
            ),
            (r#"{"after":{"kind":"plan","id":"x","id":"y"}}"#, "after.id"),
            (r#"[{"x":[{"y":1,"y":1}]}]"#, "[0].x[0].y"),
            (r#"{"\u0072ole":"a","role":"b"}"#, "role"),
            (r#"{"q.1":1,"q.1":2}"#, "q.1"),
        ] {
            let error = refused(body);
            assert_eq!(error.code, ErrorCode::InvalidRequest, "{body}: {error}");
            assert_eq!(error.field.as_deref(), Some(field), "{body}: {error}");
            assert_eq!(error.status(), 400);
        }
    }

    #[test]
    fn what_is_not_json_is_malformed() {
        for body in [
            "",
            "{",
            "{\"a\":1} x",
            "{'a':1}",
            "\u{feff}{}",
            "{\"a\":1,}",
            "nul",
        ] {
            let error = refused(body);
            assert_eq!(error.code, ErrorCode::MalformedJson, "{body:?}: {error}");
            assert_eq!(error.field, None);
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert_eq!(refused(&deep).code, ErrorCode::MalformedJson);
    }

    #[test]
    fn the_value_is_what_serde_json_reads() {
        for body in [
            r#"{"protocol":1,"a":[1,-2,3.5,1e300,"x",null,true,{"b":{}}],"c":"遠野\n"}"#,
            r#"[]"#,
            r#" 18446744073709551615 "#,
            r#"{"a":{"a":{"a":1}},"b":{"a":2}}"#,
        ] {
            let strict = parse_strict_json(body.as_bytes()).expect(body);
            let loose: Value = serde_json::from_str(body).expect(body);
            assert_eq!(strict, loose, "{body}");
        }
        assert_eq!(
            parse_strict_json(br#"{"a":1,"b":2}"#).ok(),
            Some(json!({"a":1,"b":2}))
        );
    }
}
