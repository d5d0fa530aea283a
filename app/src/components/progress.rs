//! A percentage as a bar with the number written beside it.

use leptos::prelude::*;

/// One element: the bar is drawn by the stylesheet (`.progress::before`, decoration hidden from
/// assistive technology) from `--percent`; the number is the content.
#[component]
pub fn ProgressBar(percent: u8) -> impl IntoView {
    let percent = percent.min(100);
    view! {
        <span class="progress" style=format!("--percent: {percent}%")>
            {format!("{percent}%")}
        </span>
    }
}
