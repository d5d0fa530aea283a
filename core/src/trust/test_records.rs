//! Records as a device holds them, built by hand for the trust rules' tests.

use std::collections::BTreeSet;

use crate::client::RecordView;
use crate::domain::{Fields, RecordKind};
use crate::merge::{FieldVersion, Hlc, RecordKey, RecordState};
use crate::org::OrgCode;

pub const IWATE: &str = "030007";
pub const MORIOKA: &str = "032018";
pub const TONO: &str = "032085";
pub const MIYAKO: &str = "032026";
pub const AOMORI: &str = "020001";
pub const HIROSAKI: &str = "022021";

pub fn code(code: &str) -> OrgCode {
    OrgCode::parse(code).expect("a valid test code")
}

/// The record `kind`/`id` owned by `owner` with `fields`.
pub fn record(kind: RecordKind, id: &str, owner: &str, fields: Fields) -> RecordView {
    RecordView {
        key: RecordKey::new(kind, id),
        org: code(owner),
        values: fields,
        pending: BTreeSet::new(),
        saving: BTreeSet::new(),
        conflicted: BTreeSet::new(),
    }
}

/// `view` as a synced record (what a replica holds and the tools module is sent): each field
/// one version, written one millisecond after the last by `wall_ms`.
pub fn synced_record(view: RecordView, wall_ms: &mut u64) -> RecordState {
    let mut state = RecordState::new(view.key, view.org);
    for (field, value) in view.values {
        *wall_ms += 1;
        let version = FieldVersion {
            value,
            hlc: Hlc::new(*wall_ms, 0, "dev"),
            base: None,
            seen: None,
            seq: *wall_ms,
            author: "someone".into(),
        };
        state.merge(&field, version);
    }
    state
}

/// `record(...)` as synced, written at 1,000 ms.
pub fn synced_state(kind: RecordKind, id: &str, owner: &str, fields: Fields) -> RecordState {
    synced_record(record(kind, id, owner, fields), &mut 1_000)
}

/// An organisation's record named `name`: the prefecture for [`IWATE`], a municipality
/// otherwise.
pub fn organisation(owner: &str, name: &str) -> RecordView {
    let kind = if owner == IWATE {
        crate::org::OrgKind::Prefecture
    } else {
        crate::org::OrgKind::Municipality
    };
    let fields = crate::org::Organisation {
        code: code(owner),
        kind,
        name: name.into(),
        kana: String::new(),
        population: None,
    }
    .to_fields();
    record(RecordKind::Organisation, owner, owner, fields)
}

/// [`organisation`] as synced.
pub fn organisation_state(owner: &str, name: &str) -> RecordState {
    synced_record(organisation(owner, name), &mut 1_000)
}
