//! A measure's status as an icon and a word (never colour alone). The icon comes from the
//! stylesheet (`.status-badge--*::before`, hidden from assistive technology), so a badge is one
//! element: long lists show one per row.

use leptos::html::span;
use leptos::prelude::*;
use tsunagu_core::domain::Status;

use crate::i18n::Lang;

/// A shape per status, so the five differ without colour (the same as the stylesheet's).
pub fn status_icon(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "○",
        Status::InProgress => "◐",
        Status::Done => "✔",
        Status::WontDo => "⊘",
        Status::NotApplicable => "－",
    }
}

/// The status word in `lang`.
pub fn status_label(status: Status, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => status.label_ja(),
        Lang::En => status.label_en(),
    }
}

fn class(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "badge status-badge status-badge--not-started",
        Status::InProgress => "badge status-badge status-badge--in-progress",
        Status::Done => "badge status-badge status-badge--done",
        Status::WontDo => "badge status-badge status-badge--wont-do",
        Status::NotApplicable => "badge status-badge status-badge--not-applicable",
    }
}

/// Static: lists re-create rows when the language changes instead of tracking it per row.
/// An element builder, not `view!`, as it sits in the plan's rows (see `measure_row`).
pub fn status_badge(status: Status, lang: Lang) -> impl IntoView {
    span()
        .class(class(status))
        .child(status_label(status, lang))
}
