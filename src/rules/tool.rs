//! Rules about tools: someone owns them, we know how to leave them, someone reviews them,
//! and the department that owns them pays for them.

use std::collections::HashMap;

use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::{Budget, LineRef, Tool};
use crate::money;
use crate::rule::Severity::{Error, Warning};
use crate::rule::declare_rules;
use crate::words;

declare_rules! {
    pub static NO_OWNER: Rule = Rule {
        code: "tool/no-owner",
        severity: Error,
        summary: "A tool that is in use has no owner.",
        what: "Reports tools that are not retired and have no `owner`.",
        why: "Every tool needs one person who answers for it: who renews it, who decides who gets access, who notices when it is no longer needed.",
        example: "name = \"Mailchimp\"\nstatus = \"approved\"\ndepartment = \"communications\"",
        fix: "name = \"Mailchimp\"\nstatus = \"approved\"\ndepartment = \"communications\"\nowner = \"maria-lopez\"",
    };

    pub static NO_EXIT_PLAN: Rule = Rule {
        code: "tool/no-exit-plan",
        severity: Error,
        summary: "A tool that is in use has no exit plan, or only a placeholder such as \"TBD\".",
        what: "Reports tools that are not retired and have no `[exit_plan]`, or whose `data_export` is empty or a placeholder (TBD, todo, n/a, -, ?, none).",
        why: "The data matters more than the tool. If we cannot say how our data gets out, leaving the vendor (a price rise, a shutdown, a breach) becomes a crisis.",
        example: "[exit_plan]\ndata_export = \"TBD\"",
        fix: "[exit_plan]\ndata_export = \"Audience > Export audience: CSV of all contacts with tags\"\nexport_formats = [\"CSV\"]\nalternatives = [\"Buttondown\"]\nlast_tested = 2026-05-02",
    };

    pub static EXIT_PLAN_INCOMPLETE: Rule = Rule {
        code: "tool/exit-plan-incomplete",
        severity: Warning,
        summary: "An exit plan lacks export formats, alternatives, or a recent test.",
        what: "Reports exit plans with no `export_formats`, no `alternatives`, or a `last_tested` date that is missing or more than 2 years old.",
        why: "An export that was never tried may not work on the day it is needed, and knowing where we could go makes leaving a decision rather than a scramble.",
        example: "[exit_plan]\ndata_export = \"Settings > Export > CSV\"",
        fix: "[exit_plan]\ndata_export = \"Settings > Export > CSV\"\nexport_formats = [\"CSV\"]\nalternatives = [\"Airtable\"]\nlast_tested = 2026-04-10",
    };

    pub static OWNER_LEFT: Rule = Rule {
        code: "tool/owner-left",
        severity: Error,
        summary: "A tool's owner or backup owner has left the organization.",
        what: "Reports tools in use whose `owner` or `backup_owner` has a `left` date in org.toml on or before today.",
        why: "When an owner leaves, nobody is watching the tool: renewals, access for new staff, and removing access for people who leave all stall.",
        example: "owner = \"sam-reed\"  # org.toml: [people.sam-reed] left = 2026-02-28",
        fix: "owner = \"maria-lopez\"",
    };

    pub static NO_BACKUP_OWNER: Rule = Rule {
        code: "tool/no-backup-owner",
        severity: Warning,
        summary: "An approved tool depends on one person.",
        what: "Reports approved tools with no `backup_owner`, or whose backup owner is the owner.",
        why: "Holidays, sick leave and departures happen; a second person who knows the tool keeps it running.",
        example: "owner = \"maria-lopez\"",
        fix: "owner = \"maria-lopez\"\nbackup_owner = \"dev-patel\"",
    };

    pub static REVIEW_OVERDUE: Rule = Rule {
        code: "tool/review-overdue",
        severity: Warning,
        summary: "A tool has not been reviewed within the review interval (12 months by default).",
        what: "Reports tools in use whose `last_reviewed` date (or, if never reviewed, `approved_on`) is older than `tool_review_months` in steward.toml.",
        why: "Needs change: a regular look catches tools nobody uses any more, prices that crept up, and access that should have been removed.",
        example: "last_reviewed = 2024-01-15",
        fix: "last_reviewed = 2026-10-01",
    };

    pub static UNBUDGETED: Rule = Rule {
        code: "tool/unbudgeted",
        severity: Error,
        summary: "A tool has a cost but no budget line pays for it.",
        what: "Reports tools in use with a `[cost]` above zero and no `budget_line`; and a recurring cost whose contract renews (`[contract]` `renews_on`) in a fiscal year that has budgets, none of which has a line for the tool (a line with `tool = \"<id>\"`, or the one `budget_line` names). A fiscal year is matched to a budget folder named by the calendar year of the renewal (`budgets/2027/`). (A `budget_line` that points at nothing is reported as ref/unknown-budget-line.)",
        why: "Spending that is in no budget surprises someone at renewal time; technology costs belong in the owning department's budget.",
        example: "[cost]\namount = 17\ncurrency = \"USD\"\nperiod = \"month\"",
        fix: "[cost]\namount = 17\ncurrency = \"USD\"\nperiod = \"month\"\nbudget_line = \"2026/communications#email-marketing\"",
    };

    pub static BUDGETED_ELSEWHERE: Rule = Rule {
        code: "tool/budgeted-elsewhere",
        severity: Warning,
        summary: "A tool is paid from another department's budget than the department that owns it.",
        what: "Reports tools whose `budget_line` is in the budget of a department other than the tool's `department`.",
        why: "Departments choose and own their tools, so the spending belongs in their budget as software, hardware and service lines, not in one IT line that hides what each department really spends.",
        example: "department = \"fundraising\"\n\n[cost]\namount = 3000\ncurrency = \"USD\"\nperiod = \"year\"\nbudget_line = \"2026/it#software\"",
        fix: "department = \"fundraising\"\n\n[cost]\namount = 3000\ncurrency = \"USD\"\nperiod = \"year\"\nbudget_line = \"2026/fundraising#donor-crm\"",
    };

    pub static RETIRED_STILL_FUNDED: Rule = Rule {
        code: "tool/retired-still-funded",
        severity: Warning,
        summary: "A retired tool still has a recurring budget line.",
        what: "Reports retired tools that a recurring budget line still pays for (a line with `tool = \"<id>\"` and `recurring = true`, or the line the tool's own `budget_line` names).",
        why: "Money set aside for a tool nobody uses can go elsewhere, and a forgotten subscription keeps billing.",
        example: "# budgets/2026/hr.toml\n[[line]]\nid = \"old-survey-tool\"\ncategory = \"software\"\namount = 600\ntool = \"surveyapp\"\nrecurring = true",
        fix: "# remove the line, or mark it as a final payment\n[[line]]\nid = \"old-survey-tool\"\ncategory = \"software\"\namount = 600\ntool = \"surveyapp\"\nrecurring = false",
    };
}

/// Values that mean "we have not thought about it yet".
const PLACEHOLDERS: &[&str] = &[
    "tbd", "todo", "to do", "n/a", "na", "-", "?", "none", "tba", "later",
];

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let funded = recurring_lines_by_tool(ctx);
    for tool in ctx.tree.tools.values() {
        if tool.is_retired() {
            retired_still_funded(ctx, tool, &funded, out);
            continue;
        }
        no_owner(tool, out);
        no_exit_plan(tool, out);
        exit_plan_incomplete(ctx, tool, out);
        owner_left(ctx, tool, out);
        no_backup_owner(tool, out);
        review_overdue(ctx, tool, out);
        unbudgeted(ctx, tool, out);
        unbudgeted_renewal(ctx, tool, out);
        budgeted_elsewhere(ctx, tool, out);
    }
}

fn push(
    out: &mut Vec<Finding>,
    rule: &'static Rule,
    tool: &Tool,
    pointer: &str,
    message: String,
    help: String,
) {
    out.push(Finding::new(
        rule,
        tool.entity.at(pointer),
        tool.entity.subject(pointer),
        message,
        help,
    ));
}

/// `tool/no-owner`
fn no_owner(tool: &Tool, out: &mut Vec<Finding>) {
    if tool.entity.malformed("/owner", &tool.owner) {
        return;
    }
    if tool.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
        push(
            out,
            &NO_OWNER,
            tool,
            "/owner",
            format!("{} has no owner", tool.display_name()),
            format!(
                "Name the person who answers for {} (usually whoever asked for it). In {}: owner = \"<person id>\" (people are listed in org.toml)",
                tool.plain_name(),
                tool.entity.shown_path()
            ),
        );
    }
}

/// Whether an exit plan's text is empty or only a placeholder such as "TBD" (shared with
/// `steward report` and `steward new`, so that they agree with this rule).
pub fn is_placeholder(text: &str) -> bool {
    let normal = text.trim().trim_end_matches('.').to_lowercase();
    normal.is_empty() || PLACEHOLDERS.contains(&normal.as_str())
}

/// `tool/no-exit-plan`
fn no_exit_plan(tool: &Tool, out: &mut Vec<Finding>) {
    let help = format!(
        "Write down, step by step, how our data gets out of {} if we leave it (for example \"Settings > Export > CSV of all records\"). In {}, under [exit_plan]: data_export = \"...\"",
        tool.plain_name(),
        tool.entity.shown_path()
    );
    // `exit_plan = "TBD"` or `data_export = 5`: the schema reports the type.
    let entity = &tool.entity;
    if entity.doc.get("/exit_plan").is_some_and(|v| !v.is_object())
        || tool
            .exit_plan
            .as_ref()
            .is_some_and(|plan| entity.malformed("/exit_plan/data_export", &plan.data_export))
    {
        return;
    }
    match &tool.exit_plan {
        None => push(
            out,
            &NO_EXIT_PLAN,
            tool,
            "/exit_plan",
            format!("{} has no exit plan", tool.display_name()),
            help,
        ),
        Some(plan) => match plan.data_export.as_deref() {
            None => push(
                out,
                &NO_EXIT_PLAN,
                tool,
                "/exit_plan/data_export",
                format!(
                    "the exit plan of {} does not say how the data gets out",
                    tool.display_name()
                ),
                help,
            ),
            Some(text) if is_placeholder(text) => push(
                out,
                &NO_EXIT_PLAN,
                tool,
                "/exit_plan/data_export",
                if text.trim().is_empty() {
                    format!(
                        "the exit plan of {} has an empty data_export",
                        tool.display_name()
                    )
                } else {
                    format!(
                        "the exit plan of {} is only a placeholder (\"{}\")",
                        tool.display_name(),
                        text.trim()
                    )
                },
                help,
            ),
            Some(_) => {}
        },
    }
}

/// `tool/exit-plan-incomplete` (only when the plan itself exists and is real; otherwise
/// tool/no-exit-plan already says so).
fn exit_plan_incomplete(ctx: &Context<'_>, tool: &Tool, out: &mut Vec<Finding>) {
    let Some(plan) = &tool.exit_plan else { return };
    if plan.data_export.as_deref().is_none_or(is_placeholder) {
        return;
    }
    let entity = &tool.entity;
    let mut missing = Vec::new();
    if entity.list_is_empty("/exit_plan/export_formats") {
        missing.push("export_formats (the file formats the data comes out in)".to_string());
    }
    if entity.list_is_empty("/exit_plan/alternatives") {
        missing.push("alternatives (tools we could move to)".to_string());
    }
    match plan.last_tested {
        None if entity.malformed("/exit_plan/last_tested", &plan.last_tested) => {}
        None => missing.push("last_tested (the export has never been tried)".to_string()),
        Some(date) if plan.test_due().is_some_and(|due| due < ctx.today) => missing.push(format!(
            "a recent test (last_tested {date} is more than 2 years ago)"
        )),
        Some(_) => {}
    }
    if !missing.is_empty() {
        push(
            out,
            &EXIT_PLAN_INCOMPLETE,
            tool,
            "/exit_plan",
            format!(
                "the exit plan of {} is missing {}",
                tool.display_name(),
                join_words(&missing)
            ),
            format!(
                "Try the export once, then write down the day you did, the file formats it gave and the tools we could move to. In {}, under [exit_plan]: last_tested, export_formats, alternatives",
                tool.entity.shown_path()
            ),
        );
    }
}

/// `tool/owner-left`
fn owner_left(ctx: &Context<'_>, tool: &Tool, out: &mut Vec<Finding>) {
    for (pointer, role, id) in [
        ("/owner", "owner", &tool.owner),
        ("/backup_owner", "backup owner", &tool.backup_owner),
    ] {
        let Some(id) = id else { continue };
        let Some(person) = ctx.tree.person(id) else {
            continue;
        };
        if !person.has_left(ctx.today) {
            continue;
        }
        let left = person.left.map(|d| d.to_string()).unwrap_or_default();
        let mut finding = Finding::new(
            &OWNER_LEFT,
            tool.entity.at(pointer),
            tool.entity.subject(pointer),
            format!(
                "the {role} of {}, {}, left the organization on {left}",
                tool.display_name(),
                ctx.tree.person_name(id)
            ),
            format!(
                "Ask the department to name a new {role} for {} who is still here. In {}: {} = \"<person id>\"",
                tool.plain_name(),
                tool.entity.shown_path(),
                pointer.trim_start_matches('/')
            ),
        );
        if let Some(org) = &ctx.tree.org {
            let left_pointer = format!("{}/left", person.pointer);
            finding = finding.with_label(org.entity.at(&left_pointer), "marked as left here");
        }
        out.push(finding);
    }
}

/// `tool/no-backup-owner`
fn no_backup_owner(tool: &Tool, out: &mut Vec<Finding>) {
    if tool.status.as_deref() != Some("approved")
        || tool.entity.malformed("/backup_owner", &tool.backup_owner)
    {
        return;
    }
    match (&tool.owner, &tool.backup_owner) {
        (_, None) => push(
            out,
            &NO_BACKUP_OWNER,
            tool,
            "/backup_owner",
            format!("{} has no backup owner", tool.display_name()),
            format!(
                "Name a second person who can look after {} when the owner is away or leaves. In {}: backup_owner = \"<person id>\"",
                tool.plain_name(),
                tool.entity.shown_path()
            ),
        ),
        (Some(owner), Some(backup)) if owner == backup => push(
            out,
            &NO_BACKUP_OWNER,
            tool,
            "/backup_owner",
            format!("the backup owner of {} is the owner", tool.display_name()),
            format!(
                "Name a second person, other than the owner, as the backup. In {}: backup_owner = \"<person id>\"",
                tool.entity.shown_path()
            ),
        ),
        _ => {}
    }
}

/// `tool/review-overdue`
fn review_overdue(ctx: &Context<'_>, tool: &Tool, out: &mut Vec<Finding>) {
    if tool.entity.malformed("/last_reviewed", &tool.last_reviewed)
        || tool.entity.malformed("/approved_on", &tool.approved_on)
    {
        return;
    }
    let schedule = tool.review_schedule(ctx.config.tool_review_months);
    if !schedule.is_overdue(ctx.today) {
        return;
    }
    let pointer = schedule.counted_from;
    let message = match (schedule.since, schedule.due()) {
        (Some(date), Some(due)) => {
            let what = if schedule.was_reviewed() {
                "last reviewed"
            } else {
                "approved, and never reviewed since,"
            };
            format!(
                "{} was {what} on {}; a review was due by {}, and it is now {}",
                tool.display_name(),
                words::long_date(date),
                words::long_date(due),
                words::how_late(due, ctx.today)
            )
        }
        _ => format!("{} has never been reviewed", tool.display_name()),
    };
    push(
        out,
        &REVIEW_OVERDUE,
        tool,
        pointer,
        message,
        format!(
            "Check that {} is still needed, that its owner is right and that its export still works; once it has been reviewed, record the day of the review in {}: last_reviewed = {}",
            tool.plain_name(),
            tool.entity.shown_path(),
            ctx.today
        ),
    );
}

/// `tool/unbudgeted`
fn unbudgeted(ctx: &Context<'_>, tool: &Tool, out: &mut Vec<Finding>) {
    let Some(cost) = &tool.cost else { return };
    if cost.budget_line.is_some()
        || tool
            .entity
            .malformed("/cost/budget_line", &cost.budget_line)
        || cost.amount.is_some_and(|a| a.is_zero())
    {
        return;
    }
    // An amount that cannot be read may be above zero: it still needs a budget line.
    let costs = match cost.amount {
        Some(amount) => {
            let amount = money::format(amount, cost.currency.as_deref());
            format!(
                "costs {}",
                money::with_period(&amount, cost.period.as_deref())
            )
        }
        None => "has a cost steward cannot read,".to_string(),
    };
    let department = tool.department.as_deref().unwrap_or("<department>");
    push(
        out,
        &UNBUDGETED,
        tool,
        "/cost",
        format!(
            "{} {costs} but no budget line pays for it",
            tool.display_name()
        ),
        format!(
            "Agree with whoever holds the {} budget which of its lines pays for {}; then in {}, under [cost]: budget_line = \"<fiscal-year>/{department}#<line-id>\"",
            tool.department
                .as_deref()
                .map_or_else(|| "department's".to_string(), |d| department_name(ctx, d)),
            tool.plain_name(),
            tool.entity.shown_path()
        ),
    );
}

/// `tool/unbudgeted`, for the fiscal year of the next renewal: a tool whose contract renews
/// in a year that is budgeted needs a line in that year. Years with no budgets yet are not
/// judged (nobody has planned them), nor are folders not named by a calendar year
/// (`2026-27`: steward does not know when such a year starts).
fn unbudgeted_renewal(ctx: &Context<'_>, tool: &Tool, out: &mut Vec<Finding>) {
    let Some(cost) = &tool.cost else { return };
    // No budget line at all is reported above; a one-time cost does not renew.
    if cost.budget_line.is_none()
        || cost.amount.is_some_and(|a| a.is_zero())
        || cost.period.as_deref() == Some("one-time")
    {
        return;
    }
    let Some(renewal) = tool.renewal(ctx.today).filter(|r| r.renews_on >= ctx.today) else {
        return;
    };
    let year = renewal.renews_on.year().to_string();
    let mut budgets = ctx
        .tree
        .budgets
        .range((year.clone(), String::new())..)
        .take_while(|((fiscal_year, _), _)| *fiscal_year == year)
        .map(|(_, budget)| budget)
        .peekable();
    if budgets.peek().is_none() {
        return;
    }
    let id = tool.entity.id.as_str();
    let own_line = cost.budget_line.as_deref().and_then(LineRef::parse);
    let paid = budgets.any(|budget| {
        budget
            .lines
            .iter()
            .any(|line| line.tool.as_deref() == Some(id))
            || own_line.as_ref().is_some_and(|own| {
                own.fiscal_year == budget.fiscal_year && own.department == budget.department
            })
    });
    if paid {
        return;
    }
    let department = tool.department.as_deref().unwrap_or("<department>");
    push(
        out,
        &UNBUDGETED,
        tool,
        "/contract/renews_on",
        format!(
            "{} renews on {}, in fiscal year {year}, but no line of the {year} budgets pays for it",
            tool.display_name(),
            crate::words::long_date(renewal.renews_on)
        ),
        format!(
            "add a line for it to budgets/{year}/{department}.toml (with tool = \"{id}\"), or give notice before the renewal if the tool is not to be kept"
        ),
    );
}

/// `tool/budgeted-elsewhere`
fn budgeted_elsewhere(ctx: &Context<'_>, tool: &Tool, out: &mut Vec<Finding>) {
    let Some(reference) = tool.cost.as_ref().and_then(|c| c.budget_line.as_deref()) else {
        return;
    };
    let (Some(line_ref), Some(department)) =
        (LineRef::parse(reference), tool.department.as_deref())
    else {
        return;
    };
    // An unknown department is ref/unknown-department's to report, not "another" department.
    if line_ref.department == department
        || (ctx.tree.org_known() && ctx.tree.department(department).is_none())
    {
        return;
    }
    let Some(budget) = ctx
        .tree
        .budgets
        .get(&(line_ref.fiscal_year.clone(), line_ref.department.clone()))
    else {
        return;
    };
    if budget.line(&line_ref.line).is_none() {
        return;
    }
    let finding = Finding::new(
        &BUDGETED_ELSEWHERE,
        tool.entity.at("/cost/budget_line"),
        tool.entity.subject("/cost/budget_line"),
        format!(
            "{} belongs to {} but is paid from the {} budget",
            tool.display_name(),
            department_name(ctx, department),
            department_name(ctx, &line_ref.department)
        ),
        format!(
            "move the spending to a line in budgets/{}/{department}.toml, or make {} the tool's department if it owns the tool",
            line_ref.fiscal_year, line_ref.department
        ),
    )
    .with_label(budget.entity.at("/department"), "this budget belongs to another department");
    out.push(finding);
}

/// A budget line: its budget and its place in the budget's lines.
type LineAt<'t> = (&'t Budget, usize);

/// The recurring budget lines that name a tool (`tool = "..."`), by tool id: found once, not
/// once per retired tool (a large registry has thousands of each).
fn recurring_lines_by_tool<'t>(ctx: &Context<'t>) -> HashMap<&'t str, Vec<LineAt<'t>>> {
    let mut funded: HashMap<&str, Vec<LineAt<'_>>> = HashMap::new();
    for budget in ctx.tree.budgets.values() {
        for (index, line) in budget.lines.iter().enumerate() {
            if let (Some(tool), Some(true)) = (line.tool.as_deref(), line.recurring) {
                funded.entry(tool).or_default().push((budget, index));
            }
        }
    }
    funded
}

/// `tool/retired-still-funded`
fn retired_still_funded(
    ctx: &Context<'_>,
    tool: &Tool,
    funded: &HashMap<&str, Vec<LineAt<'_>>>,
    out: &mut Vec<Finding>,
) {
    // The lines that name the tool, and the tool's own line (its cost.budget_line).
    let mut lines: Vec<LineAt<'_>> = funded
        .get(tool.entity.id.as_str())
        .cloned()
        .unwrap_or_default();
    let own_line = tool
        .cost
        .as_ref()
        .and_then(|c| c.budget_line.as_deref())
        .and_then(LineRef::parse);
    if let Some(own) = own_line
        && let Some(budget) = ctx
            .tree
            .budgets
            .get(&(own.fiscal_year.clone(), own.department.clone()))
    {
        lines.extend(
            budget
                .lines_with_id(&own.line)
                .filter(|&index| budget.lines[index].recurring == Some(true))
                .map(|index| (budget, index)),
        );
    }
    // In budget order, each line once (a line can both name the tool and be its own line).
    lines.sort_by(|(a, i), (b, j)| {
        (&a.fiscal_year, &a.department, i).cmp(&(&b.fiscal_year, &b.department, j))
    });
    lines.dedup_by(|(a, i), (b, j)| std::ptr::eq(*a, *b) && i == j);
    for (budget, index) in lines {
        let line = &budget.lines[index];
        let line_id = line.id.as_deref().unwrap_or("?");
        let finding = Finding::new(
            &RETIRED_STILL_FUNDED,
            tool.entity.at("/status"),
            tool.entity.subject("/status"),
            format!(
                "{} is retired but the {} budget still pays for it every year (line \"{line_id}\")",
                tool.display_name(),
                budget.address()
            ),
            format!(
                "remove line \"{line_id}\" from budgets/{}.toml, or set recurring = false if this is a final payment",
                budget.address()
            ),
        )
        .with_label(budget.entity.at(&line.pointer), "recurring line for the retired tool");
        out.push(finding);
    }
}

pub(crate) fn department_name(ctx: &Context<'_>, id: &str) -> String {
    match ctx.tree.department(id).and_then(|d| d.name.as_deref()) {
        Some(name) => format!("{name} ({id})"),
        None => id.to_string(),
    }
}

/// "a, b and c".
pub(crate) fn join_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
