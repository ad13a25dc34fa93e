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
use crate::report::{
    BudgetReport, CATEGORIES, Held, LineTool, PeopleReport, PersonRef, PersonRow, ToolCost,
    ToolRow, ToolsReport,
};
use crate::words::{self, count};

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

const TOOL_HEADER: [&str; 11] = [
    "id",
    "name",
    "status",
    "department",
    "owner",
    "backup owner",
    "exit plan",
    "admins",
    "DPA",
    "accessibility",
    "cost per year",
];
const TOOL_RIGHT: [bool; 11] = [
    false, false, false, false, false, false, false, false, false, false, true,
];

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
        "admins",
        "admin_names",
        "needs_dpa",
        "dpa_signed",
        "public_facing",
        "accessibility",
        "accessibility_checked_on",
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
                t.admins
                    .iter()
                    .map(|a| a.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                t.admins
                    .iter()
                    .map(|a| a.name.as_deref().unwrap_or(&a.id))
                    .collect::<Vec<_>>()
                    .join("; "),
                yes_no(t.needs_dpa).to_string(),
                t.dpa_signed.clone().unwrap_or_default(),
                yes_no(t.public_facing).to_string(),
                t.accessibility.clone().unwrap_or_default(),
                t.accessibility_checked_on.clone().unwrap_or_default(),
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
        admins_text(&tool.admins),
        dpa_text(tool),
        accessibility_text(tool),
        cost,
    ]
}

/// The administrators' names, or `-`.
fn admins_text(admins: &[PersonRef]) -> String {
    if admins.is_empty() {
        return NONE.to_string();
    }
    admins
        .iter()
        .map(|a| a.name.as_deref().unwrap_or(&a.id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `yes` (a data-processing agreement is signed), `missing` (one is needed), or `-`.
fn dpa_text(tool: &ToolRow) -> String {
    match (&tool.dpa_signed, tool.needs_dpa) {
        (Some(_), _) => "yes",
        (None, true) => "missing",
        (None, false) => NONE,
    }
    .to_string()
}

/// What the accessibility report states, `missing` for a public tool without one, or `-`.
fn accessibility_text(tool: &ToolRow) -> String {
    match (&tool.accessibility, tool.public_facing) {
        (Some(conformance), _) => conformance.clone(),
        (None, true) => "missing".to_string(),
        (None, false) => NONE.to_string(),
    }
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
// People report: the hand-over checklist

/// What a person does with the things they answer for, as the checklist names it.
const ROLES: [&str; 5] = ["heads", "owns", "backs up", "administers", "approves"];

/// Each person who answers for something: a sentence saying what to hand over before they
/// leave (or, for someone who has left, what they still hold), then what they head, own, back
/// up, administer and approve; then, on one line, the people with nothing to hand over.
pub fn people_human(report: &PeopleReport) -> String {
    let mut out = String::from(
        "Hand-over checklist: what each person heads, owns, backs up, administers and approves\n",
    );
    if report.people.is_empty() {
        out.push_str("\nThere is nobody to list (no org.toml, or no such person).\n");
        return finish(&out, false);
    }
    for person in report.people.iter().filter(|p| !p.holds_nothing()) {
        out.push_str(&format!("\n{}\n", one_line(&person_heading(person))));
        out.push_str(&format!("  {}\n", one_line(&hand_over_sentence(person))));
        let rows: Vec<Vec<String>> = roles(person)
            .into_iter()
            .filter(|(_, items)| !items.is_empty())
            .map(|(role, items)| vec![role.to_string(), held_list(items)])
            .collect();
        let text = table(&["".to_string(), "".to_string()], &rows, &[false, false]);
        // The header row is empty: the role names say what each line is.
        for line in text.lines().skip(1) {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    if let Some(line) = nothing_line(report) {
        out.push('\n');
        out.push_str(&one_line(&line));
        out.push('\n');
    }
    finish(&out, false)
}

/// The same checklist in markdown: a heading per person, a bullet per role; user text
/// escaped.
pub fn people_markdown(report: &PeopleReport) -> String {
    let mut out = String::from(
        "## Hand-over checklist\n\nWhat each person heads, owns, backs up, administers and approves: what to hand over before they leave.\n",
    );
    if report.people.is_empty() {
        out.push_str("\nThere is nobody to list (no org.toml, or no such person).\n");
        return out;
    }
    for person in report.people.iter().filter(|p| !p.holds_nothing()) {
        out.push_str(&format!(
            "\n### {}\n\n{}\n\n",
            escape(&person_heading(person)),
            escape(&hand_over_sentence(person))
        ));
        for (role, items) in roles(person) {
            if !items.is_empty() {
                out.push_str(&format!(
                    "- **{}:** {}\n",
                    crate::words::capitalized(role),
                    escape(&held_list(items))
                ));
            }
        }
    }
    if let Some(line) = nothing_line(report) {
        out.push('\n');
        out.push_str(&escape(&line));
        out.push('\n');
    }
    out
}

/// One row per person and thing they answer for (a person with nothing gets one row with
/// the role empty), so that a spreadsheet can filter by person, role or kind.
pub fn people_csv(report: &PeopleReport) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "person",
        "person_name",
        "department",
        "github",
        "left",
        "role",
        "kind",
        "id",
        "name",
        "path",
        "via",
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for person in &report.people {
        let common = vec![
            person.id.clone(),
            person.name.clone().unwrap_or_default(),
            person.department.clone().unwrap_or_default(),
            person.github.clone().unwrap_or_default(),
            person.left.clone().unwrap_or_default(),
        ];
        if person.holds_nothing() {
            let mut row = common.clone();
            row.extend(std::iter::repeat_n(String::new(), 6));
            rows.push(row);
        }
        for (role, items) in roles(person) {
            for item in items {
                let mut row = common.clone();
                row.extend([
                    role.replace(' ', "_"),
                    item.kind.to_string(),
                    item.id.clone(),
                    item.name.clone().unwrap_or_default(),
                    item.path.clone(),
                    item.via.clone().unwrap_or_default(),
                ]);
                rows.push(row);
            }
        }
    }
    write_csv(&mut writer, &header, &rows);
    finish_csv(writer)
}

/// `{"version": 1, "today", "people": [...]}`.
pub fn people_json(report: &PeopleReport) -> String {
    versioned_json(report)
}

fn roles(person: &PersonRow) -> [(&'static str, &[Held]); 5] {
    [
        (ROLES[0], &person.heads),
        (ROLES[1], &person.owns),
        (ROLES[2], &person.backs_up),
        (ROLES[3], &person.administers),
        (ROLES[4], &person.approves),
    ]
}

/// "Ana Lima (ana), IT".
fn person_heading(person: &PersonRow) -> String {
    let mut text = match &person.name {
        Some(name) => format!("{name} ({})", person.id),
        None => person.id.clone(),
    };
    if let Some(department) = person
        .department_name
        .as_ref()
        .or(person.department.as_ref())
    {
        text.push_str(&format!(", {department}"));
    }
    text
}

fn first_name(person: &PersonRow) -> &str {
    person.name.as_deref().unwrap_or(&person.id)
}

/// "Before Ana Lima leaves: 3 tools to hand over and 1 department to pass on." For someone
/// who has left: "Ana Lima left on 1 March 2026, and still has 3 tools to hand over."
fn hand_over_sentence(person: &PersonRow) -> String {
    let mut parts = Vec::new();
    if person.tools_to_hand_over > 0 {
        parts.push(format!(
            "{} to hand over",
            count(person.tools_to_hand_over as i64, "tool", "tools")
        ));
    }
    if !person.heads.is_empty() {
        parts.push(format!(
            "{} to pass on",
            count(person.heads.len() as i64, "department", "departments")
        ));
    }
    let approvals = person.approves.iter().filter(|a| a.via.is_none()).count();
    if approvals > 0 {
        parts.push(format!(
            "{} they approved themselves",
            count(approvals as i64, "waiver", "waivers")
        ));
    }
    let what = if parts.is_empty() {
        "approvals that pass to the next head of their department".to_string()
    } else {
        crate::rules::tool::join_words(&parts)
    };
    let name = first_name(person);
    if person.has_left {
        let on = person
            .left
            .as_deref()
            .and_then(|d| d.parse().ok())
            .map(|d| format!(" on {}", crate::words::long_date(d)))
            .unwrap_or_default();
        format!("{name} left{on}, and still has {what}.")
    } else {
        format!("Before {name} leaves: {what}.")
    }
}

/// "Chat (chat), Wiki (wiki)". Approvals given as a department's head are grouped under it:
/// "as head of Legal: Privacy (privacy), Data Export (data-export)".
fn held_list(items: &[Held]) -> String {
    let name = |item: &Held| match (item.kind, &item.name) {
        ("waiver", _) => format!("the waiver for {} in {}", item.id, item.path),
        (_, Some(name)) => format!("{name} ({})", item.id),
        (_, None) => item.id.clone(),
    };
    let mut groups: Vec<(Option<&Held>, Vec<String>)> = Vec::new();
    for item in items {
        let key = item.via.as_ref().map(|_| item);
        match groups
            .iter_mut()
            .find(|(via, _)| via.map(|v| &v.via) == key.map(|k| &k.via))
        {
            Some((_, names)) => names.push(name(item)),
            None => groups.push((key, vec![name(item)])),
        }
    }
    groups.sort_by_key(|(via, _)| via.is_some());
    groups
        .into_iter()
        .map(|(via, names)| match via {
            Some(via) => format!(
                "as head of {}: {}",
                via.via_name
                    .as_deref()
                    .or(via.via.as_deref())
                    .unwrap_or_default(),
                names.join(", ")
            ),
            None => names.join(", "),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// "Nothing to hand over: Ben Okoro (ben), Cy (cy)."
fn nothing_line(report: &PeopleReport) -> Option<String> {
    let names: Vec<String> = report
        .people
        .iter()
        .filter(|p| p.holds_nothing())
        .map(|p| match &p.name {
            Some(name) => format!("{name} ({})", p.id),
            None => p.id.clone(),
        })
        .collect();
    (!names.is_empty()).then(|| format!("Nothing to hand over: {}.", names.join(", ")))
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
