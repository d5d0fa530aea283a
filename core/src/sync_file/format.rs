use super::error::FileError;
use super::sign::FileKey;
use crate::org::OrgCode;
use crate::protocol::{Mutation, SyncResponse};
use serde::{Deserialize, Serialize};

/// What every `.tsunagu` file says it is.
pub const FILE_FORMAT: &str = "tsunagu-sync-file";
/// The version of the file format this build reads and writes.
pub const FILE_VERSION: u32 = 1;
/// The largest file a relay posts or a device reads (a return file included): 5,000 writes of
/// an ordinary measure are about 2 MB.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// The most writes one file may carry (a device with more exports them in turns).
pub const MAX_FILE_MUTATIONS: usize = 10_000;
/// The most changes one return file carries; past it the return file says more are waiting,
/// and the device's next file (even without writes) brings them.
pub const MAX_RETURN_CHANGES: usize = 20_000;

/// Which way a file travels: the device's writes out, or the server's answer back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Outbound,
    Return,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Outbound => "outbound",
            FileKind::Return => "return",
        }
    }
}

/// The file as written: a small envelope around its body, kept as the exact text that was
/// signed (so no canonical form of JSON is needed to check it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncFile {
    pub format: String,
    pub version: u32,
    pub kind: FileKind,
    /// The body's JSON ([`OutboundBody`] or [`ReturnBody`]), as signed.
    pub body: String,
    /// HMAC-SHA256 of `kind`, a newline and `body`, in hex, under the issuing token's key.
    pub signature: String,
}

/// A device's unsent writes: the push it would have sent, with who and where it is from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutboundBody {
    /// The prefecture's number (01–47) the device's token belongs to.
    pub prefecture: u8,
    pub org: OrgCode,
    /// The device's token's id (never its secret).
    pub token_id: String,
    /// The device's client id: the writes' sequence numbers are this client's.
    pub client_id: String,
    /// Who the token was issued to, shown to the relay.
    pub label: String,
    pub created_ms: u64,
    /// The first and last sequence numbers the file carries (0 and 0: no writes, a file that
    /// only asks for what changed).
    pub first_seq: u64,
    pub last_seq: u64,
    /// The device's pull position, as in a sync request.
    pub cursor: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor_tag: Option<String>,
    pub mutations: Vec<Mutation>,
}

/// The server's answer to an outbound file, for the device that wrote it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnBody {
    pub prefecture: u8,
    pub org: OrgCode,
    pub token_id: String,
    pub client_id: String,
    pub created_ms: u64,
    /// The signature of the outbound file this answers (its identity).
    pub answers: String,
    /// Who relayed it (the relay token's label).
    pub relayed_by: String,
    /// The sync response: writes acknowledged, refusals, and the changes since the file's
    /// cursor in the compact form of protocol 3.
    pub response: SyncResponse,
}

impl SyncFile {
    /// A signed file of `kind` around `body`.
    pub fn signed(key: &FileKey, kind: FileKind, body: String) -> SyncFile {
        SyncFile {
            format: FILE_FORMAT.into(),
            version: FILE_VERSION,
            kind,
            signature: key.sign(kind, &body),
            body,
        }
    }

    /// Reads a file's envelope (nothing is trusted yet: see `check`).
    pub fn parse(bytes: &[u8]) -> Result<SyncFile, FileError> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(FileError::TooLarge { bytes: bytes.len() });
        }
        // Strict: a key repeated could make two readers see two files.
        let json = crate::protocol::parse_strict_json(bytes).map_err(|_| FileError::NotAFile)?;
        let is_ours = json.get("format").and_then(|f| f.as_str()) == Some(FILE_FORMAT);
        if !is_ours {
            return Err(FileError::NotAFile);
        }
        match json.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(FILE_VERSION) => {}
            other => return Err(FileError::UnknownVersion(other.unwrap_or(0))),
        }
        serde_json::from_value(json).map_err(|_| FileError::NotAFile)
    }

    /// The file's text as saved.
    pub fn to_text(&self) -> String {
        // An envelope of strings and a number always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The outbound body, read but not yet checked.
    pub fn outbound(&self) -> Result<OutboundBody, FileError> {
        self.expect(FileKind::Outbound)?;
        serde_json::from_str(&self.body).map_err(|_| FileError::NotAFile)
    }

    /// The return body, read but not yet checked.
    pub fn returned(&self) -> Result<ReturnBody, FileError> {
        self.expect(FileKind::Return)?;
        serde_json::from_str(&self.body).map_err(|_| FileError::NotAFile)
    }

    fn expect(&self, kind: FileKind) -> Result<(), FileError> {
        if self.kind == kind {
            Ok(())
        } else {
            Err(FileError::WrongKind { found: self.kind })
        }
    }

    /// A short name for the file, the same on every device (from its signature).
    pub fn short_id(&self) -> &str {
        self.signature.get(..12).unwrap_or(&self.signature)
    }
}

impl OutboundBody {
    /// The device's file of this body, signed with its token: the token's id, the prefecture
    /// and the sequence range are set here from the token, the organisation and the writes
    /// (at most [`MAX_FILE_MUTATIONS`], the oldest). `None` for a token that is not one.
    pub fn sign_with(mut self, token: &str) -> Option<SyncFile> {
        let (token_id, key) = super::sign::device_key(token)?;
        self.mutations.truncate(MAX_FILE_MUTATIONS);
        self.token_id = token_id;
        self.prefecture = self.org.prefecture_number();
        self.first_seq = self.mutations.first().map_or(0, |m| m.seq);
        self.last_seq = self.mutations.last().map_or(0, |m| m.seq);
        Some(SyncFile::signed(&key, FileKind::Outbound, self.to_json()))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl ReturnBody {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
