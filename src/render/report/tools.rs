//! `steward report tools`: the tool registry as one table, in the four text formats. Apart
//! from the other kinds because its columns (owners, exit plan, DPA, accessibility, cost) are
//! its own.

use serde_json::json;

use super::{NONE, cost_text, finish_csv, markdown_table, plain, pretty, table, write_csv, yes_no};
use crate::money;
use crate::render::markdown::escape;
use crate::render::terminal::finish;
use crate::render::visible::one_line;
use crate::report::{PersonRef, ToolRow, ToolsReport};

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
