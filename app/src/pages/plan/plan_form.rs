//! Creating a plan, or changing its title, period and vision. Fiscal years are typed as staff
//! write them (令和7年度, R7, 2025, full-width too); text is read when the form is sent, after
//! any IME composition has ended.

use leptos::ev::SubmitEvent;
use leptos::html::{Input, Textarea};
use leptos::prelude::*;
use tsunagu_core::calendar::FiscalYear;
use tsunagu_core::domain::plan::POLICY_FIELD_PREFIX;
use tsunagu_core::domain::Plan;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::RecordKey;
use tsunagu_core::text::{fold_width, normalize_multiline};

use super::record::PlanRecord;
use crate::components::when::When;
use crate::i18n::{Lang, Texts};
use crate::state::{Locale, Workspace};
use crate::ui::dates::today;
use crate::ui::ids::new_plan_id;
use crate::ui::ime::guard_composing_enter;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Title,
    Start,
    End,
    Vision,
}

impl Field {
    fn id(self) -> &'static str {
        match self {
            Field::Title => "plan-title",
            Field::Start => "plan-start",
            Field::End => "plan-end",
            Field::Vision => "plan-vision",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    TitleRequired,
    TitleTooLong,
    NotAFiscalYear(Field),
    YearOutOfRange(Field),
    EndBeforeStart,
    VisionTooLong,
}

impl Problem {
    fn field(self) -> Field {
        match self {
            Problem::TitleRequired | Problem::TitleTooLong => Field::Title,
            Problem::NotAFiscalYear(field) | Problem::YearOutOfRange(field) => field,
            Problem::EndBeforeStart => Field::End,
            Problem::VisionTooLong => Field::Vision,
        }
    }

    fn message(self, t: &Texts) -> &'static str {
        match self {
            Problem::TitleRequired => t.plan_form_title_required,
            Problem::TitleTooLong => t.plan_form_title_too_long,
            Problem::NotAFiscalYear(_) => t.plan_form_bad_year,
            Problem::YearOutOfRange(_) => t.plan_form_year_range,
            Problem::EndBeforeStart => t.plan_form_end_before_start,
            Problem::VisionTooLong => t.plan_form_vision_too_long,
        }
    }
}

/// What was typed, read into a plan, or every problem found.
fn read_plan(
    title: &str,
    start: &str,
    end: &str,
    vision: &str,
    base: Option<&Plan>,
) -> Result<Plan, Vec<Problem>> {
    let title = fold_width(title).trim().to_owned();
    let start_fy = FiscalYear::parse(start);
    let end_fy = FiscalYear::parse(end);
    let mut problems = Vec::new();
    if title.is_empty() {
        problems.push(Problem::TitleRequired);
    }
    if start_fy.is_err() {
        problems.push(Problem::NotAFiscalYear(Field::Start));
    }
    if end_fy.is_err() {
        problems.push(Problem::NotAFiscalYear(Field::End));
    }
    let (Ok(start_fy), Ok(end_fy)) = (start_fy, end_fy) else {
        return Err(problems);
    };
    let plan = Plan {
        title,
        start_fy,
        end_fy,
        vision: normalize_multiline(vision),
        policies: base.map(|p| p.policies.clone()).unwrap_or_default(),
    };
    if let Err(errors) = plan.validate() {
        problems.extend(
            errors
                .iter()
                .filter_map(|error| match error.field.as_str() {
                    "title" if plan.title.is_empty() => None,
                    "title" => Some(Problem::TitleTooLong),
                    "start_fy" => Some(Problem::YearOutOfRange(Field::Start)),
                    "end_fy" if error.message.contains("before") => Some(Problem::EndBeforeStart),
                    "end_fy" => Some(Problem::YearOutOfRange(Field::End)),
                    "vision" => Some(Problem::VisionTooLong),
                    _ => None,
                }),
        );
    }
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(problems)
    }
}

fn year_text(lang: Lang, year: FiscalYear) -> String {
    match lang {
        Lang::Ja => year.label_ja(),
        Lang::En => year.label_en(),
    }
}

/// `existing: None` creates a plan; `on_done` runs after saving (to close an edit form).
#[component]
pub fn PlanForm(existing: Option<PlanRecord>, on_done: Callback<()>) -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let t = move || locale.texts();
    let lang = untrack(move || locale.get());
    let title_input = NodeRef::<Input>::new();
    let start_input = NodeRef::<Input>::new();
    let end_input = NodeRef::<Input>::new();
    let vision_input = NodeRef::<Textarea>::new();
    let problems = RwSignal::new(Vec::<Problem>::new());

    let this_year = FiscalYear::of_date(today());
    let (title, start, end, vision) = match &existing {
        Some(record) => (
            record.plan.title.clone(),
            year_text(lang, record.plan.start_fy),
            year_text(lang, record.plan.end_fy),
            record.plan.vision.clone(),
        ),
        None => (
            String::new(),
            year_text(lang, this_year),
            year_text(lang, FiscalYear(this_year.0 + 3)),
            String::new(),
        ),
    };
    let creating = existing.is_none();

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let value = |input: NodeRef<Input>| input.get().map(|i| i.value()).unwrap_or_default();
        let vision = vision_input.get().map(|i| i.value()).unwrap_or_default();
        let base = existing.as_ref().map(|record| &record.plan);
        let plan = match read_plan(
            &value(title_input),
            &value(start_input),
            &value(end_input),
            &vision,
            base,
        ) {
            Ok(plan) => plan,
            Err(found) => {
                problems.set(found);
                return;
            }
        };
        problems.set(Vec::new());
        match &existing {
            Some(record) => {
                // Over the fields as they are now, with the policies as they are now (someone
                // may have edited them since the form opened): only the form's fields change,
                // and a plan still holding the legacy policy array is migrated. Unreadable
                // policies are left as they are, for the policy list to fix.
                let stored = untrack(|| workspace.view(&record.key))
                    .map(|view| view.values)
                    .unwrap_or_default();
                let policies = Plan::policies_from_fields(&stored).ok();
                let readable = policies.is_some();
                let plan = Plan {
                    policies: policies.unwrap_or_default(),
                    ..plan
                };
                let writes = plan.writes_over(&stored).into_iter().filter(|(name, _)| {
                    readable || !(name.starts_with(POLICY_FIELD_PREFIX) || name == "policies")
                });
                workspace.write_fields(&record.org, &record.key, writes);
            }
            None => {
                let Some(org) = workspace.own_org() else {
                    return;
                };
                let key = RecordKey::new(RecordKind::Plan, new_plan_id(&org));
                workspace.write_fields(&org, &key, plan.to_fields());
            }
        }
        on_done.run(());
    };

    let invalid = move |field: Field| {
        problems
            .with(|p| p.iter().any(|problem| problem.field() == field))
            .to_string()
    };
    let problem_list = move || {
        let found = problems.get();
        (!found.is_empty()).then(|| {
            view! {
                <div class="notice notice--error" role="alert">
                    <p>
                        <span aria-hidden="true">"⚠ "</span>
                        {t().form_has_problems}
                    </p>
                    <ul>
                        {found
                            .into_iter()
                            .map(|problem| {
                                view! {
                                    <li>
                                        <a href=format!("#{}", problem.field().id()) rel="external">
                                            {problem.message(t())}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    };

    view! {
        <form
            class="card form"
            on:submit=submit
            on:keydown=guard_composing_enter
            aria-labelledby="plan-form-heading"
            novalidate
        >
            <h2 id="plan-form-heading">
                {move || if creating { t().plan_form_create } else { t().plan_form_edit }}
            </h2>
            {problem_list}
            <div class="form__field">
                <label for=Field::Title.id()>{locale.word(|l| l.texts().plan_title)}</label>
                <input
                    id=Field::Title.id()
                    type="text"
                    node_ref=title_input
                    prop:value=title
                    maxlength="200"
                    aria-invalid=move || invalid(Field::Title)
                />
            </div>
            <div class="form__row">
                <div class="form__field">
                    <label for=Field::Start.id()>{locale.word(|l| l.texts().plan_start)}</label>
                    <input
                        id=Field::Start.id()
                        type="text"
                        node_ref=start_input
                        prop:value=start
                        aria-describedby="plan-year-hint"
                        aria-invalid=move || invalid(Field::Start)
                    />
                </div>
                <div class="form__field">
                    <label for=Field::End.id()>{locale.word(|l| l.texts().plan_end)}</label>
                    <input
                        id=Field::End.id()
                        type="text"
                        node_ref=end_input
                        prop:value=end
                        aria-describedby="plan-year-hint"
                        aria-invalid=move || invalid(Field::End)
                    />
                </div>
            </div>
            <p class="form__hint" id="plan-year-hint">{locale.word(|l| l.texts().plan_year_hint)}</p>
            <div class="form__field">
                <label for=Field::Vision.id()>{locale.word(|l| l.texts().plan_vision)}</label>
                <textarea
                    id=Field::Vision.id()
                    rows="4"
                    node_ref=vision_input
                    prop:value=vision
                    aria-invalid=move || invalid(Field::Vision)
                ></textarea>
            </div>
            <div class="form__actions">
                <button type="submit" class="button--primary">
                    {move || if creating { t().plan_create } else { t().save }}
                </button>
                <When when=move || !creating>
                    <button type="button" on:click=move |_| on_done.run(())>
                        {locale.word(|l| l.texts().cancel)}
                    </button>
                </When>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn years_are_read_as_staff_write_them() {
        let plan = read_plan("ＤＸ計画", "令和４年度", "R7", "", None).expect("valid");
        assert_eq!(plan.title, "DX計画");
        assert_eq!(
            (plan.start_fy, plan.end_fy),
            (FiscalYear(2022), FiscalYear(2025))
        );
    }

    #[wasm_bindgen_test]
    fn every_problem_is_reported() {
        assert_eq!(
            read_plan(" ", "来年", "2025", "", None),
            Err(vec![
                Problem::TitleRequired,
                Problem::NotAFiscalYear(Field::Start)
            ])
        );
        assert_eq!(
            read_plan("計画", "2025", "2024", "", None),
            Err(vec![Problem::EndBeforeStart])
        );
        assert_eq!(
            read_plan("計画", "1999", "2024", "", None),
            Err(vec![Problem::YearOutOfRange(Field::Start)])
        );
    }
}
