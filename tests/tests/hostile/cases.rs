//! The hostile requests: every shape of `shapes.rs` with one part mutated at a time (method,
//! path, credentials, body encoding, JSON structure, each field's type and range, sizes).
//! Each must be refused with a 4xx and the JSON error body, and change nothing.

use super::json_text::{edited, get, object_paths, path_name, with_extra, Seg};
use super::raw::{Framing, RawRequest};
use super::shapes::{shapes, Auth, Ctx, Field, Kind, Shape};
use serde_json::{json, Value};
use tsunagu_core::protocol::MAX_BODY_BYTES;

/// What the answer must be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expect {
    /// Exactly this status.
    Status(u16),
    /// Any 4xx.
    ClientError,
}

pub struct Case {
    pub name: String,
    pub request: RawRequest,
    pub expect: Expect,
}

/// Every method the runtime passes to the worker (it answers names it does not know itself),
/// but `OPTIONS`, a CORS preflight, and `CONNECT`, which the runtime does not pass on.
pub const METHODS: &[&str] = &[
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "DELETE",
    "PATCH",
    "PURGE",
    "TRACE",
    "COPY",
    "LOCK",
    "MKCOL",
    "MOVE",
    "PROPFIND",
    "PROPPATCH",
    "SEARCH",
    "UNLOCK",
    "ACL",
    "REPORT",
    "MKACTIVITY",
    "CHECKOUT",
    "MERGE",
    "MSEARCH",
    "NOTIFY",
    "SUBSCRIBE",
    "UNSUBSCRIBE",
    "QUERY",
];

/// A shape's request as it is, to mutate.
struct Base<'a> {
    shape: &'a Shape,
    ctx: &'a Ctx,
}

impl Base<'_> {
    fn request(&self) -> RawRequest {
        let mut headers = vec![("Host".to_string(), self.ctx.host.clone())];
        if let Some(credential) = self.ctx.credential(self.shape.auth) {
            headers.push(("Authorization".into(), format!("Bearer {credential}")));
        }
        let body = match &self.shape.body {
            Some(body) => {
                headers.push(("Content-Type".into(), "application/json".into()));
                serde_json::to_vec(body).expect("JSON")
            }
            None => Vec::new(),
        };
        RawRequest {
            method: self.shape.method.into(),
            target: self.shape.path.clone(),
            headers,
            body,
            framing: Framing::Length,
        }
    }

    fn with_body(&self, body: Vec<u8>) -> RawRequest {
        RawRequest {
            body,
            ..self.request()
        }
    }

    fn case(
        &self,
        part: &str,
        detail: impl AsRef<str>,
        request: RawRequest,
        expect: Expect,
    ) -> Case {
        Case {
            name: format!("{} {}: {}", self.shape.name, part, detail.as_ref()),
            request,
            expect,
        }
    }
}

pub fn all_cases(ctx: &Ctx) -> Vec<Case> {
    let mut cases = Vec::new();
    for shape in &shapes(ctx) {
        let base = Base { shape, ctx };
        methods(&base, &mut cases);
        paths(&base, &mut cases);
        credentials(&base, &mut cases);
        if let Some(body) = &shape.body {
            encodings(&base, body, &mut cases);
            structure(&base, body, &mut cases);
            for field in &shape.fields {
                field_values(&base, body, field, &mut cases);
            }
            sizes(&base, body, &mut cases);
        }
    }
    cases
}

fn methods(base: &Base, cases: &mut Vec<Case>) {
    for method in METHODS.iter().filter(|m| !base.shape.takes.contains(m)) {
        let mut request = base.request();
        request.method = (*method).into();
        cases.push(base.case("method", method, request.clone(), Expect::Status(405)));
        // The same without a body, or with one where the shape has none.
        request.body = if request.body.is_empty() {
            br#"{"protocol":1}"#.to_vec()
        } else {
            Vec::new()
        };
        let detail = format!("{method}, body {}", request.body.len());
        cases.push(base.case("method", detail, request, Expect::Status(405)));
    }
}

fn paths(base: &Base, cases: &mut Vec<Case>) {
    let path = &base.shape.path;
    let (parent, last) = path.rsplit_once('/').expect("a path has a slash");
    // Paths that exist nowhere: 404 whatever the method.
    let mut variants = vec![
        format!("{path}/"),
        format!("{path}//"),
        format!("{path}///"),
        path.replacen("/v1/", "/v1//", 1),
        format!("{parent}//{last}"),
        format!("/v1/{}", "x/".repeat(2000)),
    ];
    // Another last segment: a path that does not exist, or (where the last segment is a token
    // id) another id, refused all the same.
    let mut others = vec![
        format!("{parent}/{}", last.to_uppercase()),
        format!("{parent}/%{:02X}{}", last.as_bytes()[0], &last[1..]),
        format!("{path}%2F"),
        format!("{path};x"),
        format!("{path}%00"),
        format!("{path}%20"),
        format!("{parent}/{last}{last}"),
    ];
    others.retain(|v| v != path);
    let last_is_an_id = parent.ends_with("/tokens");
    if !last_is_an_id {
        variants.append(&mut others);
    }
    for target in variants {
        let mut request = base.request();
        request.target = target.clone();
        let shown: String = target.chars().take(60).collect();
        cases.push(base.case("path", shown, request, Expect::Status(404)));
    }
    // One more segment may be a token's path (then the method is the wrong one).
    others.push(format!("{path}/x"));
    for target in others {
        let mut request = base.request();
        request.target = target.clone();
        cases.push(base.case("path", target, request, Expect::ClientError));
    }
    // One segment fewer may be another endpoint (then the method is the wrong one).
    let mut request = base.request();
    request.target = parent.to_string();
    cases.push(base.case("path", parent, request, Expect::ClientError));
}

fn credentials(base: &Base, cases: &mut Vec<Case>) {
    let ctx = base.ctx;
    let Some(own) = ctx.credential(base.shape.auth) else {
        return;
    };
    let changed_last = {
        let mut chars: Vec<char> = own.chars().collect();
        if let Some(last) = chars.last_mut() {
            *last = if *last == 'A' { 'B' } else { 'A' };
        }
        chars.into_iter().collect::<String>()
    };
    let mut values: Vec<Option<String>> = vec![
        None,
        Some(String::new()),
        Some("Bearer".into()),
        Some("Bearer ".into()),
        Some(format!("bearer {own}")),
        Some("Basic dXNlcjpwYXNzd29yZA==".into()),
        Some(format!("Bearer {own}x")),
        Some(format!("Bearer {changed_last}")),
        Some(format!("Bearer {own} {own}")),
        Some(format!("Bearer {}", "a".repeat(6000))),
    ];
    let rest_after_prefecture = own.strip_prefix("tsu_23_").map(str::to_string);
    if let Some(rest) = &rest_after_prefecture {
        values.push(Some(format!("Bearer tsu_03_{rest}")));
        values.push(Some(format!("Bearer tsu_99_{rest}")));
        values.push(Some(format!("Bearer tsu_ab_{rest}")));
    }
    match base.shape.auth {
        Auth::Secret => values.push(Some(format!("Bearer {}", ctx.admin))),
        Auth::Admin => {
            values.push(Some(format!("Bearer {}", ctx.editor)));
            values.push(Some(format!("Bearer {}", ctx.viewer)));
            values.push(Some(format!("Bearer {}", ctx.secret)));
        }
        _ => values.push(Some(format!("Bearer {}", ctx.secret))),
    }
    for value in values {
        let mut request = base.request();
        request.headers.retain(|(n, _)| n != "Authorization");
        let shown = match &value {
            None => "none".to_string(),
            Some(v) => v.replace(&own, "<own>").chars().take(40).collect(),
        };
        if let Some(value) = value {
            request.headers.push(("Authorization".into(), value));
        }
        cases.push(base.case("authorization", shown, request, Expect::ClientError));
    }
    // Two Authorization headers: the runtime joins them into one value, never a token.
    for second in [own.clone(), "garbage".into()] {
        let mut request = base.request();
        request
            .headers
            .push(("Authorization".into(), format!("Bearer {second}")));
        let shown = format!("twice ({})", if second == own { "same" } else { "other" });
        cases.push(base.case("authorization", shown, request, Expect::ClientError));
    }
    if base.shape.auth == Auth::Secret {
        // The secret from a browser: refused before it is looked at.
        for origin in ["https://evil.example", "null", "http://127.0.0.1"] {
            let mut request = base.request();
            request.headers.push(("Origin".into(), origin.into()));
            cases.push(base.case("origin", origin, request, Expect::Status(403)));
        }
    }
}

fn encodings(base: &Base, body: &Value, cases: &mut Vec<Case>) {
    let text = serde_json::to_string(body).expect("JSON");
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut latin1 = text.clone().into_bytes();
    latin1.splice(1..1, b"\"\xe9\":1,".iter().copied());
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("spaces", b"   ".to_vec()),
        ("null", b"null".to_vec()),
        ("array", b"[]".to_vec()),
        ("string", b"\"x\"".to_vec()),
        ("number", b"1".to_vec()),
        ("true", b"true".to_vec()),
        ("open brace", b"{".to_vec()),
        ("first half", text.as_bytes()[..text.len() / 2].to_vec()),
        (
            "all but the last byte",
            text.as_bytes()[..text.len() - 1].to_vec(),
        ),
        ("trailing garbage", format!("{text}x").into_bytes()),
        ("two documents", format!("{text}{text}").into_bytes()),
        (
            "byte order mark",
            [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat(),
        ),
        ("UTF-16", utf16),
        ("invalid UTF-8 key", latin1),
        ("NUL byte", [text.as_bytes(), b"\0"].concat()),
        (
            "gzip magic",
            [b"\x1f\x8b\x08\x00".as_slice(), text.as_bytes()].concat(),
        ),
        ("form", b"protocol=1&client_id=x".to_vec()),
        ("comment", format!("/* c */{text}").into_bytes()),
        ("single quotes", text.replace('"', "'").into_bytes()),
        (
            "trailing comma",
            format!("{},}}", &text[..text.len() - 1]).into_bytes(),
        ),
        ("NaN", text.replacen(":1", ":NaN", 1).into_bytes()),
        ("hex number", text.replacen(":1", ":0x1", 1).into_bytes()),
        ("leading zero", text.replacen(":1", ":01", 1).into_bytes()),
        ("protocol as N.0", protocol_written_as(&text, ".0")),
        ("protocol as Ne0", protocol_written_as(&text, "e0")),
        (
            "lone surrogate",
            text.replacen("{\"", "{\"\\ud800\":1,\"", 1).into_bytes(),
        ),
        (
            "deep nesting",
            format!("{}{}", "[".repeat(5000), "]".repeat(5000)).into_bytes(),
        ),
    ];
    for (detail, bytes) in variants {
        if bytes == text.as_bytes() {
            continue; // A replacement that found nothing to replace in this shape's body.
        }
        let request = base.with_body(bytes);
        cases.push(base.case("encoding", detail, request, Expect::ClientError));
    }
    // The body as JSON, but its Content-Length shorter than it (the rest is another request's
    // bytes to the server; cut off here, the JSON is incomplete).
    let mut request = base.request();
    request.framing = Framing::Declared(text.len() / 2);
    request.body.truncate(text.len() / 2);
    cases.push(base.case(
        "encoding",
        "declared length cut",
        request,
        Expect::ClientError,
    ));
    // Chunked, with a body that is not the request.
    let mut request = base.with_body(b"{\"protocol\":1,".to_vec());
    request.framing = Framing::Chunked(3);
    cases.push(base.case("encoding", "chunked, cut", request, Expect::ClientError));
}

fn structure(base: &Base, body: &Value, cases: &mut Vec<Case>) {
    let mut objects = Vec::new();
    object_paths(body, Vec::new(), &mut objects);
    for at in objects {
        let object = get(body, &at)
            .and_then(Value::as_object)
            .expect("an object");
        let where_ = if at.is_empty() {
            "top".to_string()
        } else {
            path_name(&at)
        };
        for (key, value) in object {
            let quoted = Value::String(key.clone()).to_string();
            for (detail, extra) in [
                ("same value", format!("{quoted}:{value}")),
                ("other value", format!("{quoted}:{}", other_value(value))),
            ] {
                let request = base.with_body(with_extra(body, &at, &extra).into_bytes());
                let name = format!("{where_}.{key} twice, {detail}");
                cases.push(base.case("duplicate key", name, request, Expect::Status(400)));
            }
        }
        let first = object.keys().next().cloned().unwrap_or_default();
        let mut capitalised = first.clone();
        if let Some(c) = capitalised.get_mut(0..1) {
            c.make_ascii_uppercase();
        }
        for extra in [
            r#""extra":1"#.to_string(),
            r#""__proto__":{"admin":true}"#.to_string(),
            format!(r#""{capitalised}":1"#),
            r#""":1"#.to_string(),
        ] {
            let request = base.with_body(with_extra(body, &at, &extra).into_bytes());
            let name = format!("{where_} + {extra}");
            cases.push(base.case("unknown key", name, request, Expect::Status(400)));
        }
    }
    for field in &base.shape.fields {
        if field.optional {
            continue;
        }
        let request =
            base.with_body(serde_json::to_vec(&edited(body, &field.path, None)).expect("JSON"));
        let name = format!("{} missing", path_name(&field.path));
        cases.push(base.case("missing", name, request, Expect::ClientError));
    }
}

/// A value unlike `value`, for a duplicate key that disagrees with the first.
fn other_value(value: &Value) -> Value {
    match value {
        Value::String(_) => json!("prefecture_admin"),
        Value::Number(_) => json!(2),
        Value::Bool(b) => json!(!b),
        _ => json!(null),
    }
}

fn field_values(base: &Base, body: &Value, field: &Field, cases: &mut Vec<Case>) {
    let mut values = match field.kind {
        Kind::Unsigned => vec![
            json!(true),
            json!("1"),
            json!(-1),
            json!(1.5),
            json!(1e300),
            json!([]),
            json!({}),
        ],
        Kind::Text => vec![json!(1), json!(true), json!([]), json!({}), json!(["x"])],
        Kind::Enum => vec![json!(""), json!("x"), json!(1), json!([]), json!({})],
        Kind::Org => vec![
            json!(""),
            json!(231002),
            json!("23100a"),
            json!([]),
            json!({}),
        ],
        Kind::Bool => vec![json!("true"), json!(1), json!(0), json!([]), json!({})],
        Kind::Object => vec![json!(1), json!("x"), json!([]), json!(true)],
        Kind::List => vec![json!({}), json!("x"), json!(1)],
    };
    if !field.optional {
        values.push(Value::Null);
    }
    let big = || -> Value {
        serde_json::from_str("18446744073709551616").expect("a number too large for u64")
    };
    if matches!(field.kind, Kind::Unsigned) {
        values.push(big());
    }
    values.extend(field.out_of_range.iter().cloned());
    for value in values {
        let edited = edited(body, &field.path, Some(value.clone()));
        let request = base.with_body(serde_json::to_vec(&edited).expect("JSON"));
        let shown: String = value.to_string().chars().take(30).collect();
        let name = format!("{} = {shown}", path_name(&field.path));
        cases.push(base.case("field", name, request, Expect::ClientError));
    }
    // Where a field's type is a string or a number, the other spelled as one.
    if let Some(current) = get(body, &field.path) {
        let spelled = match current {
            Value::Number(n) => Some(json!(n.to_string())),
            Value::String(s) => s.parse::<u64>().ok().map(|n| json!(n)),
            _ => None,
        };
        if let Some(spelled) = spelled {
            let edited = edited(body, &field.path, Some(spelled.clone()));
            let request = base.with_body(serde_json::to_vec(&edited).expect("JSON"));
            let name = format!("{} = {spelled} (spelled)", path_name(&field.path));
            cases.push(base.case("field", name, request, Expect::ClientError));
        }
    }
}

fn sizes(base: &Base, body: &Value, cases: &mut Vec<Case>) {
    let text = serde_json::to_string(body).expect("JSON");
    // Valid JSON padded with spaces past the limit: refused for its size alone.
    for (detail, len) in [
        ("one byte over", MAX_BODY_BYTES + 1),
        ("twice the limit", 2 * MAX_BODY_BYTES),
    ] {
        let padded = format!("{text}{}", " ".repeat(len - text.len())).into_bytes();
        cases.push(base.case(
            "size",
            detail,
            base.with_body(padded.clone()),
            Expect::Status(413),
        ));
        let mut chunked = base.with_body(padded);
        chunked.framing = Framing::Chunked(64 * 1024);
        let name = format!("{detail}, chunked");
        cases.push(base.case("size", name, chunked, Expect::Status(413)));
    }
    let many_keys: String = (0..20_000).map(|i| format!(r#""k{i}":{i},"#)).collect();
    let request = base.with_body(format!("{{{many_keys}{}", &text[1..]).into_bytes());
    cases.push(base.case("size", "20,000 unknown keys", request, Expect::Status(400)));
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let request = base.with_body(format!("{{\"deep\":{deep},{}", &text[1..]).into_bytes());
    cases.push(base.case("size", "200 levels deep", request, Expect::Status(400)));
    for field in &base.shape.fields {
        if matches!(field.kind, Kind::Text) && get(body, &field.path).is_some() {
            let huge = json!("x".repeat(900_000));
            let edited = edited(body, &field.path, Some(huge));
            let request = base.with_body(serde_json::to_vec(&edited).expect("JSON"));
            let name = format!("{} of 900,000 characters", path_name(&field.path));
            // record_id and field of a mutation are refused alone (a 200 with `rejected`):
            // only the request's own fields are sized here.
            if !matches!(field.path.last(), Some(Seg::Key("record_id" | "field"))) {
                cases.push(base.case("size", name, request, Expect::ClientError));
            }
        }
    }
    if base.shape.name == "sync" {
        let mutation = body["mutations"][0].clone();
        let many: Vec<Value> = (1..=501)
            .map(|seq| {
                let mut m = mutation.clone();
                m["seq"] = json!(seq);
                m
            })
            .collect();
        let edited = edited(body, &[Seg::Key("mutations")], Some(Value::Array(many)));
        let request = base.with_body(serde_json::to_vec(&edited).expect("JSON"));
        cases.push(base.case("size", "501 mutations", request, Expect::Status(413)));
    }
}

/// The body with its protocol number (1 for sync, 2 for snapshots) written as a decimal or an
/// exponent: the number is an integer, and anything else is refused.
fn protocol_written_as(text: &str, suffix: &str) -> Vec<u8> {
    let number = if text.contains("\"protocol\":2") {
        2
    } else {
        1
    };
    let written = format!("\"protocol\":{number}");
    text.replacen(&written, &format!("{written}{suffix}"), 1)
        .into_bytes()
}
