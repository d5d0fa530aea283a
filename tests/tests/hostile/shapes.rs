//! The request shapes the hostile requests are made from: one well-formed request per endpoint
//! (never sent as it is: each would be answered, and some would store something), and what each
//! part of it may be mutated into.

use super::json_text::Seg;
use serde_json::{json, Value};

/// Who a shape's request is sent as.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Auth {
    None,
    /// A municipality's editor token.
    Editor,
    /// The prefecture's administrator token.
    Admin,
    /// The worker's admin secret.
    Secret,
}

/// The credentials and ids of this run, in prefecture 23 (愛知県), which no other test uses.
pub struct Ctx {
    pub host: String,
    pub editor: String,
    pub viewer: String,
    pub admin: String,
    pub secret: String,
    /// The store's epoch (from a first snapshot).
    pub epoch: String,
    /// The client id of the sync shape, never used by a request that was answered 2xx.
    pub client: String,
    /// A measure stored before the run, for the history path.
    pub record: String,
    /// A token id the revoke shapes name (revoked only by the positive control at the end).
    pub victim: String,
}

impl Ctx {
    pub fn credential(&self, auth: Auth) -> Option<String> {
        match auth {
            Auth::None => None,
            Auth::Editor => Some(self.editor.clone()),
            Auth::Admin => Some(self.admin.clone()),
            Auth::Secret => Some(self.secret.clone()),
        }
    }
}

/// What a field of a body is, for the values that must be refused in its place.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Unsigned,
    Text,
    Enum,
    Org,
    Bool,
    Object,
    List,
}

/// One field of a body: where it is, what it is, whether it may be absent or null, and values
/// of its own type that must be refused too (its range).
pub struct Field {
    pub path: Vec<Seg>,
    pub kind: Kind,
    pub optional: bool,
    pub out_of_range: Vec<Value>,
}

fn field(path: &[Seg], kind: Kind, optional: bool, out_of_range: Vec<Value>) -> Field {
    Field {
        path: path.to_vec(),
        kind,
        optional,
        out_of_range,
    }
}

pub struct Shape {
    pub name: &'static str,
    pub method: &'static str,
    pub path: String,
    /// The methods the path takes: every other is refused with 405.
    pub takes: &'static [&'static str],
    pub auth: Auth,
    pub body: Option<Value>,
    pub fields: Vec<Field>,
}

use Seg::{Index, Key};

pub fn shapes(ctx: &Ctx) -> Vec<Shape> {
    let get = |name, path: String, auth| Shape {
        name,
        method: "GET",
        path,
        takes: &["GET"],
        auth,
        body: None,
        fields: Vec::new(),
    };
    vec![
        get("health", "/v1/health".into(), Auth::None),
        get("me", "/v1/me".into(), Auth::Editor),
        get("activity", "/v1/activity".into(), Auth::Editor),
        get(
            "history",
            format!("/v1/records/measure/{}/history", ctx.record),
            Auth::Editor,
        ),
        sync_shape(ctx),
        snapshot_shape(ctx),
        Shape {
            name: "issue",
            method: "POST",
            path: "/v1/prefecture/tokens".into(),
            takes: &["GET", "POST"],
            auth: Auth::Admin,
            body: Some(json!({"org": "232017", "role": "viewer", "label": "豊橋市 hostile"})),
            fields: token_fields(true),
        },
        Shape {
            takes: &["GET", "POST"],
            ..get("list", "/v1/prefecture/tokens".into(), Auth::Admin)
        },
        Shape {
            method: "DELETE",
            takes: &["DELETE"],
            ..get(
                "revoke",
                format!("/v1/prefecture/tokens/{}", ctx.victim),
                Auth::Admin,
            )
        },
        Shape {
            name: "first-admin",
            method: "POST",
            path: "/v1/admin/prefectures/23/tokens".into(),
            takes: &["GET", "POST"],
            auth: Auth::Secret,
            body: Some(json!({"org": "230006", "role": "prefecture_admin", "label": "愛知県"})),
            fields: token_fields(false),
        },
        Shape {
            takes: &["GET", "POST"],
            ..get(
                "admin-list",
                "/v1/admin/prefectures/23/tokens".into(),
                Auth::Secret,
            )
        },
        Shape {
            method: "DELETE",
            takes: &["DELETE"],
            ..get(
                "admin-revoke",
                format!("/v1/admin/prefectures/23/tokens/{}", ctx.victim),
                Auth::Secret,
            )
        },
    ]
}

/// The sync shape: one valid write of a new client (seq 1), which the positive control at the
/// end sends as it is.
pub fn sync_body(ctx: &Ctx, wall_ms: u64) -> Value {
    json!({
        "protocol": 3,
        "client_id": ctx.client,
        "cursor": 0,
        "page_size": 10,
        "epoch": ctx.epoch,
        "mutations": [{
            "seq": 1,
            "kind": "measure",
            "record_id": format!("{}-h", ctx.record),
            "org": "231002",
            "field": "title",
            "value": "敵対的な要求の後で",
            "hlc": {"wall_ms": wall_ms, "counter": 0, "replica": ctx.client},
            "base": {"wall_ms": wall_ms - 1000, "counter": 0, "replica": "someone-else-1"}
        }]
    })
}

fn sync_shape(ctx: &Ctx) -> Shape {
    let m = |name| [Key("mutations"), Index(0), Key(name)];
    let hlc = |name| [Key("mutations"), Index(0), Key("hlc"), Key(name)];
    let base = |name| [Key("mutations"), Index(0), Key("base"), Key(name)];
    let long = "a".repeat(65);
    Shape {
        name: "sync",
        method: "POST",
        path: "/v1/sync".into(),
        takes: &["POST"],
        auth: Auth::Editor,
        body: Some(sync_body(ctx, super::now_ms())),
        fields: vec![
            field(
                &[Key("protocol")],
                Kind::Unsigned,
                false,
                // Only the current version is taken: an older app reloads to get this one.
                vec![
                    json!(0),
                    json!(1),
                    json!(2),
                    json!(4),
                    json!(4_294_967_297u64),
                ],
            ),
            field(
                &[Key("client_id")],
                Kind::Text,
                false,
                vec![
                    json!(""),
                    json!("short"),
                    json!(long),
                    json!("a b c d e f"),
                    json!("ＡＢＣＤＥＦＧＨＩ"),
                    json!("abc/defgh"),
                    json!("abcdefgh\u{0}"),
                ],
            ),
            field(&[Key("cursor")], Kind::Unsigned, false, vec![]),
            field(
                &[Key("page_size")],
                Kind::Unsigned,
                true,
                vec![json!(0), json!(2001)],
            ),
            field(
                &[Key("epoch")],
                Kind::Text,
                true,
                vec![json!("another-epoch"), json!("")],
            ),
            field(
                &[Key("mutations")],
                Kind::List,
                true,
                vec![json!([1]), json!([{}]), json!([null])],
            ),
            field(&m("seq"), Kind::Unsigned, false, vec![json!(0)]),
            field(&m("kind"), Kind::Enum, false, vec![json!("Measure")]),
            field(&m("record_id"), Kind::Text, false, vec![]),
            field(
                &m("org"),
                Kind::Org,
                false,
                vec![json!("231003"), json!("23100"), json!("2310020")],
            ),
            field(&m("field"), Kind::Text, false, vec![]),
            field(&m("hlc"), Kind::Object, false, vec![json!({})]),
            field(&hlc("wall_ms"), Kind::Unsigned, false, vec![json!(0)]),
            field(&hlc("counter"), Kind::Unsigned, false, vec![]),
            field(
                &hlc("replica"),
                Kind::Text,
                false,
                vec![json!("another-client"), json!("")],
            ),
            field(&m("base"), Kind::Object, true, vec![json!({})]),
            field(&base("wall_ms"), Kind::Unsigned, false, vec![]),
            field(&base("counter"), Kind::Unsigned, false, vec![]),
            field(
                &base("replica"),
                Kind::Text,
                false,
                vec![json!(""), json!("x"), json!("a b")],
            ),
        ],
    }
}

fn snapshot_shape(ctx: &Ctx) -> Shape {
    Shape {
        name: "snapshot",
        method: "POST",
        path: "/v1/snapshot".into(),
        takes: &["POST"],
        auth: Auth::Editor,
        body: Some(json!({
            "protocol": 3,
            "after": {"kind": "measure", "id": "a"},
            "limit": 10,
            "epoch": ctx.epoch,
        })),
        fields: vec![
            field(
                &[Key("protocol")],
                Kind::Unsigned,
                false,
                // A snapshot needs the current protocol too.
                vec![json!(0), json!(1), json!(2), json!(4)],
            ),
            field(&[Key("after")], Kind::Object, true, vec![json!({})]),
            field(&[Key("after"), Key("kind")], Kind::Enum, false, vec![]),
            field(
                &[Key("after"), Key("id")],
                Kind::Text,
                false,
                vec![json!(""), json!("a/b"), json!("a".repeat(65))],
            ),
            field(
                &[Key("limit")],
                Kind::Unsigned,
                true,
                vec![json!(0), json!(5001)],
            ),
            field(
                &[Key("epoch")],
                Kind::Text,
                true,
                vec![json!("another-epoch")],
            ),
        ],
    }
}

/// The token request's fields. `with_token`: sent with an administrator's token, for which an
/// organisation of another prefecture and `replace_admins` are refused too (with the secret,
/// `replace_admins: true` is the break-glass recovery, a legitimate request).
fn token_fields(with_token: bool) -> Vec<Field> {
    let mut org_range = vec![json!("231003"), json!("23100"), json!("2310020")];
    let mut flag_range = vec![];
    if with_token {
        org_range.push(json!("030007"));
        flag_range.push(json!(true));
    }
    vec![
        field(&[Key("org")], Kind::Org, false, org_range),
        field(
            &[Key("role")],
            Kind::Enum,
            false,
            vec![json!("admin"), json!("Prefecture_Admin")],
        ),
        field(
            &[Key("label")],
            Kind::Text,
            false,
            vec![
                json!(""),
                json!("   "),
                json!("あ".repeat(101)),
                json!("a\u{7}b"),
                json!("a\nb"),
            ],
        ),
        field(&[Key("replace_admins")], Kind::Bool, true, flag_range),
    ]
}
