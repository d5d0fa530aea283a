use crate::random::random_word;
use serde::Deserialize;
use tsunagu_core::access::{hash_secret, parse_token, secrets_match, Principal, Role, TokenParts};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{
    check_first_admin, ApiError, ErrorCode, IssueTokenRequest, IssuedToken, TokenInfo,
};
use tsunagu_core::sync_file::{file_key, FileOrigin};
use worker::{SqlStorage, SqlStorageValue as V};

const ID_LEN: usize = 12;
const SECRET_LEN: usize = 40;

#[derive(Deserialize)]
struct TokenRow {
    id: String,
    secret_hash: String,
    org: String,
    role: String,
    label: String,
    created_at_ms: u64,
    revoked_at_ms: Option<u64>,
    last_used_ms: Option<u64>,
    last_sync_ms: Option<u64>,
}

impl TokenRow {
    fn info(&self) -> Result<TokenInfo, ApiError> {
        let corrupt =
            |e: String| ApiError::internal(format!("stored token {} is corrupt: {e}", self.id));
        Ok(TokenInfo {
            id: self.id.clone(),
            org: OrgCode::parse(&self.org).map_err(|e| corrupt(e.to_string()))?,
            role: self.role.parse::<Role>().map_err(corrupt)?,
            label: self.label.clone(),
            created_at_ms: self.created_at_ms,
            revoked_at_ms: self.revoked_at_ms,
            last_used_ms: self.last_used_ms,
            last_sync_ms: self.last_sync_ms,
        })
    }
}

fn sql_error(error: worker::Error) -> ApiError {
    ApiError::internal(format!("token storage failed: {error}"))
}

fn rows(sql: &SqlStorage, query: &str, bindings: Vec<V>) -> Result<Vec<TokenRow>, ApiError> {
    sql.exec(query, bindings)
        .and_then(|cursor| cursor.to_array())
        .map_err(sql_error)
}

const COLUMNS: &str = "SELECT id, secret_hash, org, role, label, created_at_ms, revoked_at_ms,
    last_used_ms, last_sync_ms FROM tokens";

/// How stale a token's `last_used_ms` may get: a request writes it at most once a minute, so
/// reads stay reads.
const LAST_USED_RESOLUTION_MS: u64 = 60_000;

/// Issues a token; its secret is returned this once and only its hash is stored.
pub fn issue(
    sql: &SqlStorage,
    prefecture: u8,
    request: &IssueTokenRequest,
    now_ms: u64,
) -> Result<IssuedToken, ApiError> {
    let parts = TokenParts {
        prefecture,
        id: random_word(ID_LEN)?,
        secret: random_word(SECRET_LEN)?,
    };
    let label = request.label.trim().to_string();
    sql.exec(
        "INSERT INTO tokens (id, secret_hash, org, role, label, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)",
        vec![
            V::String(parts.id.clone()),
            V::String(hash_secret(&parts.secret)),
            V::String(request.org.to_string()),
            V::String(request.role.as_str().into()),
            V::String(label.clone()),
            V::Integer(now_ms as i64),
        ],
    )
    .map_err(sql_error)?;
    Ok(IssuedToken {
        token: parts.format(),
        info: TokenInfo {
            id: parts.id,
            org: request.org.clone(),
            role: request.role,
            label,
            created_at_ms: now_ms,
            revoked_at_ms: None,
            last_used_ms: None,
            last_sync_ms: None,
        },
        revoked_admins: Vec::new(),
        replaces: None,
    })
}

#[derive(Deserialize)]
struct IdRow {
    id: String,
}

/// The ids of the prefecture's unrevoked prefecture_admin tokens.
fn active_admins(sql: &SqlStorage) -> Result<Vec<String>, ApiError> {
    let rows: Vec<IdRow> = sql
        .exec(
            "SELECT id FROM tokens WHERE role = ? AND revoked_at_ms IS NULL ORDER BY id",
            vec![V::String(Role::PrefectureAdmin.as_str().into())],
        )
        .and_then(|cursor| cursor.to_array())
        .map_err(sql_error)?;
    Ok(rows.into_iter().map(|row| row.id).collect())
}

/// The admin secret's only issue: the prefecture's first administrator, or with
/// `replace_admins` a new one in place of every active one (revoked here, so the caller's
/// transaction makes both one step).
pub fn issue_first_admin(
    sql: &SqlStorage,
    prefecture: u8,
    request: &IssueTokenRequest,
    now_ms: u64,
) -> Result<IssuedToken, ApiError> {
    let admins = active_admins(sql)?;
    check_first_admin(request, admins.len())?;
    for id in &admins {
        revoke(sql, id, now_ms)?;
    }
    let mut issued = issue(sql, prefecture, request, now_ms)?;
    issued.revoked_admins = admins;
    Ok(issued)
}

pub fn list(sql: &SqlStorage) -> Result<Vec<TokenInfo>, ApiError> {
    rows(
        sql,
        &format!("{COLUMNS} ORDER BY created_at_ms, id"),
        vec![],
    )?
    .iter()
    .map(TokenRow::info)
    .collect()
}

/// Revokes a token at once: the next request made with it is refused.
pub fn revoke(sql: &SqlStorage, id: &str, now_ms: u64) -> Result<TokenInfo, ApiError> {
    sql.exec(
        "UPDATE tokens SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL",
        vec![V::Integer(now_ms as i64), V::String(id.into())],
    )
    .map_err(sql_error)?;
    rows(
        sql,
        &format!("{COLUMNS} WHERE id = ?"),
        vec![V::String(id.into())],
    )?
    .first()
    .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("no token with id {id}")).at("id"))?
    .info()
}

/// Issues every invitation; the caller's transaction makes it all or none.
pub fn issue_all(
    sql: &SqlStorage,
    prefecture: u8,
    requests: &[IssueTokenRequest],
    now_ms: u64,
) -> Result<Vec<IssuedToken>, ApiError> {
    requests
        .iter()
        .map(|request| issue(sql, prefecture, request, now_ms))
        .collect()
}

/// A new token for the holder of token `id` (same organisation, role and label), and `id`
/// revoked; the caller's transaction makes both one step. A revoked token is not rotated: its
/// holder was taken off on purpose.
pub fn rotate(
    sql: &SqlStorage,
    prefecture: u8,
    id: &str,
    now_ms: u64,
) -> Result<IssuedToken, ApiError> {
    let found = rows(
        sql,
        &format!("{COLUMNS} WHERE id = ?"),
        vec![V::String(id.into())],
    )?;
    let old = found
        .first()
        .ok_or_else(|| {
            ApiError::new(ErrorCode::NotFound, format!("no token with id {id}")).at("id")
        })?
        .info()?;
    if old.revoked_at_ms.is_some() {
        return Err(ApiError::new(
            ErrorCode::ValidationFailed,
            format!("token {id} is revoked; issue a new token for this person instead"),
        )
        .at("id"));
    }
    let request = IssueTokenRequest {
        org: old.org,
        role: old.role,
        label: old.label,
        replace_admins: false,
    };
    let mut issued = issue(sql, prefecture, &request, now_ms)?;
    revoke(sql, id, now_ms)?;
    issued.replaces = Some(old.id);
    Ok(issued)
}

/// Notes a successful sync made with the token; called inside the sync's transaction.
pub fn record_sync(sql: &SqlStorage, id: &str, now_ms: u64) -> worker::Result<()> {
    sql.exec(
        "UPDATE tokens SET last_sync_ms = ?, last_used_ms = ? WHERE id = ?",
        vec![
            V::Integer(now_ms as i64),
            V::Integer(now_ms as i64),
            V::String(id.into()),
        ],
    )
    .map(|_| ())
}

#[derive(Deserialize)]
struct TokenCountRow {
    org: String,
    active: u32,
    used: u32,
}

/// Per organisation: its unrevoked tokens and how many of them were ever used.
pub fn counts_by_org(sql: &SqlStorage) -> Result<Vec<(String, u32, u32)>, ApiError> {
    let rows: Vec<TokenCountRow> = sql
        .exec(
            "SELECT org, COUNT(*) AS active, COUNT(last_used_ms) AS used FROM tokens
             WHERE revoked_at_ms IS NULL GROUP BY org",
            None,
        )
        .and_then(|cursor| cursor.to_array())
        .map_err(sql_error)?;
    Ok(rows
        .into_iter()
        .map(|row| (row.org, row.active, row.used))
        .collect())
}

/// The principal behind an `Authorization` header, or 401 in words.
pub fn authenticate(
    sql: &SqlStorage,
    header: &str,
    prefecture: u8,
) -> Result<Authenticated, ApiError> {
    let refused =
        |message: &str| ApiError::new(ErrorCode::Unauthenticated, message).at("authorization");
    let parts = parse_token(header).map_err(|e| refused(&e.to_string()))?;
    if parts.prefecture != prefecture {
        return Err(refused("the token belongs to another prefecture"));
    }
    let found = rows(
        sql,
        &format!("{COLUMNS} WHERE id = ?"),
        vec![V::String(parts.id)],
    )?;
    let Some(row) = found.first() else {
        return Err(refused("unknown token"));
    };
    if !secrets_match(&parts.secret, &row.secret_hash) {
        return Err(refused("unknown token"));
    }
    if row.revoked_at_ms.is_some() {
        return Err(ApiError::new(
            ErrorCode::TokenRevoked,
            "this token has been revoked; ask your prefecture's administrator for a new one",
        )
        .at("authorization"));
    }
    let info = row.info()?;
    Ok(Authenticated {
        principal: Principal {
            token_id: info.id,
            org: info.org,
            role: info.role,
            label: info.label,
        },
        last_used_ms: info.last_used_ms,
    })
}

/// The token a sync file names (by id, as its header says), as a principal whose rules the
/// file's writes follow and the key its signature is checked with; `None` for no such token.
pub fn file_origin(
    sql: &SqlStorage,
    token_id: &str,
) -> Result<Option<(Principal, FileOrigin)>, ApiError> {
    let found = rows(
        sql,
        &format!("{COLUMNS} WHERE id = ?"),
        vec![V::String(token_id.into())],
    )?;
    let Some(row) = found.first() else {
        return Ok(None);
    };
    let info = row.info()?;
    let key = file_key(&row.secret_hash)
        .ok_or_else(|| ApiError::internal(format!("stored token {} has no hash", row.id)))?;
    let origin = FileOrigin {
        token_id: info.id.clone(),
        org: info.org.clone(),
        label: info.label.clone(),
        revoked: info.revoked_at_ms.is_some(),
        key,
    };
    let principal = Principal {
        token_id: info.id,
        org: info.org,
        role: info.role,
        label: info.label,
    };
    Ok(Some((principal, origin)))
}

/// A token that passed: who it is, and when it was last used.
pub struct Authenticated {
    pub principal: Principal,
    pub last_used_ms: Option<u64>,
}

/// Notes that a request made with token `id` succeeded, at most once a minute; a refused
/// request changes nothing, this included.
pub fn record_use(
    sql: &SqlStorage,
    id: &str,
    last_used_ms: Option<u64>,
    now_ms: u64,
) -> worker::Result<()> {
    if last_used_ms.is_some_and(|at| now_ms.saturating_sub(at) < LAST_USED_RESOLUTION_MS) {
        return Ok(());
    }
    sql.exec(
        "UPDATE tokens SET last_used_ms = MAX(COALESCE(last_used_ms, 0), ?) WHERE id = ?",
        vec![V::Integer(now_ms as i64), V::String(id.into())],
    )
    .map(|_| ())
}
