//! The current UI language, shared through context.

use leptos::prelude::*;

use crate::i18n::{Lang, Texts};
use crate::storage::StorageError;

/// Handle to the UI language. `Copy`, so closures can capture it freely.
#[derive(Clone, Copy, Debug)]
pub struct Locale {
    lang: RwSignal<Lang>,
}

impl Locale {
    /// Creates the handle from the saved language and provides it to the
    /// current component tree. Call once, at the root.
    pub fn provide() -> Self {
        let lang = Lang::load_saved();
        set_document_lang(lang);
        let locale = Locale {
            lang: RwSignal::new(lang),
        };
        provide_context(locale);
        locale
    }

    /// The handle provided by an ancestor.
    ///
    /// # Panics
    /// When no ancestor called [`Locale::provide`] (a programming error).
    pub fn expect() -> Self {
        expect_context::<Locale>()
    }

    /// The current language (reactive).
    pub fn get(self) -> Lang {
        self.lang.get()
    }

    /// The current language, without tracking it (event handlers, one-off renders).
    pub fn get_untracked(self) -> Lang {
        self.lang.get_untracked()
    }

    /// The current dictionary (reactive).
    pub fn texts(self) -> &'static Texts {
        self.get().texts()
    }

    /// One text of the current language, for a view's child or attribute:
    /// `{locale.word(|l| prefecture_texts(l).heading)}`. Every such text in the app is this one
    /// closure type, so Leptos's reactive-text code is built once; a `move || t().heading`
    /// per call site made a copy of it for each (docs/benchmarks.md, "Open: the app's size").
    pub fn word(
        self,
        pick: fn(Lang) -> &'static str,
    ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || pick(self.get())
    }

    /// Switches the UI language, updates `<html lang>` and remembers the
    /// choice. The UI switches even when saving fails.
    pub fn set(self, lang: Lang) -> Result<(), StorageError> {
        self.lang.set(lang);
        set_document_lang(lang);
        lang.save()
    }
}

/// Keeps `<html lang>` in step so screen readers pick the right voice.
fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        // Failing to set an attribute only affects speech; nothing to report.
        let _ = root.set_attribute("lang", lang.code());
    }
}
