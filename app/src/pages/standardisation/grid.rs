//! A municipality's 20 systems × steps, one status select per cell; each change is saved at
//! once as the field `step.<id>` of the town's record for that system.

use leptos::prelude::*;
use serde_json::Value;
use tsunagu_core::domain::standardisation::{migration_id, steps, systems, SystemMigration};
use tsunagu_core::domain::{RecordKind, Status};
use tsunagu_core::merge::RecordKey;
use tsunagu_core::org::OrgCode;
use tsunagu_core::trust::trusted_migration;

use super::StepHeaders;
use crate::components::status_badge::status_label;
use crate::components::when::When;
use crate::i18n::measure::fill;
use crate::i18n::standardisation::standardisation_texts;
use crate::state::{Locale, Workspace};
use crate::ui::access::may_write;

#[component]
pub fn MigrationGrid(org: OrgCode) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || standardisation_texts(locale.get());
    let editable = {
        let org = org.clone();
        Memo::new(move |_| {
            let who = workspace.connection().and_then(|c| c.who);
            may_write(who.as_ref(), RecordKind::SystemMigration, &org)
        })
    };
    let rows = systems()
        .iter()
        .map(|system| {
            let key = RecordKey::new(RecordKind::SystemMigration, migration_id(&system.id, &org));
            let record = {
                let key = key.clone();
                Memo::new(move |_| {
                    workspace
                        .view(&key)
                        .and_then(|view| trusted_migration(&view))
                        .map(|(_, migration)| migration)
                })
            };
            let cells = steps()
                .iter()
                .map(|step| {
                    let (key, org, system_id, step_id) = (key.clone(), org.clone(), system.id.clone(), step.id.clone());
                    let current_step = step.id.clone();
                    let current = Memo::new(move |_| {
                        record.with(|r| r.as_ref().map_or(Status::NotStarted, |r| r.status(&current_step)))
                    });
                    let label = {
                        let (system, step) = (system.clone(), step.clone());
                        move || {
                            let lang = locale.get();
                            fill(
                                t().cell_label,
                                &[
                                    ("system", lang.pick(&system.name_ja, &system.name_en)),
                                    ("step", lang.pick(&step.label_ja, &step.label_en)),
                                ],
                            )
                        }
                    };
                    view! {
                        <td>
                            <select
                                aria-label=label
                                class=move || format!("status-select status-select--{}", current.get() as u8)
                                disabled=move || !editable.get()
                                on:change=move |ev| {
                                    let value = event_target_value(&ev);
                                    let Ok(status) = value.parse::<Status>() else {
                                        return;
                                    };
                                    let mut fields = vec![(SystemMigration::step_field(&step_id), Value::from(status.label_ja()))];
                                    if record.get_untracked().is_none() {
                                        fields.push(("system".into(), Value::from(system_id.as_str())));
                                    }
                                    workspace.write_fields(&org, &key, fields);
                                }
                            >
                                {Status::ALL
                                    .into_iter()
                                    .map(|status| view! {
                                        <option value=status.label_ja() selected=move || current.get() == status>
                                            {move || status_label(status, locale.get())}
                                        </option>
                                    })
                                    .collect_view()}
                            </select>
                        </td>
                    }
                })
                .collect_view();
            let (ja, en) = (system.name_ja.clone(), system.name_en.clone());
            view! {
                <tr>
                    <th scope="row">{move || locale.get().pick(&ja, &en).to_owned()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();

    view! {
        <When when=move || !editable.get()>
            <p class="notice">{locale.word(|l| standardisation_texts(l).read_only)}</p>
        </When>
        <div class="matrix-scroll" tabindex="0" role="region" aria-label=locale.word(|l| standardisation_texts(l).heading)>
            <table class="data-table matrix migration-grid">
                <thead>
                    <tr>
                        <th scope="col">{locale.word(|l| standardisation_texts(l).col_system)}</th>
                        <StepHeaders/>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
