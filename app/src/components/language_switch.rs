//! Buttons to switch the UI language (日本語 / English).

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::state::{ErrorSlot, Locale};

/// A labelled group of toggle buttons, one per language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let locale = Locale::expect();
    let errors = ErrorSlot::expect();
    let choose = move |lang: Lang| {
        if let Err(e) = locale.set(lang) {
            errors.report(e);
        }
    };

    view! {
        <div class="lang-switch" role="group" aria-label=move || locale.texts().language_label>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            lang=lang.code()
                            aria-pressed=move || (locale.get() == lang).to_string()
                            on:click=move |_| choose(lang)
                        >
                            {lang.endonym()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
