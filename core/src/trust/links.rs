//! Links between an organisation's records: a measure names its plan (`plan_id`), a KPI its
//! measure (`measure_id`). A link holds only between records of the same owner, so a town
//! cannot add measures to another town's plan or KPIs to its measures.

use serde_json::Value;

use crate::client::RecordView;
use crate::domain::RecordKind;
use crate::org::OrgCode;

/// Whether `measure` belongs to the plan `plan_id` owned by `plan_owner`.
pub fn is_measure_of(measure: &RecordView, plan_id: &str, plan_owner: &OrgCode) -> bool {
    measure.key.kind == RecordKind::Measure && links(measure, "plan_id", plan_id, plan_owner)
}

/// Whether `kpi` belongs to the measure `measure_id` owned by `measure_owner`.
pub fn is_kpi_of(kpi: &RecordView, measure_id: &str, measure_owner: &OrgCode) -> bool {
    kpi.key.kind == RecordKind::Kpi && links(kpi, "measure_id", measure_id, measure_owner)
}

fn links(child: &RecordView, field: &str, parent_id: &str, parent_owner: &OrgCode) -> bool {
    &child.org == parent_owner && child.values.get(field).and_then(Value::as_str) == Some(parent_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Kpi, Measure};
    use crate::trust::test_records::{code, record, MORIOKA, TONO};

    fn measure(owner: &str, plan_id: &str) -> RecordView {
        let fields = Measure::new(plan_id, "施策").to_fields();
        record(RecordKind::Measure, "m1", owner, fields)
    }

    fn kpi(owner: &str, measure_id: &str) -> RecordView {
        let fields = Kpi::new(measure_id, "件数").to_fields();
        record(RecordKind::Kpi, "k1", owner, fields)
    }

    #[test]
    fn a_measure_belongs_to_a_plan_of_its_own_owner() {
        let tono = code(TONO);
        assert!(is_measure_of(&measure(TONO, "plan-1"), "plan-1", &tono));
        assert!(!is_measure_of(&measure(TONO, "plan-2"), "plan-1", &tono));
        assert!(
            !is_measure_of(&measure(MORIOKA, "plan-1"), "plan-1", &tono),
            "another town's measure naming Tono's plan"
        );
        assert!(!is_measure_of(&kpi(TONO, "plan-1"), "plan-1", &tono));
    }

    #[test]
    fn a_kpi_belongs_to_a_measure_of_its_own_owner() {
        let tono = code(TONO);
        assert!(is_kpi_of(&kpi(TONO, "m1"), "m1", &tono));
        assert!(!is_kpi_of(&kpi(TONO, "m2"), "m1", &tono));
        assert!(
            !is_kpi_of(&kpi(MORIOKA, "m1"), "m1", &tono),
            "another town's KPI naming Tono's measure"
        );
        assert!(!is_kpi_of(&measure(TONO, "m1"), "m1", &tono));
    }
}
