//! What is checked of a file before anything in it is applied or shown as trusted.

use super::error::FileError;
use super::format::{OutboundBody, ReturnBody, SyncFile, MAX_FILE_MUTATIONS};
use super::sign::FileKey;
use crate::org::OrgCode;
use crate::protocol::MAX_CLOCK_SKEW_MS;

/// The token a file names, as the server stores it.
pub struct FileOrigin {
    pub token_id: String,
    pub org: OrgCode,
    pub label: String,
    pub revoked: bool,
    /// From the token's stored hash ([`super::file_key`]).
    pub key: FileKey,
}

/// An outbound file's body, read to find its token (nothing trusted yet), refused at once
/// when it is of another prefecture than the relay's.
pub fn outbound_header(file: &SyncFile, prefecture: u8) -> Result<OutboundBody, FileError> {
    let body = file.outbound()?;
    if body.prefecture != prefecture {
        return Err(FileError::OtherPrefecture {
            found: body.prefecture,
            expected: prefecture,
        });
    }
    Ok(body)
}

/// The whole check of an outbound file against the token it names: the signature first (an
/// altered file says nothing true), then the token's state, the date and the body's own
/// agreement.
pub fn check_outbound(
    file: &SyncFile,
    body: &OutboundBody,
    origin: &FileOrigin,
    now_ms: u64,
) -> Result<(), FileError> {
    if !origin.key.verify(file.kind, &file.body, &file.signature) {
        return Err(FileError::Altered);
    }
    if origin.revoked {
        return Err(FileError::RevokedToken {
            label: origin.label.clone(),
        });
    }
    let ahead = body.created_ms.saturating_sub(now_ms);
    if ahead > MAX_CLOCK_SKEW_MS {
        return Err(FileError::FutureDated {
            minutes: ahead.div_ceil(60_000),
        });
    }
    consistent(body, origin)
}

fn consistent(body: &OutboundBody, origin: &FileOrigin) -> Result<(), FileError> {
    let wrong = |detail: String| Err(FileError::Inconsistent(detail));
    if body.token_id != origin.token_id || body.org != origin.org {
        return wrong(format!(
            "token {} of {} wrote it, the header says {} of {}",
            origin.token_id, origin.org, body.token_id, body.org
        ));
    }
    if body.mutations.len() > MAX_FILE_MUTATIONS {
        return Err(FileError::TooManyChanges {
            count: body.mutations.len(),
        });
    }
    let range = match (body.mutations.first(), body.mutations.last()) {
        (Some(first), Some(last)) => (first.seq, last.seq),
        _ => (0, 0),
    };
    if range != (body.first_seq, body.last_seq) {
        return wrong(format!(
            "changes {}–{} are listed, the header says {}–{}",
            range.0, range.1, body.first_seq, body.last_seq
        ));
    }
    for (expected, mutation) in (body.first_seq..).zip(&body.mutations) {
        if mutation.seq != expected {
            return wrong(format!("change {expected} is missing from the file"));
        }
    }
    Ok(())
}

/// A return file for this device (its token's key, its token id and client id), checked.
pub fn check_return(
    file: &SyncFile,
    key: &FileKey,
    token_id: &str,
    client_id: &str,
) -> Result<ReturnBody, FileError> {
    let body = file.returned()?;
    if !key.verify(file.kind, &file.body, &file.signature) {
        // Written for another token, or altered: neither may be taken in.
        return Err(if body.token_id != token_id {
            FileError::OtherDevice {
                client_id: body.client_id,
            }
        } else {
            FileError::Altered
        });
    }
    if body.client_id != client_id || body.token_id != token_id {
        return Err(FileError::OtherDevice {
            client_id: body.client_id,
        });
    }
    Ok(body)
}
