//! Organisations by name: the trusted `organisation` record (`tsunagu_core::trust::directory`),
//! else the code.

use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::org::{OrgCode, Organisation};
use tsunagu_core::trust::trusted_organisation;

use crate::state::Workspace;

/// The prefecture's municipalities (not the prefecture itself), in code order.
pub fn municipalities(workspace: Workspace) -> Vec<Organisation> {
    tsunagu_core::trust::municipalities(&workspace.views(RecordKind::Organisation))
}

/// 遠野市, or `032085` until the directory has been synced (reactive).
pub fn org_name(workspace: Workspace, code: &OrgCode) -> String {
    workspace
        .view(&RecordKey::new(RecordKind::Organisation, code.as_str()))
        .and_then(|view| trusted_organisation(&view))
        .map_or_else(|| code.to_string(), |org| org.name)
}
