use crate::access::ReadScope;
use crate::merge::{FieldState, RecordKey, RecordState};
use crate::org::OrgCode;
use crate::protocol::{Change, HistoryEntry, Rejection};
use thiserror::Error;

#[derive(Debug, Error)]
#[error("storage failed: {0}")]
pub struct StoreError(pub String);

/// A record's compact snapshot form as the store keeps it
/// ([`crate::protocol::encode_snapshot_record`]).
#[derive(Clone, Debug, PartialEq)]
pub struct StoredSnapshot {
    pub key: RecordKey,
    pub json: String,
}

/// Which organisation and token a client id belongs to, and how far its mutations have been
/// applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientBinding {
    pub org: OrgCode,
    /// The token that first pushed with this client id; `None` for bindings stored before
    /// tokens were recorded, which the next push's token takes.
    pub token_id: Option<String>,
    pub last_seq: u64,
}

/// What the server did with one mutation of a client: a digest of the write, so a different
/// write under the same sequence number is told apart from a retry, and the refusal it got, so
/// a retry is answered the same way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedMutation {
    pub digest: String,
    pub rejection: Option<Rejection>,
}

/// The storage a sync server needs. Calls are synchronous: a Durable Object's SQLite calls are,
/// and running a whole push without awaiting keeps it one implicit transaction.
pub trait SyncStore {
    fn client(&self, client_id: &str) -> Result<Option<ClientBinding>, StoreError>;
    fn put_client(&mut self, client_id: &str, binding: &ClientBinding) -> Result<(), StoreError>;
    /// What was done with the client's mutation `seq`, if it is still kept.
    fn applied_mutation(
        &self,
        client_id: &str,
        seq: u64,
    ) -> Result<Option<AppliedMutation>, StoreError>;
    fn put_applied_mutation(
        &mut self,
        client_id: &str,
        seq: u64,
        applied: &AppliedMutation,
    ) -> Result<(), StoreError>;
    /// Forgets the client's mutations up to `through_seq` (a retry that old is not expected).
    fn forget_applied_mutations(
        &mut self,
        client_id: &str,
        through_seq: u64,
    ) -> Result<(), StoreError>;
    fn record_org(&self, key: &RecordKey) -> Result<Option<OrgCode>, StoreError>;
    fn field_state(&self, key: &RecordKey, field: &str) -> Result<Option<FieldState>, StoreError>;
    /// Stores a field's state together with the record's owner (set on first write). Taken
    /// by value (as are changes and history entries), so a store in memory keeps it without a
    /// copy.
    fn put_field_state(
        &mut self,
        key: &RecordKey,
        org: &OrgCode,
        field: &str,
        state: FieldState,
    ) -> Result<(), StoreError>;
    /// Appends a change to the log, giving it the next server sequence number (the change's
    /// own `seq` is ignored).
    fn append_change(&mut self, change: Change) -> Result<u64, StoreError>;
    fn append_history(&mut self, entry: HistoryEntry) -> Result<(), StoreError>;
    /// Up to `limit` readable changes after `cursor`, in order, and whether more readable ones
    /// follow.
    fn changes_since(
        &self,
        cursor: u64,
        scope: &ReadScope,
        limit: usize,
    ) -> Result<(Vec<Change>, bool), StoreError>;
    /// The sequence number of the newest change (0 for an empty log).
    fn last_change_seq(&self) -> Result<u64, StoreError>;
    /// The change with server sequence number `seq`, whoever may read it.
    fn change_at(&self, seq: u64) -> Result<Option<Change>, StoreError>;
    /// The store's identity, made when the store was created (`None` for a store that has
    /// none yet).
    fn epoch(&self) -> Result<Option<String>, StoreError>;
    /// The newest change received before `ms` (server time; 0 when there is none).
    fn last_change_received_before(&self, ms: u64) -> Result<u64, StoreError>;
    /// Deletes the changes up to `seq`; returns how many. Sequence numbers are never reused.
    fn drop_changes_through(&mut self, seq: u64) -> Result<u64, StoreError>;
    /// Deletes the history entries up to `seq`, except each field's newest one among them
    /// (who set the value it had then); returns how many.
    fn drop_history_through(&mut self, seq: u64) -> Result<u64, StoreError>;
    /// Up to where the change log was compacted (0: never).
    fn compacted_through(&self) -> Result<u64, StoreError>;
    fn set_compacted_through(&mut self, seq: u64) -> Result<(), StoreError>;
    fn history(&self, key: &RecordKey) -> Result<Vec<HistoryEntry>, StoreError>;
    /// Every field's state of one record, with its owner; `None` for a record never written.
    fn record_state(&self, key: &RecordKey) -> Result<Option<RecordState>, StoreError>;
    /// Notes that a record's fields changed since its snapshot form was written: the form is
    /// written again (and the mark cleared by [`SyncStore::put_snapshot_record`]) before the
    /// next snapshot page is served, so a push encodes nothing and a record written by many
    /// pushes in between is encoded once.
    fn mark_snapshot_stale(&mut self, key: &RecordKey) -> Result<(), StoreError>;
    /// Up to `limit` records marked by [`SyncStore::mark_snapshot_stale`] and not written
    /// since.
    fn stale_snapshots(&self, limit: usize) -> Result<Vec<RecordKey>, StoreError>;
    /// Keeps a record's compact snapshot form (replacing the previous one, and clearing its
    /// stale mark), which [`SyncStore::snapshot_page`] serves as it is.
    fn put_snapshot_record(
        &mut self,
        key: &RecordKey,
        org: &OrgCode,
        json: &str,
    ) -> Result<(), StoreError>;
    /// Up to `limit` readable records after `after`, as kept by
    /// [`SyncStore::put_snapshot_record`], in an order of the store's choosing that stays the
    /// same from page to page.
    fn snapshot_page(
        &self,
        after: Option<&RecordKey>,
        scope: &ReadScope,
        limit: usize,
    ) -> Result<Vec<StoredSnapshot>, StoreError>;
    /// The key of the readable record `offset` places after `after` (0: the first) in
    /// [`SyncStore::snapshot_page`]'s order, reading keys only; `None` past the last.
    /// When the sync file with this signature was relayed (server time), if it was.
    fn relayed_file(&self, signature: &str) -> Result<Option<u64>, StoreError>;
    /// Notes that the sync file with this signature, from `client_id`, was relayed at `at_ms`.
    fn put_relayed_file(
        &mut self,
        signature: &str,
        client_id: &str,
        at_ms: u64,
    ) -> Result<(), StoreError>;
    fn snapshot_key_at(
        &self,
        after: &RecordKey,
        scope: &ReadScope,
        offset: usize,
    ) -> Result<Option<RecordKey>, StoreError>;
}
