//! Population classes, as MIC documents group municipalities when comparing them
//! (a town of 8,000 learns most from other towns under 10,000).

use serde::{Deserialize, Serialize};

/// The five population bands used across MIC casebooks and surveys. Lower bounds are inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PopulationClass {
    /// under 10,000
    #[serde(rename = "under_10k")]
    Under10k,
    /// 10,000 to 49,999
    #[serde(rename = "10k_to_50k")]
    From10kTo50k,
    /// 50,000 to 99,999
    #[serde(rename = "50k_to_100k")]
    From50kTo100k,
    /// 100,000 to 299,999
    #[serde(rename = "100k_to_300k")]
    From100kTo300k,
    /// 300,000 and over
    #[serde(rename = "300k_and_over")]
    From300k,
}

impl PopulationClass {
    pub const ALL: [PopulationClass; 5] = [
        PopulationClass::Under10k,
        PopulationClass::From10kTo50k,
        PopulationClass::From50kTo100k,
        PopulationClass::From100kTo300k,
        PopulationClass::From300k,
    ];

    pub fn from_population(population: u32) -> PopulationClass {
        match population {
            0..10_000 => PopulationClass::Under10k,
            10_000..50_000 => PopulationClass::From10kTo50k,
            50_000..100_000 => PopulationClass::From50kTo100k,
            100_000..300_000 => PopulationClass::From100kTo300k,
            _ => PopulationClass::From300k,
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            PopulationClass::Under10k => "1万人未満",
            PopulationClass::From10kTo50k => "1万人以上5万人未満",
            PopulationClass::From50kTo100k => "5万人以上10万人未満",
            PopulationClass::From100kTo300k => "10万人以上30万人未満",
            PopulationClass::From300k => "30万人以上",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            PopulationClass::Under10k => "Under 10,000",
            PopulationClass::From10kTo50k => "10,000 to 49,999",
            PopulationClass::From50kTo100k => "50,000 to 99,999",
            PopulationClass::From100kTo300k => "100,000 to 299,999",
            PopulationClass::From300k => "300,000 and over",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_at_every_boundary() {
        use PopulationClass::*;
        let cases = [
            (0, Under10k),
            (9_999, Under10k),
            (10_000, From10kTo50k),
            (49_999, From10kTo50k),
            (50_000, From50kTo100k),
            (99_999, From50kTo100k),
            (100_000, From100kTo300k),
            (299_999, From100kTo300k),
            (300_000, From300k),
            (u32::MAX, From300k),
        ];
        for (population, class) in cases {
            assert_eq!(
                PopulationClass::from_population(population),
                class,
                "{population}"
            );
        }
    }

    #[test]
    fn has_labels_in_both_languages() {
        for class in PopulationClass::ALL {
            assert!(!class.label_ja().is_empty());
            assert!(!class.label_en().is_empty());
        }
        assert_eq!(PopulationClass::Under10k.label_ja(), "1万人未満");
        assert_eq!(PopulationClass::From300k.label_en(), "300,000 and over");
    }

    #[test]
    fn serializes_as_stable_ids() {
        let json = serde_json::to_string(&PopulationClass::ALL).unwrap();
        assert_eq!(
            json,
            r#"["under_10k","10k_to_50k","50k_to_100k","100k_to_300k","300k_and_over"]"#
        );
        let back: Vec<PopulationClass> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, PopulationClass::ALL);
    }
}
