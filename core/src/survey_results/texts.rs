//! The words of a survey's results (集計結果), written by the tools module.

use crate::lang::Lang;

#[derive(Debug)]
pub struct ResultsTexts {
    pub heading: &'static str,
    pub preview: &'static str,
    pub not_synced: &'static str,
    pub response_rate: &'static str,
    pub response_rate_value: fn(usize, usize, &str) -> String,
    pub non_responders: &'static str,
    pub non_responders_none: &'static str,
    pub question_n: &'static str,
    pub answered_of: fn(u32) -> String,
    pub col_choice: &'static str,
    pub col_count: &'static str,
    pub col_share: &'static str,
    pub number_count: &'static str,
    pub number_sum: &'static str,
    pub number_mean: &'static str,
    pub number_min: &'static str,
    pub number_max: &'static str,
    pub text_answers_none: &'static str,
    pub chart_label: &'static str,
    pub export_csv: &'static str,
    pub export_xlsx: &'static str,
    pub print: &'static str,
    /// `{detail}`: why the results or a file could not be made.
    pub failed: &'static str,
}

pub fn results_texts(lang: Lang) -> &'static ResultsTexts {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

static JA: ResultsTexts = ResultsTexts {
    heading: "集計結果",
    preview: "下書きのため、これはプレビューです。",
    not_synced: "この調査はまだ同期されていません。同期すると集計結果が表示されます。",
    response_rate: "回答率",
    response_rate_value: |answered, targeted, percent| {
        format!("{answered} / {targeted} 団体({percent})")
    },
    non_responders: "未回答の団体",
    non_responders_none: "すべての団体が回答しました。",
    question_n: "問{n}",
    answered_of: |n| format!("回答 {n} 団体"),
    col_choice: "選択肢",
    col_count: "団体数",
    col_share: "割合",
    number_count: "回答数",
    number_sum: "合計",
    number_mean: "平均",
    number_min: "最小",
    number_max: "最大",
    text_answers_none: "回答はありません。",
    chart_label: "{question} の回答の分布",
    export_csv: "CSVで保存",
    export_xlsx: "Excel(XLSX)で保存",
    print: "印刷",
    failed: "集計結果を表示できませんでした（{detail}）。",
};

static EN: ResultsTexts = ResultsTexts {
    heading: "Results",
    preview: "A draft: this is a preview.",
    not_synced: "This survey has not been synced yet. Its results show after a sync.",
    response_rate: "Response rate",
    response_rate_value: |answered, targeted, percent| match targeted {
        1 => format!("{answered} of 1 municipality ({percent})"),
        targeted => format!("{answered} of {targeted} municipalities ({percent})"),
    },
    non_responders: "Not answered yet",
    non_responders_none: "Every municipality has answered.",
    question_n: "Q{n}",
    answered_of: |n| match n {
        1 => "1 municipality answered".to_owned(),
        n => format!("{n} municipalities answered"),
    },
    col_choice: "Choice",
    col_count: "Municipalities",
    col_share: "Share",
    number_count: "Answers",
    number_sum: "Sum",
    number_mean: "Mean",
    number_min: "Min",
    number_max: "Max",
    text_answers_none: "No answers.",
    chart_label: "Answers to {question}",
    export_csv: "Save as CSV",
    export_xlsx: "Save as Excel (XLSX)",
    print: "Print",
    failed: "The results could not be shown ({detail}).",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_counts_one_apart_from_many() {
        let (en, ja) = (results_texts(Lang::En), results_texts(Lang::Ja));
        assert_eq!((en.answered_of)(1), "1 municipality answered");
        assert_eq!((en.answered_of)(22), "22 municipalities answered");
        assert_eq!(
            (en.response_rate_value)(0, 1, "0%"),
            "0 of 1 municipality (0%)"
        );
        assert_eq!(
            (en.response_rate_value)(2, 33, "6.1%"),
            "2 of 33 municipalities (6.1%)"
        );
        assert_eq!((ja.answered_of)(1), "回答 1 団体");
    }
}
