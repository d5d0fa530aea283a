//! The measure's ties to the casebook (横展開): the case it was adopted from, and, for a town's
//! own measure, proposing it to the prefecture as a case (a draft made from it and its KPIs).

use leptos::prelude::*;
use leptos_router::components::A;
use tsunagu_core::client::RecordView;

use super::context::Editor;
use crate::i18n::Lang;

#[component]
pub fn CasebookLinks(record: Memo<Option<RecordView>>) -> impl IntoView {
    let editor = Editor::expect();
    let source = editor.value(record, "source_case");
    let locale = editor.locale;
    let links = move || {
        let lang = locale.get();
        let mut links = Vec::new();
        if let Some(case) = source.with(|v| v.as_str().map(str::to_owned)) {
            let text = match lang {
                Lang::Ja => "取り込んだ元の事例を見る",
                Lang::En => "The case this measure was adopted from",
            };
            links.push((format!("/casebook?case={case}"), text));
        }
        if editor.can_edit() && !editor.org().is_prefecture() {
            let text = match lang {
                Lang::Ja => "この施策を事例として県に提案する",
                Lang::En => "Propose this measure to the prefecture as a case",
            };
            links.push((format!("/casebook?propose={}", editor.measure_id()), text));
        }
        links
            .into_iter()
            .map(|(href, text)| view! { <li><A href=href>{text}</A></li> })
            .collect::<Vec<_>>()
    };
    view! { <ul class="plain-list me-casebook no-print">{links}</ul> }
}
