//! One row of the measure table. Static: the list re-creates a row when its fingerprint or
//! the language changes, so rows hold no signals of their own.
//!
//! Written with Leptos's element builders rather than `view!`: a plan shows hundreds of rows,
//! and the release build erases `view!`'s types (`--cfg erase_components`, for size), which
//! costs an allocation per element and attribute. Builders keep this one hot path typed.

use leptos::html::{a, span, td, th, tr};
use leptos::prelude::*;
use tsunagu_core::plan_list::MeasureRow;

use crate::components::progress::progress_bar;
use crate::components::status_badge::status_badge;
use crate::i18n::Lang;
use crate::ui::dates::{fiscal_year_label, format_date};

pub fn measure_row_view(row: &MeasureRow, lang: Lang) -> impl IntoView {
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
    let mark = |shown: bool, class: &'static str, text: &'static str| {
        shown.then(|| span().class(class).child(text))
    };

    tr().class(("row--overdue", row.overdue)).child((
        th().scope("row").class("measure-title").child((
            a().href(format!("/measures/{}", row.id))
                .child(measure.title.clone()),
            mark(measure.priority, "badge badge--priority", t.priority_badge),
            mark(
                row.unreadable,
                "mark mark--error",
                t.record_unreadable_short,
            ),
        )),
        td().child(department),
        td().child(status_badge(measure.status, lang)),
        td().child(progress_bar(measure.percent)),
        td().child((due, mark(row.overdue, "mark mark--overdue", t.mark_overdue))),
        td().child((
            mark(row.pending, "mark mark--pending", t.mark_pending_short),
            mark(row.conflicted, "mark mark--conflict", t.mark_conflict_short),
        )),
    ))
}
