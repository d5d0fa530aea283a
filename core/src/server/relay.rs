//! `POST /v1/sync-file`: an offline device's file posted by a relay. The file's writes are
//! pushed as the device's own sync would push them (its token's organisation and role, its
//! client id's exactly-once sequence), and the answer is a signed return file of everything
//! the device may read since the file's cursor (core::sync_file, docs/protocol.md).

use super::engine::handle_sync;
use super::SyncStore;
use crate::access::Principal;
use crate::protocol::{
    validate_request, ApiError, ErrorCode, SyncRequest, SyncResponse, MAX_PAGE_SIZE,
    PROTOCOL_VERSION,
};
use crate::sync_file::{
    FileError, FileKey, FileKind, OutboundBody, ReturnBody, SyncFile, MAX_RETURN_CHANGES,
};

/// Applies a checked outbound file (`check_outbound` passed) for `origin`, the principal of the
/// token that wrote it, and writes the return file under the same key. A file relayed before
/// is refused and changes nothing; a file whose first write does not follow the last one the
/// server applied for the device is refused, naming the writes missing.
pub fn relay_file<S: SyncStore>(
    store: &mut S,
    origin: &Principal,
    key: &FileKey,
    file: &SyncFile,
    body: OutboundBody,
    relayed_by: &str,
    now_ms: u64,
) -> Result<SyncFile, ApiError> {
    if let Some(at) = store.relayed_file(&file.signature)? {
        return Err(FileError::AlreadyRelayed {
            at: crate::sync_file::screen::time_text(at),
        }
        .api_error());
    }
    let applied = store.client(&body.client_id)?.map_or(0, |c| c.last_seq);
    if body.first_seq > applied + 1 {
        return Err(ApiError::new(
            ErrorCode::SequenceGap,
            format!(
                "this file carries changes {}–{} of {}'s device, but the server has its changes only up to {applied}: relay first the file with changes {}–{} (written before this one), then this one again",
                body.first_seq,
                body.last_seq,
                origin.label,
                applied + 1,
                body.first_seq - 1
            ),
        )
        .at("file.first_seq"));
    }
    let OutboundBody {
        prefecture,
        org,
        token_id,
        client_id,
        cursor,
        epoch,
        cursor_tag,
        mutations,
        ..
    } = body;
    let mut request = SyncRequest {
        protocol: PROTOCOL_VERSION,
        client_id,
        cursor,
        mutations,
        page_size: Some(MAX_PAGE_SIZE),
        epoch,
        cursor_tag,
    };
    validate_request(&request).map_err(in_file)?;
    let mut response = handle_sync(store, origin, &request, now_ms).map_err(in_file)?;
    // The rest of what the device may read, page after page, up to the file's limit.
    request.mutations = Vec::new();
    while response.has_more && response.changes.len() < MAX_RETURN_CHANGES {
        request.cursor = response.cursor;
        request.cursor_tag = response.cursor_tag.clone();
        request.epoch = response.epoch.clone();
        let next = handle_sync(store, origin, &request, now_ms).map_err(in_file)?;
        response = joined(response, next);
    }
    store.put_relayed_file(&file.signature, &request.client_id, now_ms)?;
    let answer = ReturnBody {
        prefecture,
        org,
        token_id,
        client_id: request.client_id,
        created_ms: now_ms,
        answers: file.signature.clone(),
        relayed_by: relayed_by.to_string(),
        response,
    };
    Ok(SyncFile::signed(key, FileKind::Return, answer.to_json()))
}

/// Two pages of one pull as one answer: the first's acknowledgement and refusals, both pages'
/// changes, the second's position.
fn joined(mut first: SyncResponse, next: SyncResponse) -> SyncResponse {
    first.changes.extend(next.changes);
    first.cursor = next.cursor;
    first.cursor_tag = next.cursor_tag;
    first.epoch = next.epoch;
    first.has_more = next.has_more;
    first.server_time_ms = next.server_time_ms;
    first
}

/// An error about the file's push, pointed into the file.
fn in_file(error: ApiError) -> ApiError {
    match error.field.clone() {
        Some(field) => error.at(format!("file.{field}")),
        None => error,
    }
}
