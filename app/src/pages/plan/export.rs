//! The plan as a file (CSV, XLSX) and on paper: its measures as the list shows them.

use std::sync::Arc;
use tsunagu_core::sorting;

use leptos::prelude::*;
use tsunagu_core::export::plan_table_with_ids;
use tsunagu_core::plan_list::MeasureRow;

use super::record::PlanRecord;
use crate::components::export_buttons::{ExportButtons, ExportFiles};
use crate::state::{Locale, Workspace};
use crate::ui::dates::today;
use crate::ui::taxonomy::taxonomy_areas;

#[component]
pub fn PlanExport(
    plan: Memo<Option<PlanRecord>>,
    rows: Memo<Vec<Arc<MeasureRow>>>,
) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let files = Callback::new(move |()| {
        let record = plan.get_untracked()?;
        // With the ID column: a file edited in Excel comes back onto the same measures.
        let mut measures: Vec<_> = rows.with_untracked(|rows| {
            rows.iter()
                .map(|r| (r.id.clone(), r.measure.clone()))
                .collect()
        });
        sorting::sort_by(&mut measures, |(_, a), (_, b)| {
            (&a.policy_id, &a.title).cmp(&(&b.policy_id, &b.title))
        });
        let areas = untrack(|| taxonomy_areas(workspace));
        let lang = locale.get_untracked().into();
        let table = plan_table_with_ids(&record.plan, &measures, &areas, today(), lang);
        Some(ExportFiles::single(format!("plan-{}", record.org), table))
    });
    view! { <ExportButtons files/> }
}
