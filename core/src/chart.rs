//! A horizontal bar chart as SVG text (the dashboard's, the standardisation tracker's and the
//! survey results'): every bar carries its label and number in `<text>`, the figure has a
//! caption, and the SVG names itself for screen readers. Colour only repeats what the words
//! say. Text rather than Leptos views: a typed view of the same figure cost the app's first
//! load about 2 KB gzip more.

use std::fmt::Write;

use crate::text::escaped;

/// One bar: `label` and `value`, with `note` (such as a percentage) after the number.
pub struct Bar {
    pub label: String,
    pub value: u32,
    pub note: String,
    /// A stylesheet class for the fill, such as `bar--done`.
    pub class: &'static str,
}

const ROW_HEIGHT: u32 = 28;
const BAR_WIDTH: u32 = 220;
const VALUE_WIDTH: u32 = 130;

/// Bars scaled to `scale_max` (at least the largest value), so charts side by side compare;
/// `label_width` in pixels, for long labels.
pub fn bar_chart(out: &mut String, caption: &str, bars: &[Bar], scale_max: u32, label_width: u32) {
    let max = bars
        .iter()
        .map(|bar| bar.value)
        .max()
        .unwrap_or(0)
        .max(scale_max)
        .max(1);
    let height = ROW_HEIGHT * bars.len().max(1) as u32;
    let width = label_width + BAR_WIDTH + VALUE_WIDTH;
    let summary = bars
        .iter()
        .map(|bar| format!("{} {}{}", bar.label, bar.value, bar.note))
        .collect::<Vec<_>>()
        .join("、");
    let _ = write!(
        out,
        "<figure class=\"chart\"><figcaption>{}</figcaption><svg role=\"img\" aria-label=\"{}: {}\" \
         viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" class=\"chart__svg\">",
        escaped(caption),
        escaped(caption),
        escaped(&summary)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = i as u32 * ROW_HEIGHT;
        let length = (f64::from(bar.value) / f64::from(max) * f64::from(BAR_WIDTH)).round();
        let text_y = y + ROW_HEIGHT / 2 + 5;
        let _ = write!(
            out,
            "<g><text x=\"{}\" y=\"{text_y}\" text-anchor=\"end\" class=\"chart__label\">{}</text>\
             <rect x=\"{label_width}\" y=\"{}\" width=\"{length}\" height=\"{}\" class=\"chart__bar {}\"></rect>\
             <text x=\"{}\" y=\"{text_y}\" class=\"chart__value\">{}{}</text></g>",
            label_width - 8,
            escaped(&bar.label),
            y + 4,
            ROW_HEIGHT - 8,
            bar.class,
            label_width + length as u32 + 6,
            bar.value,
            escaped(&bar.note)
        );
    }
    out.push_str("</svg></figure>");
}
