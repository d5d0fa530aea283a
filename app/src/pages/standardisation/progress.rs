//! The prefecture's standardisation progress: completion per system (with each step), per
//! step, and per municipality, lowest first, as the national progress dashboard shows it;
//! exported as CSV or XLSX, or printed. The tools module writes the markup and the files over
//! the device's replica (`core::standardisation_progress`), so none of that code is in the
//! app's first load.

use leptos::prelude::*;
use tsunagu_core::standardisation_progress::{progress_texts, ProgressScreen};
use tsunagu_core::tools::ToolRequest;

use crate::components::replica_screen::{ReplicaScreenView, RequestFor};

#[component]
pub fn TrackerProgress() -> impl IntoView {
    let request: Box<RequestFor> = Box::new(|generation, output, lang| {
        let screen = ProgressScreen {
            generation,
            lang,
            output,
        };
        Some(ToolRequest::StandardisationProgress(Box::new(screen)))
    });
    view! {
        <ReplicaScreenView
            request
            stem=Box::new(|| "standardisation".to_owned())
            failed=|lang| progress_texts(lang).failed
            prefix="progress-"
        />
    }
}
