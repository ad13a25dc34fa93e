//! Rules about budgets: within allocation, one currency, unique lines, exact amounts, filed
//! under the right department and year.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Context, Rule, input};
use crate::finding::Finding;
use crate::layout;
use crate::model::{Budget, Entity, LineRef, Tool};
use crate::money;
use crate::rule::Severity::{Error, Warning};
use crate::rule::declare_rules;

declare_rules! {
    pub static OVER_ALLOCATION: Rule = Rule {
        code: "budget/over-allocation",
        severity: Error,
        summary: "A budget's lines add up to more than its allocation.",
        what: "Reports budgets whose line amounts sum to more than `allocation`, and says by how much.",
        why: "A department cannot spend money it was not given; the gap has to be closed before the budget is approved.",
        example: "allocation = 10000\n\n[[line]]\nid = \"crm\"\ncategory = \"software\"\namount = 12000",
        fix: "allocation = 12000\n\n[[line]]\nid = \"crm\"\ncategory = \"software\"\namount = 12000",
    };

    pub static CURRENCY_MISMATCH: Rule = Rule {
        code: "budget/currency-mismatch",
        severity: Error,
        summary: "A budget line, or a tool cost it pays for, is in another currency than the budget.",
        what: "Reports lines with a `currency` different from their budget's, and tools whose `[cost]` currency differs from the budget their `budget_line` points to.",
        why: "Amounts in different currencies cannot be added up; totals and allocation checks would be wrong.",
        example: "currency = \"USD\"\n\n[[line]]\nid = \"hosting\"\ncategory = \"service\"\namount = 900\ncurrency = \"EUR\"",
        fix: "currency = \"USD\"\n\n[[line]]\nid = \"hosting\"\ncategory = \"service\"\namount = 980",
    };

    pub static DUPLICATE_LINE: Rule = Rule {
        code: "budget/duplicate-line",
        severity: Error,
        summary: "Two lines of a budget have the same id.",
        what: "Reports `[[line]]` tables whose `id` repeats an earlier line's id in the same budget.",
        why: "Tools find the line that pays for them by its id; with two, the money is counted twice or the wrong line is used.",
        example: "[[line]]\nid = \"laptops\"\ncategory = \"hardware\"\namount = 4000\n\n[[line]]\nid = \"laptops\"\ncategory = \"hardware\"\namount = 1200",
        fix: "[[line]]\nid = \"laptops\"\ncategory = \"hardware\"\namount = 4000\n\n[[line]]\nid = \"laptop-docks\"\ncategory = \"hardware\"\namount = 1200",
    };

    pub static AMOUNT_PRECISION: Rule = Rule {
        code: "budget/amount-precision",
        severity: Warning,
        summary: "An amount of money has more than two decimals.",
        what: "Reports amounts (allocations, lines, tool costs) written with more than two decimal places.",
        why: "Money is counted in cents; a third decimal is usually a typo (1200.005 for 1200.50).",
        example: "[cost]\namount = 12.999\ncurrency = \"USD\"\nperiod = \"month\"",
        fix: "[cost]\namount = 13\ncurrency = \"USD\"\nperiod = \"month\"",
    };

    pub static AMOUNT_FORMAT: Rule = Rule {
        code: "budget/amount-format",
        severity: Error,
        summary: "An amount of money is not a plain decimal number, or is too large to be real.",
        what: "Reports allocations, line amounts and tool costs written in hexadecimal, octal or binary (`0x5DC`), with an exponent (`1e3`), as `inf` or `nan`, or above 1,000,000,000,000,000 (10^15). steward reads money only as plain decimals such as 1200 or 1_200.50.",
        why: "A committee reads amounts as they are written; an amount steward cannot read exactly would drop out of every total, so the total it belongs to is shown as unknown until it is fixed, never as a smaller number.",
        example: "[cost]\namount = 0x5DC\ncurrency = \"USD\"\nperiod = \"year\"",
        fix: "[cost]\namount = 1500\ncurrency = \"USD\"\nperiod = \"year\"",
    };

    pub static LINE_OVERCOMMITTED: Rule = Rule {
        code: "budget/line-overcommitted",
        severity: Error,
        summary: "The tools charged to a budget line cost more a year than the line holds.",
        what: "Adds up, for each budget line, the yearly cost of every tool whose `cost.budget_line` names it (a monthly cost times 12; a one-time cost counts whole in the fiscal year of the line), and reports the line when that is more than its `amount`.",
        why: "A line is the money set aside for those tools; when their prices add up to more, the department will overspend it even though the budget as a whole may look fine. A price rise of one tool is how this usually happens.",
        example: "# budgets/2026/communications.toml\n[[line]]\nid = \"design-software\"\ncategory = \"software\"\namount = 1500\n# tools/canva.toml: 1500 a year, tools/figma.toml: 100 a month, both on this line",
        fix: "# budgets/2026/communications.toml\n[[line]]\nid = \"design-software\"\ncategory = \"software\"\namount = 2700",
    };
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for budget in ctx.tree.budgets.values() {
        amount_format(&budget.entity, &money_pointers(budget), out);
        path_mismatch(budget, out);
        over_allocation(budget, out);
        duplicate_line(budget, out);
        line_currency(budget, out);
        precision(budget, out);
    }
    for tool in ctx.tree.tools.values() {
        amount_format(&tool.entity, &["/cost/amount".to_string()], out);
    }
    tool_cost_currency(ctx, out);
    tool_cost_precision(ctx, out);
    line_overcommitted(ctx, out);
}

/// How many of the tools charged to an overcommitted line its message names.
const SHOWN_TOOLS: usize = 5;

/// A tool charged to a line, and what it takes from the line in a year (`None`: its amount
/// or period cannot be read).
type Charge<'t> = (&'t Tool, Option<Decimal>);

/// `budget/line-overcommitted`
fn line_overcommitted(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    // Each tool's line found once: looking every line up against every tool would be
    // quadratic in a large registry.
    let mut charged: BTreeMap<(String, String, String), Vec<Charge<'_>>> = BTreeMap::new();
    for tool in ctx.tree.tools.values().filter(|t| !t.is_retired()) {
        let Some(cost) = &tool.cost else { continue };
        let Some(line_ref) = cost.budget_line.as_deref().and_then(LineRef::parse) else {
            continue;
        };
        let yearly = cost
            .amount
            .and_then(|a| money::charged_per_year(a, cost.period.as_deref()));
        charged
            .entry((line_ref.fiscal_year, line_ref.department, line_ref.line))
            .or_default()
            .push((tool, yearly));
    }
    for ((year, department, line_id), tools) in charged {
        let Some(budget) = ctx.tree.budgets.get(&(year, department)) else {
            continue;
        };
        let Some(index) = budget.lines_with_id(&line_id).next() else {
            continue;
        };
        let line = &budget.lines[index];
        let currency = budget.currency.as_deref();
        // Another currency is budget/currency-mismatch's to report, an unreadable amount
        // budget/amount-format's: the sum would be wrong, so it is not judged.
        let same_currency = tools
            .iter()
            .all(|(t, _)| t.cost.as_ref().and_then(|c| c.currency.as_deref()) == currency);
        let (Some(amount), Some(total), true) = (
            line.amount,
            money::sum(tools.iter().map(|(_, yearly)| *yearly)),
            same_currency,
        ) else {
            continue;
        };
        if total <= amount {
            continue;
        }
        out.push(overcommitted(ctx, budget, line, &tools, amount, total));
    }
}

fn overcommitted(
    ctx: &Context<'_>,
    budget: &Budget,
    line: &crate::model::Line,
    tools: &[Charge<'_>],
    amount: Decimal,
    total: Decimal,
) -> Finding {
    let currency = budget.currency.as_deref();
    let id = line.id.as_deref().unwrap_or("?");
    // The dearest first; a line that a hundred tools name lists five and counts the rest.
    let mut sorted: Vec<&Charge<'_>> = tools.iter().collect();
    sorted.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| a.0.entity.id.cmp(&b.0.entity.id))
    });
    let mut costs: Vec<String> = sorted
        .iter()
        .take(SHOWN_TOOLS)
        .map(|(tool, yearly)| {
            format!(
                "{} {}",
                tool.plain_name(),
                money::format_known(*yearly, currency)
            )
        })
        .collect();
    if sorted.len() > SHOWN_TOOLS {
        costs.push(format!("{} more", sorted.len() - SHOWN_TOOLS));
    }
    let pointer = format!("{}/amount", line.pointer);
    let mut finding = Finding::new(
        &LINE_OVERCOMMITTED,
        budget.entity.at(&pointer),
        budget.entity.subject(&pointer),
        format!(
            "the {id} line of {} {} budget holds {}, but the tools charged to it cost {} a year ({}): {} over",
            crate::words::possessive(
                ctx.tree
                    .department(&budget.department)
                    .and_then(|d| d.name.as_deref())
                    .unwrap_or(&budget.department)
            ),
            budget.fiscal_year,
            money::format(amount, currency),
            money::format(total, currency),
            super::tool::join_words(&costs),
            money::format(total - amount, currency),
        ),
        format!(
            "raise the line's amount to at least {}, move a tool to another line, or agree a lower price",
            money::format(total, currency)
        ),
    );
    for (tool, _) in tools {
        finding = finding.with_label(
            tool.entity.at("/cost/budget_line"),
            "charged to the line here",
        );
    }
    finding
}

/// Where a budget holds money: its allocation and each line's amount.
fn money_pointers(budget: &Budget) -> Vec<String> {
    std::iter::once("/allocation".to_string())
        .chain(budget.lines.iter().map(|l| format!("{}/amount", l.pointer)))
        .collect()
}

/// `budget/amount-format`
fn amount_format(entity: &Entity, pointers: &[String], out: &mut Vec<Finding>) {
    for pointer in pointers {
        let Some(Err(problem)) = entity.money_literal(pointer) else {
            continue;
        };
        let written = entity.doc.raw(pointer).unwrap_or_default().trim();
        // A literal of a million digits is still one number: quote its start.
        let written = match written.char_indices().nth(40) {
            Some((cut, _)) => format!("{}…", &written[..cut]),
            None => written.to_string(),
        };
        let plain = entity
            .doc
            .get(pointer)
            .and_then(|v| v.as_i64())
            .and_then(|n| crate::money::read(&n.to_string()).ok())
            .filter(|_| problem == crate::money::Unreadable::Radix);
        let help = match plain {
            Some(amount) => format!("write it as a plain number: {amount}"),
            None => "write it as a plain number of the currency's units, such as 1200 or 1200.50 (at most 1,000,000,000,000,000)".to_string(),
        };
        out.push(Finding::new(
            &AMOUNT_FORMAT,
            entity.at(pointer),
            entity.subject(pointer),
            format!(
                "the amount {written} {}; until it is a plain decimal number, the totals it belongs to are unknown",
                problem.reason()
            ),
            help,
        ));
    }
}

/// `budget/over-allocation`
fn over_allocation(budget: &Budget, out: &mut Vec<Finding>) {
    let Some(allocation) = budget.allocation else {
        return;
    };
    // An unknown total (an amount that cannot be read) is reported where the amount is.
    let Some(total) = budget.total() else {
        return;
    };
    if total <= allocation {
        return;
    }
    let currency = budget.currency.as_deref();
    out.push(Finding::new(
        &OVER_ALLOCATION,
        budget.entity.at("/allocation"),
        budget.entity.subject("/allocation"),
        format!(
            "the {} budget's lines add up to {}, which is {} over its allocation of {}",
            budget.address(),
            money::format(total, currency),
            money::format(total - allocation, currency),
            money::format(allocation, currency)
        ),
        "lower or remove lines, or raise the allocation if it was approved".to_string(),
    ));
}

/// `budget/duplicate-line`
fn duplicate_line(budget: &Budget, out: &mut Vec<Finding>) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for line in &budget.lines {
        let Some(id) = line.id.as_deref() else {
            continue;
        };
        if let Some(first) = seen.get(id) {
            let pointer = format!("{}/id", line.pointer);
            out.push(
                Finding::new(
                    &DUPLICATE_LINE,
                    budget.entity.at(&pointer),
                    budget.entity.subject(&pointer),
                    format!(
                        "the {} budget has two lines with the id \"{id}\"",
                        budget.address()
                    ),
                    "give each line its own id, or merge the two lines into one".to_string(),
                )
                .with_label(budget.entity.at(&format!("{first}/id")), "first used here"),
            );
        } else {
            seen.insert(id, &line.pointer);
        }
    }
}

/// `budget/currency-mismatch` for lines.
fn line_currency(budget: &Budget, out: &mut Vec<Finding>) {
    let Some(currency) = budget.currency.as_deref() else {
        return;
    };
    for line in &budget.lines {
        let Some(line_currency) = line.currency.as_deref() else {
            continue;
        };
        if line_currency != currency {
            let pointer = format!("{}/currency", line.pointer);
            out.push(Finding::new(
                &CURRENCY_MISMATCH,
                budget.entity.at(&pointer),
                budget.entity.subject(&pointer),
                format!(
                    "line \"{}\" is in {line_currency} but the {} budget is in {currency}",
                    line.id.as_deref().unwrap_or("?"),
                    budget.address()
                ),
                format!("convert the amount to {currency} and remove the line's currency"),
            ));
        }
    }
}

/// `budget/currency-mismatch` for tool costs paid from a budget.
fn tool_cost_currency(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for tool in ctx.tree.tools.values() {
        let Some(cost) = &tool.cost else { continue };
        let (Some(currency), Some(line_ref)) = (
            cost.currency.as_deref(),
            cost.budget_line.as_deref().and_then(LineRef::parse),
        ) else {
            continue;
        };
        let Some(budget) = ctx
            .tree
            .budgets
            .get(&(line_ref.fiscal_year.clone(), line_ref.department.clone()))
        else {
            continue;
        };
        let Some(budget_currency) = budget.currency.as_deref() else {
            continue;
        };
        if budget.line(&line_ref.line).is_some() && currency != budget_currency {
            out.push(
                Finding::new(
                    &CURRENCY_MISMATCH,
                    tool.entity.at("/cost/currency"),
                    tool.entity.subject("/cost/currency"),
                    format!(
                        "{} costs {currency} but is paid from the {} budget, which is in {budget_currency}",
                        tool.display_name(),
                        budget.address()
                    ),
                    format!("state the cost in {budget_currency} (the amount the budget actually pays)"),
                )
                .with_label(budget.entity.at("/currency"), "the budget's currency"),
            );
        }
    }
}

/// `id/mismatch`: the budget's own fields disagree with its path.
fn path_mismatch(budget: &Budget, out: &mut Vec<Finding>) {
    // A file name that is not an id (`IT.toml`) is id/invalid's to report; when renaming it
    // as id/invalid suggests makes it agree, there is no second problem to report.
    let agrees = |field: &str, path: &str| field == path || field == layout::normalize_id(path);
    if let Some(department) = budget.entity.str("/department")
        && !agrees(&department, &budget.department)
    {
        out.push(Finding::new(
            &input::ID_MISMATCH,
            budget.entity.at("/department"),
            budget.entity.subject("/department"),
            format!(
                "this file is the budget of {} (by its name) but says department = \"{department}\"",
                budget.department
            ),
            format!(
                "set department = \"{}\", or move the file to budgets/{}/{department}.toml",
                budget.department, budget.fiscal_year
            ),
        ));
    }
    let year = match budget.entity.doc.get("/fiscal_year").map(|v| v.to_value()) {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    if let Some(year) = year
        && !agrees(&year, &budget.fiscal_year)
    {
        out.push(Finding::new(
            &input::ID_MISMATCH,
            budget.entity.at("/fiscal_year"),
            budget.entity.subject("/fiscal_year"),
            format!(
                "this file is in the folder of fiscal year {} but says fiscal_year = {year}",
                budget.fiscal_year
            ),
            format!(
                "set fiscal_year = {}, or move the file to budgets/{year}/{}.toml",
                budget.fiscal_year, budget.department
            ),
        ));
    }
}

/// `budget/amount-precision` for budgets.
fn precision(budget: &Budget, out: &mut Vec<Finding>) {
    let mut amounts: Vec<(String, Option<Decimal>)> =
        vec![("/allocation".to_string(), budget.allocation)];
    amounts.extend(
        budget
            .lines
            .iter()
            .map(|l| (format!("{}/amount", l.pointer), l.amount)),
    );
    for (pointer, amount) in amounts {
        if let Some(amount) = amount
            && amount.normalize().scale() > 2
        {
            out.push(precision_finding(&budget.entity, &pointer, amount));
        }
    }
}

/// `budget/amount-precision` for tool costs.
fn tool_cost_precision(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for tool in ctx.tree.tools.values() {
        if let Some(amount) = tool.cost.as_ref().and_then(|c| c.amount)
            && amount.normalize().scale() > 2
        {
            out.push(precision_finding(&tool.entity, "/cost/amount", amount));
        }
    }
}

fn precision_finding(entity: &crate::model::Entity, pointer: &str, amount: Decimal) -> Finding {
    Finding::new(
        &AMOUNT_PRECISION,
        entity.at(pointer),
        entity.subject(pointer),
        format!("{amount} has more than two decimals"),
        format!("round it to cents, e.g. {}", amount.round_dp(2)),
    )
}
