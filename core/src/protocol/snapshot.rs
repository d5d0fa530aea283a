//! The first sync of a new device: the current state of every readable record, a page at a
//! time, instead of every version the change log ever recorded (about 13 per record). The
//! device then pulls the log from the snapshot's `as_of` on, which re-delivers anything that
//! changed while it paged through; merging is idempotent, so that costs nothing.

use super::snapshot_record;
use crate::merge::{RecordKey, RecordState};
use serde::{Deserialize, Serialize};

/// `POST /v1/snapshot` request body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotRequest {
    /// Must be [`super::PROTOCOL_VERSION`].
    pub protocol: u32,
    /// Continue after this record (the previous page's `next`); absent for the first page.
    /// Read strictly: `{"kind", "id"}` and no other key.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict_key::deserialize"
    )]
    pub after: Option<RecordKey>,
    /// How many records to return at most (1 to [`super::MAX_SNAPSHOT_RECORDS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The first page's `epoch`, on every later page: pages of two stores never mix (another
    /// epoch is answered `store_replaced`, and the device starts the snapshot over).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
}

/// `POST /v1/snapshot` response body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotResponse {
    pub protocol: u32,
    /// The change log's position when this page was read: every change up to it is in the
    /// page's states. A device pulls the log from the first page's `as_of` once all pages are in.
    pub as_of: u64,
    /// The store's identity (as in a sync response).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    /// The digest of the change at `as_of` (absent at 0): the device's cursor tag once the
    /// snapshot is whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of_tag: Option<String>,
    /// Where the next page starts; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<RecordKey>,
    /// Where the page after the next starts, for pages of the same `limit`: a client asks for
    /// both at once, so one is prepared while the other is sent. Absent when the next page is
    /// the last; a hint only (records written meanwhile can move it), each page's `next` rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_next: Option<RecordKey>,
    /// Readable records after `after`, in key order, each with every field's merged state, in
    /// the compact form of [`snapshot_record`].
    #[serde(with = "snapshot_record::records")]
    pub records: Vec<RecordState>,
}

/// The server's side of [`SnapshotResponse`]: the records are JSON text the store kept (each
/// record's compact form is written when a push changes it), so serving a page decodes and
/// encodes nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct SnapshotBody {
    pub protocol: u32,
    pub as_of: u64,
    pub epoch: Option<String>,
    pub as_of_tag: Option<String>,
    pub next: Option<RecordKey>,
    pub after_next: Option<RecordKey>,
    /// A JSON array of compact records.
    pub records_json: String,
}

impl SnapshotBody {
    /// The response body: `next` and `after_next` come before the records, so a client can
    /// see where the next pages start without reading this one's records.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let key = |name: &str, key: &Option<RecordKey>| match key {
            Some(key) => serde_json::to_string(key).map(|key| format!(r#","{name}":{key}"#)),
            None => Ok(String::new()),
        };
        let text = |name: &str, text: &Option<String>| match text {
            Some(text) => serde_json::to_string(text).map(|text| format!(r#","{name}":{text}"#)),
            None => Ok(String::new()),
        };
        let head = format!(
            r#"{{"protocol":{},"as_of":{}{}{}{}{},"records":"#,
            self.protocol,
            self.as_of,
            text("epoch", &self.epoch)?,
            text("as_of_tag", &self.as_of_tag)?,
            key("next", &self.next)?,
            key("after_next", &self.after_next)?
        );
        let mut json = String::with_capacity(head.len() + self.records_json.len() + 1);
        json.push_str(&head);
        json.push_str(&self.records_json);
        json.push('}');
        Ok(json)
    }

    /// The typed response a client decodes from this body.
    pub fn to_response(&self) -> Result<SnapshotResponse, serde_json::Error> {
        serde_json::from_str(&self.to_json()?)
    }
}

/// The start of a snapshot page: where the next page starts, read without decoding the
/// records (they are only checked to be JSON), so the next request can go out first.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SnapshotEnvelope {
    pub as_of: u64,
    /// The store's epoch, which the pages ahead name.
    #[serde(default)]
    pub epoch: Option<String>,
    #[serde(default)]
    pub next: Option<RecordKey>,
    #[serde(default)]
    pub after_next: Option<RecordKey>,
}

/// Where `records` starts at the latest in a body written by [`SnapshotBody::to_json`]: past it,
/// a reader stops looking for the head.
pub const HEAD_LIMIT: usize = 4096;

impl SnapshotEnvelope {
    /// Reads the fields before `records` (where [`SnapshotBody::to_json`] puts them) without
    /// scanning the records; a body in any other order is read whole.
    pub fn peek(json: &str) -> Result<Self, serde_json::Error> {
        match Self::from_prefix(json.as_bytes()) {
            Some(envelope) => Ok(envelope),
            None => serde_json::from_str(json),
        }
    }

    /// The envelope from the first bytes of a body still arriving, once they hold it: `None`
    /// while they do not (or when the body is in another order, to be read whole instead).
    pub fn from_prefix(prefix: &[u8]) -> Option<Self> {
        // The first `,"records":` is the top-level key: inside a JSON string a quote is always
        // escaped, so these bytes cannot occur in a value before it.
        const RECORDS: &[u8] = br#","records":"#;
        let head = &prefix[..prefix.len().min(HEAD_LIMIT)];
        let at = head.windows(RECORDS.len()).position(|w| w == RECORDS)?;
        // `at` is an ASCII comma, so the bytes before it are whole characters.
        let head = std::str::from_utf8(&prefix[..at]).ok()?;
        serde_json::from_str(&format!("{head}}}")).ok()
    }

    /// The requests for the next page and the one after it, as far as they are known: a
    /// client asks for both before reading this page's records.
    pub fn requests_ahead(&self, limit: Option<u32>) -> Vec<SnapshotRequest> {
        [&self.next, &self.after_next]
            .into_iter()
            .flatten()
            .map(|after| SnapshotRequest {
                protocol: super::PROTOCOL_VERSION,
                after: Some(after.clone()),
                limit,
                epoch: self.epoch.clone(),
            })
            .collect()
    }
}

/// The records of a snapshot page's JSON as a device stored it: the compact form, or the named
/// `RecordState` objects of pages stored before the compact form existed.
pub fn stored_page_records(json: &str) -> Result<Vec<RecordState>, serde_json::Error> {
    #[derive(Deserialize)]
    struct CompactPage {
        #[serde(with = "snapshot_record::records")]
        records: Vec<RecordState>,
    }
    #[derive(Deserialize)]
    struct NamedPage {
        records: Vec<RecordState>,
    }
    match serde_json::from_str::<CompactPage>(json) {
        Ok(page) => Ok(page.records),
        Err(compact_error) => serde_json::from_str::<NamedPage>(json)
            .map(|page| page.records)
            .map_err(|_| compact_error),
    }
}

/// A record key in a request, refusing keys other than `kind` and `id` (a [`RecordKey`] in a
/// response is read leniently, as every answer is).
mod strict_key {
    use crate::domain::RecordKind;
    use crate::merge::RecordKey;
    use serde::{Deserialize, Deserializer};

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct StrictKey {
        kind: RecordKind,
        id: String,
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<RecordKey>, D::Error> {
        Ok(Option::<StrictKey>::deserialize(deserializer)?
            .map(|key| RecordKey::new(key.kind, key.id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecordKind;
    use crate::merge::{FieldVersion, Hlc};
    use crate::org::OrgCode;
    use serde_json::json;

    fn page() -> SnapshotResponse {
        let mut record = RecordState::new(
            RecordKey::new(RecordKind::Measure, "031003-m1"),
            OrgCode::parse("031003").expect("valid code"),
        );
        record.merge(
            "title",
            FieldVersion {
                value: json!("窓口"),
                hlc: Hlc::new(10, 0, "a"),
                base: None,
                seen: None,
                seq: 1,
                author: "盛岡市".into(),
            },
        );
        SnapshotResponse {
            protocol: 1,
            as_of: 7,
            next: Some(record.key.clone()),
            after_next: Some(RecordKey::new(RecordKind::Measure, "031003-m9")),
            records: vec![record],
            epoch: None,
            as_of_tag: None,
        }
    }

    /// The body a worker writes for `page`.
    fn body_of(page: &SnapshotResponse) -> SnapshotBody {
        SnapshotBody {
            protocol: page.protocol,
            as_of: page.as_of,
            next: page.next.clone(),
            after_next: page.after_next.clone(),
            records_json: serde_json::to_value(page).expect("encodes")["records"].to_string(),
            epoch: None,
            as_of_tag: None,
        }
    }

    #[test]
    fn the_body_reads_back_and_names_the_next_page_first() {
        let page = page();
        let body = body_of(&page);
        let json = body.to_json().expect("writes");
        assert!(json.find("\"next\"") < json.find("\"records\""), "{json}");
        assert!(
            json.find("\"after_next\"") < json.find("\"records\""),
            "{json}"
        );
        assert_eq!(body.to_response().expect("decodes"), page);
        let envelope = SnapshotEnvelope::peek(&json).expect("peeks");
        assert_eq!(envelope.as_of, 7);
        // The head alone is read: a body cut after it still peeks.
        let cut = &json[..json.find("\"records\"").expect("records") + 12];
        assert_eq!(SnapshotEnvelope::peek(cut).expect("head only"), envelope);
        // Another order is read whole.
        let reordered = format!(
            r#"{{"records":[],"as_of":7,"next":{},"after_next":{}}}"#,
            serde_json::to_string(&page.next).expect("key"),
            serde_json::to_string(&page.after_next).expect("key")
        );
        assert_eq!(SnapshotEnvelope::peek(&reordered).expect("whole"), envelope);
        let ahead = envelope.requests_ahead(Some(10));
        let starts: Vec<_> = ahead.iter().map(|r| r.after.clone()).collect();
        assert_eq!(starts, vec![page.next.clone(), page.after_next.clone()]);
        assert!(ahead.iter().all(|r| r.limit == Some(10)));
    }

    #[test]
    fn the_head_is_read_from_the_first_bytes_of_a_body_still_arriving() {
        let page = page();
        let body = body_of(&page);
        let json = body.to_json().expect("writes");
        let records_at = json.find(",\"records\"").expect("records");
        // Every cut before the records key still needs more; every cut after it has the head.
        for cut in 0..json.len() {
            let envelope = SnapshotEnvelope::from_prefix(&json.as_bytes()[..cut]);
            if cut < records_at + ",\"records\":".len() {
                assert_eq!(envelope, None, "cut at {cut}");
            } else {
                assert_eq!(envelope.and_then(|e| e.next), page.next, "cut at {cut}");
            }
        }
        // A body that does not start with its head never yields one from a prefix.
        let reordered = r#"{"records":[],"as_of":7,"next":null}"#;
        assert_eq!(SnapshotEnvelope::from_prefix(reordered.as_bytes()), None);
    }

    #[test]
    fn pages_stored_in_either_form_read_back() {
        let page = page();
        let compact = serde_json::to_string(&page).expect("encodes");
        let named = json!({"protocol": 1, "as_of": 7, "records": page.records}).to_string();
        assert!(compact.len() < named.len());
        for json in [compact, named] {
            assert_eq!(stored_page_records(&json).expect("reads"), page.records);
        }
        let error = stored_page_records(r#"{"records":[["measure"]]}"#).expect_err("refused");
        assert!(
            error.to_string().contains("missing the record's id"),
            "{error}"
        );
    }

    #[test]
    fn a_request_s_after_has_kind_and_id_only() {
        use crate::protocol::{decode_snapshot_request, ErrorCode};
        let ok = decode_snapshot_request(br#"{"protocol":3,"after":{"kind":"plan","id":"p-1"}}"#)
            .expect("a key");
        assert_eq!(
            ok.after,
            Some(RecordKey::new(crate::domain::RecordKind::Plan, "p-1"))
        );
        for (body, field) in [
            (
                r#"{"protocol":3,"after":{"kind":"plan","id":"p-1","x":1}}"#,
                "after.x",
            ),
            (
                r#"{"protocol":3,"after":{"kind":"plan","id":"p-1","id":"p-2"}}"#,
                "after.id",
            ),
            (r#"{"protocol":3,"after":{"kind":"plan"}}"#, "after.id"),
            (r#"{"protocol":3,"limit":1,"limit":2}"#, "limit"),
        ] {
            let error = decode_snapshot_request(body.as_bytes()).expect_err(body);
            assert_eq!(
                (error.code, error.field.as_deref()),
                (ErrorCode::InvalidRequest, Some(field)),
                "{body}: {error}"
            );
        }
    }
}
