//! How far along each demo municipality is, so its plan, survey answers and standardisation
//! progress tell one coherent story: a few towns far ahead, a few far behind, the rest between,
//! larger towns a little further on.

use crate::rng::Rng;
use tsunagu_core::org::OrgCode;

/// A town counts as far ahead from this level, far behind below [`FAR_BEHIND`].
pub const FAR_AHEAD: f64 = 0.8;
pub const FAR_BEHIND: f64 = 0.2;

/// 0 (far behind) to 1 (far ahead), fixed by the code and the population.
pub fn level(org: &OrgCode, population: Option<u32>) -> f64 {
    let mut rng = Rng::seeded(org.as_str(), "level");
    let tier = rng.unit();
    let spread = rng.unit();
    if tier < 0.15 {
        0.82 + 0.14 * spread
    } else if tier < 0.30 {
        0.03 + 0.12 * spread
    } else {
        0.25 + 0.4 * spread + 0.12 * size(population)
    }
}

/// Population on a log scale: 2,500 people is 0, 300,000 is 1 (an unknown one counts as 10,000).
pub fn size(population: Option<u32>) -> f64 {
    let people = f64::from(population.unwrap_or(10_000).max(1));
    let (small, large) = (2_500f64.ln(), 300_000f64.ln());
    ((people.ln() - small) / (large - small)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_fixed_and_in_range() {
        let morioka = OrgCode::parse("032018").expect("valid code");
        assert_eq!(
            level(&morioka, Some(289_700)),
            level(&morioka, Some(289_700))
        );
        for population in [None, Some(1), Some(2_500), Some(3_000_000)] {
            let value = level(&morioka, population);
            assert!((0.0..=1.0).contains(&value));
        }
        assert!(size(Some(300_000)) == 1.0 && size(Some(2_000)) == 0.0);
    }
}
