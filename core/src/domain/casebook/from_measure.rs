//! A town's proposal starts from one of its measures: the draft is pre-filled from the
//! measure and its KPIs, and the town completes the rest.

use super::Case;
use crate::domain::{Kpi, Measure};
use crate::org::Organisation;

/// A draft case from `measure` (id `measure_id`) of `org`, with `kpis` written into the
/// effects as baseline → latest actual (target).
pub fn draft_from_measure(
    measure_id: &str,
    measure: &Measure,
    kpis: &[Kpi],
    org: &Organisation,
) -> Case {
    let mut schedule: Vec<String> = measure
        .schedule
        .iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(year, text)| format!("{year}年度: {text}"))
        .collect();
    if let (Some(start), Some(end)) = (measure.start_fy, measure.end_fy) {
        schedule.insert(0, format!("{}〜{}", start.label_ja(), end.label_ja()));
    }
    let effects: Vec<String> = kpis.iter().map(kpi_line).collect();
    Case {
        organisation: org.name.clone(),
        population_class: org.population_class(),
        area: measure.area.clone(),
        overview: measure.notes.clone(),
        effects: effects.join("\n"),
        schedule_steps: schedule.join("\n"),
        contact_department: measure.department.clone(),
        source_measure: Some(measure_id.to_owned()),
        ..Case::new(measure.title.clone())
    }
}

/// `オンライン申請件数: 120件 → 480件（目標 500件）`.
fn kpi_line(kpi: &Kpi) -> String {
    let amount = |value: f64| format!("{}{}", trim_number(value), kpi.unit);
    let mut line = format!("{}: ", kpi.name);
    if let Some(baseline) = kpi.baseline {
        line.push_str(&amount(baseline));
    }
    if let Some((_, actual)) = kpi.actuals.iter().next_back() {
        if kpi.baseline.is_some() {
            line.push_str(" → ");
        }
        line.push_str(&amount(*actual));
    }
    if let Some((_, target)) = kpi.targets.iter().next_back() {
        line.push_str(&format!("（目標 {}）", amount(*target)));
    }
    line
}

fn trim_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::FiscalYear;
    use crate::org::{OrgCode, OrgKind, PopulationClass};

    #[test]
    fn a_draft_takes_the_measure_and_its_kpis() {
        let mut measure = Measure::new("032085-plan-1", "書かない窓口の導入");
        measure.notes = "申請書を書かずに手続できる窓口".into();
        measure.department = "市民課".into();
        measure.area = Some("online".into());
        measure.start_fy = Some(FiscalYear(2024));
        measure.end_fy = Some(FiscalYear(2025));
        measure.schedule.insert(2024, "試行".into());
        let mut kpi = Kpi::new("032085-m-1", "窓口の待ち時間");
        kpi.unit = "分".into();
        kpi.baseline = Some(30.0);
        kpi.actuals.insert(2024, 12.0);
        kpi.targets.insert(2025, 10.0);
        let org = Organisation {
            code: OrgCode::parse("032085").unwrap(),
            kind: OrgKind::Municipality,
            name: "遠野市".into(),
            kana: String::new(),
            population: Some(24_000),
        };
        let case = draft_from_measure("032085-m-1", &measure, &[kpi], &org);
        assert_eq!(case.title, "書かない窓口の導入");
        assert_eq!(case.organisation, "遠野市");
        assert_eq!(case.population_class, Some(PopulationClass::From10kTo50k));
        assert_eq!(case.effects, "窓口の待ち時間: 30分 → 12分（目標 10分）");
        assert!(case.schedule_steps.contains("2024年度: 試行"));
        assert_eq!(case.contact_department, "市民課");
        assert_eq!(case.source_measure.as_deref(), Some("032085-m-1"));
        assert_eq!(case.validate(), Ok(()));
    }
}
