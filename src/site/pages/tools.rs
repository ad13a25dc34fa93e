//! The tool registry: a table of every tool (filterable by department, status and what is
//! missing, and sortable, by the site's script; complete without it), and one page per tool
//! with every field in words, its budget line, the policies that govern it, its findings and
//! its history.

use rayon::prelude::*;
use serde::Serialize;

use super::{Page, findings_of, propose_link};
use crate::layout::Kind;
use crate::model::{LineRef, Tool};
use crate::money;
use crate::report::{Missing, ToolRow};
use crate::site::fields::{FieldGroup, field_groups};
use crate::site::gather::{Site, department_ids};
use crate::site::view::{ChangeView, Fact, FindingView, Part, Words, short};
use crate::words::{days_from, long_date, money_per_period};

/// How a status reads.
pub fn status_words(status: Option<&str>) -> String {
    match status {
        Some("approved") => "Approved: use freely".to_string(),
        Some("trial") => "On trial: being evaluated".to_string(),
        Some("restricted") => "Restricted: only with permission".to_string(),
        Some("retired") => "Retired: no longer used".to_string(),
        Some(other) => short(other),
        None => "No status given".to_string(),
    }
}

fn status_short(status: Option<&str>) -> String {
    match status {
        Some("approved") => "Approved".to_string(),
        Some("trial") => "Trial".to_string(),
        Some("restricted") => "Restricted".to_string(),
        Some("retired") => "Retired".to_string(),
        Some(other) => short(other),
        None => "none".to_string(),
    }
}

#[derive(Serialize)]
struct Index {
    count: usize,
    rows: Vec<Row>,
    departments: Vec<Choice>,
    statuses: Vec<Choice>,
    totals: Vec<String>,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct Row {
    link: Part,
    department: Part,
    department_id: String,
    status: String,
    status_id: String,
    owner: Words,
    backup: Words,
    cost: String,
    /// A number to sort by (0 when unknown).
    cost_value: String,
    renewal: String,
    renewal_value: String,
    exit_plan: String,
    classification: String,
    /// `owner exit-plan`: what the "missing" filter looks for.
    missing: String,
}

pub fn index(site: &Site<'_>) -> Page {
    let root = "../";
    let rows: Vec<Row> = site
        .tools
        .tools
        .iter()
        .map(|row| index_row(site, root, row))
        .collect();
    let mut statuses: Vec<String> = site
        .tools
        .tools
        .iter()
        .filter_map(|r| r.status.clone())
        .collect();
    statuses.sort();
    statuses.dedup();
    let model = Index {
        count: rows.len(),
        rows,
        departments: department_ids(site.tree)
            .into_iter()
            .filter(|id| {
                site.tree
                    .tools
                    .values()
                    .any(|t| t.department.as_ref() == Some(id))
            })
            .map(|id| Choice {
                label: site.department_name(&id),
                value: id,
            })
            .collect(),
        statuses: statuses
            .into_iter()
            .map(|s| Choice {
                label: status_short(Some(&s)),
                value: s,
            })
            .collect(),
        totals: site
            .tools
            .per_year
            .iter()
            .map(|t| {
                format!(
                    "{} a year",
                    money::format_known(t.amount, t.currency.as_deref())
                )
            })
            .collect(),
    };
    Page::new(
        "tools/index.html".to_string(),
        "tools.html",
        "Tools".to_string(),
        "tools",
        &model,
    )
}

fn index_row(site: &Site<'_>, root: &str, row: &ToolRow) -> Row {
    let tool = site.tree.tools.get(&row.id).map(Box::as_ref);
    let per_year = row.cost.as_ref().and_then(|c| c.per_year);
    let cost = match &row.cost {
        Some(c) if c.per_year.is_some() => money_per_period(
            per_year.unwrap_or_default(),
            c.currency.as_deref(),
            Some("year"),
        ),
        Some(c) => match c.amount {
            Some(a) => money_per_period(a, c.currency.as_deref(), c.period.as_deref()),
            None => "unknown".to_string(),
        },
        None => "no cost given".to_string(),
    };
    let renewal = tool.and_then(|t| t.renewal(site.today));
    let missing: Vec<&str> = [(Missing::Owner, "owner"), (Missing::ExitPlan, "exit-plan")]
        .iter()
        .filter(|(m, _)| row.lacks(*m))
        .map(|(_, word)| *word)
        .collect();
    Row {
        link: site.tool_link(root, &row.id),
        department: row
            .department
            .as_deref()
            .map_or(Part::text("none"), |d| site.department_link(root, d)),
        department_id: row.department.clone().unwrap_or_default(),
        status: status_short(row.status.as_deref()),
        status_id: row.status.clone().unwrap_or_default(),
        owner: row
            .owner
            .as_deref()
            .map_or(vec![Part::text("nobody")], |o| site.person_link(root, o)),
        backup: row
            .backup_owner
            .as_deref()
            .map_or(vec![Part::text("nobody")], |o| site.person_link(root, o)),
        cost,
        cost_value: per_year.map_or("0".to_string(), |a| a.normalize().to_string()),
        renewal: renewal
            .as_ref()
            .map_or("none".to_string(), |r| long_date(r.renews_on)),
        renewal_value: renewal
            .as_ref()
            .map_or(String::new(), |r| r.renews_on.to_string()),
        exit_plan: exit_plan_words(tool, row.exit_plan),
        classification: tool
            .and_then(|t| t.entity.str("/data_classification"))
            .map_or("not given".to_string(), |c| short(&c)),
        missing: missing.join(" "),
    }
}

fn exit_plan_words(tool: Option<&Tool>, has_plan: bool) -> String {
    if !has_plan {
        return "none".to_string();
    }
    match tool
        .and_then(|t| t.exit_plan.as_ref())
        .and_then(|p| p.last_tested)
    {
        Some(date) => format!("tested {}", long_date(date)),
        None => "never tested".to_string(),
    }
}

#[derive(Serialize)]
struct ToolPage {
    name: String,
    description: Option<String>,
    status: String,
    facts: Vec<Fact>,
    policies: Vec<Part>,
    findings: Vec<FindingView>,
    history: Vec<ChangeView>,
    history_note: Option<String>,
    fields: Vec<FieldGroup>,
    id: String,
    file: String,
    edit: Option<Part>,
    propose: Part,
}

/// One page per tool, built in parallel.
pub fn pages(site: &Site<'_>) -> Vec<Page> {
    let tools: Vec<&Tool> = site.tree.tools.values().map(Box::as_ref).collect();
    tools.par_iter().map(|tool| page(site, tool)).collect()
}

fn page(site: &Site<'_>, tool: &Tool) -> Page {
    let root = "../";
    let id = tool.entity.id.as_str();
    let model = ToolPage {
        name: tool.plain_name().to_string(),
        description: tool.entity.str("/description"),
        status: status_words(tool.status.as_deref()),
        facts: facts(site, root, tool),
        policies: site
            .policies_by_tool
            .get(id)
            .into_iter()
            .flatten()
            .map(|p| site.policy_link(root, &p.entity.id))
            .collect(),
        findings: findings_of(site, &tool.entity.path),
        history: site.history_of(Kind::Tool, id).to_vec(),
        history_note: site.history_note.clone(),
        fields: field_groups(site, root, &tool.entity, &[]),
        id: id.to_string(),
        file: tool.entity.shown_path().to_string(),
        edit: site.edit_link(&tool.entity.path),
        propose: propose_link(root),
    };
    Page::new(
        site.tool_pages[id].clone(),
        "tool.html",
        short(tool.plain_name()),
        "tools",
        &model,
    )
}

/// What a committee asks first about a tool, in words.
fn facts(site: &Site<'_>, root: &str, tool: &Tool) -> Vec<Fact> {
    let today = site.today;
    let mut facts = Vec::new();
    let person = |id: &Option<String>| match id.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(id) => site.person_link(root, id),
        None => vec![Part::text("nobody")],
    };
    facts.push(Fact::new(
        "Department",
        vec![
            tool.department
                .as_deref()
                .map_or(Part::text("none given"), |d| site.department_link(root, d)),
        ],
    ));
    facts.push(Fact::new("Owner", person(&tool.owner)));
    facts.push(Fact::new("Backup owner", person(&tool.backup_owner)));
    let cost = match &tool.cost {
        Some(cost) => match cost.amount {
            Some(amount) => {
                let mut words =
                    money_per_period(amount, cost.currency.as_deref(), cost.period.as_deref());
                if cost.period.as_deref() == Some("month")
                    && let Some(year) = tool.cost_per_year()
                {
                    words.push_str(&format!(
                        " ({})",
                        money_per_period(year, cost.currency.as_deref(), Some("year"))
                    ));
                }
                words
            }
            None => "an amount steward cannot read".to_string(),
        },
        None => "no cost given".to_string(),
    };
    facts.push(Fact::text("Cost", cost));
    if let Some(reference) = tool.cost.as_ref().and_then(|c| c.budget_line.as_deref()) {
        facts.push(Fact::new("Paid from", budget_line(site, root, reference)));
    }
    if let Some(renewal) = tool.renewal(today) {
        let text = match (renewal.auto_renews, renewal.notice_by) {
            (true, Some(by)) => format!(
                "Renews by itself on {} ({}); to cancel, give notice by {} ({}).",
                long_date(renewal.renews_on),
                days_from(today, renewal.renews_on),
                long_date(by),
                days_from(today, by)
            ),
            (true, None) => format!(
                "Renews by itself on {} ({}).",
                long_date(renewal.renews_on),
                days_from(today, renewal.renews_on)
            ),
            (false, _) => format!(
                "The contract ends on {} ({}).",
                long_date(renewal.renews_on),
                days_from(today, renewal.renews_on)
            ),
        };
        facts.push(Fact::text("Contract", text));
    }
    let exit = match &tool.exit_plan {
        None => "No exit plan: nobody has written down how to get the data out.".to_string(),
        Some(plan) => match (plan.last_tested, plan.test_due()) {
            (Some(tested), Some(due)) => format!(
                "Last tried on {}; next try due {} ({}).",
                long_date(tested),
                long_date(due),
                days_from(today, due)
            ),
            _ => "Written down, but never tried.".to_string(),
        },
    };
    facts.push(Fact::text("Exit plan", exit));
    let schedule = tool.review_schedule(site.config.tool_review_months);
    let review = match (tool.last_reviewed, schedule.due()) {
        (Some(last), Some(due)) => format!(
            "Last reviewed on {}; next review due {} ({}).",
            long_date(last),
            long_date(due),
            days_from(today, due)
        ),
        (None, Some(due)) => format!(
            "Never reviewed; first review due {} ({}).",
            long_date(due),
            days_from(today, due)
        ),
        _ => "Never reviewed, and no date of approval: a review is due now.".to_string(),
    };
    facts.push(Fact::text("Review", review));
    facts.push(Fact::text(
        "Most sensitive data",
        tool.entity
            .str("/data_classification")
            .map_or("not given".to_string(), |c| short(&c)),
    ));
    facts
}

/// The budget line a tool's cost names: its description and amount, linked to it.
fn budget_line(site: &Site<'_>, root: &str, reference: &str) -> Words {
    let Some(line_ref) = LineRef::parse(reference) else {
        return vec![Part::text(format!(
            "{} (not a budget line reference)",
            short(reference)
        ))];
    };
    let budget = site
        .tree
        .budgets
        .get(&(line_ref.fiscal_year.clone(), line_ref.department.clone()));
    let line = budget.and_then(|b| b.line(&line_ref.line));
    let href = site.budget_line_href(
        root,
        &line_ref.fiscal_year,
        &line_ref.department,
        &line_ref.line,
    );
    match (line, href) {
        (Some(line), Some(href)) => {
            let what = line
                .description
                .as_deref()
                .or(line.id.as_deref())
                .unwrap_or(reference);
            let amount =
                money::format_known(line.amount, budget.and_then(|b| b.currency.as_deref()));
            vec![
                Part::link(short(what), href),
                Part::text(format!(
                    ", {amount} in the {} budget for {}",
                    site.department_name(&line_ref.department),
                    line_ref.fiscal_year
                )),
            ]
        }
        _ => vec![Part::text(format!(
            "{} (no such budget line)",
            short(reference)
        ))],
    }
}
