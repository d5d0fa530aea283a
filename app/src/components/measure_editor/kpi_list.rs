//! 成果指標（KPI）: the measure's KPIs, and adding one.

use crate::components::keyed::Keyed;
use crate::components::when::When;
use crate::i18n::measure::measure_texts;
use leptos::prelude::*;
use tsunagu_core::client::RecordView;

use super::add_kpi::AddKpi;
use super::context::Editor;
use super::kpi_card::KpiCard;

#[component]
pub fn KpiList(measure: Memo<Option<RecordView>>) -> impl IntoView {
    let editor = Editor::expect();

    view! {
        <section class="me-section" aria-labelledby="me-kpis-heading">
            <h2 id="me-kpis-heading">{editor.locale.word(|l| measure_texts(l).section_kpis)}</h2>
            <When when=move || editor.kpi_ids().is_empty()>
                <p>{editor.locale.word(|l| measure_texts(l).kpi_none)}</p>
            </When>
            <Keyed each=move || editor.kpi_ids() key=|id| id.clone() let:id>
                <KpiCard id=id measure=measure/>
            </Keyed>
            <When when=move || editor.can_edit()>
                <AddKpi/>
            </When>
        </section>
    }
}
