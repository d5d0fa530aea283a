//! The notice next to a field where a concurrent edit won: both values with who wrote them and
//! when, and one action each to restore the value that lost or to keep the one shown.

use leptos::prelude::*;
use tsunagu_core::client::{FieldConflict, FieldKey};
use tsunagu_core::merge::FieldVersion;

use super::choices::Choices;
use super::context::{control_id, Editor};
use super::format::{display_value, time_label};
use crate::components::when::When;
use crate::i18n::measure::fill;

/// The DOM id of the notice for `key`, the target of the summary's links.
pub fn notice_id(key: &FieldKey) -> String {
    format!("conflict-{}", control_id(key))
}

/// The unresolved conflict on `key`, if any (reactive).
pub fn conflict_on(editor: Editor, key: FieldKey) -> Memo<Option<FieldConflict>> {
    Memo::new(move |_| {
        editor
            .workspace
            .conflicts()
            .into_iter()
            .find(|conflict| conflict.key == key)
    })
}

/// Nothing when `field` has no conflict.
#[component]
pub fn ConflictNotice(field: FieldKey, #[prop(into)] label: Signal<String>) -> impl IntoView {
    let editor = Editor::expect();
    let conflict = conflict_on(editor, field.clone());
    let id = notice_id(&field);
    let key = StoredValue::new(field);
    let record = editor.record(key.with_value(|k| k.record.clone()));
    // The user already chose: their write waits to sync, after which the conflict is gone.
    let answered = move || {
        let name = key.with_value(|k| k.field.clone());
        record.with(|view| {
            view.as_ref()
                .is_some_and(|v| v.pending.contains(name.as_str()))
        })
    };

    move || {
        let conflict = conflict.get()?;
        let t = editor.texts();
        let heading_id = format!("{id}-heading");
        let several = conflict.losers.len() > 1;
        let losers = conflict
            .losers
            .iter()
            .enumerate()
            .map(|(index, loser)| {
                let number = several.then(|| format!(" ({})", index + 1));
                let value = loser.value.clone();
                let restore = move |_| editor.write(key.get_value(), value.clone());
                let suffix = number.clone().unwrap_or_default();
                let restore_label =
                    Signal::derive(move || format!("{}: {}{suffix}", t.restore_mine, label.get()));
                view! {
                    <div class="me-conflict__value">
                        <dt>{t.conflict_loser}{number.clone()}</dt>
                        <dd>
                            <VersionText version=loser.clone() key=key.get_value()/>
                            <When when=move || editor.can_edit() && !answered()>
                                <button
                                    type="button"
                                    class="me-button"
                                    aria-label=restore_label
                                    on:click=restore.clone()
                                >
                                    {t.restore_mine}
                                </button>
                            </When>
                        </dd>
                    </div>
                }
            })
            .collect_view();
        let current = conflict.current.clone();
        let keep_value = current.value.clone();
        let keep = move |_| editor.write(key.get_value(), keep_value.clone());
        Some(view! {
            <section
                id=id.clone()
                class="me-conflict"
                tabindex="-1"
                aria-labelledby=heading_id.clone()
            >
                <p id=heading_id.clone() class="me-conflict__heading">
                    <span aria-hidden="true">"⚠ "</span>
                    {fill(t.conflict_heading, &[("field", &label.get())])}
                </p>
                <p>{t.conflict_body}</p>
                <dl class="me-conflict__values">
                    <div class="me-conflict__value">
                        <dt>{t.conflict_current}</dt>
                        <dd>
                            <VersionText version=current key=key.get_value()/>
                            <When when=move || editor.can_edit() && !answered()>
                                <button
                                    type="button"
                                    class="me-button"
                                    aria-label=move || format!("{}: {}", t.keep_current, label.get())
                                    on:click=keep.clone()
                                >
                                    {t.keep_current}
                                </button>
                            </When>
                        </dd>
                    </div>
                    {losers}
                </dl>
                <When when=answered>
                    <p class="me-conflict__answered" role="status">{t.conflict_resolved}</p>
                </When>
            </section>
        })
    }
}

/// A version's value in words, then who wrote it and when.
#[component]
fn VersionText(version: FieldVersion, key: FieldKey) -> impl IntoView {
    let editor = Editor::expect();
    let choices = Choices::expect();
    let lang = editor.lang();
    let t = editor.texts();
    let value = display_value(
        &version.value,
        key.record.kind,
        &key.field,
        lang,
        t,
        choices,
    );
    let (iso, when) = time_label(version.hlc.wall_ms, lang);
    let author = if version.author.is_empty() {
        "—".to_owned()
    } else {
        version.author.to_string()
    };
    view! {
        <span class="me-conflict__text">{value}</span>
        " "
        <span class="me-conflict__by">
            "("
            {fill(t.conflict_by, &[("author", &author), ("time", "")])}
            <time datetime=iso>{when}</time>
            ")"
        </span>
    }
}
