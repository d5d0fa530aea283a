//! 基本情報: title, basic policy, taxonomy area, 【重点】 flag and department.

use crate::i18n::measure::measure_texts;
use leptos::prelude::*;
use tsunagu_core::client::{FieldKey, RecordView};

use super::checkbox_field::CheckboxField;
use super::choices::{AreaChoice, Choices};
use super::context::Editor;
use super::parse;
use super::select_field::{Choice, ChoiceGroup, SelectField};
use super::text_control::TextOptions;
use super::text_field::TextField;
use crate::i18n::Lang;

/// The areas as two groups: the national priority areas (【重点】) first, then the others.
fn area_groups(
    areas: &[AreaChoice],
    lang: Lang,
    priority_label: &str,
    other_label: &str,
) -> Vec<ChoiceGroup> {
    let group = |priority: bool, label: &str| ChoiceGroup {
        label: Some(label.to_owned()),
        choices: areas
            .iter()
            .filter(|area| area.priority == priority)
            .map(|area| Choice {
                value: area.id.clone(),
                label: area.name(lang).to_owned(),
            })
            .collect(),
    };
    vec![group(true, priority_label), group(false, other_label)]
}

#[component]
pub fn FieldsForm(record: Memo<Option<RecordView>>) -> impl IntoView {
    let editor = Editor::expect();
    let choices = Choices::expect();
    let key = move |field: &str| FieldKey {
        record: editor.measure_key(),
        field: field.into(),
    };
    let t = move || editor.texts();
    let policy_groups = Signal::derive(move || {
        let choices = choices
            .policies
            .get()
            .into_iter()
            .map(|policy| Choice {
                value: policy.id,
                label: policy.title,
            })
            .collect();
        vec![ChoiceGroup {
            label: None,
            choices,
        }]
    });
    let area_groups = Signal::derive(move || {
        let t = t();
        choices.areas.with(|areas| {
            area_groups(
                areas,
                editor.lang(),
                t.area_group_priority,
                t.area_group_other,
            )
        })
    });

    view! {
        <fieldset class="me-fieldset">
            <legend>{editor.locale.word(|l| measure_texts(l).section_basics)}</legend>
            <TextField
                record=record
                field=key("title")
                label=Signal::derive(move || t().field_title.to_owned())
                parse=|input| Ok(parse::single_line(input))
                options=TextOptions { required: true, ..TextOptions::default() }
            />
            <SelectField
                record=record
                field=key("policy_id")
                label=Signal::derive(move || t().field_policy.to_owned())
                groups=policy_groups
                none_label=Signal::derive(move || t().none_option.to_owned())
            />
            <SelectField
                record=record
                field=key("area")
                label=Signal::derive(move || t().field_area.to_owned())
                groups=area_groups
                none_label=Signal::derive(move || t().none_option.to_owned())
            />
            <CheckboxField
                record=record
                field=key("priority")
                label=Signal::derive(move || t().field_priority.to_owned())
                hint=Signal::derive(move || t().hint_priority.to_owned())
            />
            <TextField
                record=record
                field=key("department")
                label=Signal::derive(move || t().field_department.to_owned())
                parse=|input| Ok(parse::single_line(input))
            />
        </fieldset>
    }
}
