//! Records as a device holds them, built by hand for the trust rules' tests.

use std::collections::BTreeSet;

use crate::client::RecordView;
use crate::domain::{Fields, RecordKind};
use crate::merge::RecordKey;
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
