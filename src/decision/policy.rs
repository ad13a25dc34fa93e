//! What a change does to a policy: its status, its approvals, and each clause added, removed
//! or reworded, with the old and the new wording.

use super::{Change, Point, Span, Words, clause_point};
use crate::diff::{ChangeKind, EntityChange};
use crate::model::Policy;
use crate::words::long_date;

pub(super) fn change(words: &Words<'_>, change: &EntityChange) -> Change {
    let before = words
        .base
        .policies
        .get(change.old_id.as_deref().unwrap_or(&change.id));
    let after = words.head.policies.get(&change.id);
    match (change.change, before, after) {
        (ChangeKind::Added, _, Some(policy)) => added(words, policy),
        (ChangeKind::Removed, Some(policy), _) => Change {
            kind: policy.entity.kind,
            headline: vec![
                Span::Plain("Removes the policy ".into()),
                name(policy),
                Span::Plain(".".into()),
            ],
            points: Vec::new(),
        },
        (_, Some(before), Some(after)) => modified(words, change, before, after),
        _ => words.generic(change),
    }
}

fn name(policy: &Policy) -> Span {
    Span::Strong(
        policy
            .title
            .clone()
            .unwrap_or_else(|| policy.entity.id.clone()),
    )
}

fn added(words: &Words<'_>, policy: &Policy) -> Change {
    let verb = match policy.status.as_deref() {
        Some("active") => "Adopts",
        Some("retired") => "Records the retired",
        _ => "Drafts",
    };
    let owner = policy
        .owner
        .as_deref()
        .map(|o| format!(", owned by {}", words.department(o)))
        .unwrap_or_default();
    let clauses = crate::words::count(policy.clauses.len() as i64, "clause", "clauses");
    let points = policy
        .clauses
        .iter()
        .map(|clause| {
            Point::Clause(super::ClauseWording {
                headline: format!(
                    "Clause \"{}\"",
                    clause
                        .title
                        .as_deref()
                        .or(clause.id.as_deref())
                        .unwrap_or("?")
                ),
                old: None,
                new: clause.text.clone(),
                words: Vec::new(),
            })
        })
        .collect();
    Change {
        kind: policy.entity.kind,
        headline: vec![
            Span::Plain(format!("{verb} the policy ")),
            name(policy),
            Span::Plain(format!("{owner}, in {clauses}.")),
        ],
        points,
    }
}

fn modified(words: &Words<'_>, change: &EntityChange, before: &Policy, after: &Policy) -> Change {
    let mut points = Vec::new();
    let top = |path: &str| path.split(['.', '[']).next().unwrap_or(path).to_string();
    let touched: Vec<String> = change.fields.iter().map(|f| top(&f.path)).collect();
    let has = |name: &str| touched.iter().any(|t| t == name);
    if has("status") {
        points.push(Point::Text(match after.status.as_deref() {
            Some("active") => "Comes into force.".to_string(),
            Some("retired") => "Is retired: no longer in force.".to_string(),
            Some("draft") => "Goes back to being a draft.".to_string(),
            _ => "Its status changes.".to_string(),
        }));
    }
    if has("approved_by") {
        let ids = |p: &Policy| {
            p.approved_by()
                .into_iter()
                .map(|(d, _)| d)
                .collect::<Vec<_>>()
        };
        let (old, new) = (ids(before), ids(after));
        let gained: Vec<String> = new
            .iter()
            .filter(|d| !old.contains(d))
            .map(|d| words.department(d))
            .collect();
        let lost: Vec<String> = old
            .iter()
            .filter(|d| !new.contains(d))
            .map(|d| words.department(d))
            .collect();
        if !gained.is_empty() {
            points.push(Point::Text(format!(
                "Is now approved by {}.",
                crate::rules::tool::join_words(&gained)
            )));
        }
        if !lost.is_empty() {
            points.push(Point::Text(format!(
                "Is no longer approved by {}.",
                crate::rules::tool::join_words(&lost)
            )));
        }
    }
    if has("owner") {
        let owner = |p: &Policy| {
            p.owner
                .as_deref()
                .map(|o| words.department(o))
                .unwrap_or_else(|| "no department".into())
        };
        points.push(Point::Text(format!(
            "Its owner changes from {} to {}.",
            owner(before),
            owner(after)
        )));
    }
    if has("last_reviewed")
        && let Some(date) = after.last_reviewed
    {
        points.push(Point::Text(format!(
            "Records a review on {}.",
            long_date(date)
        )));
    }
    if has("review_every_months")
        && let Some(months) = after.review_every_months
    {
        points.push(Point::Text(format!(
            "Is now to be reviewed every {}.",
            crate::words::count(months, "month", "months")
        )));
    }
    if has("tools") {
        let ids = |p: &Policy| p.tools().into_iter().map(|(t, _)| t).collect::<Vec<_>>();
        let tool_name = |id: &String| {
            words
                .head
                .tools
                .get(id)
                .or_else(|| words.base.tools.get(id))
                .map(|t| t.plain_name().to_string())
                .unwrap_or_else(|| id.clone())
        };
        let (old, new) = (ids(before), ids(after));
        let gained: Vec<String> = new
            .iter()
            .filter(|t| !old.contains(t))
            .map(tool_name)
            .collect();
        let lost: Vec<String> = old
            .iter()
            .filter(|t| !new.contains(t))
            .map(tool_name)
            .collect();
        if !gained.is_empty() {
            points.push(Point::Text(format!(
                "Now governs {}.",
                crate::rules::tool::join_words(&gained)
            )));
        }
        if !lost.is_empty() {
            points.push(Point::Text(format!(
                "No longer governs {}.",
                crate::rules::tool::join_words(&lost)
            )));
        }
    }
    let titles = |id: &str| {
        after
            .clauses
            .iter()
            .chain(&before.clauses)
            .find(|c| c.id.as_deref() == Some(id))
            .and_then(|c| c.title.clone())
    };
    for clause in &change.clauses {
        points.push(clause_point(clause, titles(&clause.id).as_deref()));
    }
    let handled = [
        "status",
        "approved_by",
        "owner",
        "last_reviewed",
        "review_every_months",
        "tools",
        "clause",
    ];
    let mut others: Vec<String> = touched
        .iter()
        .filter(|t| !handled.contains(&t.as_str()))
        .map(|t| match t.as_str() {
            "effective" => "date it takes effect".to_string(),
            "supersedes" => "list of policies it replaces".to_string(),
            "waiver" => "waivers (rules it is excused from)".to_string(),
            other => other.replace('_', " "),
        })
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
            Span::Plain("Changes the policy ".into()),
            name(after),
            Span::Plain(":".into()),
        ],
        points,
    }
}
