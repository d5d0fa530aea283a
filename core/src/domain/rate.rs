//! A share of a whole (response rates, completion rates, choice percentages), kept as its two
//! counts so that nothing is lost before display.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rate {
    pub numerator: u32,
    pub denominator: u32,
}

impl Rate {
    pub fn new(numerator: u32, denominator: u32) -> Rate {
        Rate {
            numerator,
            denominator,
        }
    }

    /// `None` when the whole is empty: 0 of 0 is no rate, not 0 %.
    pub fn fraction(self) -> Option<f64> {
        (self.denominator > 0).then(|| f64::from(self.numerator) / f64::from(self.denominator))
    }

    /// The percentage rounded to one decimal (half away from zero), as reports print it.
    pub fn percent(self) -> Option<f64> {
        self.fraction()
            .map(|fraction| (fraction * 1000.0).round() / 10.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_and_rounded_percent() {
        assert_eq!(Rate::new(1, 3).percent(), Some(33.3));
        assert_eq!(Rate::new(2, 3).percent(), Some(66.7));
        assert_eq!(Rate::new(13, 33).percent(), Some(39.4));
        assert_eq!(Rate::new(1, 4).fraction(), Some(0.25));
        assert_eq!(Rate::new(3, 3).percent(), Some(100.0));
    }

    #[test]
    fn an_empty_whole_has_no_rate() {
        assert_eq!(Rate::new(0, 0).fraction(), None);
        assert_eq!(Rate::new(0, 0).percent(), None);
        assert_eq!(Rate::new(0, 5).percent(), Some(0.0));
    }
}
