//! Bar charts drawn as inline SVG: horizontal bars, grouped (allocation beside planned) or
//! stacked (planned by category). steward computes the geometry; the template writes the
//! elements, so every label goes through the same escaping as the rest of the page.
//!
//! A chart is never the only way to read its numbers: it has a `<title>`, a description
//! that says what it shows, and the page puts a table with the same numbers next to it.
//! Colours are picked to have at least 3:1 contrast against the white background (WCAG's
//! non-text contrast); a legend names each, and the table does not depend on colour at all.
//! An amount that could not be read draws no bar (the table says "unknown").

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::view::short;

/// Room for the row labels, the bars and the value at the end of each row, in SVG units.
const LABEL_WIDTH: f64 = 190.0;
const PLOT_WIDTH: f64 = 360.0;
const VALUE_WIDTH: f64 = 110.0;
const BAR_HEIGHT: f64 = 16.0;
const ROW_GAP: f64 = 12.0;
const TOP: f64 = 8.0;
/// The longest label drawn in the chart (the table has the whole name).
const MAX_LABEL: usize = 26;

/// A series of bars: its name and its CSS class (which gives the colour).
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub name: String,
    pub class: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Unique on its page: the `<title>` and `<desc>` ids hang off it.
    pub id: String,
    pub title: String,
    pub description: String,
    pub width: String,
    pub height: String,
    pub series: Vec<Series>,
    pub rows: Vec<ChartRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartRow {
    pub label: String,
    /// The label's baseline.
    pub label_y: String,
    pub bars: Vec<Bar>,
    /// Values written after the bars, one per line of the row.
    pub values: Vec<ValueText>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    pub class: &'static str,
    /// Shown by browsers on hover: "Software: $4,200".
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ValueText {
    pub x: String,
    pub y: String,
    pub text: String,
}

fn units(value: f64) -> String {
    format!("{value:.1}")
}

fn number(amount: Option<Decimal>) -> f64 {
    amount
        .and_then(|a| a.to_f64())
        .filter(|a| a.is_finite() && *a > 0.0)
        .unwrap_or(0.0)
}

/// Bars side by side: for each row, one bar per series (`values[i]` for `series[i]`).
/// `say` writes an amount as people read it.
pub fn grouped(
    id: &str,
    title: String,
    description: String,
    series: Vec<Series>,
    rows: &[(String, Vec<Option<Decimal>>)],
    say: &dyn Fn(Option<Decimal>) -> String,
) -> Chart {
    let per_row = series.len().max(1) as f64;
    let max = rows
        .iter()
        .flat_map(|(_, values)| values.iter().map(|v| number(*v)))
        .fold(0.0, f64::max);
    let scale = if max > 0.0 { PLOT_WIDTH / max } else { 0.0 };
    let row_height = per_row * BAR_HEIGHT + ROW_GAP;
    let chart_rows = rows
        .iter()
        .enumerate()
        .map(|(r, (label, values))| {
            let top = TOP + r as f64 * row_height;
            let mut bars = Vec::new();
            let mut texts = Vec::new();
            for (s, value) in values.iter().enumerate() {
                let y = top + s as f64 * BAR_HEIGHT;
                let width = number(*value) * scale;
                let Some(series) = series.get(s) else {
                    continue;
                };
                bars.push(Bar {
                    x: units(LABEL_WIDTH),
                    y: units(y + 1.0),
                    width: units(width),
                    height: units(BAR_HEIGHT - 2.0),
                    class: series.class,
                    title: format!("{}: {}", series.name, say(*value)),
                });
                texts.push(ValueText {
                    x: units(LABEL_WIDTH + width + 6.0),
                    y: units(y + BAR_HEIGHT - 4.0),
                    text: say(*value),
                });
            }
            ChartRow {
                label: short_label(label),
                label_y: units(top + per_row * BAR_HEIGHT / 2.0 + 4.0),
                bars,
                values: texts,
            }
        })
        .collect();
    Chart {
        id: id.to_string(),
        title,
        description,
        width: units(LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH),
        height: units(TOP * 2.0 + rows.len() as f64 * row_height),
        series,
        rows: chart_rows,
    }
}

/// A row of a stacked chart: its label, the amount of each series, and the total.
pub type StackedRow = (String, Vec<Option<Decimal>>, Option<Decimal>);

/// One bar per row, made of a segment per series (`values[i]` for `series[i]`), with the
/// row's total at its end.
pub fn stacked(
    id: &str,
    title: String,
    description: String,
    series: Vec<Series>,
    rows: &[StackedRow],
    say: &dyn Fn(Option<Decimal>) -> String,
) -> Chart {
    let max = rows
        .iter()
        .map(|(_, values, _)| values.iter().map(|v| number(*v)).sum::<f64>())
        .fold(0.0, f64::max);
    let scale = if max > 0.0 { PLOT_WIDTH / max } else { 0.0 };
    let row_height = BAR_HEIGHT + ROW_GAP;
    let chart_rows = rows
        .iter()
        .enumerate()
        .map(|(r, (label, values, total))| {
            let y = TOP + r as f64 * row_height;
            let mut x = LABEL_WIDTH;
            let mut bars = Vec::new();
            for (series, value) in series.iter().zip(values) {
                let width = number(*value) * scale;
                if width > 0.0 {
                    bars.push(Bar {
                        x: units(x),
                        y: units(y + 1.0),
                        width: units(width),
                        height: units(BAR_HEIGHT - 2.0),
                        class: series.class,
                        title: format!("{}: {}", series.name, say(*value)),
                    });
                }
                x += width;
            }
            ChartRow {
                label: short_label(label),
                label_y: units(y + BAR_HEIGHT - 4.0),
                bars,
                values: vec![ValueText {
                    x: units(x + 6.0),
                    y: units(y + BAR_HEIGHT - 4.0),
                    text: say(*total),
                }],
            }
        })
        .collect();
    Chart {
        id: id.to_string(),
        title,
        description,
        width: units(LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH),
        height: units(TOP * 2.0 + rows.len() as f64 * row_height),
        series,
        rows: chart_rows,
    }
}

fn short_label(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL {
        short(label)
    } else {
        let cut: String = label.chars().take(MAX_LABEL - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn say(amount: Option<Decimal>) -> String {
        crate::money::format_known(amount, Some("USD"))
    }

    #[test]
    fn grouped_bars_scale_to_the_largest_value() {
        let chart = grouped(
            "c",
            "t".into(),
            "d".into(),
            vec![
                Series {
                    name: "Allocation".into(),
                    class: "s1",
                },
                Series {
                    name: "Planned".into(),
                    class: "s2",
                },
            ],
            &[
                ("A".into(), vec![Some(1000.into()), Some(500.into())]),
                ("B".into(), vec![Some(250.into()), None]),
            ],
            &say,
        );
        let widths: Vec<&str> = chart
            .rows
            .iter()
            .flat_map(|r| r.bars.iter().map(|b| b.width.as_str()))
            .collect();
        assert_eq!(widths, ["360.0", "180.0", "90.0", "0.0"]);
        assert_eq!(chart.rows[1].values[1].text, "unknown");
        assert_eq!(chart.rows[0].bars[1].title, "Planned: $500");
    }

    #[test]
    fn stacked_segments_follow_each_other() {
        let series = vec![
            Series {
                name: "Software".into(),
                class: "c1",
            },
            Series {
                name: "Hardware".into(),
                class: "c2",
            },
        ];
        let chart = stacked(
            "c",
            "t".into(),
            "d".into(),
            series,
            &[(
                "A very long department name that goes on".into(),
                vec![Some(300.into()), Some(100.into())],
                Some(400.into()),
            )],
            &say,
        );
        let row = &chart.rows[0];
        assert_eq!(row.bars[0].x, "190.0");
        assert_eq!(row.bars[1].x, "460.0");
        assert_eq!(row.values[0].text, "$400");
        assert_eq!(row.label.chars().count(), MAX_LABEL);
    }
}
