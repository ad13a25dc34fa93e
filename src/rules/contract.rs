//! Rules about tools' contracts: the notice deadline that decides whether the organization can
//! leave, contracts that ended while the tool stayed, seats paid for and not used, and
//! contract records that cannot be trusted. The dates come from the model
//! ([`crate::model::Contract`]), so the calendar and the review packet agree with these rules.

use rust_decimal::{Decimal, RoundingStrategy};

use super::{Context, Rule};
use crate::finding::{Finding, Severity};
use crate::model::{Contract, Renewal, Tool};
use crate::rule::Severity::{Error, Warning};
use crate::rule::declare_rules;
use crate::words::{count, days_from, long_date, money_per_period};

declare_rules! {
    pub static RENEWAL_NOTICE: Rule = Rule {
        code: "tool/renewal-notice",
        severity: Warning,
        summary: "A contract renews automatically unless notice is given, and the notice deadline is near (an error once it has passed).",
        what: "Reports tools in use whose `[contract]` renews automatically (`auto_renews = true`) and whose notice deadline, `renews_on` minus `notice_days`, is within `renewal_notice_window_days` of today (60 by default); an error once the deadline has passed and the renewal has not happened yet. When the renewal in the file has already happened, the deadline counts from the next one (`renews_on` plus whole `term_months`).",
        why: "The decision to leave a tool is usually lost to a date: miss the notice deadline and the organization pays for another term, whatever the committee decided.",
        example: "[contract]\nrenews_on = 2027-01-15\nauto_renews = true\nnotice_days = 30",
        fix: "# notice given to the vendor on 2026-12-02: the contract now ends on renews_on\n[contract]\nrenews_on = 2027-01-15\nauto_renews = false\nnotice_days = 30",
    };

    pub static CONTRACT_ENDED: Rule = Rule {
        code: "tool/contract-ended",
        severity: Error,
        summary: "A tool's contract has ended, but the tool is still in use.",
        what: "Reports tools that are not retired (approved, in trial or restricted) whose `[contract]` does not renew automatically (`auto_renews` is false or absent) and whose `renews_on` is before today.",
        why: "A tool used past its contract runs on terms nobody agreed to: the vendor can cut access or bill at list price, and the data may go with it.",
        example: "status = \"approved\"\n\n[contract]\nrenews_on = 2026-10-31\nauto_renews = false",
        fix: "status = \"approved\"\n\n[contract]\nstarted = 2026-11-01\nrenews_on = 2027-10-31\nauto_renews = false\nterm_months = 12",
    };

    pub static UNUSED_SEATS: Rule = Rule {
        code: "tool/unused-seats",
        severity: Warning,
        summary: "A contract pays for many more seats than are assigned.",
        what: "Reports tools in use whose `seats_used` is below `seat_use_threshold` percent (80 by default) of the `seats` paid for, with what the unused seats cost a year: the tool's yearly cost times the unused share of the seats.",
        why: "Licences nobody uses are money that could go to the mission; the renewal is the moment to pay for fewer.",
        example: "[contract]\nseats = 25\nseats_used = 10",
        fix: "[contract]\nseats = 12\nseats_used = 10",
    };

    pub static CONTRACT_INCOMPLETE: Rule = Rule {
        code: "tool/contract-incomplete",
        severity: Warning,
        summary: "A contract's record is incomplete or contradicts itself.",
        what: "Reports a `[contract]` that renews automatically without `notice_days`; one whose automatic renewal date has passed (the file no longer says when it renews next); one whose `renews_on` is on or before `started`; and one with more `seats_used` than `seats`.",
        why: "steward can only warn before a notice deadline it knows, and wrong dates or seat counts mislead the committee that decides on the renewal.",
        example: "[contract]\nrenews_on = 2027-03-01\nauto_renews = true",
        fix: "[contract]\nrenews_on = 2027-03-01\nauto_renews = true\nnotice_days = 30",
    };

    pub static RETIRED_UNDER_CONTRACT: Rule = Rule {
        code: "tool/retired-under-contract",
        severity: Warning,
        summary: "A retired tool still has a contract that renews automatically, or one that has ended.",
        what: "Reports retired tools with a `[contract]`, unless it is a contract that no longer renews and has not ended yet (notice was given, and it runs out on `renews_on`).",
        why: "A contract that renews by itself keeps billing for a tool nobody uses; one that has ended is history, which git keeps, and only clutters the registry.",
        example: "status = \"retired\"\n\n[contract]\nrenews_on = 2027-03-01\nauto_renews = true\nnotice_days = 30",
        fix: "# notice given on 2026-12-02; remove the table once the contract has ended\nstatus = \"retired\"\n\n[contract]\nrenews_on = 2027-03-01\nauto_renews = false\nnotice_days = 30",
    };
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for tool in ctx.tree.tools.values() {
        let Some(contract) = &tool.contract else {
            continue;
        };
        if tool.is_retired() {
            retired_under_contract(ctx, tool, contract, out);
            continue;
        }
        renewal_notice(ctx, tool, out);
        contract_ended(ctx, tool, contract, out);
        unused_seats(ctx, tool, contract, out);
        contract_incomplete(ctx, tool, contract, out);
    }
}

fn finding(
    rule: &'static Rule,
    tool: &Tool,
    pointer: &str,
    message: String,
    help: String,
) -> Finding {
    Finding::new(
        rule,
        tool.entity.at(pointer),
        tool.entity.subject(pointer),
        message,
        help,
    )
}

/// " for $2,400 a year", or nothing when the yearly cost is unknown.
fn for_cost(renewal: &Renewal) -> String {
    renewal
        .per_year
        .map(|amount| {
            format!(
                " for {}",
                money_per_period(amount, renewal.currency.as_deref(), Some("year"))
            )
        })
        .unwrap_or_default()
}

/// `tool/renewal-notice`
fn renewal_notice(ctx: &Context<'_>, tool: &Tool, out: &mut Vec<Finding>) {
    let Some(renewal) = tool.renewal(ctx.today) else {
        return;
    };
    let Some(deadline) = renewal.notice_by else {
        return;
    };
    let today = ctx.today;
    let window_ends = crate::model::add_days(today, ctx.config.renewal_notice_window_days.into());
    let name = tool.plain_name();
    let renews = long_date(renewal.renews_on);
    let cost = for_cost(&renewal);
    let reference = renewal
        .reference
        .as_deref()
        .map(|r| format!(" (reference {r})"))
        .unwrap_or_default();
    let (severity, message, help) = if deadline < today && today <= renewal.renews_on {
        (
            Severity::Error,
            format!(
                "the last day to give notice to cancel {name} was {} ({}); unless the vendor agrees otherwise, it renews on {renews}{cost}",
                long_date(deadline),
                days_from(today, deadline)
            ),
            format!(
                "ask the vendor today whether they still accept notice{reference}; if the organization keeps {name}, record that decision in a [[waiver]] with the reason, until {}",
                renewal.renews_on
            ),
        )
    } else if today <= deadline && deadline <= window_ends {
        (
            Severity::Warning,
            format!(
                "to cancel {name}, give notice by {} ({}); otherwise it renews on {renews}{cost}",
                long_date(deadline),
                days_from(today, deadline)
            ),
            format!(
                "decide now whether to keep {name}: to leave, give the vendor notice in writing by {deadline}{reference} and set auto_renews = false; to keep it, record the decision in a [[waiver]] with the reason, until {deadline}"
            ),
        )
    } else {
        return;
    };
    let mut found = finding(&RENEWAL_NOTICE, tool, "/contract/renews_on", message, help);
    found.severity = severity;
    if tool.entity.has("/contract/notice_days") {
        found = found.with_label(
            tool.entity.at("/contract/notice_days"),
            "the notice the vendor needs",
        );
    }
    out.push(found);
}

/// `tool/contract-ended`
fn contract_ended(ctx: &Context<'_>, tool: &Tool, contract: &Contract, out: &mut Vec<Finding>) {
    // `auto_renews = "yes"`: the schema says so; whether it renews is unknown.
    if tool
        .entity
        .malformed("/contract/auto_renews", &contract.auto_renews)
    {
        return;
    }
    let Some(ended) = contract.renews_on.filter(|_| contract.has_ended(ctx.today)) else {
        return;
    };
    let status = tool.status.as_deref().unwrap_or("in use");
    out.push(finding(
        &CONTRACT_ENDED,
        tool,
        "/contract/renews_on",
        format!(
            "the contract for {} ended on {} ({}), but the tool is still {status}",
            tool.plain_name(),
            long_date(ended),
            days_from(ctx.today, ended)
        ),
        "renew the contract and set started and renews_on to the new term's dates, or retire the tool (status = \"retired\") and move its data out as the exit plan says".to_string(),
    ));
}

/// `tool/unused-seats`
fn unused_seats(ctx: &Context<'_>, tool: &Tool, contract: &Contract, out: &mut Vec<Finding>) {
    let (Some(seats), Some(used), Some(unused)) =
        (contract.seats, contract.seats_used, contract.unused_seats())
    else {
        return;
    };
    // used / seats < threshold %, in whole numbers (both are bounded, so this cannot overflow).
    if seats == 0 || used * 100 >= i64::from(ctx.config.seat_use_threshold) * seats {
        return;
    }
    let name = tool.plain_name();
    let paid = count(seats, "seat", "seats");
    let cost = tool
        .cost_per_year()
        .filter(|per_year| !per_year.is_zero())
        .and_then(|per_year| unused_cost(per_year, unused, seats))
        .map(|amount| {
            let currency = tool.cost.as_ref().and_then(|c| c.currency.as_deref());
            format!(
                ": about {} for unused seats",
                money_per_period(amount, currency, Some("year"))
            )
        })
        .unwrap_or_else(|| format!(" ({}% in use)", used * 100 / seats));
    let when = match tool.renewal(ctx.today) {
        Some(renewal) if renewal.renews_on >= ctx.today => {
            format!(" at the renewal on {}", long_date(renewal.renews_on))
        }
        _ => String::new(),
    };
    out.push(finding(
        &UNUSED_SEATS,
        tool,
        "/contract/seats_used",
        format!("{name} has {paid} paid for, {used} assigned{cost}"),
        format!(
            "assign the unused seats, or pay for fewer{when}; then update seats and seats_used"
        ),
    ));
}

/// What `unused` of `seats` cost a year: the yearly cost times the unused share, rounded to
/// whole units of the currency (it is an estimate: "about").
fn unused_cost(per_year: Decimal, unused: i64, seats: i64) -> Option<Decimal> {
    let share = per_year.checked_mul(Decimal::from(unused))? / Decimal::from(seats);
    Some(share.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero))
}

/// `tool/contract-incomplete`
fn contract_incomplete(
    ctx: &Context<'_>,
    tool: &Tool,
    contract: &Contract,
    out: &mut Vec<Finding>,
) {
    let entity = &tool.entity;
    let name = tool.plain_name();
    if contract.renews_automatically()
        && contract.notice_days.is_none()
        && !entity.malformed("/contract/notice_days", &contract.notice_days)
    {
        let hint = tool
            .exit_plan
            .as_ref()
            .and_then(|plan| plan.notice_period_days)
            .map(|days| {
                format!(
                    " (the exit plan says {days}: notice_days = {days} if that is the contract's)"
                )
            })
            .unwrap_or_default();
        out.push(finding(
            &CONTRACT_INCOMPLETE,
            tool,
            "/contract/auto_renews",
            format!(
                "the contract for {name} renews automatically, but it does not say how much notice the vendor needs, so nobody is warned before the deadline"
            ),
            format!(
                "add notice_days to [contract]: the days of notice the contract requires before renews_on{hint}"
            ),
        ));
    }
    if contract.renewal_is_stale(ctx.today)
        && let Some(written) = contract.renews_on
    {
        let next = contract
            .next_renewal(ctx.today)
            .filter(|next| *next >= ctx.today);
        let help = match (next, contract.term_months) {
            (Some(next), Some(term)) => format!(
                "set renews_on = {next} (the next renewal) and started = {}",
                crate::model::add_months(next, -term)
            ),
            _ => "set renews_on to the next renewal date from the vendor's invoice, and add term_months so that steward can follow the renewals".to_string(),
        };
        out.push(finding(
            &CONTRACT_INCOMPLETE,
            tool,
            "/contract/renews_on",
            format!(
                "the contract for {name} renewed automatically on {} ({}); the file does not say when it renews next",
                long_date(written),
                days_from(ctx.today, written)
            ),
            help,
        ));
    }
    if let (Some(started), Some(renews_on)) = (contract.started, contract.renews_on)
        && renews_on <= started
    {
        out.push(
            finding(
                &CONTRACT_INCOMPLETE,
                tool,
                "/contract/renews_on",
                format!(
                    "the contract for {name} renews on {}, which is not after it started ({})",
                    long_date(renews_on),
                    long_date(started)
                ),
                "check both dates against the contract: started is when the current term began, renews_on when it renews or ends".to_string(),
            )
            .with_label(entity.at("/contract/started"), "the term starts here"),
        );
    }
    if let (Some(seats), Some(used)) = (contract.seats, contract.seats_used)
        && used > seats
    {
        out.push(
            finding(
                &CONTRACT_INCOMPLETE,
                tool,
                "/contract/seats_used",
                format!(
                    "{name} has {used} seats assigned but only {} paid for",
                    count(seats, "seat", "seats")
                ),
                "check the vendor's admin page: correct seats_used, or seats if more were bought (then update the cost too)".to_string(),
            )
            .with_label(entity.at("/contract/seats"), "seats paid for"),
        );
    }
}

/// `tool/retired-under-contract`
fn retired_under_contract(
    ctx: &Context<'_>,
    tool: &Tool,
    contract: &Contract,
    out: &mut Vec<Finding>,
) {
    let name = tool.plain_name();
    let renewal = tool.renewal(ctx.today);
    let (message, help) = match &renewal {
        Some(renewal) if renewal.auto_renews && renewal.renews_on >= ctx.today => {
            let notice = match renewal.notice_by {
                Some(by) if by >= ctx.today => {
                    format!(
                        "; give notice by {} ({})",
                        long_date(by),
                        days_from(ctx.today, by)
                    )
                }
                Some(by) => format!(
                    "; the notice deadline was {} ({})",
                    long_date(by),
                    days_from(ctx.today, by)
                ),
                None => String::new(),
            };
            (
                format!(
                    "{name} is retired, but its contract renews automatically on {}{}{notice}",
                    long_date(renewal.renews_on),
                    for_cost(renewal)
                ),
                "give the vendor notice and set auto_renews = false; remove [contract] once it has ended".to_string(),
            )
        }
        // Notice given, still running: the contract ends by itself.
        Some(renewal) if !renewal.auto_renews && renewal.renews_on >= ctx.today => return,
        Some(renewal) if !renewal.auto_renews => (
            format!(
                "{name} is retired and its contract ended on {}, but the file still has it",
                long_date(renewal.renews_on)
            ),
            "remove [contract]: git keeps its history".to_string(),
        ),
        _ => (
            format!("{name} is retired but still has a [contract]"),
            if contract.renews_automatically() {
                "check with the vendor that the contract no longer renews, then remove [contract]"
                    .to_string()
            } else {
                "remove [contract] if the contract has ended: git keeps its history".to_string()
            },
        ),
    };
    let pointer = if tool.entity.has("/contract/renews_on") {
        "/contract/renews_on"
    } else {
        "/contract"
    };
    out.push(
        finding(&RETIRED_UNDER_CONTRACT, tool, pointer, message, help)
            .with_label(tool.entity.at("/status"), "retired here"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unused_seats_cost_the_unused_share_rounded() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(unused_cost(d("2400"), 15, 25), Some(d("1440")));
        assert_eq!(unused_cost(d("1000"), 1, 3), Some(d("333")));
        assert_eq!(unused_cost(d("1000"), 2, 3), Some(d("667")));
        assert_eq!(unused_cost(d("0"), 5, 10), Some(d("0")));
        assert_eq!(unused_cost(Decimal::MAX, 10_000_000, 10_000_000), None);
    }
}
