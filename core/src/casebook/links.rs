//! The measure page's links to the casebook: the case a measure was adopted from, and for a
//! town's own measure, proposing it as a case. Made here (the markup the page shows as it
//! is) so the page needs no view of its own for them.

use crate::lang::Lang;
use crate::text::escaped;

/// Markup for the measure `measure_id`: a link to `source_case` when it was adopted from a
/// case, and 事例として提案 when `may_propose` (a town's own measure). Empty when neither.
pub fn measure_case_links(
    measure_id: &str,
    source_case: Option<&str>,
    may_propose: bool,
    lang: Lang,
) -> String {
    let mut links = Vec::new();
    if let Some(case) = source_case.filter(|case| !case.is_empty()) {
        links.push(format!(
            "<a href=\"/casebook?case={}\">{}</a>",
            escaped(case),
            lang.pick("取り込んだ事例を見る", "The case it was adopted from")
        ));
    }
    if may_propose {
        links.push(format!(
            "<a href=\"/casebook?propose={}\">{}</a>",
            escaped(measure_id),
            lang.pick("事例として提案", "Propose as a case")
        ));
    }
    if links.is_empty() {
        return String::new();
    }
    format!(
        "<p class=\"actions no-print measure-case-links\">{}</p>",
        links.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_adopted_measure_links_its_case_and_a_town_may_propose_its_own() {
        let both = measure_case_links("032085-m-1", Some("national-04"), true, Lang::Ja);
        assert!(both.contains(r#"href="/casebook?case=national-04""#));
        assert!(both.contains(r#"href="/casebook?propose=032085-m-1">事例として提案"#));
        let neither = measure_case_links("032085-m-1", None, false, Lang::En);
        assert!(neither.is_empty());
        let english = measure_case_links("032085-m-1", Some(""), true, Lang::En);
        assert!(!english.contains("case=") && english.contains("Propose as a case"));
    }
}
