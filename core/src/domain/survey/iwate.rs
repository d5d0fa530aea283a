//! The ready-made survey: Iwate's survey of its municipalities of September 2021
//! (`core/data/survey-iwate-2021.json`), which a prefecture can send again as it is.

use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Deserialize;

use super::model::Survey;
use super::question::Question;

const IWATE_2021_JSON: &str = include_str!("../../../data/survey-iwate-2021.json");

/// The file also has `source` and `notes`, for people; they are not part of the survey.
#[derive(Deserialize)]
struct SurveyFile {
    title: String,
    description: String,
    questions: Vec<Question>,
}

static IWATE_2021: LazyLock<SurveyFile> = LazyLock::new(|| {
    serde_json::from_str(IWATE_2021_JSON)
        .expect("core/data/survey-iwate-2021.json is valid (tested)")
});

impl Survey {
    /// Iwate's 2021 questions as a draft to every municipality, closing on `deadline`.
    pub fn iwate_2021(id: impl Into<String>, deadline: NaiveDate) -> Survey {
        let file = &*IWATE_2021;
        Survey {
            description: file.description.clone(),
            questions: file.questions.clone(),
            ..Survey::new(id, file.title.clone(), deadline)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::survey::QuestionKind;

    fn iwate() -> Survey {
        Survey::iwate_2021(
            "iwate-2021",
            NaiveDate::from_ymd_opt(2021, 9, 30).expect("valid date"),
        )
    }

    #[test]
    fn the_data_parses_and_validates() {
        let survey = iwate();
        assert_eq!(survey.validate(), Ok(()));
        assert!(!survey.published, "starts as a draft");
        assert!(survey.targets.is_empty(), "asks every municipality");
        let fields = survey.to_fields();
        assert_eq!(Survey::from_fields("iwate-2021", &fields), Ok(survey));
    }

    #[test]
    fn reproduces_the_questions_of_the_seed() {
        let survey = iwate();
        let ids: Vec<&str> = survey.questions.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "step0_momentum",
                "step1_policy",
                "step2_department",
                "step2_external",
                "step3_std_baseline",
                "step3_pittari",
                "pittari_count",
                "other_details"
            ]
        );
        let step0 = &survey.questions[0];
        assert_eq!(step0.kind, QuestionKind::Multiple);
        assert_eq!(
            step0.text,
            "【ステップ０】DXの認識共有・機運醸成の取組として実施しているもの"
        );
        assert_eq!(step0.choices.len(), 7);
        // "Nothing yet" is answered alone, the other steps in any combination.
        let exclusive: Vec<&str> = step0
            .choices
            .iter()
            .filter(|c| c.exclusive)
            .map(|c| c.label.as_str())
            .collect();
        assert_eq!(exclusive, ["特に実施していない"]);
        assert_eq!(
            step0.choices[0].label,
            "首長・幹部職員のリーダーシップが発揮されている"
        );
        let labels = |index: usize| -> Vec<&str> {
            survey.questions[index]
                .choices
                .iter()
                .map(|c| c.label.as_str())
                .collect()
        };
        assert_eq!(labels(2), ["設置済み", "設置予定", "設置しない"]);
        assert_eq!(labels(4).len(), 7);
        assert_eq!(labels(4)[1], "調査済(現行ベンダ)");
        assert_eq!(survey.questions[6].unit.as_deref(), Some("手続"));
    }
}
