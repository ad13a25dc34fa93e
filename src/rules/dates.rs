//! Rules about dates that record something already done: a review, an approval, a tested
//! export. Such a date after today silences the rules that count from it (a tool "reviewed" on
//! 9999-12-31 would never fall due), so it is an error at the value.

use super::{Context, Rule};
use crate::finding::Finding;
use crate::layout::Kind;
use crate::model::Entity;
use crate::rule::Severity::Error;
use crate::rule::declare_rules;

declare_rules! {
    pub static IN_FUTURE: Rule = Rule {
        code: "date/in-future",
        severity: Error,
        summary: "A date that records something done (a review, an approval, a test) is after today.",
        what: "Reports `last_reviewed`, `approved_on`, `exit_plan.last_tested`, `privacy.dpa_signed` and `accessibility.checked_on` dates later than today (or `--today`).",
        why: "These dates say when something happened; one in the future is a typo or a way to silence the review rules for ever, and every due date counted from it would be wrong.",
        example: "last_reviewed = 2062-03-01",
        fix: "last_reviewed = 2026-03-01",
    };
}

/// The dates that record a past event, by kind: the field and what it records.
const RECORDED: &[(Kind, &str, &str)] = &[
    (Kind::Tool, "/last_reviewed", "a review"),
    (Kind::Tool, "/approved_on", "an approval"),
    (Kind::Tool, "/exit_plan/last_tested", "a test of the export"),
    (
        Kind::Tool,
        "/privacy/dpa_signed",
        "the signing of a data-processing agreement",
    ),
    (
        Kind::Tool,
        "/accessibility/checked_on",
        "a check of the accessibility report",
    ),
    (Kind::Policy, "/last_reviewed", "a review"),
];

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let tools = ctx.tree.tools.values().map(|t| &t.entity);
    let policies = ctx.tree.policies.values().map(|p| &p.entity);
    for entity in tools.chain(policies) {
        for (kind, pointer, event) in RECORDED {
            if *kind == entity.kind {
                in_future(ctx, entity, pointer, event, out);
            }
        }
    }
}

/// `date/in-future`
fn in_future(
    ctx: &Context<'_>,
    entity: &Entity,
    pointer: &str,
    event: &str,
    out: &mut Vec<Finding>,
) {
    let Some(date) = entity.date(pointer) else {
        return;
    };
    if date <= ctx.today {
        return;
    }
    let field = pointer.trim_start_matches('/').replace('/', ".");
    out.push(Finding::new(
        &IN_FUTURE,
        entity.at(pointer),
        entity.subject(pointer),
        format!(
            "{field} is {date}, after today ({}): it records {event}, which cannot have happened yet",
            ctx.today
        ),
        format!("set {field} to the day it really happened (on or before today)"),
    ));
}
