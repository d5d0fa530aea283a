use serde::de::DeserializeOwned;
use serde::Deserialize;
use tsunagu_core::access::ReadScope;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{FieldState, RecordKey, RecordState};
use tsunagu_core::org::OrgCode;
use tsunagu_core::protocol::{Change, HistoryEntry};
use tsunagu_core::server::{AppliedMutation, ClientBinding, StoreError, StoredSnapshot, SyncStore};
use worker::{SqlStorage, SqlStorageValue as V};

/// The sync engine's storage on the Durable Object's SQLite database.
pub struct SqlStore {
    sql: SqlStorage,
}

fn fail(error: impl std::fmt::Display) -> StoreError {
    StoreError(error.to_string())
}

fn int(n: u64) -> V {
    V::Integer(n as i64)
}

fn text(s: &str) -> V {
    V::String(s.to_string())
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<V, StoreError> {
    serde_json::to_string(value).map(V::String).map_err(fail)
}

fn from_json<T: DeserializeOwned>(json: &str) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(fail)
}

/// The SQL condition (`AND …`, or nothing) and its bindings for rows of `org` and `kind` that
/// `scope` may read; the SQL form of `ReadScope::allows`.
fn scope_filter(scope: &ReadScope) -> (String, Vec<V>) {
    match scope {
        ReadScope::WholePrefecture => (String::new(), Vec::new()),
        ReadScope::Orgs(orgs) => {
            let placeholders = vec!["?"; orgs.len()].join(", ");
            let mut bindings: Vec<V> = orgs.iter().map(|org| text(org.as_str())).collect();
            bindings.push(text(RecordKind::Organisation.as_str()));
            (
                format!("AND (org IN ({placeholders}) OR kind = ?)"),
                bindings,
            )
        }
    }
}

fn parse_org(code: &str) -> Result<OrgCode, StoreError> {
    OrgCode::parse(code).map_err(fail)
}

fn record_key(kind: &str, id: String) -> Result<RecordKey, StoreError> {
    Ok(RecordKey::new(kind.parse().map_err(fail)?, id))
}

#[derive(Deserialize)]
struct ClientRow {
    org: String,
    last_seq: u64,
    token_id: Option<String>,
}

#[derive(Deserialize)]
struct AppliedRow {
    digest: String,
    rejection: Option<String>,
}

#[derive(Deserialize)]
struct OrgRow {
    org: String,
}

#[derive(Deserialize)]
struct JsonRow {
    json: String,
}

#[derive(Deserialize)]
struct SeqRow {
    seq: u64,
}

#[derive(Deserialize)]
struct ChangeRow {
    seq: u64,
    kind: String,
    record_id: String,
    org: String,
    field: String,
    version: String,
}

impl ChangeRow {
    fn into_change(self) -> Result<Change, StoreError> {
        Ok(Change {
            seq: self.seq,
            kind: self.kind.parse().map_err(fail)?,
            record_id: self.record_id,
            org: parse_org(&self.org)?,
            field: self.field.into(),
            version: from_json(&self.version)?,
        })
    }
}

#[derive(Deserialize)]
struct RecordKeyRow {
    kind: String,
    record_id: String,
}

#[derive(Deserialize)]
struct RecordJsonRow {
    kind: String,
    record_id: String,
    json: String,
}

#[derive(Deserialize)]
struct FieldRow {
    org: String,
    field: String,
    state: String,
}

impl SqlStore {
    pub fn new(sql: SqlStorage) -> Self {
        Self { sql }
    }

    fn rows<T: DeserializeOwned>(
        &self,
        query: &str,
        bindings: Vec<V>,
    ) -> Result<Vec<T>, StoreError> {
        self.sql
            .exec(query, bindings)
            .and_then(|cursor| cursor.to_array())
            .map_err(fail)
    }

    /// The rows of `table` (one of this store's own table names).
    fn count(&self, table: &str) -> Result<u64, StoreError> {
        let rows: Vec<SeqRow> =
            self.rows(&format!("SELECT COUNT(*) AS seq FROM {table}"), vec![])?;
        Ok(rows.first().map_or(0, |row| row.seq))
    }

    fn run(&self, query: &str, bindings: Vec<V>) -> Result<(), StoreError> {
        self.sql.exec(query, bindings).map(|_| ()).map_err(fail)
    }

    /// `columns` of the snapshot rows after `after` that `scope` may read, in key order, cut
    /// by `limit` (a `LIMIT …` clause with one placeholder, `bound`).
    fn readable_snapshots<T: DeserializeOwned>(
        &self,
        columns: &str,
        after: Option<&RecordKey>,
        scope: &ReadScope,
        limit: &str,
        bound: V,
    ) -> Result<Vec<T>, StoreError> {
        let (after_kind, after_id) = after.map_or(("", ""), |key| (key.kind.as_str(), &*key.id));
        let (scope_clause, scope_bindings) = scope_filter(scope);
        self.rows(
            &format!(
                "SELECT {columns} FROM snapshots
                 WHERE (kind, record_id) > (?, ?) {scope_clause}
                 ORDER BY kind, record_id {limit}"
            ),
            [
                vec![text(after_kind), text(after_id)],
                scope_bindings,
                vec![bound],
            ]
            .concat(),
        )
    }
}

#[derive(Deserialize)]
struct RelayedRow {
    relayed_at_ms: u64,
}

impl SyncStore for SqlStore {
    fn relayed_file(&self, signature: &str) -> Result<Option<u64>, StoreError> {
        let rows: Vec<RelayedRow> = self.rows(
            "SELECT relayed_at_ms FROM relayed_files WHERE signature = ?",
            vec![text(signature)],
        )?;
        Ok(rows.first().map(|row| row.relayed_at_ms))
    }

    fn put_relayed_file(
        &mut self,
        signature: &str,
        client_id: &str,
        at_ms: u64,
    ) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO relayed_files (signature, client_id, relayed_at_ms) VALUES (?, ?, ?)",
            vec![text(signature), text(client_id), int(at_ms)],
        )
    }

    fn client(&self, client_id: &str) -> Result<Option<ClientBinding>, StoreError> {
        let rows: Vec<ClientRow> = self.rows(
            "SELECT org, last_seq, token_id FROM clients
             LEFT JOIN client_tokens USING (client_id) WHERE client_id = ?",
            vec![text(client_id)],
        )?;
        rows.into_iter()
            .next()
            .map(|row| {
                Ok(ClientBinding {
                    org: parse_org(&row.org)?,
                    token_id: row.token_id,
                    last_seq: row.last_seq,
                })
            })
            .transpose()
    }

    fn applied_mutation(
        &self,
        client_id: &str,
        seq: u64,
    ) -> Result<Option<AppliedMutation>, StoreError> {
        let rows: Vec<AppliedRow> = self.rows(
            "SELECT digest, rejection FROM applied_mutations WHERE client_id = ? AND seq = ?",
            vec![text(client_id), int(seq)],
        )?;
        rows.into_iter()
            .next()
            .map(|row| {
                Ok(AppliedMutation {
                    digest: row.digest,
                    rejection: row.rejection.as_deref().map(from_json).transpose()?,
                })
            })
            .transpose()
    }

    fn put_applied_mutation(
        &mut self,
        client_id: &str,
        seq: u64,
        applied: &AppliedMutation,
    ) -> Result<(), StoreError> {
        let rejection = match &applied.rejection {
            Some(rejection) => to_json(rejection)?,
            None => V::Null,
        };
        self.run(
            "INSERT OR REPLACE INTO applied_mutations (client_id, seq, digest, rejection)
             VALUES (?, ?, ?, ?)",
            vec![text(client_id), int(seq), text(&applied.digest), rejection],
        )
    }

    fn forget_applied_mutations(
        &mut self,
        client_id: &str,
        through_seq: u64,
    ) -> Result<(), StoreError> {
        self.run(
            "DELETE FROM applied_mutations WHERE client_id = ? AND seq <= ?",
            vec![text(client_id), int(through_seq)],
        )
    }

    fn put_client(&mut self, client_id: &str, binding: &ClientBinding) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO clients (client_id, org, last_seq) VALUES (?, ?, ?)
             ON CONFLICT (client_id) DO UPDATE SET last_seq = excluded.last_seq",
            vec![
                text(client_id),
                text(binding.org.as_str()),
                int(binding.last_seq),
            ],
        )?;
        match &binding.token_id {
            Some(token_id) => self.run(
                "INSERT OR REPLACE INTO client_tokens (client_id, token_id) VALUES (?, ?)",
                vec![text(client_id), text(token_id)],
            ),
            None => Ok(()),
        }
    }

    fn record_org(&self, key: &RecordKey) -> Result<Option<OrgCode>, StoreError> {
        let rows: Vec<OrgRow> = self.rows(
            "SELECT org FROM records WHERE kind = ? AND record_id = ?",
            vec![text(key.kind.as_str()), text(&key.id)],
        )?;
        rows.into_iter()
            .next()
            .map(|row| parse_org(&row.org))
            .transpose()
    }

    fn field_state(&self, key: &RecordKey, field: &str) -> Result<Option<FieldState>, StoreError> {
        let rows: Vec<JsonRow> = self.rows(
            "SELECT state AS json FROM fields WHERE kind = ? AND record_id = ? AND field = ?",
            vec![text(key.kind.as_str()), text(&key.id), text(field)],
        )?;
        rows.into_iter()
            .next()
            .map(|row| from_json(&row.json))
            .transpose()
    }

    fn put_field_state(
        &mut self,
        key: &RecordKey,
        org: &OrgCode,
        field: &str,
        state: FieldState,
    ) -> Result<(), StoreError> {
        let record = || vec![text(key.kind.as_str()), text(&key.id)];
        self.run(
            "INSERT OR IGNORE INTO records (kind, record_id, org) VALUES (?, ?, ?)",
            [record(), vec![text(org.as_str())]].concat(),
        )?;
        self.run(
            "INSERT INTO fields (kind, record_id, field, state) VALUES (?, ?, ?, ?)
             ON CONFLICT (kind, record_id, field) DO UPDATE SET state = excluded.state",
            [record(), vec![text(field), to_json(&state)?]].concat(),
        )?;
        Ok(())
    }

    fn append_change(&mut self, change: Change) -> Result<u64, StoreError> {
        let rows: Vec<SeqRow> = self.rows(
            "INSERT INTO changes (kind, record_id, org, field, version) VALUES (?, ?, ?, ?, ?)
             RETURNING seq",
            vec![
                text(change.kind.as_str()),
                text(&change.record_id),
                text(change.org.as_str()),
                text(&change.field),
                to_json(&change.version)?,
            ],
        )?;
        rows.first()
            .map(|row| row.seq)
            .ok_or_else(|| fail("the change log returned no sequence number"))
    }

    fn append_history(&mut self, entry: HistoryEntry) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO history (seq, kind, record_id, entry) VALUES (?, ?, ?, ?)",
            vec![
                int(entry.seq),
                text(entry.kind.as_str()),
                text(&entry.record_id),
                to_json(&entry)?,
            ],
        )
    }

    fn changes_since(
        &self,
        cursor: u64,
        scope: &ReadScope,
        limit: usize,
    ) -> Result<(Vec<Change>, bool), StoreError> {
        let columns = "SELECT seq, kind, record_id, org, field, version FROM changes";
        let fetch = limit as u64 + 1;
        let rows: Vec<ChangeRow> = match scope {
            ReadScope::WholePrefecture => self.rows(
                &format!("{columns} WHERE seq > ? ORDER BY seq LIMIT ?"),
                vec![int(cursor), int(fetch)],
            )?,
            ReadScope::Orgs(_) => {
                let (clause, scope_bindings) = scope_filter(scope);
                self.rows(
                    &format!("{columns} WHERE seq > ? {clause} ORDER BY seq LIMIT ?"),
                    [vec![int(cursor)], scope_bindings, vec![int(fetch)]].concat(),
                )?
            }
        };
        let has_more = rows.len() > limit;
        let changes = rows
            .into_iter()
            .take(limit)
            .map(ChangeRow::into_change)
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((changes, has_more))
    }

    fn last_change_seq(&self) -> Result<u64, StoreError> {
        let rows: Vec<SeqRow> =
            self.rows("SELECT COALESCE(MAX(seq), 0) AS seq FROM changes", vec![])?;
        Ok(rows.first().map_or(0, |row| row.seq))
    }

    fn change_at(&self, seq: u64) -> Result<Option<Change>, StoreError> {
        let rows: Vec<ChangeRow> = self.rows(
            "SELECT seq, kind, record_id, org, field, version FROM changes WHERE seq = ?",
            vec![int(seq)],
        )?;
        rows.into_iter()
            .next()
            .map(ChangeRow::into_change)
            .transpose()
    }

    fn last_change_received_before(&self, ms: u64) -> Result<u64, StoreError> {
        // One history entry per change, under the change's sequence number.
        let rows: Vec<SeqRow> = self.rows(
            "SELECT COALESCE(MAX(seq), 0) AS seq FROM history
             WHERE json_extract(entry, '$.received_at_ms') < ?",
            vec![int(ms)],
        )?;
        Ok(rows.first().map_or(0, |row| row.seq))
    }

    fn drop_changes_through(&mut self, seq: u64) -> Result<u64, StoreError> {
        let before = self.count("changes")?;
        self.run("DELETE FROM changes WHERE seq <= ?", vec![int(seq)])?;
        Ok(before.saturating_sub(self.count("changes")?))
    }

    fn drop_history_through(&mut self, seq: u64) -> Result<u64, StoreError> {
        let before = self.count("history")?;
        self.run(
            "DELETE FROM history WHERE seq <= ? AND seq NOT IN (
                SELECT MAX(seq) FROM history WHERE seq <= ?
                GROUP BY kind, record_id, json_extract(entry, '$.field'))",
            vec![int(seq), int(seq)],
        )?;
        Ok(before.saturating_sub(self.count("history")?))
    }

    fn compacted_through(&self) -> Result<u64, StoreError> {
        let rows: Vec<JsonRow> = self.rows(
            "SELECT value AS json FROM store_meta WHERE key = 'compacted_through'",
            vec![],
        )?;
        Ok(rows
            .first()
            .and_then(|row| row.json.parse().ok())
            .unwrap_or(0))
    }

    fn set_compacted_through(&mut self, seq: u64) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO store_meta (key, value) VALUES ('compacted_through', ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            vec![text(&seq.to_string())],
        )
    }

    fn epoch(&self) -> Result<Option<String>, StoreError> {
        let rows: Vec<JsonRow> = self.rows(
            "SELECT value AS json FROM store_meta WHERE key = 'epoch'",
            vec![],
        )?;
        Ok(rows.into_iter().next().map(|row| row.json))
    }

    fn history(&self, key: &RecordKey) -> Result<Vec<HistoryEntry>, StoreError> {
        let rows: Vec<JsonRow> = self.rows(
            "SELECT entry AS json FROM history WHERE kind = ? AND record_id = ? ORDER BY seq",
            vec![text(key.kind.as_str()), text(&key.id)],
        )?;
        rows.iter().map(|row| from_json(&row.json)).collect()
    }

    fn record_state(&self, key: &RecordKey) -> Result<Option<RecordState>, StoreError> {
        let rows: Vec<FieldRow> = self.rows(
            "SELECT records.org, fields.field, fields.state
             FROM records JOIN fields USING (kind, record_id)
             WHERE kind = ? AND record_id = ?",
            vec![text(key.kind.as_str()), text(&key.id)],
        )?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let mut record = RecordState::new(key.clone(), parse_org(&first.org)?);
        for row in &rows {
            record
                .fields
                .insert(row.field.as_str().into(), from_json(&row.state)?);
        }
        Ok(Some(record))
    }

    fn mark_snapshot_stale(&mut self, key: &RecordKey) -> Result<(), StoreError> {
        self.run(
            "INSERT OR IGNORE INTO stale_snapshots (kind, record_id) VALUES (?, ?)",
            vec![text(key.kind.as_str()), text(&key.id)],
        )
    }

    fn stale_snapshots(&self, limit: usize) -> Result<Vec<RecordKey>, StoreError> {
        let limit = u64::try_from(limit)
            .unwrap_or(u64::MAX)
            .min(i64::MAX as u64);
        let rows: Vec<RecordKeyRow> = self.rows(
            "SELECT kind, record_id FROM stale_snapshots ORDER BY kind, record_id LIMIT ?",
            vec![int(limit)],
        )?;
        rows.into_iter()
            .map(|row| record_key(&row.kind, row.record_id))
            .collect()
    }

    fn put_snapshot_record(
        &mut self,
        key: &RecordKey,
        org: &OrgCode,
        json: &str,
    ) -> Result<(), StoreError> {
        self.run(
            "DELETE FROM stale_snapshots WHERE kind = ? AND record_id = ?",
            vec![text(key.kind.as_str()), text(&key.id)],
        )?;
        self.run(
            "INSERT INTO snapshots (kind, record_id, org, json) VALUES (?, ?, ?, ?)
             ON CONFLICT (kind, record_id) DO UPDATE SET json = excluded.json",
            vec![
                text(key.kind.as_str()),
                text(&key.id),
                text(org.as_str()),
                text(json),
            ],
        )
    }

    fn snapshot_page(
        &self,
        after: Option<&RecordKey>,
        scope: &ReadScope,
        limit: usize,
    ) -> Result<Vec<StoredSnapshot>, StoreError> {
        // Each record's JSON was written by the first page asked for after a push changed it
        // (core::server::refresh_stale_snapshots): serving a page reads rows.
        let rows: Vec<RecordJsonRow> = self.readable_snapshots(
            "kind, record_id, json",
            after,
            scope,
            "LIMIT ?",
            int(limit as u64),
        )?;
        rows.into_iter()
            .map(|row| {
                Ok(StoredSnapshot {
                    key: record_key(&row.kind, row.record_id)?,
                    json: row.json,
                })
            })
            .collect()
    }

    fn snapshot_key_at(
        &self,
        after: &RecordKey,
        scope: &ReadScope,
        offset: usize,
    ) -> Result<Option<RecordKey>, StoreError> {
        // Keys only: the records themselves are not read out.
        let rows: Vec<RecordKeyRow> = self.readable_snapshots(
            "kind, record_id",
            Some(after),
            scope,
            "LIMIT 1 OFFSET ?",
            int(offset as u64),
        )?;
        rows.into_iter()
            .next()
            .map(|row| record_key(&row.kind, row.record_id))
            .transpose()
    }
}
