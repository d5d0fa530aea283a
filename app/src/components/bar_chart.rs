//! A horizontal bar chart as SVG that reads as text: every bar carries its label and number
//! in `<text>`, the figure has a caption, and the SVG names itself for screen readers. Colour
//! only repeats what the words say.

use leptos::prelude::*;

/// One bar: `label` and `value`, with `note` (such as a percentage) after the number.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u32,
    pub note: String,
    /// A stylesheet class for the fill, such as `bar--done`.
    pub class: &'static str,
}

const ROW_HEIGHT: u32 = 28;
const DEFAULT_LABEL_WIDTH: u32 = 150;
const BAR_WIDTH: u32 = 220;
const VALUE_WIDTH: u32 = 130;

/// Bars scaled to `scale_max` (at least the largest value), so charts side by side compare;
/// `label_width` (pixels) for long labels.
#[component]
pub fn BarChart(
    caption: String,
    bars: Vec<Bar>,
    #[prop(optional)] scale_max: u32,
    #[prop(optional)] label_width: Option<u32>,
) -> impl IntoView {
    let label_width = label_width.unwrap_or(DEFAULT_LABEL_WIDTH);
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
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = i as u32 * ROW_HEIGHT;
            let length = (f64::from(bar.value) / f64::from(max) * f64::from(BAR_WIDTH)).round();
            let text_y = y + ROW_HEIGHT / 2 + 5;
            view! {
                <g>
                    <text x=label_width - 8 y=text_y text-anchor="end" class="chart__label">
                        {bar.label}
                    </text>
                    <rect
                        x=label_width
                        y=y + 4
                        width=length.to_string()
                        height=ROW_HEIGHT - 8
                        class=format!("chart__bar {}", bar.class)
                    ></rect>
                    <text x=label_width + length as u32 + 6 y=text_y class="chart__value">
                        {format!("{}{}", bar.value, bar.note)}
                    </text>
                </g>
            }
        })
        .collect_view();

    view! {
        <figure class="chart">
            <figcaption>{caption.clone()}</figcaption>
            <svg
                role="img"
                aria-label=format!("{caption}: {summary}")
                viewBox=format!("0 0 {width} {height}")
                width=width
                height=height
                class="chart__svg"
            >
                {rows}
            </svg>
        </figure>
    }
}
