//! The file's key and signature. The key is derived from what the server stores of a token,
//! the SHA-256 of its secret (`access::hash_secret`), so the server can check a file without
//! ever holding the secret, and the device derives the same from the token it holds. The
//! trade-off (docs/protocol.md): whoever reads the server's token table could sign files for
//! a token, though never authenticate with it over HTTP.

use super::format::FileKind;
use crate::access::{hash_secret, parse_token};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// What the key is derived for, so it is never the token's stored hash itself.
const KEY_LABEL: &[u8] = b"tsunagu sync file key v1";

/// The HMAC-SHA256 key of one token's files, kept as the keyed MAC it starts each signature
/// from.
#[derive(Clone)]
pub struct FileKey(HmacSha256);

/// The key from a token's stored hash (hex of SHA-256 of its secret); `None` if the hash is
/// not hex.
pub fn file_key(secret_hash_hex: &str) -> Option<FileKey> {
    let hash = hex::decode(secret_hash_hex).ok()?;
    let mut mac = HmacSha256::new_from_slice(&hash).ok()?;
    mac.update(KEY_LABEL);
    let derived = mac.finalize().into_bytes();
    HmacSha256::new_from_slice(&derived).ok().map(FileKey)
}

/// The key from the token a device holds (`tsu_03_<id>_<secret>`), and the token's id.
pub fn device_key(token: &str) -> Option<(String, FileKey)> {
    let parts = parse_token(&format!("Bearer {}", token.trim())).ok()?;
    let key = file_key(&hash_secret(&parts.secret))?;
    Some((parts.id, key))
}

impl FileKey {
    fn mac(&self, kind: FileKind, body: &str) -> HmacSha256 {
        let mut mac = self.0.clone();
        mac.update(kind.as_str().as_bytes());
        mac.update(b"\n");
        mac.update(body.as_bytes());
        mac
    }

    pub fn sign(&self, kind: FileKind, body: &str) -> String {
        hex::encode(self.mac(kind, body).finalize().into_bytes())
    }

    /// Whether `signature` is this key's over `kind` and `body`, compared in constant time.
    pub fn verify(&self, kind: FileKind, body: &str, signature: &str) -> bool {
        match hex::decode(signature) {
            Ok(bytes) => self.mac(kind, body).verify_slice(&bytes).is_ok(),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "tsu_03_abcd1234_abcdefghijklmnopqrstuvwx12345678";

    #[test]
    fn the_device_and_the_server_derive_the_same_key() {
        let (id, device) = device_key(TOKEN).expect("a token");
        assert_eq!(id, "abcd1234");
        let server =
            file_key(&hash_secret("abcdefghijklmnopqrstuvwx12345678")).expect("a stored hash");
        let signature = device.sign(FileKind::Outbound, "{}");
        assert!(server.verify(FileKind::Outbound, "{}", &signature));
        assert!(
            !server.verify(FileKind::Return, "{}", &signature),
            "kind is signed"
        );
        assert!(!server.verify(FileKind::Outbound, "{ }", &signature));
        assert!(!server.verify(FileKind::Outbound, "{}", "zz"));
    }

    #[test]
    fn another_token_signs_differently() {
        let (_, one) = device_key(TOKEN).expect("a token");
        let (_, other) =
            device_key("tsu_03_abcd1234_abcdefghijklmnopqrstuvwx12345679").expect("a token");
        assert_ne!(
            one.sign(FileKind::Outbound, "x"),
            other.sign(FileKind::Outbound, "x")
        );
        assert!(device_key("not a token").is_none());
    }
}
