//! What a change does to a tool, in sentences: who owns it, what it costs a year and which
//! budget line pays, whether there is a way out (the exit plan), its contract.

use rust_decimal::Decimal;

use super::{Change, Point, Span, Words};
use crate::diff::{ChangeKind, EntityChange};
use crate::model::Tool;
use crate::money;
use crate::words::long_date;

pub(super) fn change(words: &Words<'_>, change: &EntityChange) -> Change {
    let before = words
        .base
        .tools
        .get(change.old_id.as_deref().unwrap_or(&change.id));
    let after = words.head.tools.get(&change.id);
    match (change.change, before, after) {
        (ChangeKind::Added, _, Some(tool)) => added(words, tool),
        (ChangeKind::Removed, Some(tool), _) => removed(tool),
        (_, Some(before), Some(after)) => modified(words, change, before, after),
        _ => words.generic(change),
    }
}

fn name(tool: &Tool) -> Span {
    Span::Strong(tool.plain_name().to_string())
}

fn added(words: &Words<'_>, tool: &Tool) -> Change {
    let mut headline = vec![Span::Plain("Adds ".into()), name(tool)];
    let vendor = tool.entity.str("/vendor");
    let category = tool.entity.str("/category");
    match (category, vendor) {
        (Some(category), Some(vendor)) => {
            headline.push(Span::Plain(format!(", a {category} tool from {vendor}")))
        }
        (None, Some(vendor)) => headline.push(Span::Plain(format!(", from {vendor}"))),
        _ => {}
    }
    if let Some(department) = &tool.department {
        headline.push(Span::Plain(format!(
            ", owned by {}",
            words.department(department)
        )));
    }
    let status = match tool.status.as_deref() {
        Some("trial") => " It starts as a trial.",
        Some("approved") => " It is approved for use.",
        Some("restricted") => " It may be used only with permission.",
        Some("retired") => " It is recorded as retired.",
        _ => "",
    };
    headline.push(Span::Plain(format!(".{status}")));
    let mut points = vec![
        Point::Text(owners(words, tool)),
        Point::Text(cost(words, tool)),
    ];
    points.push(Point::Text(exit_plan(tool)));
    if let Some(renewal) = contract(tool, words.today) {
        points.push(Point::Text(renewal));
    }
    Change {
        kind: tool.entity.kind,
        headline,
        points,
    }
}

fn removed(tool: &Tool) -> Change {
    let cost = tool
        .cost_per_year()
        .map(|yearly| {
            let currency = tool.cost.as_ref().and_then(|c| c.currency.as_deref());
            format!(" (it cost {} a year)", money::format(yearly, currency))
        })
        .unwrap_or_default();
    Change {
        kind: tool.entity.kind,
        headline: vec![
            Span::Plain("Removes ".into()),
            name(tool),
            Span::Plain(format!(" from the registry{cost}.")),
        ],
        points: Vec::new(),
    }
}

/// "Owner: Jane Doe; backup: no backup yet."
fn owners(words: &Words<'_>, tool: &Tool) -> String {
    let person = |id: &Option<String>, none: &str| match id.as_deref().map(str::trim) {
        Some(id) if !id.is_empty() => words.person(id),
        _ => none.to_string(),
    };
    format!(
        "Owner: {}; backup: {}.",
        person(&tool.owner, "no owner yet"),
        person(&tool.backup_owner, "no backup yet")
    )
}

/// "Costs $1,200 a year ($100 a month), paid from the design-software line of
/// Communications' 2026 budget."
fn cost(words: &Words<'_>, tool: &Tool) -> String {
    let Some(cost) = &tool.cost else {
        return "No cost is recorded.".to_string();
    };
    let currency = cost.currency.as_deref();
    let amount = match (cost.amount, cost.period.as_deref()) {
        (None, _) => "Its cost cannot be read".to_string(),
        (Some(a), _) if a.is_zero() => "It is free".to_string(),
        (Some(a), Some("month")) => match money::per_year(a, Some("month")) {
            Some(yearly) => format!(
                "Costs {} a year ({} a month)",
                money::format(yearly, currency),
                money::format(a, currency)
            ),
            None => format!("Costs {} a month", money::format(a, currency)),
        },
        (Some(a), Some("year")) => format!("Costs {} a year", money::format(a, currency)),
        (Some(a), Some("one-time")) => format!("Costs {} once", money::format(a, currency)),
        (Some(a), _) => format!("Costs {}", money::format(a, currency)),
    };
    match cost.budget_line.as_deref() {
        Some(line) => format!("{amount}, paid from {}.", words.budget_line(line)),
        None if cost.amount.is_some_and(|a| a.is_zero()) => format!("{amount}."),
        None => format!("{amount}, but no budget line pays for it yet."),
    }
}

/// "Exit plan: none yet." or how the data gets out, and when that was last tried.
fn exit_plan(tool: &Tool) -> String {
    let Some(plan) = &tool.exit_plan else {
        return "Exit plan (how our data gets out if we leave): none yet.".to_string();
    };
    match plan.data_export.as_deref() {
        Some(text) if !crate::rules::tool::is_placeholder(text) => {
            let tested = match plan.last_tested {
                Some(date) => format!(" Last tried on {}.", long_date(date)),
                None => " Not tried yet.".to_string(),
            };
            format!(
                "Exit plan (how our data gets out if we leave): {}{tested}",
                crate::words::sentence(text)
            )
        }
        _ => {
            "Exit plan (how our data gets out if we leave): only a placeholder so far.".to_string()
        }
    }
}

/// "Its contract renews on 1 March 2027 unless notice is given by 30 January 2027."
fn contract(tool: &Tool, today: jiff::civil::Date) -> Option<String> {
    let contract = tool.contract.as_ref()?;
    let renews = contract.next_renewal(today).or(contract.renews_on)?;
    Some(
        match (contract.auto_renews, contract.notice_deadline(renews)) {
            (Some(true), Some(deadline)) => format!(
                "Its contract renews by itself on {} unless notice is given by {}.",
                long_date(renews),
                long_date(deadline)
            ),
            (Some(true), None) => {
                format!("Its contract renews by itself on {}.", long_date(renews))
            }
            _ => format!("Its contract runs until {}.", long_date(renews)),
        },
    )
}

fn modified(words: &Words<'_>, change: &EntityChange, before: &Tool, after: &Tool) -> Change {
    let mut points = Vec::new();
    let top = |path: &str| path.split(['.', '[']).next().unwrap_or(path).to_string();
    let touched: Vec<String> = change.fields.iter().map(|f| top(&f.path)).collect();
    let has = |name: &str| touched.iter().any(|t| t == name);
    if change.change == ChangeKind::Renamed {
        points.push(Point::Text(format!(
            "Its file is renamed (its id changes from {} to {}).",
            change.old_id.as_deref().unwrap_or(&before.entity.id),
            after.entity.id
        )));
    }
    if has("status") {
        points.push(Point::Text(status(before, after)));
    }
    if has("cost") {
        points.extend(price(words, before, after).into_iter().map(Point::Text));
    }
    for (field, role) in [("owner", "owner"), ("backup_owner", "backup owner")] {
        if has(field) {
            let get = |t: &Tool| match field {
                "owner" => t.owner.clone(),
                _ => t.backup_owner.clone(),
            };
            points.push(Point::Text(person_change(
                words,
                role,
                get(before),
                get(after),
            )));
        }
    }
    if has("department") {
        let name = |t: &Tool| t.department.as_deref().map(|d| words.department(d));
        points.push(Point::Text(format!(
            "Moves from {} to {}, which now owns and pays for it.",
            name(before).unwrap_or_else(|| "no department".into()),
            name(after).unwrap_or_else(|| "no department".into())
        )));
    }
    if has("exit_plan") {
        points.push(Point::Text(exit_plan_change(before, after)));
    }
    if has("contract") {
        points.extend(
            contract_changes(before, after, words.today)
                .into_iter()
                .map(Point::Text),
        );
    }
    if has("last_reviewed")
        && let Some(date) = after.last_reviewed
    {
        points.push(Point::Text(format!("Reviewed on {}.", long_date(date))));
    }
    let handled = [
        "status",
        "cost",
        "owner",
        "backup_owner",
        "department",
        "exit_plan",
        "contract",
        "last_reviewed",
    ];
    let mut others: Vec<String> = touched
        .iter()
        .filter(|t| !handled.contains(&t.as_str()))
        .map(|t| field_words(t))
        .collect();
    others.dedup();
    if !others.is_empty() {
        points.push(Point::Text(format!(
            "Also changes its {}.",
            crate::rules::tool::join_words(&others)
        )));
    }
    Change {
        kind: after.entity.kind,
        headline: vec![
            Span::Plain("Changes ".into()),
            name(after),
            Span::Plain(":".into()),
        ],
        points,
    }
}

/// Field names in words, for the fields without a sentence of their own.
fn field_words(field: &str) -> String {
    match field {
        "url" => "web address".to_string(),
        "data_classification" => "data classification (how sensitive its data is)".to_string(),
        "approved_on" => "approval date".to_string(),
        "waiver" => "waivers (rules it is excused from)".to_string(),
        "extra" => "own fields".to_string(),
        other => other.replace('_', " "),
    }
}

fn status(before: &Tool, after: &Tool) -> String {
    let word = |t: &Tool| t.status.clone().unwrap_or_else(|| "no status".into());
    match after.status.as_deref() {
        Some("retired") => "Is retired: no longer to be used.".to_string(),
        _ => format!("Moves from {} to {}.", word(before), word(after)),
    }
}

/// "Its price rises from $1,200 to $1,500 a year (+$300)", and a change of budget line.
fn price(words: &Words<'_>, before: &Tool, after: &Tool) -> Vec<String> {
    let mut out = Vec::new();
    let yearly = |t: &Tool| -> Option<Decimal> {
        let cost = t.cost.as_ref()?;
        money::per_year(cost.amount?, cost.period.as_deref())
    };
    let currency = after
        .cost
        .as_ref()
        .or(before.cost.as_ref())
        .and_then(|c| c.currency.clone());
    let c = currency.as_deref();
    match (yearly(before), yearly(after)) {
        (Some(a), Some(b)) if a != b => {
            let verb = if b > a { "rises" } else { "falls" };
            out.push(format!(
                "Its price {verb} from {} to {} a year ({}).",
                money::format(a, c),
                money::format(b, c),
                money::format_delta(b - a, c)
            ));
        }
        (None, Some(b)) => out.push(format!("Now costs {} a year.", money::format(b, c))),
        (Some(a), None) => match after.cost.as_ref().and_then(|cost| cost.amount) {
            Some(amount)
                if after.cost.as_ref().and_then(|c| c.period.as_deref()) == Some("one-time") =>
            {
                out.push(format!(
                    "Now costs {} once, instead of {} a year.",
                    money::format(amount, c),
                    money::format(a, c)
                ));
            }
            _ => out.push(format!(
                "Its yearly cost of {} is no longer recorded.",
                money::format(a, c)
            )),
        },
        _ => {
            let once = |t: &Tool| {
                let cost = t.cost.as_ref()?;
                (cost.period.as_deref() == Some("one-time")).then_some(cost.amount?)
            };
            if let (Some(a), Some(b)) = (once(before), once(after))
                && a != b
            {
                out.push(format!(
                    "Its one-time cost changes from {} to {}.",
                    money::format(a, c),
                    money::format(b, c)
                ));
            }
        }
    }
    let line = |t: &Tool| t.cost.as_ref().and_then(|c| c.budget_line.clone());
    if line(before) != line(after) {
        out.push(match (line(before), line(after)) {
            (Some(old), Some(new)) => format!(
                "Is now paid from {} (was {}).",
                words.budget_line(&new),
                words.budget_line(&old)
            ),
            (None, Some(new)) => format!("Is now paid from {}.", words.budget_line(&new)),
            (Some(old), None) => format!(
                "Is no longer paid from {}: no budget line pays for it now.",
                words.budget_line(&old)
            ),
            (None, None) => String::new(),
        });
    }
    out.retain(|s| !s.is_empty());
    out
}

/// "Its owner changes from Jane Doe to Mark Miller."
fn person_change(
    words: &Words<'_>,
    role: &str,
    before: Option<String>,
    after: Option<String>,
) -> String {
    let name = |id: Option<String>| {
        id.filter(|i| !i.trim().is_empty())
            .map(|i| words.person(&i))
    };
    match (name(before), name(after)) {
        (Some(a), Some(b)) => format!("Its {role} changes from {a} to {b}."),
        (None, Some(b)) => format!("Now has a {role}: {b}."),
        (Some(a), None) => format!("No longer has a {role} (was {a})."),
        (None, None) => format!("Its {role} is changed."),
    }
}

fn exit_plan_change(before: &Tool, after: &Tool) -> String {
    let real = |t: &Tool| {
        t.exit_plan
            .as_ref()
            .and_then(|p| p.data_export.as_deref())
            .is_some_and(|text| !crate::rules::tool::is_placeholder(text))
    };
    let tested = |t: &Tool| t.exit_plan.as_ref().and_then(|p| p.last_tested);
    match (real(before), real(after)) {
        (false, true) => format!("Now has an exit plan. {}", exit_plan(after)),
        (true, false) => {
            "No longer has a real exit plan (how our data gets out if we leave).".to_string()
        }
        _ => match (tested(before), tested(after)) {
            (a, Some(b)) if a != Some(b) => format!("Its export was tried on {}.", long_date(b)),
            _ => "Its exit plan is updated.".to_string(),
        },
    }
}

/// "Its contract now renews on 1 March 2027 (was 1 March 2026)", "Seats 25 → 30 (+5)".
fn contract_changes(before: &Tool, after: &Tool, today: jiff::civil::Date) -> Vec<String> {
    let mut out = Vec::new();
    let (b, a) = (before.contract.as_deref(), after.contract.as_deref());
    match (b, a) {
        (None, Some(_)) => {
            out.extend(contract(after, today).map(|s| format!("Now has a contract. {s}")))
        }
        (Some(_), None) => out.push("Its contract is no longer recorded.".to_string()),
        (Some(b), Some(a)) => {
            if b.renews_on != a.renews_on
                && let Some(new) = a.renews_on
            {
                let was = b
                    .renews_on
                    .map(|d| format!(" (was {})", long_date(d)))
                    .unwrap_or_default();
                out.push(format!(
                    "Its contract now renews on {}{was}.",
                    long_date(new)
                ));
            }
            if b.seats != a.seats
                && let (Some(old), Some(new)) = (b.seats, a.seats)
            {
                out.push(format!("Seats paid for: {old} → {new} ({:+}).", new - old));
            }
            if b.auto_renews != a.auto_renews {
                out.push(match a.auto_renews {
                    Some(true) => "Its contract now renews by itself.".to_string(),
                    _ => "Its contract no longer renews by itself.".to_string(),
                });
            }
            if b.notice_days != a.notice_days
                && let Some(days) = a.notice_days
            {
                out.push(format!("Notice needed before renewal: {days} days."));
            }
            if out.is_empty() {
                out.push("Its contract details are updated.".to_string());
            }
        }
        (None, None) => {}
    }
    out
}
