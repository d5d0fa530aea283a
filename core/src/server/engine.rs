use super::deadline::closed_survey;
use super::refresh_snapshots;
use super::{ClientBinding, StoreError, SyncStore};
use crate::access::{can_write, read_scope, Principal};
use crate::merge::{FieldState, FieldVersion, MergeOutcome, RecordKey};
use crate::org::OrgCode;
use crate::protocol::{
    ApiError, Change, ErrorCode, HistoryEntry, Mutation, Rejection, SyncRequest, SyncResponse,
    DEFAULT_PAGE_SIZE, MAX_CLOCK_SKEW_MS, PROTOCOL_VERSION,
};
use std::collections::{BTreeSet, HashMap};

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        ApiError::internal(error.to_string())
    }
}

/// Handles one sync round trip: applies the request's new mutations exactly once, then returns
/// a page of the changes the caller may read.
///
/// Every check runs before the first write, so a refused request changes nothing.
pub fn handle_sync<S: SyncStore>(
    store: &mut S,
    principal: &Principal,
    request: &SyncRequest,
    now_ms: u64,
) -> Result<SyncResponse, ApiError> {
    let binding = store.client(&request.client_id)?;
    let last_seq = check_client(&binding, principal, &request.client_id)?;
    let new_mutations = plan_mutations(store, principal, request, last_seq)?;

    // Rejected mutations are acknowledged too: resending them could never succeed.
    let acked_through = new_mutations.last().map_or(last_seq, |m| m.seq);
    let mut rejected = Vec::new();
    let mut changed = BTreeSet::new();
    for mutation in new_mutations {
        rejected.extend(apply(store, principal, mutation, now_ms, &mut changed)?);
    }
    // Once per record, after all its fields: a new device's snapshot serves this as it is.
    refresh_snapshots(store, &changed)?;
    if binding.as_ref().map(|b| b.last_seq) != Some(acked_through) {
        let updated = ClientBinding {
            org: principal.org.clone(),
            last_seq: acked_through,
        };
        store.put_client(&request.client_id, &updated)?;
    }

    let page_size = request.page_size.unwrap_or(DEFAULT_PAGE_SIZE) as usize;
    let (changes, has_more) =
        store.changes_since(request.cursor, &read_scope(principal), page_size)?;
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
    })
}

/// A client id stays with the organisation that first used it, so one organisation's device
/// cannot replay or block another's sequence.
fn check_client(
    binding: &Option<ClientBinding>,
    principal: &Principal,
    client_id: &str,
) -> Result<u64, ApiError> {
    match binding {
        Some(bound) if bound.org != principal.org => Err(ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "client id {client_id} is registered to organisation {}; use a new client id for {}",
                bound.org, principal.org
            ),
        )
        .at("client_id")),
        Some(bound) => Ok(bound.last_seq),
        None => Ok(0),
    }
}

/// Checks access, sequence continuity and record ownership of every mutation, and returns the
/// ones not applied before (a retried push is acknowledged without applying anything twice).
fn plan_mutations<'r, S: SyncStore>(
    store: &S,
    principal: &Principal,
    request: &'r SyncRequest,
    last_seq: u64,
) -> Result<Vec<&'r Mutation>, ApiError> {
    let mut expected = last_seq + 1;
    let mut owners: HashMap<RecordKey, OrgCode> = HashMap::new();
    let mut fresh = Vec::new();
    for (index, mutation) in request.mutations.iter().enumerate() {
        if !can_write(principal, mutation.kind, &mutation.org) {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                format!(
                    "a {} token of {} may not write {} records of organisation {}",
                    principal.role,
                    principal.org,
                    mutation.kind.as_str(),
                    mutation.org
                ),
            )
            .at(format!("mutations[{index}].org")));
        }
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
        let key = RecordKey::new(mutation.kind, mutation.record_id.clone());
        let owner = match owners.get(&key) {
            Some(owner) => Some(owner.clone()),
            None => store.record_org(&key)?,
        };
        match owner {
            Some(owner) if owner != mutation.org => {
                return Err(ApiError::new(
                    ErrorCode::RecordOwnedElsewhere,
                    format!(
                        "{} record {} belongs to organisation {owner}, not {}",
                        mutation.kind.as_str(),
                        mutation.record_id,
                        mutation.org
                    ),
                )
                .at(format!("mutations[{index}].org")))
            }
            Some(_) => {}
            None => {
                owners.insert(key, mutation.org.clone());
            }
        }
        fresh.push(mutation);
    }
    Ok(fresh)
}

/// Merges one mutation into its field, logs it, keeps its history and adds its record to
/// `changed`; or, if a rule about when it was written refuses it, stores nothing and returns why.
fn apply<S: SyncStore>(
    store: &mut S,
    principal: &Principal,
    mutation: &Mutation,
    now_ms: u64,
    changed: &mut BTreeSet<RecordKey>,
) -> Result<Option<Rejection>, ApiError> {
    let clock_limit = now_ms.saturating_add(MAX_CLOCK_SKEW_MS);
    let clamp = |hlc: &crate::merge::Hlc| {
        if hlc.wall_ms > clock_limit {
            hlc.clamped_to(now_ms)
        } else {
            hlc.clone()
        }
    };
    let version = FieldVersion {
        value: mutation.value.clone(),
        hlc: clamp(&mutation.hlc),
        base: mutation.base.as_ref().map(clamp),
        seq: mutation.seq,
        author: principal.label.as_str().into(),
    };
    if let Some(rejection) = closed_survey(store, mutation, version.hlc.wall_ms)? {
        return Ok(Some(rejection));
    }
    let key = RecordKey::new(mutation.kind, mutation.record_id.clone());
    let (state, outcome) = match store.field_state(&key, &mutation.field)? {
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
    store.put_field_state(&key, &mutation.org, &mutation.field, &state)?;
    changed.insert(key);
    let change = Change {
        seq: 0,
        kind: mutation.kind,
        record_id: mutation.record_id.clone(),
        org: mutation.org.clone(),
        field: mutation.field.clone(),
        version: version.clone(),
    };
    let seq = store.append_change(&change)?;
    store.append_history(&HistoryEntry {
        seq,
        kind: mutation.kind,
        record_id: mutation.record_id.clone(),
        org: mutation.org.clone(),
        field: mutation.field.clone(),
        old_value: previous,
        new_value: version.value,
        won,
        author: version.author.to_string(),
        client_id: version.hlc.replica.to_string(),
        hlc: version.hlc,
        received_at_ms: now_ms,
    })?;
    Ok(None)
}

/// The history of one record, if the principal may read it.
pub fn record_history<S: SyncStore>(
    store: &S,
    principal: &Principal,
    key: &RecordKey,
) -> Result<Vec<HistoryEntry>, ApiError> {
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
    Ok(store.history(key)?)
}
