//! The notice shown above values the user may look at but not change.

use leptos::prelude::*;

use crate::state::Locale;

#[component]
pub fn ReadOnlyNotice() -> impl IntoView {
    let locale = Locale::expect();
    view! {
        <p class="notice notice--read-only">
            <span aria-hidden="true">"ⓘ "</span>
            {locale.word(|l| l.texts().read_only_notice)}
        </p>
    }
}
