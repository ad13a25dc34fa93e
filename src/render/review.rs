//! Renders a review packet: for a terminal, as markdown to hand to a committee, or as JSON.
//!
//! The human format makes each line [`one_line`] where user text enters it and ends with
//! [`finish`]; the markdown format escapes all user text (see [`super::markdown`]).

use std::fmt::Write as _;

use super::diff::{field_sentence, human_clause, markdown_clause};
use super::markdown::{code, escape};
use super::terminal::finish;
use super::visible::one_line;
use crate::diff::{EntityChange, Names};
use crate::history::review::{Item, Review};

pub fn json(review: &Review) -> String {
    let mut text = serde_json::to_string_pretty(review)
        .unwrap_or_else(|e| format!("{{\"version\":1,\"error\":\"{e}\"}}"));
    text.push('\n');
    text
}

fn status(item: &Item) -> String {
    match (item.days_left, &item.due) {
        (None, _) | (_, None) => "never reviewed".to_string(),
        (Some(d), Some(due)) if d < 0 => format!("overdue since {due} ({} days)", -d),
        (Some(0), Some(_)) => "due today".to_string(),
        (Some(d), Some(due)) => format!("due {due} (in {d} days)"),
    }
}

fn heading(item: &Item) -> String {
    let name = item
        .name
        .as_deref()
        .map(|n| format!(" \"{n}\""))
        .unwrap_or_default();
    format!("{} {}{name}", item.kind, item.id)
}

fn attendees(item: &Item) -> String {
    item.attendees
        .iter()
        .map(|a| match &a.name {
            Some(name) => format!("{name} ({}): {}", a.id, a.role),
            None => format!("{}: {}", a.id, a.role),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn human(review: &Review) -> String {
    let mut out = format!(
        "Review packet for {}: items overdue or due within {} days\n",
        review.today, review.within_days
    );
    if review.departments.is_empty() {
        out.push_str("\nNothing is due. Well done.\n");
    }
    for department in &review.departments {
        let title = department
            .name
            .clone()
            .unwrap_or_else(|| department.department.clone());
        let count = department.items.len();
        let _ = writeln!(
            out,
            "\n{} ({count} {})",
            one_line(&title),
            if count == 1 { "item" } else { "items" }
        );
        for item in &department.items {
            let line = format!("{}: {}", heading(item), status(item));
            let _ = writeln!(out, "\n  {}", one_line(&line));
            if !item.attendees.is_empty() {
                let _ = writeln!(out, "    attend: {}", one_line(&attendees(item)));
            }
            match (&item.reviewed_in, &item.changes, &item.history_note) {
                (Some(r), Some(changes), _) => {
                    let _ = writeln!(
                        out,
                        "    changed since the last review ({}, commit {}):",
                        one_line(&r.date),
                        one_line(short(&r.commit))
                    );
                    human_changes(changes, &review.names, &mut out);
                }
                (Some(r), None, _) => {
                    let _ = writeln!(
                        out,
                        "    unchanged since the last review ({}, commit {})",
                        one_line(&r.date),
                        one_line(short(&r.commit))
                    );
                }
                (None, _, Some(note)) => {
                    let _ = writeln!(out, "    history: {}", one_line(note));
                }
                _ => {}
            }
            for f in &item.findings {
                let line = format!("{} {}", f.rule, f.message);
                let _ = writeln!(out, "    finding: {}", one_line(&line));
            }
        }
    }
    finish(&out, false)
}

/// The first ten characters of a commit id.
fn short(commit: &str) -> &str {
    commit.get(..10).unwrap_or(commit)
}

fn human_changes(change: &EntityChange, names: &Names, out: &mut String) {
    for field in &change.fields {
        let _ = writeln!(out, "      {}", one_line(&field_sentence(field, names)));
    }
    let mut clauses = String::new();
    for clause in &change.clauses {
        human_clause(clause, &mut clauses);
    }
    for line in clauses.lines() {
        let _ = writeln!(out, "    {line}");
    }
}

pub fn markdown(review: &Review) -> String {
    let mut out = format!(
        "# Review packet, {}\n\nPolicies and tools whose review is overdue or due within {} days, by department.\n",
        review.today, review.within_days
    );
    if review.departments.is_empty() {
        out.push_str("\nNothing is due.\n");
    }
    for department in &review.departments {
        let title = department
            .name
            .clone()
            .unwrap_or_else(|| department.department.clone());
        let _ = writeln!(out, "\n## {}\n", escape(&title));
        for item in &department.items {
            let name = item.name.as_deref().unwrap_or(&item.id);
            let kind = match item.kind.as_str() {
                "policy" => "Policy",
                "tool" => "Tool",
                other => other,
            };
            let _ = writeln!(
                out,
                "### {kind}: {} ({}) — {}\n",
                escape(name),
                code(&item.id),
                escape(&status(item))
            );
            let last = item.last_reviewed.as_deref().unwrap_or("never");
            let _ = writeln!(out, "- **Last reviewed:** {}", escape(last));
            if !item.attendees.is_empty() {
                let _ = writeln!(out, "- **Who should attend:** {}", escape(&attendees(item)));
            }
            match (&item.reviewed_in, &item.changes, &item.history_note) {
                (Some(r), Some(changes), _) => {
                    let _ = writeln!(
                        out,
                        "- **What changed since the last review** ({}, commit {}):",
                        r.date,
                        code(&r.commit[..10])
                    );
                    for field in &changes.fields {
                        let _ =
                            writeln!(out, "  - {}", escape(&field_sentence(field, &review.names)));
                    }
                    for clause in &changes.clauses {
                        let _ = writeln!(out, "  - {}", markdown_clause(clause));
                    }
                }
                (Some(r), None, _) => {
                    let _ = writeln!(
                        out,
                        "- **Unchanged** since the last review ({}, commit {}).",
                        r.date,
                        code(&r.commit[..10])
                    );
                }
                (None, _, Some(note)) => {
                    let _ = writeln!(out, "- **History:** {}", escape(note));
                }
                _ => {}
            }
            if !item.findings.is_empty() {
                out.push_str("- **Open findings:**\n");
                for f in &item.findings {
                    let _ = writeln!(out, "  - {}: {}", code(f.rule), escape(&f.message));
                }
            }
            out.push('\n');
        }
    }
    out
}
