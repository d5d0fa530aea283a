//! The rules the server writes by, checked again on what a device holds: a record's id and the
//! fields that name an organisation, a survey or a system must agree with its owner
//! (`access::id_contradiction`, `access::field_contradiction`). Old data written before those rules, or a
//! misbehaving server, can still bring records that break them; screens leave those out.

use crate::access::{field_contradiction, id_contradiction};
use crate::client::RecordView;

/// Whether `view`'s id, and those of `fields` it holds, claim nothing its owner contradicts.
pub(super) fn claims_agree(view: &RecordView, fields: &[&str]) -> bool {
    let (kind, id, owner) = (view.key.kind, view.key.id.as_str(), &view.org);
    id_contradiction(kind, id, owner).is_none()
        && fields.iter().all(|field| {
            view.values
                .get(*field)
                .is_none_or(|value| field_contradiction(kind, id, owner, field, value).is_none())
        })
}
