use crate::route::{authorization, route_of};
use crate::sql_store::SqlStore;
use crate::transaction::transaction_sync;
use crate::{activity, housekeeping, http, schema, tokens, PREFECTURE_HEADER};
use std::cell::{Cell, RefCell};
use tsunagu_core::access::{read_scope, Principal, Role};
use tsunagu_core::merge::RecordKey;
use tsunagu_core::protocol::{
    decode_request, decode_snapshot_request, ApiError, ErrorCode, InvitationRequest,
    InvitationResponse, IssueTokenRequest, Route, TokenList, WhoAmI,
};
use tsunagu_core::server::{handle_snapshot, handle_sync, record_history, relay_file};
use tsunagu_core::sync_file::{
    check_outbound, outbound_header, FileError, SyncFile, MAX_FILE_BYTES,
};
use worker::{
    console_error, durable_object, Date, DurableObject, Env, Request, Response, Result, State,
};

/// One prefecture's data: its municipalities' records, the change log, history, conflicts and
/// access tokens, in the object's own SQLite database. Requests to one object run one at a
/// time, which orders every push.
#[durable_object]
pub struct Prefecture {
    state: State,
    env: Env,
    /// Whether this start scheduled the housekeeping alarm (`housekeeping.rs`).
    scheduled: Cell<bool>,
    /// Whether the alarm is set to write the snapshot forms pushes left stale, so a push asks
    /// for it only after the last run.
    refresh_armed: Cell<bool>,
    /// Whether the schema is at this build's version; a failed migration is tried again by
    /// the next request rather than leaving the object on a half-known schema.
    migrated: Cell<bool>,
    /// The token the request being answered authenticated with and when it was last used:
    /// noted as used once the answer is a success.
    authenticated: RefCell<Option<(String, Option<u64>)>>,
}

impl DurableObject for Prefecture {
    fn new(state: State, env: Env) -> Self {
        let prefecture = Self {
            state,
            env,
            scheduled: Cell::new(false),
            refresh_armed: Cell::new(false),
            migrated: Cell::new(false),
            authenticated: RefCell::new(None),
        };
        prefecture.migrate();
        prefecture
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        if !self.migrate() {
            return http::error(&ApiError::internal(
                "the schema migration failed (logged above)",
            ));
        }
        if !self.scheduled.replace(true) {
            if let Err(error) = housekeeping::schedule(&self.state.storage(), &self.env).await {
                console_error!("housekeeping: could not schedule: {error}");
            }
        }
        self.authenticated.replace(None);
        match self.handle(&mut req).await {
            Ok(response) => {
                if let Some((id, last_used)) = self.authenticated.take() {
                    if response.status_code() < 400 {
                        let sql = self.state.storage().sql();
                        if let Err(error) = tokens::record_use(&sql, &id, last_used, now_ms()) {
                            console_error!("tokens: could not note a use: {error}");
                        }
                    }
                }
                Ok(response)
            }
            // Internal errors are logged there with a reference the client sees.
            Err(error) => http::error(&error),
        }
    }

    async fn alarm(&self) -> Result<Response> {
        if self.migrate() {
            self.refresh_armed.set(false);
            housekeeping::on_alarm(&self.state.storage(), &self.env).await?;
        }
        Response::ok("")
    }
}

fn internal(error: worker::Error) -> ApiError {
    ApiError::internal(error.to_string())
}

/// The `before` query parameter of a history request: older entries than this sequence number.
fn history_before(req: &Request) -> std::result::Result<Option<u64>, ApiError> {
    let url = req.url().map_err(internal)?;
    let Some((_, value)) = url.query_pairs().find(|(name, _)| name == "before") else {
        return Ok(None);
    };
    value.parse::<u64>().map(Some).map_err(|_| {
        ApiError::new(
            ErrorCode::InvalidRequest,
            format!("before must be a change's sequence number (got {value:?})"),
        )
        .at("before")
    })
}

fn now_ms() -> u64 {
    Date::now().as_millis()
}

impl Prefecture {
    /// Brings the schema to this build's version once per start; true when it is there.
    fn migrate(&self) -> bool {
        if self.migrated.get() {
            return true;
        }
        match schema::migrate(&self.state.storage()) {
            Ok(()) => self.migrated.set(true),
            Err(error) => console_error!("schema migration failed: {error}"),
        }
        self.migrated.get()
    }

    async fn handle(&self, req: &mut Request) -> std::result::Result<Response, ApiError> {
        let prefecture = req
            .headers()
            .get(PREFECTURE_HEADER)
            .ok()
            .flatten()
            .and_then(|value| value.parse::<u8>().ok())
            .ok_or_else(|| ApiError::internal("request reached a prefecture without its number"))?;
        let route = route_of(req)?;
        let sql = self.state.storage().sql();
        let response = match route {
            Route::Sync => {
                let principal = self.principal(req, prefecture)?;
                let body = http::read_body(req).await?;
                let request = decode_request(&body)?;
                let pushed = !request.mutations.is_empty();
                let now = now_ms();
                let store_sql = sql.clone();
                let response = transaction_sync(&self.state.storage(), move || {
                    let response = handle_sync(
                        &mut SqlStore::new(store_sql.clone()),
                        &principal,
                        &request,
                        now,
                    )?;
                    activity::record_sync(&store_sql, &principal.org, now).map_err(internal)?;
                    tokens::record_sync(&store_sql, &principal.token_id, now).map_err(internal)?;
                    Ok(response)
                })?;
                if pushed && !self.refresh_armed.replace(true) {
                    let storage = self.state.storage();
                    if let Err(error) = housekeeping::refresh_snapshots_soon(&storage).await {
                        // The next snapshot request writes them instead.
                        console_error!("housekeeping: could not set the alarm: {error}");
                        self.refresh_armed.set(false);
                    }
                }
                http::json(200, &response)
            }
            Route::SyncFile => {
                let relay = self.principal(req, prefecture)?;
                let body = http::read_body_up_to(req, MAX_FILE_BYTES).await?;
                let returned = self.relay(&sql, prefecture, &relay, &body)?;
                if !self.refresh_armed.replace(true) {
                    let storage = self.state.storage();
                    if let Err(error) = housekeeping::refresh_snapshots_soon(&storage).await {
                        console_error!("housekeeping: could not set the alarm: {error}");
                        self.refresh_armed.set(false);
                    }
                }
                http::json_text(200, returned.to_text())
            }
            Route::Snapshot => {
                let principal = self.principal(req, prefecture)?;
                let request = decode_snapshot_request(&http::read_body(req).await?)?;
                // A transaction: the page first writes the forms of records pushes changed.
                let page = transaction_sync(&self.state.storage(), move || {
                    handle_snapshot(&mut SqlStore::new(sql), &principal, &request)
                })?;
                let body = page
                    .to_json()
                    .map_err(|e| ApiError::internal(format!("snapshot page: {e}")))?;
                http::json_text(200, body)
            }
            Route::WhoAmI => {
                let principal = self.principal(req, prefecture)?;
                http::json(200, &who_am_i(principal))
            }
            Route::Activity => {
                let principal = self.principal(req, prefecture)?;
                http::json(200, &activity::list(&sql, &read_scope(&principal))?)
            }
            Route::History { kind, id } => {
                let principal = self.principal(req, prefecture)?;
                let before = history_before(req)?;
                let page = record_history(
                    &SqlStore::new(sql),
                    &principal,
                    &RecordKey::new(kind, id),
                    before,
                )?;
                http::json(200, &page)
            }
            // Reached only with the admin secret (checked by the worker in front).
            Route::AdminIssueToken { .. } => {
                let body = http::read_body(req).await?;
                let request = IssueTokenRequest::decode(&body, prefecture)?;
                let now = now_ms();
                let issued = transaction_sync(&self.state.storage(), move || {
                    tokens::issue_first_admin(&sql, prefecture, &request, now)
                })?;
                http::json(201, &issued)
            }
            Route::IssueToken => {
                self.administrator(req, prefecture)?;
                let body = http::read_body(req).await?;
                let request = IssueTokenRequest::decode_for_admin_token(&body, prefecture)?;
                http::json(201, &tokens::issue(&sql, prefecture, &request, now_ms())?)
            }
            Route::ListTokens => {
                self.administrator(req, prefecture)?;
                http::json(
                    200,
                    &TokenList {
                        tokens: tokens::list(&sql)?,
                    },
                )
            }
            Route::RevokeToken { id } => {
                self.administrator(req, prefecture)?;
                http::json(200, &tokens::revoke(&sql, &id, now_ms())?)
            }
            Route::RotateToken { id } => {
                self.administrator(req, prefecture)?;
                let now = now_ms();
                let issued = transaction_sync(&self.state.storage(), move || {
                    tokens::rotate(&sql, prefecture, &id, now)
                })?;
                http::json(201, &issued)
            }
            Route::IssueInvitations => {
                self.administrator(req, prefecture)?;
                let body = http::read_body(req).await?;
                let request = InvitationRequest::decode_for_admin_token(&body, prefecture)?;
                let now = now_ms();
                let issued = transaction_sync(&self.state.storage(), move || {
                    tokens::issue_all(&sql, prefecture, &request.invitations, now)
                })?;
                http::json(201, &InvitationResponse { issued })
            }
            Route::Health | Route::AdminListTokens { .. } | Route::AdminRevokeToken { .. } => {
                Err(worker::Error::RustError(
                    "a route the worker in front answers reached a prefecture".into(),
                ))
            }
        };
        response.map_err(internal)
    }

    /// An offline device's file posted by `relay`: checked against the token it names (before
    /// anything is written), then applied as that token's push in one transaction with its
    /// activity; the answer is the device's return file.
    fn relay(
        &self,
        sql: &worker::SqlStorage,
        prefecture: u8,
        relay: &Principal,
        body: &[u8],
    ) -> std::result::Result<SyncFile, ApiError> {
        let refused = |error: FileError| error.api_error();
        let now = now_ms();
        let file = SyncFile::parse(body).map_err(refused)?;
        let header = outbound_header(&file, prefecture).map_err(refused)?;
        let (origin, checked) = tokens::file_origin(sql, &header.token_id)?.ok_or_else(|| {
            refused(FileError::UnknownToken {
                token_id: header.token_id.clone(),
            })
        })?;
        check_outbound(&file, &header, &checked, now).map_err(refused)?;
        let relayed_by = relay.label.clone();
        let sql = sql.clone();
        transaction_sync(&self.state.storage(), move || {
            let returned = relay_file(
                &mut SqlStore::new(sql.clone()),
                &origin,
                &checked.key,
                &file,
                header,
                &relayed_by,
                now,
            )?;
            activity::record_sync(&sql, &origin.org, now).map_err(internal)?;
            tokens::record_sync(&sql, &origin.token_id, now).map_err(internal)?;
            Ok(returned)
        })
    }

    /// The caller's principal when it is a prefecture_admin (of this prefecture, as its token
    /// routed it here); anyone else may not manage tokens.
    fn administrator(
        &self,
        req: &Request,
        prefecture: u8,
    ) -> std::result::Result<Principal, ApiError> {
        let principal = self.principal(req, prefecture)?;
        if principal.role != Role::PrefectureAdmin {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                format!(
                    "managing tokens needs a prefecture_admin token; this is a {} token",
                    principal.role.as_str()
                ),
            )
            .at("authorization"));
        }
        Ok(principal)
    }

    fn principal(&self, req: &Request, prefecture: u8) -> std::result::Result<Principal, ApiError> {
        let authenticated = tokens::authenticate(
            &self.state.storage().sql(),
            &authorization(req)?,
            prefecture,
        )?;
        self.authenticated.replace(Some((
            authenticated.principal.token_id.clone(),
            authenticated.last_used_ms,
        )));
        Ok(authenticated.principal)
    }
}

fn who_am_i(principal: Principal) -> WhoAmI {
    WhoAmI {
        prefecture: principal.org.prefecture_code(),
        org: principal.org,
        role: principal.role,
        label: principal.label,
    }
}
