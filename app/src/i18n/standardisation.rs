//! The words of the standardisation tracker (`/standardisation`).

use super::Lang;

#[derive(Debug)]
pub struct StandardisationTexts {
    pub nav: &'static str,
    pub heading: &'static str,
    pub lead_municipality: &'static str,
    pub lead_prefecture: &'static str,
    pub col_system: &'static str,
    pub cell_label: &'static str,
    pub read_only: &'static str,
}

pub fn standardisation_texts(lang: Lang) -> &'static StandardisationTexts {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

static JA: StandardisationTexts = StandardisationTexts {
    nav: "標準化",
    heading: "基幹業務システムの標準化",
    lead_municipality: "20業務それぞれについて、移行の各手順の状況を選んでください。変更はこの端末に保存され、接続時に県へ送られます。",
    lead_prefecture: "市町村が入力した20業務 × 手順の状況です。完了率は「実施しない」「対象外」を除いた手順に対する完了の割合です。",
    col_system: "業務",
    cell_label: "{system}:{step}",
    read_only: "閲覧のみです(この団体の担当者だけが変更できます)。",
};

static EN: StandardisationTexts = StandardisationTexts {
    nav: "Standardisation",
    heading: "Standardisation of core business systems",
    lead_municipality: "For each of the 20 systems, pick the status of every migration step. Changes are saved on this device and sent to the prefecture when connected.",
    lead_prefecture: "The municipalities' 20 systems × steps. Completion is done ÷ steps, leaving out \"will not do\" and \"not applicable\".",
    col_system: "System",
    cell_label: "{system}: {step}",
    read_only: "Read-only (only this organisation's staff can change it).",
};
