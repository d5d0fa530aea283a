//! 施策を追加: a title (and optionally its basic policy) creates a measure record
//! `{org}-m-{random}` of this plan, then opens it in the measure editor.

use leptos::ev::SubmitEvent;
use leptos::html::{Input, Select};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use tsunagu_core::domain::{validate_field, Measure, RecordKind};
use tsunagu_core::merge::RecordKey;
use tsunagu_core::text::fold_width;

use super::record::PlanRecord;
use crate::state::{Locale, Workspace};
use crate::ui::ids::new_measure_id;
use crate::ui::ime::guard_composing_enter;

#[component]
pub fn AddMeasure(plan: Memo<Option<PlanRecord>>) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let navigate = use_navigate();
    let t = move || locale.texts();
    let title_input = NodeRef::<Input>::new();
    let policy_select = NodeRef::<Select>::new();
    let problem = RwSignal::new(None::<&'static str>);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(record) = plan.get_untracked() else {
            return;
        };
        let title = title_input
            .get()
            .map(|i| fold_width(&i.value()).trim().to_owned())
            .unwrap_or_default();
        if title.is_empty() {
            problem.set(Some(t().measure_title_required));
            return;
        }
        if validate_field(RecordKind::Measure, "title", &title.clone().into()).is_err() {
            problem.set(Some(t().measure_title_too_long));
            return;
        }
        problem.set(None);
        let policy_id = policy_select
            .get()
            .map(|s| s.value())
            .filter(|id| !id.is_empty());
        let measure = Measure {
            policy_id,
            ..Measure::new(record.key.id.clone(), title)
        };
        let id = new_measure_id(&record.org);
        let key = RecordKey::new(RecordKind::Measure, id.clone());
        workspace.write_fields(&record.org, &key, measure.to_fields());
        navigate(&format!("/measures/{id}"), Default::default());
    };

    let policy_options = move || {
        plan.with(|p| {
            p.as_ref()
                .map(|p| p.plan.policies.clone())
                .unwrap_or_default()
                .into_iter()
                .map(|policy| view! { <option value=policy.id>{policy.title}</option> })
                .collect_view()
        })
    };

    view! {
        <form
            class="card form add-measure"
            on:submit=submit
            on:keydown=guard_composing_enter
            aria-labelledby="add-measure-heading"
            novalidate
        >
            <h3 id="add-measure-heading">{locale.word(|l| l.texts().measure_add_heading)}</h3>
            <div class="form__row form__row--end">
                <div class="form__field form__field--wide">
                    <label for="new-measure-title">{locale.word(|l| l.texts().measure_new_title)}</label>
                    <input
                        id="new-measure-title"
                        type="text"
                        maxlength="200"
                        node_ref=title_input
                        aria-invalid=move || problem.with(Option::is_some).to_string()
                        aria-describedby="new-measure-problem"
                    />
                </div>
                <div class="form__field">
                    <label for="new-measure-policy">{locale.word(|l| l.texts().measure_new_policy)}</label>
                    <select id="new-measure-policy" node_ref=policy_select>
                        <option value="">{locale.word(|l| l.texts().group_none)}</option>
                        {policy_options}
                    </select>
                </div>
                <button type="submit" class="button--primary">
                    <span aria-hidden="true">"＋ "</span>
                    {locale.word(|l| l.texts().measure_add)}
                </button>
            </div>
            <p id="new-measure-problem" class="form__problem" role="alert">
                {move || problem.get().unwrap_or_default()}
            </p>
        </form>
    }
}
