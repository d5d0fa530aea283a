use crate::admins::AdminStore;
use reqwest::blocking::Client;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;
use thiserror::Error;
use tsunagu_core::access::{parse_token, Role};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{
    ErrorBody, ErrorCode, IssueTokenRequest, IssuedToken, SyncRequest, SyncResponse, TokenInfo,
    TokenList, WhoAmI,
};

#[derive(Debug, Error)]
pub enum ApiError {
    #[error("could not reach the worker at {url}: {source}")]
    Unreachable { url: String, source: reqwest::Error },
    #[error("{url} answered {status}: {message}")]
    Refused {
        url: String,
        status: u16,
        code: Option<ErrorCode>,
        message: String,
    },
    #[error("{0}")]
    Other(String),
}

/// A blocking client of the worker's HTTP API. The admin secret only creates a prefecture's
/// first administrator; every other token is issued with a prefecture_admin token, given on
/// the command line or kept in the admin store.
pub struct Api {
    base: String,
    admin_secret: Option<String>,
    admin_token: Option<String>,
    admins: AdminStore,
    http: Client,
}

impl Api {
    /// The worker's address, as given.
    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn new(
        base: &str,
        admin_secret: Option<String>,
        admin_token: Option<String>,
        admins: AdminStore,
    ) -> Self {
        Self {
            base: base.trim_end_matches('/').to_string(),
            admin_secret,
            admin_token,
            admins,
            http: Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap_or_else(|_| Client::new()),
        }
    }

    fn send<T: DeserializeOwned>(
        &self,
        request: reqwest::blocking::RequestBuilder,
        url: &str,
    ) -> Result<T, ApiError> {
        let response = request.send().map_err(|source| ApiError::Unreachable {
            url: url.to_string(),
            source,
        })?;
        let status = response.status().as_u16();
        let text = response.text().map_err(|source| ApiError::Unreachable {
            url: url.to_string(),
            source,
        })?;
        if !(200..300).contains(&status) {
            let (code, message) = match serde_json::from_str::<ErrorBody>(&text) {
                Ok(body) => (Some(body.error.code), body.error.to_string()),
                Err(_) => (None, text),
            };
            return Err(ApiError::Refused {
                url: url.to_string(),
                status,
                code,
                message,
            });
        }
        serde_json::from_str(&text)
            .map_err(|e| ApiError::Other(format!("{url}: unexpected answer: {e}")))
    }

    fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        bearer: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        let url = format!("{}{path}", self.base);
        self.send(self.http.post(&url).bearer_auth(bearer).json(body), &url)
    }

    fn secret(&self) -> Result<&str, ApiError> {
        self.admin_secret.as_deref().ok_or_else(|| {
            ApiError::Other(
                "creating a prefecture's first administrator needs --admin-secret \
                 (or TSUNAGU_ADMIN_SECRET)"
                    .into(),
            )
        })
    }

    /// Creates the prefecture's first prefecture_admin token with the admin secret; with
    /// `replace_admins`, revokes every active one and issues this one in their place.
    pub fn first_admin(
        &self,
        prefecture: &OrgCode,
        label: &str,
        replace_admins: bool,
    ) -> Result<IssuedToken, ApiError> {
        let path = format!(
            "/v1/admin/prefectures/{:02}/tokens",
            prefecture.prefecture_number()
        );
        let request = IssueTokenRequest {
            org: prefecture.clone(),
            role: Role::PrefectureAdmin,
            label: label.to_string(),
            replace_admins,
        };
        let issued: IssuedToken = self.post(&path, self.secret()?, &request)?;
        self.admins
            .put(prefecture.prefecture_number(), &issued.token)?;
        Ok(issued)
    }

    /// A prefecture_admin token of `prefecture`: --admin-token, else the one the admin store
    /// kept (if the worker still takes it), else a first administrator made with the secret.
    pub fn prefecture_admin(&self, prefecture: u8, label: &str) -> Result<String, ApiError> {
        if let Some(token) = &self.admin_token {
            return match parse_token(&format!("Bearer {token}")) {
                Ok(parts) if parts.prefecture == prefecture => Ok(token.clone()),
                Ok(parts) => Err(ApiError::Other(format!(
                    "--admin-token is a token of prefecture {:02}, not {prefecture:02}",
                    parts.prefecture
                ))),
                Err(e) => Err(ApiError::Other(format!("--admin-token: {e}"))),
            };
        }
        if let Some(token) = self.admins.get(prefecture)? {
            if self.who_am_i(&token).is_ok() {
                return Ok(token);
            }
        }
        let code = OrgCode::for_prefecture(prefecture)
            .map_err(|e| ApiError::Other(format!("prefecture {prefecture:02}: {e}")))?;
        match self.first_admin(&code, label, false) {
            Err(ApiError::Refused {
                code: Some(ErrorCode::PrefectureAdminExists),
                ..
            }) => Err(ApiError::Other(format!(
                "prefecture {prefecture:02} already has an administrator: pass its token with \
                 --admin-token (or keep it with --admin-tokens FILE); if every administrator \
                 lost theirs, `issue-token --org {code} --role prefecture_admin \
                 --replace-admins` revokes them all and creates a new one"
            ))),
            other => other.map(|issued| issued.token),
        }
    }

    /// Issues a token with a prefecture_admin token of the organisation's prefecture.
    pub fn issue_token(
        &self,
        admin_token: &str,
        org: &OrgCode,
        role: Role,
        label: &str,
    ) -> Result<IssuedToken, ApiError> {
        let request = IssueTokenRequest {
            org: org.clone(),
            role,
            label: label.to_string(),
            replace_admins: false,
        };
        self.post("/v1/prefecture/tokens", admin_token, &request)
    }

    pub fn list_tokens(&self, admin_token: &str) -> Result<Vec<TokenInfo>, ApiError> {
        let url = format!("{}/v1/prefecture/tokens", self.base);
        let list: TokenList = self.send(self.http.get(&url).bearer_auth(admin_token), &url)?;
        Ok(list.tokens)
    }

    pub fn revoke_token(&self, admin_token: &str, id: &str) -> Result<TokenInfo, ApiError> {
        let url = format!("{}/v1/prefecture/tokens/{id}", self.base);
        self.send(self.http.delete(&url).bearer_auth(admin_token), &url)
    }

    /// Keeps a known administrator's token in the admin store (when there is one).
    pub fn remember_admin(&self, prefecture: u8, token: &str) -> Result<(), ApiError> {
        self.admins.put(prefecture, token)
    }

    pub fn has_admin_token(&self) -> bool {
        self.admin_token.is_some()
    }

    /// --admin-token, or the admin store's token of `prefecture`.
    pub fn known_admin(&self, prefecture: Option<u8>) -> Result<String, ApiError> {
        if let Some(token) = &self.admin_token {
            return Ok(token.clone());
        }
        if let Some(prefecture) = prefecture {
            if let Some(token) = self.admins.get(prefecture)? {
                return Ok(token);
            }
        }
        Err(ApiError::Other(
            "this needs a prefecture_admin token: --admin-token (or TSUNAGU_ADMIN_TOKEN); the \
             first one is made with --admin-secret … issue-token --role prefecture_admin"
                .into(),
        ))
    }

    pub fn sync(&self, token: &str, request: &SyncRequest) -> Result<SyncResponse, ApiError> {
        self.post("/v1/sync", token, request)
    }

    pub fn who_am_i(&self, token: &str) -> Result<WhoAmI, ApiError> {
        let url = format!("{}/v1/me", self.base);
        self.send(self.http.get(&url).bearer_auth(token), &url)
    }
}
