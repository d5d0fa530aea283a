//! Organisations by name: the synced `organisation` record (id = its code), else the code.

use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::org::{OrgCode, Organisation};

use crate::state::Workspace;

/// 遠野市, or `032085` until the directory has been synced (reactive).
pub fn org_name(workspace: Workspace, code: &OrgCode) -> String {
    workspace
        .view(&RecordKey::new(RecordKind::Organisation, code.as_str()))
        .and_then(|view| Organisation::from_fields(&view.values).ok())
        .map_or_else(|| code.to_string(), |org| org.name)
}
