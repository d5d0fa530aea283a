use reqwest::blocking::Client;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;
use thiserror::Error;
use tsunagu_core::access::Role;
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{
    ErrorBody, IssueTokenRequest, IssuedToken, SyncRequest, SyncResponse, WhoAmI,
};

#[derive(Debug, Error)]
pub enum ApiError {
    #[error("could not reach the worker at {url}: {source}")]
    Unreachable { url: String, source: reqwest::Error },
    #[error("{url} answered {status}: {message}")]
    Refused {
        url: String,
        status: u16,
        message: String,
    },
    #[error("{0}")]
    Other(String),
}

/// A blocking client of the worker's HTTP API.
pub struct Api {
    base: String,
    admin_secret: String,
    http: Client,
}

impl Api {
    pub fn new(base: &str, admin_secret: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_string(),
            admin_secret: admin_secret.to_string(),
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
            let message = serde_json::from_str::<ErrorBody>(&text)
                .map(|body| body.error.to_string())
                .unwrap_or(text);
            return Err(ApiError::Refused {
                url: url.to_string(),
                status,
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

    pub fn issue_token(
        &self,
        org: &OrgCode,
        role: Role,
        label: &str,
    ) -> Result<IssuedToken, ApiError> {
        let path = format!(
            "/v1/admin/prefectures/{:02}/tokens",
            org.prefecture_number()
        );
        let request = IssueTokenRequest {
            org: org.clone(),
            role,
            label: label.to_string(),
        };
        self.post(&path, &self.admin_secret, &request)
    }

    pub fn sync(&self, token: &str, request: &SyncRequest) -> Result<SyncResponse, ApiError> {
        self.post("/v1/sync", token, request)
    }

    pub fn who_am_i(&self, token: &str) -> Result<WhoAmI, ApiError> {
        let url = format!("{}/v1/me", self.base);
        self.send(self.http.get(&url).bearer_auth(token), &url)
    }
}
