//! Rules about written policies: reviewed on time, approved by who must approve them, and
//! never two active policies where one replaced the other.

use std::collections::BTreeMap;

use super::tool::{department_name, join_words};
use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::Policy;
use crate::rule::Severity::{Error, Warning};
use crate::rule::declare_rules;
use crate::words;

declare_rules! {
    pub static REVIEW_OVERDUE: Rule = Rule {
        code: "policy/review-overdue",
        severity: Error,
        summary: "An active policy is past its review date.",
        what: "Reports active policies whose `last_reviewed` (or, if never reviewed, `effective`) date plus `review_every_months` (default `policy_review_months` in steward.toml, 12) is before today.",
        why: "Policies must be revisited regularly by a committee: technology, law and the organization change, and an unreviewed policy quietly stops matching what people do.",
        example: "status = \"active\"\nlast_reviewed = 2024-09-01\nreview_every_months = 12",
        fix: "status = \"active\"\nlast_reviewed = 2026-09-15\nreview_every_months = 12",
    };

    pub static MISSING_APPROVAL: Rule = Rule {
        code: "policy/missing-approval",
        severity: Error,
        summary: "An active policy lacks an approval that steward.toml requires.",
        what: "Reports active policies whose `approved_by` does not include every department listed in `required_approvers` in steward.toml (none by default).",
        why: "Some departments (often IT and legal) must sign off every policy; an active policy without their approval may not be enforceable.",
        example: "# steward.toml: required_approvers = [\"it\", \"legal\"]\nstatus = \"active\"\napproved_by = [\"it\"]",
        fix: "status = \"active\"\napproved_by = [\"it\", \"legal\"]",
    };

    pub static SUPERSEDED_ACTIVE: Rule = Rule {
        code: "policy/superseded-active",
        severity: Warning,
        summary: "An active policy has been replaced by another active policy.",
        what: "Reports active policies that another active policy lists in its `supersedes`.",
        why: "Two policies in force on the same subject contradict each other sooner or later; retire the old one when the new one takes effect.",
        example: "# technology/it-purchasing.toml, superseded by tool-adoption\nstatus = \"active\"",
        fix: "status = \"retired\"",
    };

    pub static DUPLICATE_CLAUSE: Rule = Rule {
        code: "policy/duplicate-clause",
        severity: Error,
        summary: "Two clauses of a policy have the same id.",
        what: "Reports `[[clause]]` tables whose `id` repeats an earlier clause's id in the same policy.",
        why: "Clause ids are how reviews and diffs point at a clause; two clauses with one id cannot be told apart.",
        example: "[[clause]]\nid = \"scope\"\ntext = \"...\"\n\n[[clause]]\nid = \"scope\"\ntext = \"...\"",
        fix: "[[clause]]\nid = \"scope\"\ntext = \"...\"\n\n[[clause]]\nid = \"exceptions\"\ntext = \"...\"",
    };

    pub static SUPERSEDES_ITSELF: Rule = Rule {
        code: "policy/supersedes-itself",
        severity: Error,
        summary: "A policy lists itself among the policies it replaces.",
        what: "Reports a policy whose `supersedes` names its own id.",
        why: "A policy cannot replace itself; the entry is a slip for the policy that was really replaced, which is then still counted as in force.",
        example: "# technology/tool-adoption.toml\nsupersedes = [\"tool-adoption\"]",
        fix: "# technology/tool-adoption.toml\nsupersedes = [\"it-purchasing\"]",
    };
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for policy in ctx.tree.policies.values() {
        duplicate_clause(policy, out);
        supersedes_itself(policy, out);
        if !policy.is_active() {
            continue;
        }
        review_overdue(ctx, policy, out);
        missing_approval(ctx, policy, out);
    }
    superseded_active(ctx, out);
}

/// `policy/supersedes-itself`
fn supersedes_itself(policy: &Policy, out: &mut Vec<Finding>) {
    for (id, pointer) in policy.supersedes() {
        if id == policy.entity.id {
            out.push(Finding::new(
                &SUPERSEDES_ITSELF,
                policy.entity.at(&pointer),
                policy.entity.subject(&pointer),
                format!("{} lists itself in supersedes", policy.display_name()),
                "name the policy this one replaces (its file name in technology/, without .toml), or remove the entry".to_string(),
            ));
        }
    }
}

/// `policy/review-overdue`
fn review_overdue(ctx: &Context<'_>, policy: &Policy, out: &mut Vec<Finding>) {
    let entity = &policy.entity;
    if entity.malformed("/last_reviewed", &policy.last_reviewed)
        || entity.malformed("/effective", &policy.effective)
    {
        return;
    }
    let schedule = policy.review_schedule(ctx.config.policy_review_months);
    if !schedule.is_overdue(ctx.today) {
        return;
    }
    let pointer = schedule.counted_from;
    let message = match (schedule.since, schedule.due()) {
        (Some(date), Some(due)) => {
            let what = if schedule.was_reviewed() {
                "last reviewed"
            } else {
                "in effect since"
            };
            format!(
                "{} was {what} {} and is due for review every {} months: the review was due by {}, and it is now {}",
                policy.display_name(),
                words::long_date(date),
                schedule.every_months,
                words::long_date(due),
                words::how_late(due, ctx.today)
            )
        }
        _ => format!(
            "{} is active but has never been reviewed",
            policy.display_name()
        ),
    };
    out.push(Finding::new(
        &REVIEW_OVERDUE,
        policy.entity.at(pointer),
        policy.entity.subject("/last_reviewed"),
        message,
        format!(
            "Put the policy on the committee's agenda (`steward review` prepares the packet); once the committee has reviewed it, record the date of the meeting in {}: last_reviewed = <the meeting's date>",
            policy.entity.shown_path()
        ),
    ));
}

/// `policy/missing-approval`
fn missing_approval(ctx: &Context<'_>, policy: &Policy, out: &mut Vec<Finding>) {
    // `approved_by = "it"`: the schema reports that it is not a list.
    if policy
        .entity
        .doc
        .get("/approved_by")
        .is_some_and(|v| !v.is_array())
    {
        return;
    }
    let approved: Vec<String> = policy.approved_by().into_iter().map(|(id, _)| id).collect();
    let missing: Vec<String> = ctx
        .config
        .required_approvers
        .iter()
        .filter(|d| !approved.contains(d))
        .map(|d| department_name(ctx, d))
        .collect();
    if missing.is_empty() {
        return;
    }
    out.push(Finding::new(
        &MISSING_APPROVAL,
        policy.entity.at("/approved_by"),
        policy.entity.subject("/approved_by"),
        format!(
            "{} is active without the approval of {}",
            policy.display_name(),
            join_words(&missing)
        ),
        "ask the missing departments to approve it and add their ids to approved_by, or set status = \"draft\" until they do".to_string(),
    ));
}

/// `policy/superseded-active`
fn superseded_active(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    // old policy id -> the active policies that supersede it, with the pointer of the entry.
    let mut superseded_by: BTreeMap<&str, Vec<(&Policy, String)>> = BTreeMap::new();
    let supersedes: Vec<(&Policy, Vec<(String, String)>)> = ctx
        .tree
        .policies
        .values()
        .filter(|p| p.is_active())
        .map(|p| (p, p.supersedes()))
        .collect();
    for (newer, entries) in &supersedes {
        for (old, pointer) in entries {
            superseded_by
                .entry(old.as_str())
                .or_default()
                .push((newer, pointer.clone()));
        }
    }
    for (old_id, newers) in superseded_by {
        let Some(old) = ctx.tree.policies.get(old_id) else {
            continue;
        };
        if !old.is_active() || newers.iter().all(|(n, _)| n.entity.id == old.entity.id) {
            continue;
        }
        let (newer, pointer) = &newers[0];
        out.push(
            Finding::new(
                &SUPERSEDED_ACTIVE,
                old.entity.at("/status"),
                old.entity.subject("/status"),
                format!(
                    "{} is still active although {} replaces it",
                    old.display_name(),
                    newer.display_name()
                ),
                "set status = \"retired\" on the old policy once the new one is in force"
                    .to_string(),
            )
            .with_label(newer.entity.at(pointer), "replaced here"),
        );
    }
}

/// `policy/duplicate-clause`
fn duplicate_clause(policy: &Policy, out: &mut Vec<Finding>) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for clause in &policy.clauses {
        let Some(id) = clause.id.as_deref() else {
            continue;
        };
        if let Some(first) = seen.get(id) {
            let pointer = format!("{}/id", clause.pointer);
            out.push(
                Finding::new(
                    &DUPLICATE_CLAUSE,
                    policy.entity.at(&pointer),
                    policy.entity.subject(&pointer),
                    format!("{} has two clauses with the id \"{id}\"", policy.display_name()),
                    "give each clause its own id (keep ids stable: reviews and diffs refer to them)".to_string(),
                )
                .with_label(policy.entity.at(&format!("{first}/id")), "first used here"),
            );
        } else {
            seen.insert(id, &clause.pointer);
        }
    }
}
