//! Which fiscal years get a row in the schedule and KPI tables.

use std::collections::BTreeSet;

/// At most this many rows (the schema's limit for a schedule).
pub const MAX_YEARS: usize = 20;

/// The years of the measure's period (either end missing: the plan's), plus every year that
/// already holds data, in order, at most [`MAX_YEARS`].
pub fn years_to_show(
    measure: (Option<i32>, Option<i32>),
    plan: Option<(i32, i32)>,
    with_data: impl IntoIterator<Item = i32>,
) -> Vec<i32> {
    let start = measure.0.or(plan.map(|p| p.0));
    let end = measure.1.or(plan.map(|p| p.1));
    // Inserted one by one: collecting would add a copy of the sort to the wasm.
    let mut years = BTreeSet::new();
    years.extend(with_data);
    if let (Some(start), Some(end)) = (start, end) {
        let last = end.min(start.saturating_add(MAX_YEARS as i32 - 1));
        years.extend(start..=last);
    }
    years.into_iter().take(MAX_YEARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_measure_period_comes_first_then_the_plan() {
        assert_eq!(
            years_to_show((Some(2023), Some(2025)), Some((2022, 2026)), []),
            [2023, 2024, 2025]
        );
        assert_eq!(
            years_to_show((None, Some(2023)), Some((2022, 2026)), []),
            [2022, 2023]
        );
        assert_eq!(years_to_show((None, None), None, [2030]), [2030]);
        assert_eq!(
            years_to_show((Some(2024), Some(2025)), None, [2022]),
            [2022, 2024, 2025]
        );
    }

    #[wasm_bindgen_test]
    fn a_reversed_or_long_period_stays_bounded() {
        assert!(years_to_show((Some(2026), Some(2024)), None, []).is_empty());
        assert_eq!(
            years_to_show((Some(2000), Some(2100)), None, []).len(),
            MAX_YEARS
        );
    }
}
