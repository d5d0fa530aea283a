use super::audience::survey_audience;
use super::budget::fitting;
use super::deadline::closed_survey;
use super::lineage::{check_lineage, tag_at};
use super::retention::check_cursor_kept;
use super::{AppliedMutation, ClientBinding, StoreError, SyncStore};
use crate::access::{
    answer_problem, needs_survey_audience, read_scope, write_problem, FieldWrite, Principal,
};
use crate::merge::{FieldName, FieldState, FieldVersion, Hlc, MergeOutcome, RecordKey, Seen};
use crate::protocol::{
    encoded_len, mutation_problem, state_len_bound, ApiError, Change, ErrorCode, HistoryEntry,
    HistoryPage, Mutation, Rejection, RejectionCode, SyncRequest, SyncResponse, DEFAULT_PAGE_SIZE,
    MAX_CLOCK_SKEW_MS, MAX_FIELD_STATE_BYTES, MAX_PAGE_BYTES, PROTOCOL_VERSION,
};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::sync::Arc;

/// How many of a client's newest mutations the server remembers (digest and refusal), to tell
/// a retry from a different write under a reused sequence number. A device resends only what
/// it has not seen acknowledged, at most one push behind; a reuse further back than this is
/// taken for a retry.
pub const KEPT_MUTATIONS_PER_CLIENT: u64 = 10_000;

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        ApiError::internal(error.to_string())
    }
}

/// A digest of everything a mutation writes, so the same write sent again is recognised.
pub fn mutation_digest(mutation: &Mutation) -> String {
    let mut hasher = Sha256::new();
    // Room for a usual mutation's JSON at once (the text grows, rather than be reallocated
    // several times, only for a long value).
    let mut json = Vec::with_capacity(512);
    // Serialising a Mutation cannot fail (string keys, finite numbers).
    if serde_json::to_writer(&mut json, mutation).is_ok() {
        hasher.update(&json);
    }
    hex::encode(&hasher.finalize()[..16])
}

/// Handles one sync round trip: applies the request's new mutations exactly once, then returns
/// a page of the changes the caller may read.
///
/// The request is refused whole only when it is itself wrong (the client id belongs to another
/// token, a sequence gap); a mutation that breaks a rule is refused alone and listed in
/// `rejected`, and the rest of the push is applied. Every whole-request check runs before the
/// first write, so a refused request changes nothing.
pub fn handle_sync<S: SyncStore>(
    store: &mut S,
    principal: &Principal,
    request: &SyncRequest,
    now_ms: u64,
) -> Result<SyncResponse, ApiError> {
    let epoch = check_lineage(
        store,
        request.epoch.as_deref(),
        request.cursor,
        request.cursor_tag.as_deref(),
    )?;
    check_cursor_kept(store, request.cursor)?;
    let binding = store.client(&request.client_id)?;
    let last_seq = check_client(&binding, principal, &request.client_id)?;
    check_sequence(request, last_seq)?;

    // Rejected mutations are acknowledged too: resending them could never succeed.
    let acked_through = request
        .mutations
        .last()
        .map_or(last_seq, |m| m.seq.max(last_seq));
    let mut rejected = Vec::new();
    let mut changed = HashSet::new();
    for mutation in &request.mutations {
        let digest = mutation_digest(mutation);
        if mutation.seq <= last_seq {
            rejected.extend(earlier(store, &request.client_id, mutation, &digest)?);
            continue;
        }
        let rejection = match refusal(store, principal, mutation)? {
            Some(rejection) => Some(rejection),
            None => apply(store, principal, mutation, now_ms, &mut changed)?,
        };
        let applied = AppliedMutation { digest, rejection };
        store.put_applied_mutation(&request.client_id, mutation.seq, &applied)?;
        rejected.extend(applied.rejection);
    }
    // Once per record; its snapshot form is written when a snapshot page is next asked for.
    for key in &changed {
        store.mark_snapshot_stale(key)?;
    }
    let token_id = Some(principal.token_id.clone());
    let bound = binding.as_ref().map(|b| (b.last_seq, &b.token_id));
    if bound != Some((acked_through, &token_id)) {
        let updated = ClientBinding {
            org: principal.org.clone(),
            token_id,
            last_seq: acked_through,
        };
        store.put_client(&request.client_id, &updated)?;
        if acked_through > KEPT_MUTATIONS_PER_CLIENT {
            store.forget_applied_mutations(
                &request.client_id,
                acked_through - KEPT_MUTATIONS_PER_CLIENT,
            )?;
        }
    }

    let page_size = request.page_size.unwrap_or(DEFAULT_PAGE_SIZE) as usize;
    let (mut changes, mut has_more) =
        store.changes_since(request.cursor, &read_scope(principal), page_size)?;
    let (fit, cut) = fitting(&changes, MAX_PAGE_BYTES, encoded_len);
    if cut {
        changes.truncate(fit);
        has_more = true;
    }
    let cursor = match changes.last() {
        Some(last) if has_more => last.seq,
        _ => store.last_change_seq()?.max(request.cursor),
    };
    Ok(SyncResponse {
        protocol: PROTOCOL_VERSION,
        acked_through,
        changes,
        cursor,
        has_more,
        server_time_ms: now_ms,
        rejected,
        epoch,
        cursor_tag: tag_at(store, cursor)?,
    })
}

/// A client id stays with the token that first used it, so no other token (of this
/// organisation or another) can replay, advance or block that device's sequence.
fn check_client(
    binding: &Option<ClientBinding>,
    principal: &Principal,
    client_id: &str,
) -> Result<u64, ApiError> {
    let taken = || {
        Err(ApiError::new(
            ErrorCode::ClientIdTaken,
            format!("client id {client_id} belongs to another access token; start a new client id"),
        )
        .at("client_id"))
    };
    match binding {
        None => Ok(0),
        Some(bound) if bound.org != principal.org => taken(),
        Some(ClientBinding {
            token_id: Some(token),
            ..
        }) if *token != principal.token_id => taken(),
        Some(bound) => Ok(bound.last_seq),
    }
}

/// New mutations must follow the last applied one without a gap (the client resends what it
/// has not seen acknowledged, in order).
fn check_sequence(request: &SyncRequest, last_seq: u64) -> Result<(), ApiError> {
    let mut expected = last_seq + 1;
    for (index, mutation) in request.mutations.iter().enumerate() {
        if mutation.seq <= last_seq {
            continue;
        }
        if mutation.seq != expected {
            return Err(ApiError::new(
                ErrorCode::SequenceGap,
                format!(
                    "expected sequence number {expected} (the server has applied up to {last_seq}), got {}; resend the missing mutations first",
                    mutation.seq
                ),
            )
            .at(format!("mutations[{index}].seq")));
        }
        expected += 1;
    }
    Ok(())
}

/// A mutation whose sequence number was handled before: a retry is answered as it was the first
/// time (nothing applied twice); a different write under that number is refused, unapplied, so
/// the client sends it again under a new number instead of it vanishing.
fn earlier<S: SyncStore>(
    store: &S,
    client_id: &str,
    mutation: &Mutation,
    digest: &str,
) -> Result<Option<Rejection>, StoreError> {
    Ok(match store.applied_mutation(client_id, mutation.seq)? {
        Some(applied) if applied.digest != digest => Some(Rejection::new(
            mutation.seq,
            RejectionCode::SequenceReused,
            format!(
                "sequence number {} of this client was already used by a different write; nothing was applied: send it again under a new number",
                mutation.seq
            ),
        )),
        Some(applied) => applied.rejection,
        None => None,
    })
}

/// Why a new mutation may not be applied at all: access (the kind, the owner, what its id and
/// fields claim), its content, the record's owner, or the survey it answers. Never says who
/// owns a record the token cannot read.
fn refusal<S: SyncStore>(
    store: &S,
    principal: &Principal,
    mutation: &Mutation,
) -> Result<Option<Rejection>, StoreError> {
    let forbidden = |message: String| {
        Some(Rejection::new(
            mutation.seq,
            RejectionCode::Forbidden,
            message,
        ))
    };
    let write = FieldWrite {
        kind: mutation.kind,
        record_id: &mutation.record_id,
        owner: &mutation.org,
        field: &mutation.field,
        value: &mutation.value,
    };
    if let Some(problem) = write_problem(principal, &write) {
        return Ok(forbidden(problem));
    }
    if let Some(problem) = mutation_problem(mutation) {
        return Ok(Some(problem));
    }
    let key = RecordKey::new(mutation.kind, mutation.record_id.clone());
    if let Some(owner) = store.record_org(&key)? {
        if owner != mutation.org {
            return Ok(Some(Rejection::new(
                mutation.seq,
                RejectionCode::RecordOwnedElsewhere,
                format!(
                    "{} record {} belongs to another organisation than {}",
                    mutation.kind.as_str(),
                    mutation.record_id,
                    mutation.org
                ),
            )));
        }
    }
    if needs_survey_audience(mutation.kind) {
        let audience = survey_audience(store, &mutation.record_id)?;
        if let Some(problem) = answer_problem(&mutation.record_id, &mutation.org, audience.as_ref())
        {
            return Ok(forbidden(problem));
        }
    }
    Ok(None)
}

/// What a writer can have seen: of its own replica, its writes before this one; of any other,
/// at most what the field's state knows (everything a device sees comes from here). A larger
/// claim, forged or from a store since replaced, would hide writes not yet made from conflict
/// notices.
fn seen_as_possible(seen: &Seen, mutation: &Mutation, stored: Option<&FieldState>) -> Seen {
    seen.capped(|replica| {
        if *replica == *mutation.hlc.replica {
            mutation.seq.saturating_sub(1)
        } else {
            stored.map_or(0, |state| state.known_seq(replica))
        }
    })
}

/// What the `base` of a write from an app before `seen` (protocol 1) meant: its author saw
/// every version at or below it, which are those the field holds now. Versions that arrive
/// later below the base (an offline device's) were not seen, and are conflicts if they lose.
fn seen_below(base: Option<&Hlc>, stored: Option<&FieldState>) -> Seen {
    let (Some(base), Some(state)) = (base, stored) else {
        return Seen::new();
    };
    std::iter::once(&state.winner)
        .chain(state.conflicts())
        .filter(|v| v.hlc <= *base)
        .map(|v| (Arc::clone(&v.hlc.replica), v.seq))
        .collect()
}

/// Merges one mutation into its field, logs it, keeps its history and adds its record to
/// `changed`; or, if a rule about when it was written refuses it, stores nothing and returns why.
fn apply<S: SyncStore>(
    store: &mut S,
    principal: &Principal,
    mutation: &Mutation,
    now_ms: u64,
    changed: &mut HashSet<RecordKey>,
) -> Result<Option<Rejection>, ApiError> {
    let clock_limit = now_ms.saturating_add(MAX_CLOCK_SKEW_MS);
    let hlc = if mutation.hlc.wall_ms > clock_limit {
        mutation.hlc.clamped_to(now_ms)
    } else {
        mutation.hlc.clone()
    };
    // What the writer saw is before the write: a base at or after it (a clamped write's, or
    // a forged one) would hide the write itself, and what it missed, from conflict notices.
    let base = mutation.base.as_ref().map(|b| {
        if *b < hlc {
            b.clone()
        } else {
            hlc.just_before(b.replica.clone())
        }
    });
    let key = RecordKey::new(mutation.kind, mutation.record_id.clone());
    let stored = store.field_state(&key, &mutation.field)?;
    let seen = match &mutation.seen {
        Some(seen) => seen_as_possible(seen, mutation, stored.as_ref()),
        None => seen_below(base.as_ref(), stored.as_ref()),
    };
    let version = FieldVersion {
        value: mutation.value.clone(),
        hlc,
        base,
        seen: Some(seen),
        seq: mutation.seq,
        author: principal.label.as_str().into(),
    };
    if let Some(rejection) = closed_survey(store, mutation, version.hlc.wall_ms)? {
        return Ok(Some(rejection));
    }
    let (state, outcome) = match stored {
        Some(mut state) => {
            let outcome = state.merge(version.clone());
            (state, outcome)
        }
        None => (
            FieldState::new(version.clone()),
            MergeOutcome::Applied {
                previous: None,
                won: true,
            },
        ),
    };
    let MergeOutcome::Applied { previous, won } = outcome else {
        return Ok(None);
    };
    // The bound settles the check without writing the state out, but near the limit.
    let state_bytes = match state_len_bound(&state) {
        bound if bound <= MAX_FIELD_STATE_BYTES => bound,
        _ => encoded_len(&state),
    };
    if state_bytes > MAX_FIELD_STATE_BYTES {
        return Ok(Some(Rejection::new(
            mutation.seq,
            RejectionCode::TooLarge,
            format!(
                "field {} of {} record {} would hold {state_bytes} bytes with its concurrent values, over the {MAX_FIELD_STATE_BYTES} a field may; nothing was stored",
                mutation.field,
                mutation.kind.as_str(),
                mutation.record_id
            ),
        )));
    }
    store.put_field_state(&key, &mutation.org, &mutation.field, state)?;
    changed.insert(key);
    let entry = HistoryEntry {
        seq: 0,
        kind: mutation.kind,
        record_id: mutation.record_id.clone(),
        org: mutation.org.clone(),
        field: mutation.field.clone(),
        old_value: previous,
        new_value: version.value.clone(),
        won,
        author: version.author.to_string(),
        client_id: version.hlc.replica.to_string(),
        hlc: version.hlc.clone(),
        received_at_ms: now_ms,
    };
    let seq = store.append_change(Change {
        seq: 0,
        kind: mutation.kind,
        record_id: mutation.record_id.clone(),
        org: mutation.org.clone(),
        field: FieldName::new(&mutation.field),
        version,
    })?;
    store.append_history(HistoryEntry { seq, ..entry })?;
    Ok(None)
}

/// The history of one record, if the principal may read it: its newest entries before
/// `before` (a server sequence number; all when `None`), oldest first, cut by bytes.
pub fn record_history<S: SyncStore>(
    store: &S,
    principal: &Principal,
    key: &RecordKey,
    before: Option<u64>,
) -> Result<HistoryPage, ApiError> {
    let not_found = || {
        ApiError::new(
            ErrorCode::NotFound,
            format!(
                "no {} record {} that this token may read",
                key.kind.as_str(),
                key.id
            ),
        )
    };
    let org = store.record_org(key)?.ok_or_else(not_found)?;
    if !read_scope(principal).allows(key.kind, &org) {
        return Err(not_found());
    }
    let mut entries = store.history(key)?;
    entries.retain(|entry| before.is_none_or(|before| entry.seq < before));
    // The newest first into the budget, then back to oldest first.
    entries.reverse();
    let (fit, has_more) = fitting(&entries, MAX_PAGE_BYTES, encoded_len);
    entries.truncate(fit);
    entries.reverse();
    Ok(HistoryPage { entries, has_more })
}
