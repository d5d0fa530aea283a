//! A percentage as a bar with the number written beside it.

use leptos::html::span;
use leptos::prelude::*;

/// One element: the bar is drawn by the stylesheet (`.progress::before`, decoration hidden from
/// assistive technology) from `--percent`; the number is the content.
/// An element builder, not `view!`, as it sits in the plan's rows (see `measure_row`).
pub fn progress_bar(percent: u8) -> impl IntoView {
    let percent = percent.min(100);
    span()
        .class("progress")
        .style(format!("--percent: {percent}%"))
        .child(format!("{percent}%"))
}
