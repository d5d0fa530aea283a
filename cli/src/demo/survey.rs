//! The prefecture's survey (Iwate's questions of 2021, sent again) and the towns' answers:
//! about two thirds submitted, two drafts, the rest not yet answered. Single-choice answers are
//! handed out by quota so the results roughly match the percentages Iwate published (DX
//! department: set up 39% / planned 24% / will not 36%), the more advanced towns taking the
//! more advanced answers.

use super::profile::level;
use crate::api::ApiError;
use crate::push::{invalid, other, Write};
use crate::rng::Rng;
use chrono::{NaiveDate, TimeDelta};
use serde_json::{json, Value};
use tsunagu_core::domain::survey::{response_id, validate_response};
use tsunagu_core::domain::{RecordKind, Survey, SurveyResponse};
use tsunagu_core::org::{OrgCode, Organisation};

pub const SURVEY_ID: &str = "survey-iwate-2021";
/// Days from today to the survey's deadline.
pub const DAYS_OPEN: i64 = 30;
pub const DRAFTS: usize = 2;

/// Choice weights (percent) of each single-choice question, from the most advanced answer to
/// the least. Where Iwate's briefing shows no chart (ステップ1, ぴったりサービス choices 1 and 2)
/// the weights are plausible guesses.
const SINGLE: [(&str, &[(&str, u32)]); 5] = [
    (
        "step1_policy",
        &[
            ("shared_widely", 6),
            ("being_shared", 9),
            ("drafting", 21),
            ("planned", 24),
            ("not_planned", 36),
            ("other", 4),
        ],
    ),
    (
        "step2_department",
        &[("established", 39), ("planned", 24), ("not_planned", 36)],
    ),
    (
        "step2_external",
        &[
            ("using", 21),
            ("considering", 18),
            ("will_consider", 39),
            ("leaning_against", 15),
            ("other", 6),
        ],
    ),
    (
        "step3_std_baseline",
        &[
            ("done", 6),
            ("surveyed_vendor", 6),
            ("surveying_vendor", 18),
            ("in_talks_vendor", 21),
            ("surveying_staff", 6),
            ("planning", 15),
            ("not_planned", 27),
        ],
    ),
    (
        "step3_pittari",
        &[
            ("all_online", 10),
            ("some_online", 60),
            ("from_fy2022", 18),
            ("none", 12),
        ],
    ),
];

/// ステップ0 (several answers): how likely each is for an average town.
const MOMENTUM: [(&str, f64); 5] = [
    ("leadership", 0.35),
    ("policy_plan", 0.3),
    ("staff_training", 0.4),
    ("department_hearings", 0.25),
    ("dialogue", 0.12),
];

const OTHER_DETAILS: [&str; 3] = [
    "庁内有志によるDX勉強会を開催している",
    "近隣町村と共同で検討会を設置予定",
    "県の市町村DX支援事業に参加している",
];

/// Iwate's 2021 questions, published, closing `DAYS_OPEN` days after `today`.
pub fn survey(today: NaiveDate) -> Survey {
    Survey {
        published: true,
        ..Survey::iwate_2021(SURVEY_ID, today + TimeDelta::days(DAYS_OPEN))
    }
}

/// The responses of `municipalities` (in any order): submitted ones, then drafts.
pub fn responses(
    survey: &Survey,
    municipalities: &[Organisation],
) -> Vec<(OrgCode, SurveyResponse)> {
    let mut order: Vec<(u64, &Organisation)> = municipalities
        .iter()
        .map(|org| {
            (
                Rng::seeded(org.code.as_str(), "survey-order").next_u64(),
                org,
            )
        })
        .collect();
    order.sort_by_key(|(key, org)| (*key, org.code.as_str()));
    let submitting = (municipalities.len() * 2).div_ceil(3);
    let respondents: Vec<&Organisation> = order.iter().map(|(_, org)| *org).collect();
    let (submitted, rest) = respondents.split_at(submitting.min(respondents.len()));
    let drafts = &rest[..DRAFTS.min(rest.len())];

    let mut responses: Vec<(OrgCode, SurveyResponse)> = submitted
        .iter()
        .map(|org| {
            let response = SurveyResponse {
                submitted: true,
                ..SurveyResponse::new(survey.id.clone())
            };
            (org.code.clone(), response)
        })
        .collect();
    for (question, weights) in SINGLE {
        let choices = by_quota(question, weights, submitted);
        for ((_, response), choice) in responses.iter_mut().zip(choices) {
            response
                .answers
                .insert(question.into(), Value::from(choice));
        }
    }
    for ((org, response), town) in responses.iter_mut().zip(submitted) {
        let mut rng = Rng::seeded(org.as_str(), "survey-answers");
        let level = level(&town.code, town.population);
        response
            .answers
            .insert("step0_momentum".into(), momentum(&mut rng, level));
        let count = match response
            .answers
            .get("step3_pittari")
            .and_then(Value::as_str)
        {
            Some("all_online") => 26,
            Some("some_online") => 2 + rng.below(20),
            _ => 0,
        };
        response
            .answers
            .insert("pittari_count".into(), json!(count));
        let chose_other = response.answers.values().any(|answer| {
            answer == "other"
                || answer
                    .as_array()
                    .is_some_and(|a| a.contains(&json!("other")))
        });
        if chose_other {
            let details = *rng.pick(&OTHER_DETAILS);
            response
                .answers
                .insert("other_details".into(), json!(details));
        }
    }
    for town in drafts {
        // Started, not finished: the first questions only.
        let mut rng = Rng::seeded(town.code.as_str(), "survey-draft");
        let mut response = SurveyResponse::new(survey.id.clone());
        let level = level(&town.code, town.population);
        response
            .answers
            .insert("step0_momentum".into(), momentum(&mut rng, level));
        let (question, weights) = SINGLE[0];
        let weight_list: Vec<u32> = weights.iter().map(|(_, weight)| *weight).collect();
        let choice = weights[rng.weighted(&weight_list)].0;
        response.answers.insert(question.into(), json!(choice));
        responses.push((town.code.clone(), response));
    }
    responses
}

/// Hands out the choices of one question to `towns` in proportion to `weights`: the most
/// advanced towns (with a little noise) take the first choices.
fn by_quota(
    question: &str,
    weights: &[(&'static str, u32)],
    towns: &[&Organisation],
) -> Vec<&'static str> {
    let mut ranked: Vec<(f64, usize)> = towns
        .iter()
        .enumerate()
        .map(|(index, town)| {
            let noise = Rng::seeded(town.code.as_str(), question).unit();
            (level(&town.code, town.population) + 0.3 * noise, index)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let total: u32 = weights.iter().map(|(_, weight)| weight).sum();
    let mut choices = vec![""; towns.len()];
    for (rank, (_, index)) in ranked.iter().enumerate() {
        // The middle of this town's slot on the cumulative scale of weights.
        let position = (rank as f64 + 0.5) / towns.len() as f64 * f64::from(total);
        let mut cumulative = 0.0;
        let mut chosen = weights.last().map_or("", |(id, _)| *id);
        for (id, weight) in weights {
            cumulative += f64::from(*weight);
            if position < cumulative {
                chosen = id;
                break;
            }
        }
        choices[*index] = chosen;
    }
    choices
}

fn momentum(rng: &mut Rng, level: f64) -> Value {
    let mut chosen: Vec<&str> = MOMENTUM
        .iter()
        .filter(|(_, base)| rng.chance((base * (0.4 + 1.2 * level)).min(0.95)))
        .map(|(id, _)| *id)
        .collect();
    if rng.chance(0.05) {
        chosen.push("other");
    }
    if chosen.is_empty() {
        chosen.push("none");
    }
    json!(chosen)
}

/// The survey as the prefecture's write.
pub fn survey_write(prefecture: &OrgCode, survey: &Survey) -> Result<Write, ApiError> {
    survey
        .validate()
        .map_err(|errors| invalid(&format!("survey {}", survey.id), &errors))?;
    Ok((
        prefecture.clone(),
        RecordKind::Survey,
        survey.id.clone(),
        survey.to_fields(),
    ))
}

/// One town's response as its write, checked against the survey.
pub fn response_write(
    survey: &Survey,
    org: &OrgCode,
    response: &SurveyResponse,
) -> Result<Write, ApiError> {
    let id = response_id(&survey.id, org).map_err(other)?;
    response
        .validate()
        .map_err(|errors| invalid(&format!("survey response {id}"), &errors))?;
    let errors = validate_response(survey, response);
    if !errors.is_empty() {
        return Err(invalid(&format!("survey response {id}"), &errors));
    }
    Ok((
        org.clone(),
        RecordKind::SurveyResponse,
        id,
        response.to_fields(),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{iwate_municipalities, today};
    use super::*;

    fn share(responses: &[(OrgCode, SurveyResponse)], question: &str, choice: &str) -> f64 {
        let submitted: Vec<_> = responses.iter().filter(|(_, r)| r.submitted).collect();
        let hits = submitted
            .iter()
            .filter(|(_, r)| r.answers.get(question) == Some(&json!(choice)))
            .count();
        hits as f64 / submitted.len() as f64
    }

    #[test]
    fn two_thirds_submit_two_drafts_and_all_validate() {
        let towns = iwate_municipalities();
        let survey = survey(today());
        assert!(survey.published);
        assert_eq!(survey.deadline, today() + TimeDelta::days(30));
        survey_write(&OrgCode::parse("030007").expect("valid"), &survey).expect("valid survey");
        let responses = responses(&survey, &towns);
        assert_eq!(
            responses,
            super::responses(&survey, &towns),
            "deterministic"
        );
        let submitted = responses.iter().filter(|(_, r)| r.submitted).count();
        assert_eq!(submitted, 22, "two thirds of 33");
        assert_eq!(responses.len(), 24);
        for (org, response) in &responses {
            let write = response_write(&survey, org, response).expect("valid response");
            crate::push::check_writes(&[write]).expect("passes the schema");
        }
    }

    #[test]
    fn answers_roughly_follow_iwate_2021() {
        let responses = responses(&survey(today()), &iwate_municipalities());
        let department = [
            ("established", 0.39),
            ("planned", 0.24),
            ("not_planned", 0.36),
        ];
        for (choice, expected) in department {
            let got = share(&responses, "step2_department", choice);
            assert!((got - expected).abs() < 0.06, "{choice}: {got}");
        }
        assert!((share(&responses, "step3_std_baseline", "not_planned") - 0.27).abs() < 0.08);
    }
}
