//! `steward report budget`: a fiscal year's departments, categories and lines, with the tools
//! behind each line, in the four text formats. Apart from the other kinds because its tables
//! (overview, categories, lines per department) are its own.

use rust_decimal::Decimal;

use super::{
    NONE, amount_or_none, cost_text, escape_rows, finish_csv, markdown_table, plain, table,
    versioned_json, write_csv, yes_no,
};
use crate::money;
use crate::render::markdown::escape;
use crate::render::terminal::finish;
use crate::render::visible::one_line;
use crate::report::{BudgetReport, CATEGORIES, LineTool};
use crate::words;

/// Aligned tables: departments (allocation, planned, left), categories, then each department's
/// lines and the tools behind them.
pub fn budget_human(report: &BudgetReport) -> String {
    let mut out = format!(
        "Budgets for fiscal year {}, as of {}\n",
        one_line(&report.fiscal_year),
        words::long_date(report.made_on)
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
        "## Budgets for fiscal year {}, as of {}\n\n",
        escape(&report.fiscal_year),
        words::long_date(report.made_on)
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

/// `{"version": 1, "fiscal_year", "made_on", "departments": [...], "totals": [...]}`; money as numbers.
pub fn budget_json(report: &BudgetReport) -> String {
    versioned_json(report)
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
                d.name.clone().unwrap_or_else(|| d.department.clone()),
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
                d.name.clone().unwrap_or_else(|| d.department.clone()),
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
