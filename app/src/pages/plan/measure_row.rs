//! One row of the measure table. Static: the list re-creates a row when its fingerprint or
//! the language changes, so rows hold no signals of their own.

use std::sync::Arc;

use leptos::prelude::*;

use super::model::MeasureRow;
use crate::components::progress::ProgressBar;
use crate::components::status_badge::StatusBadge;
use crate::i18n::Lang;
use crate::ui::dates::{fiscal_year_label, format_date};

#[component]
pub fn MeasureRowView(row: Arc<MeasureRow>, lang: Lang) -> impl IntoView {
    let t = lang.texts();
    let measure = &row.measure;
    let due = match (measure.deadline, measure.end_fy) {
        (Some(deadline), _) => format_date(lang, deadline),
        (None, Some(end)) => (t.fy_end)(&fiscal_year_label(lang, end)),
        (None, None) => "—".to_owned(),
    };
    let department = if measure.department.is_empty() {
        "—".to_owned()
    } else {
        measure.department.clone()
    };

    view! {
        <tr class:row--overdue=row.overdue>
            <th scope="row" class="measure-title">
                <a href=format!("/measures/{}", row.id)>{measure.title.clone()}</a>
                {measure.priority.then(|| view! { <span class="badge badge--priority">{t.priority_badge}</span> })}
                {row.unreadable.then(|| {
                    view! {
                        <span class="mark mark--error">{t.record_unreadable_short}
                        </span>
                    }
                })}
            </th>
            <td>{department}</td>
            <td>
                <StatusBadge status=measure.status lang/>
            </td>
            <td>
                <ProgressBar percent=measure.percent/>
            </td>
            <td>
                {due}
                {row.overdue.then(|| {
                    view! {
                        <span class="mark mark--overdue">{t.mark_overdue}
                        </span>
                    }
                })}
            </td>
            <td>
                {row.pending.then(|| {
                    view! {
                        <span class="mark mark--pending">{t.mark_pending_short}
                        </span>
                    }
                })}
                {row.conflicted.then(|| {
                    view! {
                        <span class="mark mark--conflict">{t.mark_conflict_short}
                        </span>
                    }
                })}
            </td>
        </tr>
    }
}
