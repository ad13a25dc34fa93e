//! Renders a review packet: for a terminal, as markdown to hand to a committee, or as JSON.
//!
//! The human format makes each line [`one_line`] where user text enters it and ends with
//! [`finish`]; the markdown format escapes all user text (see [`super::markdown`]).

use std::fmt::Write as _;

use super::diff::{field_sentence, human_clause};
use super::markdown::{code, escape};
use super::terminal::finish;
use super::visible::one_line;
use crate::diff::{EntityChange, Names};
use crate::history::review::{Item, RenewalItem, Review};
use crate::layout::Kind;
use crate::words::{date_text, sentence};

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
    if !review.renewals.is_empty() {
        out.push_str("\nContracts to renew or cancel\n");
        for renewal in &review.renewals {
            let name = renewal.name.as_deref().unwrap_or(&renewal.tool);
            let deadline = renewal.notice_by.as_deref().unwrap_or(&renewal.renews_on);
            let what = if renewal.notice_by.is_some() {
                "give notice by"
            } else if renewal.auto_renews {
                "renews on"
            } else {
                "ends on"
            };
            let cost = renewal
                .per_year
                .as_deref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default();
            let line = format!(
                "{name}: {what} {} ({}){cost}; decide: renew or cancel",
                date_text(deadline),
                days_words(renewal.days_to_decide)
            );
            let _ = writeln!(out, "\n  {}", one_line(&line));
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

/// The packet for the committee: for each item, when it is due, who should come, what the
/// committee is asked to decide, what changed since the last review (clauses in full, old
/// and new), its open problems in words; the contracts to renew or cancel; file paths, rule
/// codes and commits in a folded section at the end.
pub fn markdown(review: &Review) -> String {
    let today = date_text(&review.today);
    let contracts = if review.renewals.is_empty() {
        ""
    } else {
        ", and the contracts to renew or cancel"
    };
    let mut out = format!(
        "# Review packet, {today}\n\nThe policies and tools whose review is overdue or falls due in the next {} days, by department{contracts}. For each, the committee is asked to decide whether to keep it as it is, change it or retire it.\n",
        review.within_days
    );
    if review.departments.is_empty() && review.renewals.is_empty() {
        out.push_str("\nNothing is due.\n");
    }
    let mut technical = String::new();
    for department in &review.departments {
        let title = department
            .name
            .clone()
            .unwrap_or_else(|| department.department.clone());
        let _ = writeln!(out, "\n## {}\n", escape(&title));
        for item in &department.items {
            item_markdown(item, review, &mut out);
            item_technical(item, &mut technical);
        }
    }
    renewals_markdown(&review.renewals, &mut out);
    if !technical.is_empty() {
        let _ = write!(
            out,
            "\n<details>\n<summary>Technical details</summary>\n\n{technical}\n</details>\n"
        );
    }
    out
}

fn item_markdown(item: &Item, review: &Review, out: &mut String) {
    let name = item.name.as_deref().unwrap_or(&item.id);
    let (kind, decide) = match item.kind {
        Kind::Policy => (
            "Policy",
            "keep the policy as it is, change it, or retire it",
        ),
        Kind::Tool => (
            "Tool",
            "keep the tool, change how it is run (owner, exit plan, budget), or retire it",
        ),
        _ => ("Item", "keep it, change it, or retire it"),
    };
    let _ = writeln!(
        out,
        "### {kind}: {} — {}\n",
        escape(name),
        escape(&status_words(item))
    );
    let last = item
        .last_reviewed
        .as_deref()
        .map_or_else(|| "never".to_string(), date_text);
    let _ = writeln!(out, "- **Last reviewed:** {}.", escape(&last));
    if !item.attendees.is_empty() {
        let _ = writeln!(
            out,
            "- **Who should attend:** {}.",
            escape(&attendee_words(item))
        );
    }
    let _ = writeln!(out, "- **The committee is asked to decide:** {decide}.");
    match (&item.reviewed_in, &item.changes, &item.history_note) {
        (Some(r), Some(changes), _) => {
            let _ = writeln!(
                out,
                "- **What changed since the last review** (compared with the version that recorded it, saved on {}):",
                date_text(&r.date)
            );
            for field in &changes.fields {
                let _ = writeln!(out, "  - {}", escape(&field_sentence(field, &review.names)));
            }
            let mut clauses = String::new();
            for point in &item.clause_wording {
                super::decision::point_markdown(point, &mut clauses);
            }
            out.push_str(&clauses);
        }
        (Some(r), None, _) => {
            let _ = writeln!(
                out,
                "- **Unchanged** since the last review (the version that recorded it was saved on {}).",
                date_text(&r.date)
            );
        }
        (None, _, Some(note)) => {
            let _ = writeln!(
                out,
                "- **What changed since the last review:** not known; {}.",
                escape(note.trim_end_matches('.'))
            );
        }
        _ => {}
    }
    if !item.findings.is_empty() {
        out.push_str("- **Problems to settle:**\n");
        for f in &item.findings {
            let _ = writeln!(out, "  - {}", escape(&sentence(&f.message)));
        }
    }
    out.push('\n');
}

/// Where the item is and what the packet compared, for whoever edits the files.
fn item_technical(item: &Item, out: &mut String) {
    let _ = write!(out, "- {} {}", item.kind, code(&item.path));
    if let Some(r) = &item.reviewed_in {
        let _ = write!(
            out,
            ": last review recorded in commit {}",
            code(short(&r.commit))
        );
    }
    out.push('\n');
    for f in &item.findings {
        let _ = writeln!(
            out,
            "  - {} at {}: {}",
            code(f.rule),
            code(&format!("{}:{}", f.file, f.line)),
            escape(&f.message)
        );
    }
}

fn renewals_markdown(renewals: &[RenewalItem], out: &mut String) {
    if renewals.is_empty() {
        return;
    }
    out.push_str("\n## Contracts to renew or cancel\n\n");
    for renewal in renewals {
        let name = renewal.name.as_deref().unwrap_or(&renewal.tool);
        let owner = renewal
            .department
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        let cost = renewal
            .per_year
            .as_deref()
            .map(|c| format!(" It costs {c}."))
            .unwrap_or_default();
        let when = match (&renewal.notice_by, renewal.auto_renews) {
            (Some(notice), true) => format!(
                "It renews by itself on {}; to leave, notice must be given by {} ({}).",
                date_text(&renewal.renews_on),
                date_text(notice),
                days_words(renewal.days_to_decide)
            ),
            (_, true) => format!(
                "It renews by itself on {} ({}).",
                date_text(&renewal.renews_on),
                days_words(renewal.days_to_decide)
            ),
            (_, false) => format!(
                "It ends on {} unless it is renewed ({}).",
                date_text(&renewal.renews_on),
                days_words(renewal.days_to_decide)
            ),
        };
        let _ = writeln!(
            out,
            "- **{}**{}: {}{} The committee is asked to decide: renew or cancel.",
            escape(name),
            escape(&owner),
            escape(&when),
            escape(&cost)
        );
    }
}

/// "due 15 January 2027, in 51 days" / "overdue since 1 October 2026, 55 days ago".
fn status_words(item: &Item) -> String {
    match (item.days_left, &item.due) {
        (None, _) | (_, None) => "never reviewed".to_string(),
        (Some(d), Some(due)) if d < 0 => format!(
            "overdue since {}, {} ago",
            date_text(due),
            crate::words::count(-d, "day", "days")
        ),
        (Some(0), Some(_)) => "due today".to_string(),
        (Some(d), Some(due)) => format!(
            "due {}, in {}",
            date_text(due),
            crate::words::count(d, "day", "days")
        ),
    }
}

/// "Mark Miller, head of Communications, the owning department; Jane Doe, head of IT, an approver"
fn attendee_words(item: &Item) -> String {
    item.attendees
        .iter()
        .map(|a| format!("{}, {}", a.name.as_deref().unwrap_or(&a.id), a.role))
        .collect::<Vec<_>>()
        .join("; ")
}

/// "in 12 days", "today", "3 days ago": how long is left to decide.
fn days_words(days: i64) -> String {
    match days {
        0 => "decide today".to_string(),
        d if d > 0 => format!("{} to decide", crate::words::count(d, "day", "days")),
        d => format!(
            "the deadline passed {} ago",
            crate::words::count(-d, "day", "days")
        ),
    }
}
