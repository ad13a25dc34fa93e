//! The decision page ([`Decision`]) as markdown (the pull request's summary and comment, the
//! job summary) and as text for a terminal (`steward diff`). The committee's part comes first;
//! the technical details (the field-by-field diff, rule codes, files with lines, commit
//! hashes) follow, folded in markdown, and are the first thing left out when the page must be
//! cut to fit.

use std::fmt::Write as _;

use super::markdown::escape;
use super::terminal::{added, finish, removed, strong};
use super::visible::one_line;
use crate::decision::{ClauseWording, Concern, Decision, Point, Span, Verdict};
use crate::diff::WordOp;

/// How many problems the verdict names before "and N more".
const VERDICT_NAMES: usize = 3;

/// "Not ready: 2 things must be fixed first", "Ready for the committee", "Ready, with 1 thing
/// to note".
pub fn verdict(decision: &Decision) -> String {
    match decision.verdict {
        Verdict::NotReady => format!(
            "Not ready: {} must be fixed first",
            things(decision.must_fix.len())
        ),
        Verdict::ReadyWithNotes => {
            format!("Ready, with {} to note", things(decision.to_note.len()))
        }
        Verdict::Ready => "Ready for the committee".to_string(),
    }
}

fn things(n: usize) -> String {
    if n == 1 {
        "1 thing".to_string()
    } else {
        format!("{n} things")
    }
}

/// The problems the verdict names: "Figma has no owner; Figma has no exit plan".
fn named(concerns: &[Concern]) -> String {
    let mut names: Vec<String> = concerns
        .iter()
        .take(VERDICT_NAMES)
        .map(|c| c.message.clone())
        .collect();
    if concerns.len() > VERDICT_NAMES {
        names.push(format!(
            "and {} more, listed below",
            concerns.len() - VERDICT_NAMES
        ));
    }
    // One sentence: its first letter capital, the others as the findings say them.
    crate::words::capitalized(&names.join("; "))
}

fn verdict_concerns(decision: &Decision) -> &[Concern] {
    match decision.verdict {
        Verdict::NotReady => &decision.must_fix,
        _ => &decision.to_note,
    }
}

// --- markdown ------------------------------------------------------------------------------

/// The page in markdown. `details` is the technical part (the diff's own markdown), put last
/// and folded; `limit` (bytes) cuts it first, then the lists, saying what was left out.
pub fn markdown(decision: &Decision, details: &str, limit: Option<usize>) -> String {
    let mut out = String::new();
    let mark = match decision.verdict {
        Verdict::NotReady => "❌",
        Verdict::ReadyWithNotes => "⚠️",
        Verdict::Ready => "✅",
    };
    let concerns = verdict_concerns(decision);
    if concerns.is_empty() {
        let _ = writeln!(out, "### {mark} {}\n", verdict(decision));
    } else {
        let _ = writeln!(
            out,
            "### {mark} {}\n\n{}.\n",
            verdict(decision),
            escape(&named(concerns))
        );
    }
    let _ = writeln!(
        out,
        "This compares **{}** with **{}**.",
        escape(&decision.head),
        escape(&decision.base)
    );
    if decision.already > 0 {
        let _ = writeln!(
            out,
            "\nThe policy files already had {} before this change; {} not counted against it (see the technical details).",
            things(decision.already).replace("thing", "problem"),
            if decision.already == 1 {
                "it is"
            } else {
                "they are"
            }
        );
    }
    out.push('\n');

    // Each change on its own, so that a page over the limit can keep the first ones.
    let mut changes: Vec<String> = decision
        .changes
        .iter()
        .map(|change| {
            let mut text = format!("- {}\n", spans_markdown(&change.headline));
            for point in &change.points {
                point_markdown(point, &mut text);
            }
            text
        })
        .collect();
    if decision.changes.is_empty() {
        changes.push("It changes no policy, tool, budget or person.\n".to_string());
    }
    let mut rest = String::new();
    if !decision.budgets.is_empty() {
        rest.push_str("\n#### Money\n\n");
        for budget in &decision.budgets {
            let _ = writeln!(rest, "- {}.", escape(&budget.sentence()));
        }
        for concern in decision
            .must_fix
            .iter()
            .chain(&decision.to_note)
            .filter(|c| c.rule.starts_with("budget/"))
        {
            let _ = writeln!(rest, "- {}", escape(&concern.text));
        }
    }
    concerns_markdown(
        "To fix before this can be merged",
        &decision.must_fix,
        true,
        &mut rest,
    );
    concerns_markdown("Worth a look", &decision.to_note, true, &mut rest);
    concerns_markdown("Fixed by this change", &decision.fixed, false, &mut rest);
    let technical = technical_markdown(decision, details);

    // What goes first when the page must fit a limit: the technical details, then changes
    // from the end of the list; the verdict, the money and the problems stay.
    let limit = limit.unwrap_or(usize::MAX);
    let size = |changes: &[String]| {
        out.len() + changes.iter().map(String::len).sum::<usize>() + rest.len() + 400
    };
    let mut more = decision.more_changes;
    let keep_technical = size(&changes) + technical.len() <= limit;
    if !keep_technical {
        while changes.len() > 1 && size(&changes) > limit {
            changes.pop();
            more += 1;
        }
    }
    out.push_str("#### What this change does\n\n");
    for change in &changes {
        out.push_str(change);
    }
    if more > 0 {
        let _ = writeln!(
            out,
            "- … and {more} more changes{}.",
            if keep_technical {
                ", listed in the technical details"
            } else {
                " (`steward diff` lists them all)"
            }
        );
    }
    out.push_str(&rest);
    if keep_technical {
        out.push_str(&technical);
    } else {
        out.push_str(
            "\n_The technical details were left out to fit GitHub's limit; `steward diff` prints them all._\n",
        );
    }
    if out.len() > limit {
        let cut = cut_at_line(&out, limit.saturating_sub(200));
        out.truncate(cut);
        out.push_str("\n_The rest of this page was left out to fit GitHub's limit; `steward diff` prints all of it._\n");
    }
    out
}

/// The largest line boundary at or before `max` bytes.
fn cut_at_line(text: &str, max: usize) -> usize {
    let mut cut = max.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text[..cut].rfind('\n').map_or(0, |i| i + 1)
}

fn spans_markdown(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|span| match span {
            Span::Plain(text) => escape(text),
            Span::Strong(text) => format!("**{}**", escape(text)),
        })
        .collect()
}

pub(super) fn point_markdown(point: &Point, out: &mut String) {
    match point {
        Point::Text(text) => {
            let _ = writeln!(out, "  - {}", escape(text));
        }
        Point::Clause(clause) => clause_markdown(clause, out),
    }
}

/// A clause's old and new wording in full, then the words that changed.
fn clause_markdown(clause: &ClauseWording, out: &mut String) {
    let _ = writeln!(out, "  - {}:", escape(&clause.headline));
    let quote = |label: &str, text: &str, out: &mut String| {
        let _ = writeln!(out, "    > **{label}** {}", escape(text));
    };
    match (&clause.old, &clause.new) {
        (Some(old), Some(new)) => {
            quote("Before:", old, out);
            out.push_str("    >\n");
            quote("After:", new, out);
            if !clause.words.is_empty() {
                let marked: String = clause
                    .words
                    .iter()
                    .map(|run| match run.op {
                        WordOp::Equal => escape(&run.text),
                        WordOp::Delete => format!("~~{}~~", escape(&run.text)),
                        WordOp::Insert => format!("**{}**", escape(&run.text)),
                    })
                    .collect();
                out.push_str("    >\n");
                let _ = writeln!(out, "    > **What changed:** {marked}");
            }
        }
        (None, Some(new)) => quote("Wording:", new, out),
        (Some(old), None) => quote("It said:", old, out),
        (None, None) => {}
    }
}

fn concerns_markdown(title: &str, concerns: &[Concern], with_help: bool, out: &mut String) {
    if concerns.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n#### {title}\n");
    for (i, concern) in concerns.iter().enumerate() {
        if with_help && !concern.help.is_empty() {
            let _ = writeln!(
                out,
                "{}. {}<br>{}",
                i + 1,
                escape(&concern.text),
                escape(&concern.help)
            );
        } else {
            let _ = writeln!(out, "{}. {}", i + 1, escape(&concern.text));
        }
    }
}

/// The folded part: where each problem is (rule code, file and line), and the diff's own
/// field-by-field markdown with the revisions' hashes.
fn technical_markdown(decision: &Decision, details: &str) -> String {
    let mut out = String::from("\n<details>\n<summary>Technical details</summary>\n\n");
    if !decision.all.is_empty() {
        let _ = writeln!(out, "Every finding of {}:\n", escape(&decision.head));
        out.push_str("| Severity | Rule | Where | Message |\n|---|---|---|---|\n");
        for concern in &decision.all {
            let severity = if concern.severity == "error" {
                "❌ error"
            } else {
                "⚠️ warning"
            };
            out.push_str(&super::markdown::table_row(&[
                severity.to_string(),
                super::markdown::code(concern.rule),
                super::markdown::code(&concern.place),
                escape(&concern.text),
            ]));
        }
        out.push('\n');
    }
    if !decision.fixed.is_empty() {
        out.push_str("Fixed by this change:\n\n");
        for concern in &decision.fixed {
            let _ = writeln!(
                out,
                "- {} {}",
                super::markdown::code(concern.rule),
                super::markdown::code(&concern.place)
            );
        }
        out.push('\n');
    }
    out.push_str(details.trim_end());
    out.push_str("\n\n</details>\n");
    out
}

// --- terminal ------------------------------------------------------------------------------

/// The page as text. `details` is the diff's own human text, shown last under "Technical
/// details". User text is made visible, and colours applied, by [`finish`].
pub fn human(decision: &Decision, details: &str, color: bool) -> String {
    let mut out = String::new();
    let concerns = verdict_concerns(decision);
    let headline = if concerns.is_empty() {
        format!("{}.", verdict(decision))
    } else {
        format!("{}: {}.", verdict(decision), named(concerns))
    };
    let paint = match decision.verdict {
        Verdict::NotReady => removed,
        Verdict::ReadyWithNotes => strong,
        Verdict::Ready => added,
    };
    let _ = writeln!(out, "{}", paint(&one_line(&headline)));
    let _ = writeln!(
        out,
        "This compares {} with {}.",
        one_line(&decision.head),
        one_line(&decision.base)
    );
    if decision.already > 0 {
        let _ = writeln!(
            out,
            "The policy files already had {} before this change, not counted against it.",
            things(decision.already).replace("thing", "problem")
        );
    }
    out.push_str("\nWhat this change does\n");
    if decision.changes.is_empty() {
        out.push_str("  It changes no policy, tool, budget or person.\n");
    }
    for change in &decision.changes {
        let headline: String = change
            .headline
            .iter()
            .map(|span| match span {
                Span::Plain(text) => one_line(text).into_owned(),
                Span::Strong(text) => strong(&one_line(text)),
            })
            .collect();
        let _ = writeln!(out, "  • {headline}");
        for point in &change.points {
            match point {
                Point::Text(text) => {
                    let _ = writeln!(out, "      {}", one_line(text));
                }
                Point::Clause(clause) => clause_human(clause, &mut out),
            }
        }
    }
    if decision.more_changes > 0 {
        let _ = writeln!(
            out,
            "  • … and {} more changes, listed in the technical details.",
            decision.more_changes
        );
    }
    if !decision.budgets.is_empty() {
        out.push_str("\nMoney\n");
        for budget in &decision.budgets {
            let _ = writeln!(out, "  {}.", one_line(&budget.sentence()));
        }
    }
    for (title, concerns) in [
        ("To fix before this can be merged", &decision.must_fix),
        ("Worth a look", &decision.to_note),
        ("Fixed by this change", &decision.fixed),
    ] {
        if concerns.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title}");
        for (i, concern) in concerns.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}", i + 1, one_line(&concern.text));
            if title != "Fixed by this change" && !concern.help.is_empty() {
                let _ = writeln!(out, "     {}", one_line(&concern.help));
            }
        }
    }
    out.push_str("\nTechnical details\n");
    for concern in decision
        .must_fix
        .iter()
        .chain(&decision.to_note)
        .chain(&decision.fixed)
    {
        let _ = writeln!(
            out,
            "  {} {} {}",
            concern.rule,
            one_line(&concern.place),
            one_line(concern.text.trim_end_matches('.'))
        );
    }
    for line in details.lines() {
        let _ = writeln!(out, "  {line}");
    }
    finish(&out, color)
}

fn clause_human(clause: &ClauseWording, out: &mut String) {
    let _ = writeln!(out, "      {}:", one_line(&clause.headline));
    let prose = |text: &str| {
        super::visible::visible(text, super::visible::Layout::Lines).replace('\n', "\n          ")
    };
    match (&clause.old, &clause.new) {
        (Some(old), Some(new)) => {
            let _ = writeln!(out, "        before: {}", removed(&prose(old)));
            let _ = writeln!(out, "        after:  {}", added(&prose(new)));
        }
        (None, Some(new)) => {
            let _ = writeln!(out, "        {}", added(&prose(new)));
        }
        (Some(old), None) => {
            let _ = writeln!(out, "        {}", removed(&prose(old)));
        }
        (None, None) => {}
    }
}
