//! Rules about the organization itself (org.toml): every department is led by someone who is
//! still here.

use super::{Context, Rule};
use crate::finding::Finding;
use crate::rule::Severity::Error;
use crate::rule::declare_rules;
use crate::words::long_date;

declare_rules! {
    pub static HEAD_LEFT: Rule = Rule {
        code: "org/head-left",
        severity: Error,
        summary: "A department's head has left the organization.",
        what: "Reports departments in org.toml whose `head` has a `left` date on or before today.",
        why: "The head answers for the department's tools, budget and policies: approvals, renewals and hand-overs stall until someone else leads it.",
        example: "[departments.communications]\nname = \"Communications\"\nhead = \"sam-reed\"  # [people.sam-reed] left = 2026-02-28",
        fix: "[departments.communications]\nname = \"Communications\"\nhead = \"maria-lopez\"",
    };
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    head_left(ctx, out);
}

/// `org/head-left`
fn head_left(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(org) = &ctx.tree.org else { return };
    for department in org.departments.values() {
        let Some(head) = department.head.as_deref() else {
            continue;
        };
        let Some(person) = ctx.tree.person(head).filter(|p| p.has_left(ctx.today)) else {
            continue;
        };
        let pointer = format!("{}/head", department.pointer);
        let on = person
            .left
            .map(|d| format!(" on {}", long_date(d)))
            .unwrap_or_default();
        let department_name = department.name.as_deref().unwrap_or(&department.id);
        out.push(
            Finding::new(
                &HEAD_LEFT,
                org.entity.at(&pointer),
                org.entity.subject(&pointer),
                format!(
                    "the head of {}, {}, left the organization{on}",
                    super::tool::department_name(ctx, &department.id),
                    ctx.tree.person_name(head)
                ),
                format!(
                    "Name the person who leads {department_name} now. In {}, under [departments.{}]: head = \"<person id>\"",
                    org.entity.shown_path(),
                    department.id
                ),
            )
            .with_label(
                org.entity.at(&format!("{}/left", person.pointer)),
                "marked as left here",
            ),
        );
    }
}
