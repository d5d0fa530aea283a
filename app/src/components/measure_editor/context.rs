//! What every part of the editor shares: the measure's key and owner, whether the user may
//! edit it, and the app's workspace and language.

use leptos::prelude::*;
use serde_json::Value;
use tsunagu_core::access::Role;
use tsunagu_core::client::{FieldKey, RecordView};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::org::OrgCode;
use tsunagu_core::trust::is_kpi_of;

use crate::i18n::measure::{measure_texts, MeasureTexts};
use crate::i18n::Lang;
use crate::state::{Locale, Workspace};
use crate::ui::access::may_write;

/// Why the measure is shown read-only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadOnlyReason {
    /// The access token is a viewer's.
    Viewer,
    /// The measure belongs to another organisation.
    OtherOrganisation,
    /// No connection is set up, so there is no organisation to write as.
    NotConnected,
}

impl ReadOnlyReason {
    pub fn message(self, t: &MeasureTexts) -> &'static str {
        match self {
            ReadOnlyReason::Viewer => t.read_only_viewer,
            ReadOnlyReason::OtherOrganisation => t.read_only_other_org,
            ReadOnlyReason::NotConnected => t.read_only_not_connected,
        }
    }
}

/// Handle shared by the editor's parts. `Copy`, so closures capture it freely.
#[derive(Clone, Copy)]
pub struct Editor {
    pub workspace: Workspace,
    pub locale: Locale,
    measure: StoredValue<RecordKey>,
    org: StoredValue<OrgCode>,
    read_only: Memo<Option<ReadOnlyReason>>,
    kpi_ids: Memo<Vec<String>>,
}

impl Editor {
    /// Creates the handle for the measure `id` owned by `org` and provides it to the tree.
    pub fn provide(id: String, org: OrgCode) -> Editor {
        let workspace = Workspace::expect();
        let owner = org.clone();
        let read_only = Memo::new(move |_| {
            let connection = workspace.connection();
            let who = connection.as_ref().and_then(|c| c.who.as_ref());
            if may_write(who, RecordKind::Measure, &owner) {
                return None;
            }
            Some(match who {
                None => ReadOnlyReason::NotConnected,
                Some(who) if who.role == Role::Viewer => ReadOnlyReason::Viewer,
                Some(_) => ReadOnlyReason::OtherOrganisation,
            })
        });
        let measure_id = id.clone();
        let measure_owner = org.clone();
        let kpi_ids = Memo::new(move |_| {
            workspace
                .views(RecordKind::Kpi)
                .into_iter()
                .filter(|kpi| is_kpi_of(kpi, &measure_id, &measure_owner))
                .map(|kpi| kpi.key.id)
                .collect()
        });
        let editor = Editor {
            workspace,
            locale: Locale::expect(),
            kpi_ids,
            measure: StoredValue::new(RecordKey::new(RecordKind::Measure, id)),
            org: StoredValue::new(org),
            read_only,
        };
        provide_context(editor);
        editor
    }

    pub fn expect() -> Editor {
        expect_context::<Editor>()
    }

    pub fn lang(self) -> Lang {
        self.locale.get()
    }

    /// The editor's dictionary (reactive).
    pub fn texts(self) -> &'static MeasureTexts {
        measure_texts(self.lang())
    }

    pub fn measure_key(self) -> RecordKey {
        self.measure.get_value()
    }

    pub fn measure_id(self) -> String {
        self.measure.with_value(|key| key.id.clone())
    }

    pub fn org(self) -> OrgCode {
        self.org.get_value()
    }

    /// The ids of the measure's KPIs, in id order (reactive).
    pub fn kpi_ids(self) -> Vec<String> {
        self.kpi_ids.get()
    }

    /// The measure and its KPIs: the records whose history and conflicts the page shows.
    pub fn record_keys(self) -> Vec<RecordKey> {
        let mut keys = vec![self.measure_key()];
        keys.extend(
            self.kpi_ids()
                .into_iter()
                .map(|id| RecordKey::new(RecordKind::Kpi, id)),
        );
        keys
    }

    /// `Some(reason)` while the user may not edit (reactive).
    pub fn read_only(self) -> Option<ReadOnlyReason> {
        self.read_only.get()
    }

    pub fn can_edit(self) -> bool {
        self.read_only().is_none()
    }

    /// A record as the user sees it, recomputed only when it changes.
    pub fn record(self, key: RecordKey) -> Memo<Option<RecordView>> {
        Memo::new(move |_| self.workspace.view(&key))
    }

    /// One field's current value (`null` when absent), recomputed only when it changes.
    pub fn value(self, record: Memo<Option<RecordView>>, field: impl Into<String>) -> Memo<Value> {
        let field = field.into();
        Memo::new(move |_| {
            record.with(|view| {
                view.as_ref()
                    .and_then(|view| view.values.get(&field).cloned())
                    .unwrap_or(Value::Null)
            })
        })
    }

    /// Writes `value` to `key` as the measure's organisation. Callers validate first.
    pub fn write(self, key: FieldKey, value: Value) {
        if self.can_edit_untracked() {
            self.workspace.write(&self.org(), key, value);
        }
    }

    /// Writes several fields of one record (a new KPI).
    pub fn write_record(self, record: &RecordKey, fields: Vec<(String, Value)>) {
        if self.can_edit_untracked() {
            self.workspace.write_fields(&self.org(), record, fields);
        }
    }

    /// Marks a record deleted.
    pub fn delete(self, record: &RecordKey) {
        if self.can_edit_untracked() {
            self.workspace.delete(&self.org(), record);
        }
    }

    fn can_edit_untracked(self) -> bool {
        self.read_only.get_untracked().is_none()
    }
}

/// The DOM id of the control of one field: `f-measure-032085-online-procedures-title`. Record
/// ids and field names only hold `A-Z a-z 0-9 _ -`, so the id is always valid.
pub fn control_id(key: &FieldKey) -> String {
    format!(
        "f-{}-{}-{}",
        key.record.kind.as_str(),
        key.record.id,
        key.field
    )
}
