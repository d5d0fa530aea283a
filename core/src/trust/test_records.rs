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
