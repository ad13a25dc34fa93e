//! `steward report` as text: aligned tables for a terminal, markdown for a pull request or a
//! committee's notes, CSV for a spreadsheet, JSON for scripts. Human and markdown show money
//! as people write it (`$1,200.50`); CSV and JSON give plain numbers (`1200.5`) that
//! spreadsheets and scripts can add up.
//!
//! User text reaches people in three of them: the human tables show every cell and heading
//! [`one_line`] and end with [`finish`]; markdown escapes every cell and writes every row with
//! [`table_row`]; CSV cells are [`one_line`] too and never start like a formula
//! (see [`csv_cell`]).

use rust_decimal::Decimal;
use serde_json::json;

use super::markdown::{escape, table_row};
use super::terminal::finish;
use super::visible::one_line;
use crate::money;
use crate::report::{BudgetReport, CATEGORIES, LineTool, ToolCost, ToolRow, ToolsReport};

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

// ---------------------------------------------------------------------------------------
// Budget report

/// Aligned tables: departments (allocation, planned, left), categories, then each department's
/// lines and the tools behind them.
pub fn budget_human(report: &BudgetReport) -> String {
    let mut out = format!(
        "Budgets for fiscal year {}\n",
        one_line(&report.fiscal_year)
    );
    if report.departments.is_empty() {
        out.push_str("\nThere are no budgets for this fiscal year.\n");
        return finish(&out, false);
    }
    out.push('\n');
    out.push_str(&table(
        &budget_overview_header(),
        &budget_overview_rows(report),
        &[false, true, true, true, true],
    ));
    out.push_str("\nBy category\n\n");
    out.push_str(&table(
        &category_header(),
        &category_rows(report),
        &[false, true, true, true, true, true],
    ));
    out.push_str("\nLines and the tools behind them\n");
    for department in &report.departments {
        out.push_str(&format!(
            "\n{} ({})\n",
            one_line(department.name.as_deref().unwrap_or(&department.department)),
            one_line(&department.department)
        ));
        let currency = department.currency.as_deref();
        let rows: Vec<Vec<String>> = department
            .lines
            .iter()
            .map(|line| {
                vec![
                    line.id.clone().unwrap_or_else(|| NONE.into()),
                    line.category.clone().unwrap_or_else(|| NONE.into()),
                    line.amount
                        .map(|a| money::format(a, currency))
                        .unwrap_or_else(|| NONE.into()),
                    tools_text(&line.tools),
                ]
            })
            .collect();
        if rows.is_empty() {
            out.push_str("  (no lines)\n");
            continue;
        }
        let text = table(
            &["line", "category", "amount", "tools"].map(String::from),
            &rows,
            &[false, false, true, false],
        );
        for line in text.lines() {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    finish(&out, false)
}

/// The same tables in markdown, all user text escaped.
pub fn budget_markdown(report: &BudgetReport) -> String {
    let mut out = format!(
        "## Budgets for fiscal year {}\n\n",
        escape(&report.fiscal_year)
    );
    if report.departments.is_empty() {
        out.push_str("There are no budgets for this fiscal year.\n");
        return out;
    }
    out.push_str(&markdown_table(
        &budget_overview_header(),
        &escape_rows(budget_overview_rows(report)),
        &[false, true, true, true, true],
    ));
    out.push_str("\n### By category\n\n");
    out.push_str(&markdown_table(
        &category_header(),
        &escape_rows(category_rows(report)),
        &[false, true, true, true, true, true],
    ));
    out.push_str("\n### Lines and the tools behind them\n");
    for department in &report.departments {
        out.push_str(&format!(
            "\n#### {} ({})\n\n",
            escape(department.name.as_deref().unwrap_or(&department.department)),
            escape(&department.department)
        ));
        if department.lines.is_empty() {
            out.push_str("No lines.\n");
            continue;
        }
        let currency = department.currency.as_deref();
        let rows: Vec<Vec<String>> = department
            .lines
            .iter()
            .map(|line| {
                vec![
                    escape(line.id.as_deref().unwrap_or(NONE)),
                    escape(line.description.as_deref().unwrap_or("")),
                    escape(line.category.as_deref().unwrap_or(NONE)),
                    escape(
                        &line
                            .amount
                            .map(|a| money::format(a, currency))
                            .unwrap_or_else(|| NONE.into()),
                    ),
                    escape(&tools_text(&line.tools)),
                ]
            })
            .collect();
        out.push_str(&markdown_table(
            &["line", "description", "category", "amount", "tools"].map(String::from),
            &rows,
            &[false, false, false, true, false],
        ));
    }
    out
}

/// One row per budget line (a department without lines gets one row with its allocation), so
/// that a spreadsheet can total it any way: by department, by category, by tool.
pub fn budget_csv(report: &BudgetReport) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "fiscal_year",
        "department",
        "department_name",
        "currency",
        "allocation",
        "line",
        "description",
        "category",
        "amount",
        "recurring",
        "tools",
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for department in &report.departments {
        let common = vec![
            report.fiscal_year.clone(),
            department.department.clone(),
            department.name.clone().unwrap_or_default(),
            department.currency.clone().unwrap_or_default(),
            plain(department.totals.allocation),
        ];
        if department.lines.is_empty() {
            let mut row = common.clone();
            row.extend(std::iter::repeat_n(String::new(), 6));
            rows.push(row);
        }
        for line in &department.lines {
            let mut row = common.clone();
            row.extend([
                line.id.clone().unwrap_or_default(),
                line.description.clone().unwrap_or_default(),
                line.category.clone().unwrap_or_default(),
                plain(line.amount),
                line.recurring.map(yes_no).unwrap_or_default().to_string(),
                line.tools
                    .iter()
                    .map(|t| t.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ]);
            rows.push(row);
        }
    }
    write_csv(&mut writer, &header, &rows);
    finish_csv(writer)
}

/// `{"version": 1, "fiscal_year", "departments": [...], "totals": [...]}`; money as numbers.
pub fn budget_json(report: &BudgetReport) -> String {
    let mut value = json!({"version": 1});
    if let (Some(map), Ok(serde_json::Value::Object(fields))) =
        (value.as_object_mut(), serde_json::to_value(report))
    {
        map.extend(fields);
    }
    pretty(&value)
}

fn budget_overview_header() -> Vec<String> {
    ["department", "allocation", "planned", "left", "planned %"]
        .map(String::from)
        .to_vec()
}

fn budget_overview_rows(report: &BudgetReport) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = report
        .departments
        .iter()
        .map(|d| {
            let currency = d.currency.as_deref();
            vec![
                d.department.clone(),
                amount_or_none(d.totals.allocation, currency),
                money::format_known(d.totals.planned, currency),
                amount_or_none(d.totals.left, currency),
                percent(d.totals.planned, d.totals.allocation),
            ]
        })
        .collect();
    for total in &report.totals {
        let currency = total.currency.as_deref();
        rows.push(vec![
            total_label(report, currency),
            amount_or_none(total.totals.allocation, currency),
            money::format_known(total.totals.planned, currency),
            amount_or_none(total.totals.left, currency),
            percent(total.totals.planned, total.totals.allocation),
        ]);
    }
    rows
}

fn category_header() -> Vec<String> {
    std::iter::once("department")
        .chain(CATEGORIES)
        .map(String::from)
        .collect()
}

fn category_rows(report: &BudgetReport) -> Vec<Vec<String>> {
    let row = |label: String, categories: &crate::report::Categories, currency: Option<&str>| {
        std::iter::once(label)
            .chain(CATEGORIES.iter().map(|c| match categories.get(c) {
                Some(amount) if amount.is_zero() => NONE.to_string(),
                amount => money::format_known(amount, currency),
            }))
            .collect::<Vec<String>>()
    };
    let mut rows: Vec<Vec<String>> = report
        .departments
        .iter()
        .map(|d| {
            row(
                d.department.clone(),
                &d.totals.by_category,
                d.currency.as_deref(),
            )
        })
        .collect();
    for total in &report.totals {
        let currency = total.currency.as_deref();
        rows.push(row(
            total_label(report, currency),
            &total.totals.by_category,
            currency,
        ));
    }
    rows
}

/// `total`, or `total (USD)` when the year's budgets use several currencies.
fn total_label(report: &BudgetReport, currency: Option<&str>) -> String {
    if report.totals.len() > 1 {
        format!("total ({})", currency.unwrap_or("no currency"))
    } else {
        "total".to_string()
    }
}

/// How much of the allocation the lines plan to spend, as a whole percentage.
fn percent(planned: Option<Decimal>, allocation: Option<Decimal>) -> String {
    let share = || {
        let allocation = allocation.filter(|a| !a.is_zero())?;
        Some(
            planned?
                .checked_mul(Decimal::from(100))?
                .checked_div(allocation)?
                .round(),
        )
    };
    match (share(), planned) {
        (Some(share), _) => format!("{share}%"),
        (None, None) => money::UNKNOWN.to_string(),
        (None, Some(_)) => NONE.to_string(),
    }
}

/// `Mailchimp (mailchimp, $350 a month)`, joined with `; `.
fn tools_text(tools: &[LineTool]) -> String {
    tools
        .iter()
        .map(|tool| {
            let mut parts = vec![tool.id.clone()];
            if let Some(cost) = &tool.cost {
                parts.push(cost_text(cost));
            }
            match &tool.name {
                Some(name) => format!("{name} ({})", parts.join(", ")),
                None => parts.join(", "),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `$350 a month`, `$1,200 a year`, `$500 once`.
fn cost_text(cost: &ToolCost) -> String {
    let amount = money::format_known(cost.amount, cost.currency.as_deref());
    match cost.period.as_deref() {
        Some("month") => format!("{amount} a month"),
        Some("year") => format!("{amount} a year"),
        Some("one-time") => format!("{amount} once"),
        _ => amount,
    }
}

// ---------------------------------------------------------------------------------------
// Tools report

const TOOL_HEADER: [&str; 8] = [
    "id",
    "name",
    "status",
    "department",
    "owner",
    "backup owner",
    "exit plan",
    "cost per year",
];
const TOOL_RIGHT: [bool; 8] = [false, false, false, false, false, false, false, true];

/// An aligned table, then how many tools and what they cost a year.
pub fn tools_human(report: &ToolsReport) -> String {
    if report.tools.is_empty() {
        return "No tools match.\n".to_string();
    }
    let rows: Vec<Vec<String>> = report.tools.iter().map(tool_cells).collect();
    let mut out = table(&TOOL_HEADER.map(String::from), &rows, &TOOL_RIGHT);
    out.push('\n');
    out.push_str(&one_line(tools_summary(report).trim_end()));
    out.push('\n');
    finish(&out, false)
}

/// The same table in markdown, all user text escaped.
pub fn tools_markdown(report: &ToolsReport) -> String {
    if report.tools.is_empty() {
        return "No tools match.\n".to_string();
    }
    let rows: Vec<Vec<String>> = report
        .tools
        .iter()
        .map(|t| tool_cells(t).iter().map(|c| escape(c)).collect())
        .collect();
    let mut out = markdown_table(&TOOL_HEADER.map(String::from), &rows, &TOOL_RIGHT);
    out.push('\n');
    out.push_str(&escape(tools_summary(report).trim_end()));
    out.push('\n');
    out
}

/// One row per tool; ids and names of people both, money as plain numbers.
pub fn tools_csv(report: &ToolsReport) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "name",
        "status",
        "department",
        "owner",
        "owner_name",
        "backup_owner",
        "backup_owner_name",
        "exit_plan",
        "cost_amount",
        "cost_currency",
        "cost_period",
        "cost_per_year",
        "budget_line",
    ];
    let rows: Vec<Vec<String>> = report
        .tools
        .iter()
        .map(|t| {
            let cost = t.cost.as_ref();
            vec![
                t.id.clone(),
                t.name.clone().unwrap_or_default(),
                t.status.clone().unwrap_or_default(),
                t.department.clone().unwrap_or_default(),
                t.owner.clone().unwrap_or_default(),
                t.owner_name.clone().unwrap_or_default(),
                t.backup_owner.clone().unwrap_or_default(),
                t.backup_owner_name.clone().unwrap_or_default(),
                yes_no(t.exit_plan).to_string(),
                plain(cost.and_then(|c| c.amount)),
                cost.and_then(|c| c.currency.clone()).unwrap_or_default(),
                cost.and_then(|c| c.period.clone()).unwrap_or_default(),
                plain(cost.and_then(|c| c.per_year)),
                cost.and_then(|c| c.budget_line.clone()).unwrap_or_default(),
            ]
        })
        .collect();
    write_csv(&mut writer, &header, &rows);
    finish_csv(writer)
}

/// `{"version": 1, "tools": [...], "per_year": [...]}`; money as numbers.
pub fn tools_json(report: &ToolsReport) -> String {
    let mut value = json!({"version": 1});
    if let (Some(map), Ok(serde_json::Value::Object(fields))) =
        (value.as_object_mut(), serde_json::to_value(report))
    {
        map.extend(fields);
    }
    pretty(&value)
}

fn tool_cells(tool: &ToolRow) -> Vec<String> {
    let person = |id: &Option<String>, name: &Option<String>| match (id, name) {
        (Some(_), Some(name)) => name.clone(),
        (Some(id), None) => id.clone(),
        _ => NONE.to_string(),
    };
    let cost = match &tool.cost {
        Some(cost) => match cost.per_year {
            Some(per_year) => money::format(per_year, cost.currency.as_deref()),
            None => cost_text(cost),
        },
        None => NONE.to_string(),
    };
    vec![
        tool.id.clone(),
        tool.name.clone().unwrap_or_else(|| NONE.into()),
        tool.status.clone().unwrap_or_else(|| NONE.into()),
        tool.department.clone().unwrap_or_else(|| NONE.into()),
        person(&tool.owner, &tool.owner_name),
        person(&tool.backup_owner, &tool.backup_owner_name),
        yes_no(tool.exit_plan).to_string(),
        cost,
    ]
}

fn tools_summary(report: &ToolsReport) -> String {
    let count = match report.tools.len() {
        1 => "1 tool".to_string(),
        n => format!("{n} tools"),
    };
    let sums: Vec<String> = report
        .per_year
        .iter()
        .map(|s| money::format_known(s.amount, s.currency.as_deref()))
        .collect();
    if sums.is_empty() {
        format!("{count}.\n")
    } else {
        format!("{count}, costing {} a year.\n", sums.join(" + "))
    }
}

// ---------------------------------------------------------------------------------------
// Shared

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
