//! One KPI of the measure: name, unit, baseline, the per-year table, conflicts on its year
//! fields, its save state, and deleting it.

use leptos::prelude::*;
use tsunagu_core::client::{FieldKey, RecordView};
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::RecordKey;

use super::confirm_action::ConfirmAction;
use super::conflict_notice::ConflictNotice;
use super::context::Editor;
use super::kpi_years::KpiYears;
use super::parse;
use super::sync_badge::SyncBadge;
use super::text_control::TextOptions;
use super::text_field::{value_text, TextField};
use crate::components::keyed::Keyed;
use crate::components::when::When;
use crate::i18n::measure::fill;

/// The fields with their own row; conflicts on any other field (the years) are listed apart.
const ROW_FIELDS: [&str; 3] = ["name", "unit", "baseline"];

#[component]
pub fn KpiCard(id: String, measure: Memo<Option<RecordView>>) -> impl IntoView {
    let editor = Editor::expect();
    let key = RecordKey::new(RecordKind::Kpi, id.clone());
    let record = editor.record(key.clone());
    let name_value = editor.value(record, "name");
    let name = Signal::derive(move || name_value.with(value_text));
    let t = move || editor.texts();
    let field = {
        let key = key.clone();
        move |name: &str| FieldKey {
            record: key.clone(),
            field: name.into(),
        }
    };
    let label = move |name: &'static str| {
        Signal::derive(move || t().field_label(editor.lang(), RecordKind::Kpi, name))
    };
    let year_conflicts = {
        let key = key.clone();
        Memo::new(move |_| {
            editor
                .workspace
                .conflicts()
                .into_iter()
                .filter(|c| c.key.record == key && !ROW_FIELDS.contains(&c.key.field.as_str()))
                .map(|c| c.key)
                .collect::<Vec<_>>()
        })
    };
    let delete_key = StoredValue::new(key);
    let heading_id = format!("kpi-{id}-heading");

    view! {
        <section class="me-kpi" aria-labelledby=heading_id.clone()>
            <h3 id=heading_id.clone()>{move || fill(t().kpi_prefix, &[("name", &name.get())])}</h3>
            <SyncBadge record=record/>
            <TextField
                record=record
                field=field("name")
                label=label("name")
                parse=|input| Ok(parse::single_line(input))
                options=TextOptions { required: true, ..TextOptions::default() }
            />
            <div class="me-kpi__pair">
                <TextField
                    record=record
                    field=field("unit")
                    label=label("unit")
                    parse=|input| Ok(parse::single_line(input))
                />
                <TextField
                    record=record
                    field=field("baseline")
                    label=label("baseline")
                    hint=Signal::derive(move || t().hint_number.to_owned())
                    parse=parse::optional_number
                    options=TextOptions { inputmode: Some("decimal"), ..TextOptions::default() }
                />
            </div>
            <Keyed each=move || year_conflicts.get() key=|key| key.field.clone() let:conflicted>
                <ConflictNotice
                    label=Signal::derive({
                        let name = conflicted.field.clone();
                        move || t().field_label(editor.lang(), RecordKind::Kpi, &name)
                    })
                    field=conflicted
                />
            </Keyed>
            <KpiYears record=record measure=measure name=name/>
            <When when=move || editor.can_edit()>
                <ConfirmAction
                    id=format!("kpi-{id}-delete")
                    label=Signal::derive(move || fill(t().kpi_delete, &[("name", &name.get())]))
                    question=Signal::derive(move || fill(t().kpi_delete_confirm, &[("name", &name.get())]))
                    confirm_label=Signal::derive(move || t().delete_confirm.to_owned())
                    cancel_label=Signal::derive(move || t().cancel.to_owned())
                    on_confirm=Callback::new(move |()| editor.delete(&delete_key.get_value()))
                />
            </When>
        </section>
    }
}
