use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use thiserror::Error;

/// Every token starts with this, so a leaked one is easy to recognise and scan for.
pub const TOKEN_PREFIX: &str = "tsu";

/// A bearer token `tsu_<prefecture>_<id>_<secret>`.
///
/// The prefecture routes the request to its Durable Object without any global lookup; the id
/// finds the stored hash; only the secret is compared, as a SHA-256 hash, in constant time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenParts {
    pub prefecture: u8,
    pub id: String,
    pub secret: String,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("the Authorization header must be \"Bearer <token>\"")]
    NotBearer,
    #[error("the token is not a Tsunagu token (expected tsu_<prefecture>_<id>_<secret>)")]
    Malformed,
}

impl TokenParts {
    pub fn format(&self) -> String {
        format!(
            "{TOKEN_PREFIX}_{:02}_{}_{}",
            self.prefecture, self.id, self.secret
        )
    }
}

fn is_token_word(part: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Reads a token from an `Authorization` header value.
pub fn parse_token(header: &str) -> Result<TokenParts, TokenError> {
    let token = header
        .strip_prefix("Bearer ")
        .ok_or(TokenError::NotBearer)?
        .trim();
    let mut parts = token.split('_');
    let (Some(prefix), Some(pref), Some(id), Some(secret), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(TokenError::Malformed);
    };
    let prefecture: u8 = pref.parse().map_err(|_| TokenError::Malformed)?;
    if prefix != TOKEN_PREFIX
        || pref.len() != 2
        || !(1..=47).contains(&prefecture)
        || !is_token_word(id, 4, 32)
        || !is_token_word(secret, 16, 128)
    {
        return Err(TokenError::Malformed);
    }
    Ok(TokenParts {
        prefecture,
        id: id.to_string(),
        secret: secret.to_string(),
    })
}

/// The stored form of a secret: hex SHA-256. Tokens are random and long, so no salt is needed.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Compares a presented secret with a stored hash without leaking, through timing, how much of
/// it matched.
pub fn secrets_match(presented_secret: &str, stored_hash_hex: &str) -> bool {
    let presented = Sha256::digest(presented_secret.as_bytes());
    match hex::decode(stored_hash_hex) {
        Ok(stored) if stored.len() == presented.len() => presented.ct_eq(&stored).into(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "abcdefghijklmnopqrstuvwx12345678";

    #[test]
    fn a_formatted_token_parses_back() {
        let parts = TokenParts {
            prefecture: 3,
            id: "k3x9a1".into(),
            secret: SECRET.into(),
        };
        let header = format!("Bearer {}", parts.format());
        assert_eq!(parse_token(&header), Ok(parts));
    }

    #[test]
    fn malformed_tokens_are_refused() {
        assert_eq!(parse_token("Basic abc"), Err(TokenError::NotBearer));
        for bad in [
            "Bearer tsu_03_id",
            "Bearer xyz_03_k3x9a1_abcdefghijklmnopqrstuvwx",
            "Bearer tsu_48_k3x9a1_abcdefghijklmnopqrstuvwx",
            "Bearer tsu_3_k3x9a1_abcdefghijklmnopqrstuvwx",
            "Bearer tsu_03_k3x9a1_short",
            "Bearer tsu_03_k3x9a1_abcdefghijklmnopqrstuvwx_extra",
        ] {
            assert_eq!(parse_token(bad), Err(TokenError::Malformed), "{bad}");
        }
    }

    #[test]
    fn only_the_right_secret_matches_its_hash() {
        let stored = hash_secret(SECRET);
        assert!(secrets_match(SECRET, &stored));
        assert!(!secrets_match("abcdefghijklmnopqrstuvwx12345679", &stored));
        assert!(!secrets_match(SECRET, "not-hex"));
    }
}
