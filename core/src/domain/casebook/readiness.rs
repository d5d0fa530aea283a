//! What a case needs before it is proposed or published: MIC's casebook never prints a case
//! without its point, overview, effects and contact.

use super::Case;
use crate::lang::Lang;

/// The fields a town must fill before submitting, by name.
const TO_PROPOSE: [&str; 6] = [
    "title",
    "category",
    "organisation",
    "point",
    "overview",
    "effects",
];

/// Publishing also needs the population class and the contact's department.
const TO_PUBLISH: [&str; 2] = ["population_class", "contact_department"];

fn is_missing(case: &Case, field: &str) -> bool {
    let blank = |text: &str| text.trim().is_empty();
    match field {
        "title" => blank(&case.title),
        "category" => blank(&case.category),
        "organisation" => blank(&case.organisation),
        "point" => blank(&case.point),
        "overview" => blank(&case.overview),
        "effects" => blank(&case.effects),
        "population_class" => case.population_class.is_none(),
        "contact_department" => blank(&case.contact_department),
        _ => false,
    }
}

/// The fields still empty that submitting needs, in form order.
pub fn missing_to_propose(case: &Case) -> Vec<&'static str> {
    TO_PROPOSE
        .into_iter()
        .filter(|field| is_missing(case, field))
        .collect()
}

/// The fields still empty that publishing needs (those to propose, and more).
pub fn missing_to_publish(case: &Case) -> Vec<&'static str> {
    TO_PROPOSE
        .into_iter()
        .chain(TO_PUBLISH)
        .filter(|field| is_missing(case, field))
        .collect()
}

/// A case field in words, for forms, messages and exports.
pub fn case_field_label(field: &str, lang: Lang) -> &'static str {
    let (ja, en) = match field {
        "title" => ("事例名", "Title"),
        "state" => ("状態", "State"),
        "category" => ("分類", "Category"),
        "organisation" => ("団体名", "Organisation"),
        "population_class" => ("人口規模", "Population class"),
        "area" => ("分野", "Area"),
        "point" => ("ポイント", "Point"),
        "overview" => ("事業の概要", "Overview"),
        "effects" => ("事業効果", "Effects"),
        "cost_initial" => ("初期費用（円）", "Initial cost (yen)"),
        "cost_running" => ("運用費用（円/年）", "Running cost (yen a year)"),
        "cost_breakdown" => ("費用の内訳", "Cost breakdown"),
        "cost_notes" => ("費用の補足", "Cost notes"),
        "lead_time" => ("検討から導入までの期間", "Time from study to launch"),
        "schedule_steps" => ("スケジュール", "Schedule"),
        "vendors" => (
            "ベンダー・サービス・運用形態",
            "Vendors, services, operation",
        ),
        "participants" => ("その他の関係者", "Other participants"),
        "contact_department" => ("担当部署", "Contact department"),
        "contact_phone" => ("電話", "Phone"),
        "contact_mail" => ("メール", "Mail"),
        "interview" => ("担当者インタビュー", "Interview"),
        "source_measure" => ("元の施策", "Source measure"),
        "review_comment" => ("県のコメント", "Prefecture's comment"),
        "round" => ("提出の回数", "Times submitted"),
        "source_case" => ("元の事例", "Source case"),
        "reviewed_round" => ("審査した提出の回", "Submission reviewed"),
        _ => ("", ""),
    };
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::PopulationClass;

    #[test]
    fn proposing_needs_the_core_of_the_case_and_publishing_more() {
        let mut case = Case::new("書かない窓口");
        assert_eq!(
            missing_to_propose(&case),
            ["category", "organisation", "point", "overview", "effects"]
        );
        case.category = "窓口".into();
        case.organisation = "遠野市".into();
        case.point = "p".into();
        case.overview = "o".into();
        case.effects = "  ".into();
        assert_eq!(missing_to_propose(&case), ["effects"]);
        case.effects = "e".into();
        assert!(missing_to_propose(&case).is_empty());
        assert_eq!(
            missing_to_publish(&case),
            ["population_class", "contact_department"]
        );
        case.population_class = Some(PopulationClass::From10kTo50k);
        case.contact_department = "総務課".into();
        assert!(missing_to_publish(&case).is_empty());
        for field in TO_PROPOSE.into_iter().chain(TO_PUBLISH) {
            assert!(!case_field_label(field, Lang::Ja).is_empty());
            assert!(!case_field_label(field, Lang::En).is_empty());
        }
    }
}
