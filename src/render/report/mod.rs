//! `steward report` as text: aligned tables for a terminal, markdown for a pull request or a
//! committee's notes, CSV for a spreadsheet, JSON for scripts. Human and markdown show money
//! as people write it (`$1,200.50`); CSV and JSON give plain numbers (`1200.5`) that
//! spreadsheets and scripts can add up.
//!
//! User text reaches people in three of them: the human tables show every cell and heading
//! [`one_line`] and end with [`finish`](super::terminal::finish); markdown escapes every cell
//! and writes every row with [`table_row`]; CSV cells are [`one_line`] too and never start
//! like a formula (see [`csv_cell`]).
//!
//! Each report kind has its own file (`budget.rs`, `tools.rs`, `people.rs`) with its four
//! formats; the tables, CSV cells and JSON envelope they all use are here, so that every kind
//! escapes and aligns its text the same way.

mod budget;
mod people;
mod tools;

use rust_decimal::Decimal;
use serde_json::json;

use super::markdown::{escape, table_row};
use super::visible::one_line;
use crate::money;
use crate::report::ToolCost;

pub use budget::{budget_csv, budget_human, budget_json, budget_markdown};
pub use people::{people_csv, people_human, people_json, people_markdown};
pub use tools::{tools_csv, tools_human, tools_json, tools_markdown};

/// Output formats of `steward report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Aligned tables for a terminal.
    Human,
    /// Markdown tables for a pull request, an issue or meeting notes.
    Markdown,
    /// Comma-separated values for a spreadsheet.
    Csv,
    /// One JSON document.
    Json,
    /// An Excel workbook (needs --output): one sheet a section, numbers and dates as such.
    Xlsx,
}

/// What shows for a missing value in human and markdown tables.
const NONE: &str = "-";

/// A report's fields after `"version": 1`, pretty-printed.
fn versioned_json(report: &impl serde::Serialize) -> String {
    let mut value = json!({"version": 1});
    if let (Some(map), Ok(serde_json::Value::Object(fields))) =
        (value.as_object_mut(), serde_json::to_value(report))
    {
        map.extend(fields);
    }
    pretty(&value)
}

/// `$350 a month`, `$1,200 a year`, `$500 once`.
fn cost_text(cost: &ToolCost) -> String {
    let amount = money::format_known(cost.amount, cost.currency.as_deref());
    money::with_period(&amount, cost.period.as_deref())
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

fn amount_or_none(amount: Option<Decimal>, currency: Option<&str>) -> String {
    amount
        .map(|a| money::format(a, currency))
        .unwrap_or_else(|| NONE.into())
}

/// Money for CSV: the exact decimal, no separators or symbol.
fn plain(amount: Option<Decimal>) -> String {
    amount
        .map(|a| a.normalize().to_string())
        .unwrap_or_default()
}

fn escape_rows(rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    rows.into_iter()
        .map(|row| row.iter().map(|c| escape(c)).collect())
        .collect()
}

/// Columns separated by two spaces, padded to the widest cell (counted in characters);
/// `right` aligns a column to the right (money). No trailing spaces. Cells are user text,
/// shown [`one_line`].
fn table(header: &[String], rows: &[Vec<String>], right: &[bool]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|c| one_line(c).into_owned()).collect())
        .collect();
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(width(cell));
            }
        }
    }
    let render = |cells: &[String]| {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = widths[i].saturating_sub(width(cell));
            if right.get(i).copied().unwrap_or(false) {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            }
        }
        format!("{}\n", line.trim_end())
    };
    let mut out = render(header);
    for row in &rows {
        out.push_str(&render(row));
    }
    out
}

/// A markdown table; cells must already be escaped.
fn markdown_table(header: &[String], rows: &[Vec<String>], right: &[bool]) -> String {
    let mut out = table_row(header);
    let rule: Vec<&str> = (0..header.len())
        .map(|i| {
            if right.get(i).copied().unwrap_or(false) {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    out.push_str(&format!("|{}|\n", rule.join("|")));
    for row in rows {
        out.push_str(&table_row(row));
    }
    out
}

fn write_csv(writer: &mut csv::Writer<Vec<u8>>, header: &[&str], rows: &[Vec<String>]) {
    // Writing to memory cannot fail.
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(row.iter().map(|c| csv_cell(c)));
    }
}

/// A CSV cell as a person opening the file sees it: [`one_line`] (no control codes, no line
/// breaks), and, when a spreadsheet would run it as a formula (`=HYPERLINK(...)`, `+`, `-`,
/// `@`, a leading tab or CR, or their full-width forms), with a leading apostrophe, as OWASP
/// recommends, so that a hostile tool name stays text. Numbers (`-20.5`) are left alone.
fn csv_cell(cell: &str) -> String {
    let cell = one_line(cell);
    let starts_formula = cell.starts_with([
        '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ]);
    if starts_formula && cell.parse::<Decimal>().is_err() {
        format!("'{cell}")
    } else {
        cell.into_owned()
    }
}

fn finish_csv(writer: csv::Writer<Vec<u8>>) -> String {
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_by_characters() {
        let text = table(
            &["a".into(), "money".into()],
            &[
                vec!["€".into(), "€1,200".into()],
                vec!["long name".into(), "$5".into()],
            ],
            &[false, true],
        );
        assert_eq!(
            text,
            "a           money\n€          €1,200\nlong name      $5\n"
        );
    }

    #[test]
    fn csv_cells_are_quoted_and_formulas_neutralized() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for formula in ["+1+2", "-1-2", "@SUM(A1)", "＝1+1", "-", "+"] {
            assert_eq!(csv_cell(formula), format!("'{formula}"));
        }
        assert_eq!(csv_cell("-20.5"), "-20.5");
        assert_eq!(csv_cell("+20"), "+20");
        assert_eq!(csv_cell("Canva"), "Canva");
        // Control characters are shown, so a leading tab or CR cannot hide a formula either.
        assert_eq!(csv_cell("\t=1+1"), "\\t=1+1");
        assert_eq!(csv_cell("a\u{1b}[2J\nb"), "a\\u{1b}[2J\\nb");
        let mut writer = csv::Writer::from_writer(Vec::new());
        write_csv(
            &mut writer,
            &["a", "b"],
            &[vec!["x, \"y\"".into(), "z".into()]],
        );
        assert_eq!(finish_csv(writer), "a,b\n\"x, \"\"y\"\"\",z\n");
    }
}
