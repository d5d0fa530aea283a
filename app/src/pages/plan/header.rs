//! The plan's header: title, period (令和4年度〜令和7年度 (FY2022–FY2025)), vision, its sync
//! marks, and the form to change them.

use leptos::html::Button;
use leptos::prelude::*;

use super::plan_form::PlanForm;
use super::record::PlanRecord;
use crate::components::read_only::ReadOnlyNotice;
use crate::components::when::When;
use crate::state::Locale;
use crate::ui::dates::period_label;

#[component]
pub fn PlanHeader(plan: Memo<Option<PlanRecord>>, editable: Memo<bool>) -> impl IntoView {
    let locale = Locale::expect();
    let t = move || locale.texts();
    let editing = RwSignal::new(false);
    let edit_button = NodeRef::<Button>::new();
    let read =
        move |f: fn(&PlanRecord) -> String| plan.with(|p| p.as_ref().map(f).unwrap_or_default());
    let flag = move |f: fn(&PlanRecord) -> bool| plan.with(|p| p.as_ref().is_some_and(f));
    let period = move || {
        plan.with(|p| {
            p.as_ref()
                .map(|p| period_label(locale.get(), p.plan.start_fy, p.plan.end_fy))
                .unwrap_or_default()
        })
    };
    let close = Callback::new(move |()| {
        editing.set(false);
        if let Some(button) = edit_button.get_untracked() {
            // Back to where the user was; failing to focus only loses the position.
            let _ = button.focus();
        }
    });

    view! {
        <div class="plan-header">
            <h1>{move || read(|p| p.plan.title.clone())}</h1>
            <p class="plan-header__period">
                <span class="visually-hidden">{locale.word(|l| l.texts().plan_period)}</span>
                {period}
            </p>
            <p class="marks">
                <When when=move || flag(|p| p.pending)>
                    <span class="mark mark--pending">{locale.word(|l| l.texts().mark_pending)}
                    </span>
                </When>
                <When when=move || flag(|p| p.conflicted)>
                    <a class="mark mark--conflict" href="/conflicts">{locale.word(|l| l.texts().mark_conflict)}
                    </a>
                </When>
            </p>
            <When when=move || flag(|p| p.unreadable)>
                <p class="notice notice--error" role="alert">{locale.word(|l| l.texts().record_unreadable)}</p>
            </When>
            <When when=move || !editable.get()>
                <ReadOnlyNotice/>
            </When>
            <section class="plan-vision" aria-labelledby="plan-vision-heading">
                <h2 id="plan-vision-heading">{locale.word(|l| l.texts().plan_vision)}</h2>
                <p class="pre-wrap">
                    {move || {
                        let vision = read(|p| p.plan.vision.clone());
                        if vision.is_empty() { t().plan_vision_empty.to_owned() } else { vision }
                    }}
                </p>
            </section>
            <When when=move || editable.get()>
                <button
                    type="button"
                    node_ref=edit_button
                    aria-expanded=move || editing.get().to_string()
                    aria-controls="plan-edit"
                    on:click=move |_| editing.update(|e| *e = !*e)
                >
                    <span aria-hidden="true">"✎ "</span>
                    {locale.word(|l| l.texts().plan_edit)}
                </button>
            </When>
            <div id="plan-edit">
                <When when=move || editing.get()>
                    <PlanForm existing=plan.get_untracked() on_done=close/>
                </When>
            </div>
        </div>
    }
}
