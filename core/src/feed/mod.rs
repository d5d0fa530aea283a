//! The activity feed (活動): who changed which record, and when, across every record a device
//! holds, newest first. It is read from the device's own replica, so it works offline: each
//! field's winning and conflicting versions, and, where the device kept them, the changes it
//! pulled (its local history, [`AppliedChange`]), which remember writes a later one replaced.
//!
//! One entry is one person's burst of writes to one record: writes of the same author to the
//! same record less than [`BURST_GAP_MS`] apart, listing the fields they changed. The same write
//! seen both in the replica and in the history counts once.

pub mod screen;
mod table;
pub mod texts;

pub use table::{feed_table, FeedLabels};

use crate::client::AppliedChange;
use crate::domain::RecordKind;
use crate::merge::{FieldVersion, RecordKey, RecordState, DELETED_FIELD};
use crate::org::OrgCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Writes of one author to one record closer together than this are one entry: saving a
/// measure's form writes each changed field, and an editing session takes a few minutes.
pub const BURST_GAP_MS: u64 = 5 * 60 * 1000;

const DAY_MS: u64 = 24 * 60 * 60 * 1000;
/// Japan Standard Time, nine hours ahead of UTC all year: "today" starts at midnight in Japan.
const JST_OFFSET_MS: u64 = 9 * 60 * 60 * 1000;

/// How far back the feed reaches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Period {
    /// Since midnight, Japan time.
    Today,
    /// The last seven days.
    #[default]
    Week,
    /// The last thirty days.
    Month,
    /// Everything the device holds.
    All,
}

impl Period {
    pub const ALL: [Period; 4] = [Period::Today, Period::Week, Period::Month, Period::All];

    /// The earliest write time the period includes, at `now_ms` (`None`: no limit).
    pub fn since_ms(self, now_ms: u64) -> Option<u64> {
        match self {
            Period::Today => Some((now_ms + JST_OFFSET_MS) / DAY_MS * DAY_MS - JST_OFFSET_MS),
            Period::Week => Some(now_ms.saturating_sub(7 * DAY_MS)),
            Period::Month => Some(now_ms.saturating_sub(30 * DAY_MS)),
            Period::All => None,
        }
    }

    /// The period's name in forms and addresses.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Today => "today",
            Period::Week => "week",
            Period::Month => "month",
            Period::All => "all",
        }
    }

    pub fn parse(text: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

/// Which entries to show, and which page of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedQuery {
    /// Only records owned by this organisation.
    pub org: Option<OrgCode>,
    /// Only writes by this author (the label of their access token).
    pub author: Option<String>,
    pub kind: Option<RecordKind>,
    /// Only writes at or after this time (see [`Period::since_ms`]).
    pub since_ms: Option<u64>,
    /// Entries skipped (the pages already shown).
    pub offset: usize,
    /// Entries returned at most.
    pub limit: usize,
}

/// What a burst of writes did to its record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    Edited,
    /// The burst wrote the tombstone: the record is deleted.
    Deleted,
    /// The burst took the tombstone back.
    Restored,
}

/// One person's burst of writes to one record (sent to the tools module, which writes the
/// screen and the CSV).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedEntry {
    pub key: RecordKey,
    pub org: OrgCode,
    /// The record's `title` (or `name`) as the device holds it now.
    pub title: Option<String>,
    pub author: String,
    /// The burst's first and last write.
    pub first_ms: u64,
    pub last_ms: u64,
    pub change: ChangeKind,
    /// The fields written, in name order, the tombstone aside.
    pub fields: Vec<String>,
}

/// A page of the feed, with what the filters can offer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Feed {
    /// The page, newest first.
    pub entries: Vec<FeedEntry>,
    /// Entries matching the query in all, over every page.
    pub total: usize,
    /// Every author of a write matching the query's other filters, in order: the choices of
    /// the person filter.
    pub authors: Vec<String>,
}

impl Feed {
    /// Whether entries follow the page.
    pub fn has_more(&self, query: &FeedQuery) -> bool {
        query.offset + self.entries.len() < self.total
    }
}

/// One write as the feed sees it; `author` indexes the record's distinct authors.
struct Write<'a> {
    author: usize,
    field: &'a str,
    version: &'a FieldVersion,
}

/// A burst before it is known to be on the page: small, so ranking many costs little; its
/// fields are read again for the page's bursts only.
struct Burst<'a> {
    record: usize,
    author: &'a str,
    first_ms: u64,
    last_ms: u64,
    change: ChangeKind,
}

/// A record the feed names: from the replica, or only from the history (a record the device
/// no longer holds).
struct Subject<'a> {
    key: &'a RecordKey,
    org: &'a OrgCode,
    state: Option<&'a RecordState>,
    /// Its pulled changes: a range of the changes sorted by record.
    pulled: (usize, usize),
}

/// One record's writes in the period, without duplicates, by author then time.
#[derive(Default)]
struct RecordWrites<'a> {
    writes: Vec<Write<'a>>,
    authors: Vec<&'a str>,
}

impl<'a> RecordWrites<'a> {
    fn collect(
        &mut self,
        subject: &Subject<'a>,
        pulled: &[&'a AppliedChange],
        since_ms: Option<u64>,
    ) {
        self.writes.clear();
        self.authors.clear();
        let own = subject.state.into_iter().flat_map(|state| {
            state.fields.iter().flat_map(|(name, field)| {
                std::iter::once(&field.winner)
                    .chain(field.conflicts())
                    .map(move |version| (name.as_str(), version))
            })
        });
        let from_history = pulled[subject.pulled.0..subject.pulled.1]
            .iter()
            .map(|change| (change.key.field.as_str(), &change.version));
        for (field, version) in own.chain(from_history) {
            if since_ms.is_some_and(|since| version.hlc.wall_ms < since) {
                continue;
            }
            let author = self.author_index(&version.author);
            self.writes.push(Write {
                author,
                field,
                version,
            });
        }
        self.writes.sort_unstable_by(|a, b| {
            (a.author, &a.version.hlc, a.field).cmp(&(b.author, &b.version.hlc, b.field))
        });
        // The same write seen twice has the same field and timestamp (the server's history
        // does not carry the writer's sequence number, so the timestamp identifies it).
        self.writes
            .dedup_by(|a, b| a.field == b.field && a.version.hlc == b.version.hlc);
    }

    /// Authors are few per record: a short list, not a map, and no string compared twice.
    fn author_index(&mut self, author: &'a str) -> usize {
        match self
            .authors
            .iter()
            .position(|known| std::ptr::eq(*known, author) || *known == author)
        {
            Some(index) => index,
            None => {
                self.authors.push(author);
                self.authors.len() - 1
            }
        }
    }

    /// The bursts: runs of one author's writes less than [`BURST_GAP_MS`] apart.
    fn bursts(&self) -> impl Iterator<Item = &[Write<'a>]> {
        self.writes.chunk_by(|a, b| {
            a.author == b.author && b.version.hlc.wall_ms - a.version.hlc.wall_ms < BURST_GAP_MS
        })
    }
}

/// What a burst did: its last tombstone write says.
fn change_of(burst: &[Write<'_>]) -> ChangeKind {
    burst
        .iter()
        .rev()
        .find(|write| write.field == DELETED_FIELD)
        .map_or(ChangeKind::Edited, |write| match write.version.value {
            Value::Bool(true) => ChangeKind::Deleted,
            _ => ChangeKind::Restored,
        })
}

/// The feed of `records` (every record the device holds, in key order, as
/// [`crate::client::ClientReplica::records`] gives them) and `history` (the changes it pulled,
/// in any order), filtered and paged by `query`.
pub fn build_feed<'a>(
    records: impl IntoIterator<Item = &'a RecordState>,
    history: &'a [AppliedChange],
    query: &FeedQuery,
) -> Feed {
    let wanted = |key: &RecordKey, org: &OrgCode| {
        query.kind.is_none_or(|kind| kind == key.kind)
            && query.org.as_ref().is_none_or(|o| o == org)
    };
    let mut pulled: Vec<&AppliedChange> = history
        .iter()
        .filter(|change| wanted(&change.key.record, &change.org))
        .collect();
    pulled.sort_unstable_by(|a, b| a.key.record.cmp(&b.key.record));
    // The records and the pulled changes, both in key order, walked together like two sorted
    // lists (no map); a record known only from the history is a subject of its own.
    let run_end = |start: usize| {
        let key = &pulled[start].key.record;
        start + pulled[start..].partition_point(|c| &c.key.record == key)
    };
    let orphan = |(start, end): (usize, usize)| {
        let change: &'a AppliedChange = pulled[start];
        Subject {
            key: &change.key.record,
            org: &change.org,
            state: None,
            pulled: (start, end),
        }
    };
    let mut subjects: Vec<Subject<'a>> = Vec::new();
    let mut at = 0;
    for record in records {
        if !wanted(&record.key, &record.org) {
            continue;
        }
        while at < pulled.len() && pulled[at].key.record < record.key {
            let end = run_end(at);
            subjects.push(orphan((at, end)));
            at = end;
        }
        let end = if at < pulled.len() && pulled[at].key.record == record.key {
            run_end(at)
        } else {
            at
        };
        subjects.push(Subject {
            key: &record.key,
            org: &record.org,
            state: Some(record),
            pulled: (at, end),
        });
        at = end;
    }
    while at < pulled.len() {
        let end = run_end(at);
        subjects.push(orphan((at, end)));
        at = end;
    }

    let newest_first = |a: &Burst<'_>, b: &Burst<'_>| {
        (b.last_ms, subjects[b.record].key, b.author).cmp(&(
            a.last_ms,
            subjects[a.record].key,
            a.author,
        ))
    };
    // Only the bursts up to the page's end are kept: the rest are counted, then dropped
    // whenever they pile up, so "everything" over a prefecture holds little memory.
    let keep = query.offset.saturating_add(query.limit);
    let mut authors: Vec<&'a str> = Vec::new();
    let mut bursts: Vec<Burst<'a>> = Vec::new();
    let mut total = 0;
    let mut scratch = RecordWrites::default();
    for (index, subject) in subjects.iter().enumerate() {
        scratch.collect(subject, &pulled, query.since_ms);
        authors.extend(scratch.authors.iter().copied());
        for burst in scratch.bursts() {
            let author = scratch.authors[burst[0].author];
            if query
                .author
                .as_deref()
                .is_some_and(|wanted| wanted != author)
            {
                continue;
            }
            total += 1;
            bursts.push(Burst {
                record: index,
                author,
                first_ms: burst[0].version.hlc.wall_ms,
                last_ms: burst[burst.len() - 1].version.hlc.wall_ms,
                change: change_of(burst),
            });
        }
        if bursts.len() > keep.saturating_mul(2).max(4096) {
            bursts.sort_unstable_by(newest_first);
            bursts.truncate(keep);
        }
    }
    bursts.sort_unstable_by(newest_first);
    bursts.truncate(keep);
    authors.sort_unstable();
    authors.dedup();
    let entries = bursts
        .iter()
        .skip(query.offset)
        .map(|burst| {
            let subject = &subjects[burst.record];
            scratch.collect(subject, &pulled, query.since_ms);
            // Sorted as `&str`, like the authors: one sort fewer in the app.
            let mut fields: Vec<&str> = scratch
                .writes
                .iter()
                .filter(|w| scratch.authors[w.author] == burst.author)
                .filter(|w| (burst.first_ms..=burst.last_ms).contains(&w.version.hlc.wall_ms))
                .filter(|w| w.field != DELETED_FIELD)
                .map(|w| w.field)
                .collect();
            fields.sort_unstable();
            fields.dedup();
            FeedEntry {
                key: subject.key.clone(),
                org: subject.org.clone(),
                title: subject.state.and_then(record_title),
                author: burst.author.to_owned(),
                first_ms: burst.first_ms,
                last_ms: burst.last_ms,
                change: burst.change,
                fields: fields.into_iter().map(str::to_owned).collect(),
            }
        })
        .collect();
    Feed {
        entries,
        total,
        authors: authors.into_iter().map(str::to_owned).collect(),
    }
}

/// A record's name as people know it: a measure's or survey's title, an organisation's name.
fn record_title(record: &RecordState) -> Option<String> {
    ["title", "name"].iter().find_map(|name| {
        record
            .fields
            .get(*name)
            .and_then(|state| state.value().as_str())
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    })
}
